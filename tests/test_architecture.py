"""The package's layout is its architecture: layers enforced by a tool, modules kept small.

- ``lint-imports`` (import-linter, contracts in pyproject.toml) keeps every layer from
  importing a higher one, and ICU inside ``text``; a deliberate upward import makes it fail.
- Every subpackage says in its docstring what it must never import.
- A module over ~300 lines says why at its top ("Over 300 lines on purpose: <reason>").
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "src" / "statementsearch"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
# "~300 lines": a module a few lines past 300 needs no reason; one past this does.
MAX_LINES = 320
LONG_MODULE_REASON = re.compile(r"(Over|Longer than) ~?300 lines")


def lint_imports(src: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the package found under ``src`` with the project's contracts."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_import_contracts_are_kept() -> None:
    result = lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("ingest/parsing.py", "statementsearch.web.app"),
        ("search/service.py", "statementsearch.web.views"),
        ("identity/names.py", "statementsearch.indexing.schema"),
        ("ingest/corpus.py", "icu"),
    ],
)
def test_a_deliberate_upward_import_breaks_the_contract(
    tmp_path: Path, module: str, upward: str
) -> None:
    copy = tmp_path / "src" / "statementsearch"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\nimport {upward}  # noqa\n")
    result = lint_imports(tmp_path / "src")
    assert result.returncode != 0, result.stdout
    importer = "statementsearch." + module.removesuffix(".py").replace("/", ".")
    assert importer in result.stdout and "BROKEN" in result.stdout


SUBPACKAGES = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_each_subpackage_says_what_it_does_and_what_it_never_imports(name: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text("utf-8")))
    assert doc and len(doc.splitlines()) >= 2, f"{name}/__init__.py needs a docstring"
    assert "never" in doc.casefold(), f"{name}/__init__.py must say what it never imports"


def test_a_module_over_the_size_guideline_says_why_at_its_top() -> None:
    unexplained = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > MAX_LINES and not LONG_MODULE_REASON.search("\n".join(lines[:12])):
            unexplained.append(f"{path.relative_to(PACKAGE)} ({len(lines)} lines)")
    assert not unexplained, (
        f"over {MAX_LINES} lines without 'Over 300 lines on purpose: <reason>' in the first "
        f"lines: {', '.join(unexplained)}"
    )
