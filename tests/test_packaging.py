"""A non-editable install (a wheel) serves the pages in both languages: templates, static
files and the compiled Burmese catalogue ship inside the package. Slow: builds a wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import WEB_CORPUS

ROOT = Path(__file__).resolve().parents[1]
CHECK = f"""
import pathlib, statementsearch
from statementsearch.indexing.rebuild import rebuild
from statementsearch.web.app import create_app
assert statementsearch.__file__.startswith({{site!r}}), statementsearch.__file__  # the wheel's
index = pathlib.Path({{index!r}})
rebuild(pathlib.Path({str(WEB_CORPUS)!r}), index)
client = create_app({{{{"INDEX_DIR": str(index)}}}}).test_client()
page = client.get("/organisations/star-women-group", headers={{{{"Accept-Language": "my"}}}})
assert page.status_code == 200, page.status_code
html = page.get_data(as_text=True)
assert '<html lang="my">' in html and "နှစ်အလိုက် ထုတ်ပြန်ချက်များ" in html
assert client.get("/static/style.css").status_code == 200
print("ok")
"""


@pytest.mark.slow
def test_wheel_ships_templates_and_translations(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True,
        timeout=600,
    )
    (wheel,) = tmp_path.glob("statementsearch-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "statementsearch/templates/base.html",
        "statementsearch/templates/static/style.css",
        "statementsearch/web/translations/my/LC_MESSAGES/messages.mo",
    ):
        assert expected in names
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), wheel],
        check=True,
        timeout=600,
    )
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(index=str(tmp_path / "index"), site=str(site))],
        env={**os.environ, "PYTHONPATH": str(site)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.stdout.strip() == "ok", result.stderr[-2000:]
