"""The ``statementsearch`` command: rebuild / update / check / orgs / search / serve.

(Over 300 lines on purpose: six commands and their arguments, each a few lines that call
the layer doing the work; splitting it would scatter the command-line contract.)

Each command parses its arguments, calls the layer that does the work, and prints.
``STATEMENTSEARCH_CORPUS`` / ``STATEMENTSEARCH_INDEX`` set the default directories.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from statementsearch.errors import StatementSearchError
from statementsearch.model import Statement

if TYPE_CHECKING:
    from statementsearch.ingest.corpus import Reading

Handler = Callable[[argparse.Namespace, TextIO], int]
# Fields of `check --json` taken from the statement, named as in the API (DESIGN.md,
# "CLI"); list_rule, list_rule_line, tail_count and needs_look are added to them.
CHECK_JSON_FIELDS = (
    "id",
    "title",
    "date",
    "declared_total",
    "organisations",
    "individuals",
    "warnings",
)


def default_corpus() -> str:
    return os.environ.get("STATEMENTSEARCH_CORPUS", "corpus")


def default_index() -> str:
    return os.environ.get("STATEMENTSEARCH_INDEX", "index")


def _print_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _check_line(statement: Statement, reading: Reading | None = None) -> str:
    from statementsearch.ingest.doubt import list_rule

    date = statement.date.isoformat() if statement.date else "no date"
    declared = statement.declared_total if statement.declared_total is not None else "-"
    line = (
        f"{statement.id}  {date}  organisations={len(statement.organisations)}  "
        f"individuals={len(statement.individuals)}  declared={declared}  "
        f"list: {list_rule(statement)}"
    )
    if reading is not None:
        line += f"  reader={reading.reader}"
        if reading.pages is not None:
            line += f"  pages={reading.pages}"
    for warning in statement.warnings:
        line += f"\n    warning: {warning}"
    return line


def _check_record(
    statement: Statement, reasons: list[str], reading: Reading | None
) -> dict[str, Any]:
    record = statement.to_dict()
    data = {key: record[key] for key in CHECK_JSON_FIELDS}
    data.update(
        list_rule=statement.list_rule,
        list_rule_line=statement.list_rule_line,
        tail_count=statement.tail_count,
        needs_look=reasons,
        reader=reading.reader if reading else None,
        pages=reading.pages if reading else None,
    )
    return data


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    """Parse every statement and the curation file without indexing; report per file,
    the statements that need a look first."""
    from statementsearch.identity.curation import CURATION_FILE
    from statementsearch.indexing.build import BuildInput, prepare_build
    from statementsearch.ingest.corpus import iter_skipped_entries, load_corpus
    from statementsearch.ingest.doubt import needs_look

    loaded = load_corpus(args.corpus, workers=args.workers)
    reasons = {s.id: needs_look(s) for s in loaded.statements}
    readings = loaded.readings or {}
    skipped = list(iter_skipped_entries(args.corpus))
    # The curation file as a rebuild reads it: an unusable one stops here (exit 2) as it
    # would stop the rebuild; its notices are listed. Without one there is nothing to
    # report, and resolving every organisation would only cost time.
    curation = (
        [str(n) for n in prepare_build(BuildInput(loaded.statements, Path(args.corpus))).notices]
        if (Path(args.corpus) / CURATION_FILE).is_file()
        else []
    )
    if args.json:
        _print_json(
            {
                "statements": [
                    _check_record(s, reasons[s.id], readings.get(s.id)) for s in loaded.statements
                ],
                "errors": [{"file": e.path, "message": e.message} for e in loaded.errors],
                "skipped": skipped,
                "curation": curation,
            },
            out,
        )
        return 0 if loaded.statements else 1
    if missing := _missing_tools(args.corpus):
        print(f"warning: {missing}", file=out)
    doubtful = [s for s in loaded.statements if reasons[s.id]]
    if doubtful:
        print(f"{len(doubtful)} statement(s) need a look:", file=out)
        for statement in doubtful:
            print(f"  {statement.id}: {'; '.join(reasons[statement.id])}", file=out)
        print(file=out)
    for statement in [*doubtful, *(s for s in loaded.statements if not reasons[s.id])]:
        print(_check_line(statement, readings.get(statement.id)), file=out)
    for error in loaded.errors:
        print(f"error: {error.message}", file=out)
    for message in skipped:
        print(message, file=out)
    for message in curation:
        print(f"curation: {message}", file=out)
    warnings = sum(len(s.warnings) for s in loaded.statements)
    signatures = sum(len(s.organisations) for s in loaded.statements)
    print(
        f"{len(loaded.statements)} statement(s) parsed, {signatures} organisation "
        f"signature(s), {warnings} warning(s), {len(doubtful)} need a look, "
        f"{len(loaded.errors)} file(s) skipped of {loaded.files_seen}, {len(skipped)} other "
        f"entry(ies) not read, {len(curation)} curation notice(s)",
        file=out,
    )
    return 0 if loaded.statements else 1


def _missing_tools(corpus: str) -> str | None:
    """Say which system tool the corpus needs and this machine lacks (pdftotext for PDFs)."""
    from statementsearch.ingest.corpus import iter_statement_files
    from statementsearch.ingest.readers.pdf import INSTALL_HINT, find_pdftotext

    try:
        pdfs = sum(p.suffix.lower() == ".pdf" for p in iter_statement_files(corpus))
    except StatementSearchError:
        return None
    if pdfs and find_pdftotext() is None:
        return f"pdftotext is missing: {pdfs} PDF file(s) cannot be read; {INSTALL_HINT}"
    return None


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_rebuild(args: argparse.Namespace, out: TextIO) -> int:
    """Parse everything, build a new index beside the live one, swap it in."""
    from statementsearch.indexing.rebuild import rebuild

    summary = rebuild(
        args.corpus, args.index, strict=args.strict, workers=args.workers, progress=_progress
    )
    print(summary.describe(), file=out)
    return 0


def cmd_update(args: argparse.Namespace, out: TextIO) -> int:
    """Re-index only the statements whose files changed since the live build."""
    from statementsearch.indexing.update import update

    summary = update(args.corpus, args.index, workers=args.workers, progress=_progress)
    print(summary.describe(), file=out)
    return 0


def cmd_search(args: argparse.Namespace, out: TextIO) -> int:
    """Search statements from the command line (the same function as the API)."""
    from statementsearch.search.deadline import deadline
    from statementsearch.search.library import Library
    from statementsearch.search.service import parse_search_request, search_statements

    params: dict[str, Any] = {"q": args.query, "mode": args.mode, "sort": args.sort}
    params.update({"page": str(args.page), "per_page": str(args.per_page)})
    params.update({"date_from": args.date_from or "", "date_to": args.date_to or ""})
    params["language"] = args.language or ""
    with deadline():  # the same time limit as a web request
        page = search_statements(
            Library(args.index), parse_search_request(_Params(params, args.organisation or []))
        )
    if args.json:
        _print_json(page.to_search_dict(), out)
        return 0
    verb = "matches" if page.total == 1 else "match"
    print(f"{page.total} statement{'' if page.total == 1 else 's'} {verb}", file=out)
    for hit in page.results:
        print(f"{hit['date'] or 'no date'}  {hit['id']}  {hit['display_title']}", file=out)
        for line in (hit["signed_by_snippet"], hit["snippet"]):
            if line:
                print(f"    {_plain(line)}", file=out)
    if page.total == 0 and page.suggestion:
        print(f"Did you mean: {page.suggestion}", file=out)
    for org in page.matching_organisations:
        print(f"Organisation: {org['id']}  {org['name']}", file=out)
    return 0


class _Params(dict[str, str]):
    """Parameters as a web request has them: ``organisation`` may repeat."""

    def __init__(self, values: dict[str, Any], organisations: list[str]) -> None:
        super().__init__({k: v for k, v in values.items() if v})
        self._organisations = organisations

    def getlist(self, name: str) -> list[str]:
        return list(self._organisations) if name == "organisation" else [self.get(name, "")]


def _plain(html: str) -> str:
    return unescape(html.replace("<mark>", "[").replace("</mark>", "]"))


def cmd_orgs(args: argparse.Namespace, out: TextIO) -> int:
    """Find organisations as the API does (the index), or list decisions to review."""
    if args.review:
        return _orgs_review(args, out)
    from statementsearch.search.library import Library
    from statementsearch.search.service import OrganisationRequest, search_organisations

    library = Library(args.index)
    found: list[dict[str, Any]] = []
    total = 0
    page_number = 1
    while True:  # every match (pages end: a page past the last is empty)
        request = OrganisationRequest(q=args.name or "", page=page_number, per_page=100)
        page = search_organisations(library, request)
        total = page.total
        found.extend(page.results)
        if not page.results or len(found) >= total:
            break
        page_number += 1
    fields = ("id", "name", "names", "acronyms", "statement_count")
    if args.json:
        _print_json(
            {"total": total, "organisations": [{k: o[k] for k in fields} for o in found]}, out
        )
        return 0 if found or not args.name else 1
    for org in found:
        count = org["statement_count"]
        signed = f"{count} statement{'' if count == 1 else 's'}"
        print(f"{org['id']}  ({signed})  {org['name']}", file=out)
        for name in org["names"]:
            if name != org["name"]:
                print(f"    also: {name}", file=out)
    print(f"{len(found)} organisation{'' if len(found) == 1 else 's'}", file=out)
    return 0 if found or not args.name else 1


def _orgs_review(args: argparse.Namespace, out: TextIO) -> int:
    """The identity decisions worth a human look, read from the corpus itself."""
    from statementsearch.identity.curation import CURATION_FILE, read_curation
    from statementsearch.identity.orgs import resolve_organisations
    from statementsearch.identity.review import iter_near_misses
    from statementsearch.ingest.corpus import load_corpus

    loaded = load_corpus(args.corpus, workers=args.workers)
    for error in loaded.errors:
        print(f"error: {error.message}", file=sys.stderr)
    resolution = resolve_organisations(
        loaded.statements, read_curation(Path(args.corpus) / CURATION_FILE)
    )
    for notice in resolution.notices:
        print(f"curation: {notice}", file=sys.stderr)
    misses = list(iter_near_misses(resolution))
    if args.json:
        _print_json({"review": [m.to_dict() for m in misses]}, out)
        return 0
    for miss in misses:
        print(f"{miss.kind}: {miss.reason}", file=out)
        for oid, name in zip(miss.organisation_ids, miss.names, strict=False):
            print(f"    {oid}  {name}", file=out)
    print(f"{len(misses)} decision(s) worth a look", file=out)
    return 0


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    """Build the index if there is none, then serve the site and API with gunicorn."""
    from statementsearch.web.serve import serve

    return serve(
        args.corpus,
        args.index,
        args.host,
        args.port,
        args.workers,
        rate_limit=args.rate_limit,
        trusted_proxies=args.proxies,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="statementsearch",
        description="Search civil-society statements and their signatories.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="parse the corpus only and report per file")
    check.add_argument("--corpus", default=default_corpus(), help="corpus directory")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.add_argument("--workers", type=int, default=1, help="parse in N processes (default 1)")
    check.set_defaults(handler=cmd_check)

    for name, handler, text in (
        ("rebuild", cmd_rebuild, "build a new index from the whole corpus and swap it in"),
        ("update", cmd_update, "re-index only the statements whose files changed"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("--corpus", default=default_corpus(), help="corpus directory")
        command.add_argument("--index", default=default_index(), help="index directory")
        command.add_argument("--workers", type=int, default=None, help="processes to use")
        if name == "rebuild":
            command.add_argument(
                "--strict",
                action="store_true",
                help="fail if any file cannot be read or a statement has no signatories",
            )
        command.set_defaults(handler=handler)

    orgs = sub.add_parser("orgs", help="find organisations (as the API does), or --review")
    orgs.add_argument("name", nargs="?", help="only organisations matching this name")
    orgs.add_argument("--index", default=default_index(), help="index directory")
    orgs.add_argument("--corpus", default=default_corpus(), help="corpus directory (--review)")
    orgs.add_argument("--json", action="store_true", help="machine-readable output")
    orgs.add_argument(
        "--review", action="store_true", help="list near-misses and weak merges to decide"
    )
    orgs.add_argument("--workers", type=int, default=1, help="parse in N processes")
    orgs.set_defaults(handler=cmd_orgs)

    search = sub.add_parser("search", help="search statements (text and signatories)")
    search.add_argument("query", help='words, "a phrase", a name, Burmese text ...')
    search.add_argument("--index", default=default_index(), help="index directory")
    search.add_argument("--mode", choices=("simple", "advanced"), default="simple")
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    search.add_argument(
        "--organisation",
        action="append",
        help="only statements this organisation id signed (repeat: signed by all)",
    )
    search.add_argument("--date-from", help="only statements dated on or after (YYYY-MM-DD)")
    search.add_argument("--date-to", help="only statements dated on or before (YYYY-MM-DD)")
    search.add_argument("--language", choices=("en", "my", "en+my"))
    search.add_argument("--page", type=int, default=1)
    search.add_argument("--per-page", type=int, default=10)
    search.add_argument("--json", action="store_true", help="the body of GET /api/statements")
    search.set_defaults(handler=cmd_search)

    serve = sub.add_parser("serve", help="serve the web pages and JSON API (gunicorn)")
    serve.add_argument("--corpus", default=default_corpus(), help="corpus directory")
    serve.add_argument("--index", default=default_index(), help="index directory")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=5000, help="port to listen on")
    serve.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    serve.add_argument(
        "--rate-limit",
        type=int,
        default=None,
        help="requests per minute per client (0 = off; default $STATEMENTSEARCH_RATE_LIMIT or 120)",
    )
    serve.add_argument(
        "--proxies",
        type=int,
        default=None,
        help="reverse proxies in front that set X-Forwarded-For "
        "(default $STATEMENTSEARCH_TRUSTED_PROXIES or 0)",
    )
    serve.set_defaults(handler=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 nothing usable, 2 error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    stream = out if out is not None else sys.stdout
    handler: Handler = args.handler
    try:
        return handler(args, stream)
    except StatementSearchError as exc:
        print(f"statementsearch: {exc.message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `statementsearch orgs | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("statementsearch: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
