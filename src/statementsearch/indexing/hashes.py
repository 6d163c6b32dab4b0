"""The corpus's content hashes: what a build was made from, and whether a file changed.

A build's manifest records every corpus file's hash and a fingerprint over them; ``update``
compares them with the corpus now. A cache beside the builds (``HASH_CACHE``) keeps each
hash with the file's stat, so an unchanged file is not read again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from statementsearch.ingest.corpus import iter_statement_files, resolves_outside
from statementsearch.ingest.readers.meta import sidecar_path


def corpus_hashes(corpus_dir: str | os.PathLike[str], cache: Path | None = None) -> dict[str, str]:
    """Content hash of every corpus file that affects a build (statements + curation).

    With ``cache`` (a file beside the builds), a file whose size, mtime, ctime and inode
    are what they were when it was last hashed is not read again: ~0.3 s of reading
    147 MB at 10k statements becomes ~10k ``stat`` calls. A rewrite changes ctime, even
    one that keeps mtime (``touch -d``, ``cp -p``); a file changed so recently that its
    timestamps may not show a second change (``_RACY_NS``) is hashed again next time.
    """
    root = Path(corpus_dir)
    paths = list(iter_statement_files(root))
    # A statement's NAME.meta.toml sidecar is part of it: its hash is folded into the
    # statement's below, so `update` re-reads the statement when only the sidecar changed.
    sidecars = {p.name: sidecar_path(p) for p in paths}
    sidecars = {name: side for name, side in sidecars.items() if side.is_file()}
    paths += sidecars.values()
    curation = root / "curation.toml"
    if curation.is_file():
        paths.append(curation)
    corpus = str(root.resolve())
    known = _read_hash_cache(cache, corpus) if cache else {}
    now = time.time_ns()
    hashes: dict[str, str] = {}
    remembered: dict[str, list[Any]] = {}
    for path in paths:
        if resolves_outside(path):  # refused, never read (it could be /dev/zero)
            hashes[path.name] = "refused: resolves outside the corpus"
            continue
        st = path.stat()
        stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        entry = known.get(path.name)
        if entry is not None and entry[:4] == stamp:
            hashes[path.name] = entry[4]
        else:
            hashes[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        if now - max(st.st_mtime_ns, st.st_ctime_ns) > _RACY_NS:
            remembered[path.name] = [*stamp, hashes[path.name]]
    if cache and remembered != known:
        _write_hash_cache(cache, corpus, remembered)
    for name, side in sidecars.items():
        both = f"{hashes[name]}+{hashes.pop(side.name)}"
        hashes[name] = hashlib.sha256(both.encode()).hexdigest()
    return hashes


# Timestamps can be coarse (ext4 ~4 ms, some file systems 1-2 s): a file whose mtime or
# ctime is this close to the scan could change again without either moving.
_RACY_NS = 2_000_000_000
HASH_CACHE = ".corpus-hashes.json"  # in the index directory, beside .lock


def _read_hash_cache(cache: Path, corpus: str) -> dict[str, list[Any]]:
    try:
        data = json.loads(cache.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("corpus") != corpus:
        return {}
    files = data.get("files")
    if not isinstance(files, dict):
        return {}
    return {
        name: entry
        for name, entry in files.items()
        if isinstance(entry, list) and len(entry) == 5 and isinstance(entry[4], str)
    }


def _write_hash_cache(cache: Path, corpus: str, files: dict[str, list[Any]]) -> None:
    """Replace the cache atomically; a cache that cannot be written is only a slower scan.

    Only a build writes it, under the build lock: one temporary name is enough.
    """
    tmp = cache.with_name(cache.name + ".tmp")
    try:
        tmp.write_text(json.dumps({"corpus": corpus, "files": files}), "utf-8")
        os.replace(tmp, cache)
    except OSError:
        tmp.unlink(missing_ok=True)


def fingerprint(hashes: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(hashes):
        digest.update(f"{name}\0{hashes[name]}\n".encode())
    return digest.hexdigest()
