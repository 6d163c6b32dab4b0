"""Progress lines for the stages of a rebuild: what runs, how fast, how long it has left.

A 50,000-statement rebuild runs for minutes; its progress lines say which stage runs, how
far it has come, at what rate, and about how long the stage has left (from the rate so
far), then how long the stage took. Lines come at most every ``every`` seconds, so a
fast stage prints only its start and end.

    reading: 12,000 of 50,000 files, 310 files/s, about 2 min 3 s left
    reading: 50,000 files in 161.3 s (310 files/s)
"""

from __future__ import annotations

import time
from collections.abc import Callable

Say = Callable[[str], None]


def duration(seconds: float) -> str:
    """A short human duration.  42.4 -> "42 s";  123 -> "2 min 3 s";  4000 -> "1 h 7 min" """
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60} s"
    return f"{whole // 3600} h {whole % 3600 // 60} min"


class Stage:
    """One stage of a build: ``advance(done)`` as work gets done, ``finish()`` at the end."""

    def __init__(
        self,
        say: Say,
        name: str,
        total: int | None = None,
        unit: str = "statements",
        *,
        every: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.say, self.name, self.total, self.unit = say, name, total, unit
        self.every, self.clock = every, clock
        self.started = clock()
        self.done = 0
        self._last = self.started
        of = f" {total:,} {unit}" if total is not None else ""
        say(f"{name}{of} ...")

    def advance(self, done: int) -> None:
        """``done`` units are finished; say so if the last line is ``every`` seconds old."""
        self.done = done
        now = self.clock()
        if now - self._last < self.every:
            return
        self._last = now
        self.say(self.describe(now))

    def describe(self, now: float) -> str:
        elapsed = now - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        line = f"{self.name}: {self.done:,}"
        if self.total is not None:
            line += f" of {self.total:,}"
        line += f" {self.unit}, {rate:,.0f} {self.unit}/s"
        if self.total is not None and rate > 0 and self.done < self.total:
            line += f", about {duration((self.total - self.done) / rate)} left"
        return line

    def finish(self, done: int | None = None) -> float:
        """Say how long the stage took (and its rate, if it counted); return the seconds."""
        if done is not None:
            self.done = done
        seconds = self.clock() - self.started
        line = f"{self.name}: "
        if self.done:
            rate = self.done / seconds if seconds > 0 else 0.0
            line += f"{self.done:,} {self.unit} in {seconds:.1f} s ({rate:,.0f} {self.unit}/s)"
        else:
            line += f"done in {seconds:.1f} s"
        self.say(line)
        return seconds
