"""The ``quotes-api`` command.

Each subcommand is one ``_cmd_*`` function registered in ``_parser()``. Errors the user
can act on (QuotesApiError) print one line to stderr and exit 2; nothing prints a
traceback unless ``--debug`` is given.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys

from . import settings
from .errors import QuotesApiError

log = logging.getLogger("quotes_api")


# --- extract ---------------------------------------------------------------

def _cmd_extract(args: argparse.Namespace) -> int:
    from .articles.reading import iter_articles
    from .extract.records import build_records, format_records

    failures = []
    articles = []
    for item in iter_articles(args.paths, on_error=lambda src, err: failures.append((src, err))):
        articles.append(item)
    records, skipped = build_records(articles)
    failures.extend(skipped)
    out = sys.stdout
    for chunk in format_records(records, args.format):
        out.write(chunk)
    out.flush()
    for src, err in failures:
        print(f"quotes-api: skipped {src}: {err}", file=sys.stderr)
    if not articles and failures:
        return 2
    return 0


def _add_extract(sub) -> None:
    p = sub.add_parser("extract", help="print the quotations found in articles (files, directories or - for stdin)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=["jsonl", "json", "text"], default="text")
    p.set_defaults(func=_cmd_extract)


# --- settings ----------------------------------------------------------------

def _cmd_settings(args: argparse.Namespace) -> int:
    if args.format == "json":
        print(json.dumps({n: {"value": settings.get(n), "default": s.default, "env": s.env, "help": s.help}
                          for n, s in settings.SETTINGS.items()}, indent=2, default=str))
        return 0
    for name, s in settings.SETTINGS.items():
        print(f"{name:24} {settings.get(name)!s:32} {s.help}")
    return 0


def _add_settings(sub) -> None:
    p = sub.add_parser("settings", help="list every setting, its current value and what it does")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_cmd_settings)


# --- registry ----------------------------------------------------------------
# Subcommands of the database and API live beside these, one _add_* per command.

_ADDERS = [_add_extract, _add_settings]


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    ap = argparse.ArgumentParser(prog="quotes-api", description="Source-attributed quotes from news articles.")
    ap.add_argument("--version", action="version", version=f"quotes-api {__version__}")
    ap.add_argument("--debug", action="store_true", help="show tracebacks and debug logging")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in _ADDERS:
        add(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.INFO,
                        format="quotes-api: %(message)s", stream=sys.stderr)
    try:
        return args.func(args) or 0
    except QuotesApiError as e:
        if args.debug:
            raise
        print(f"quotes-api: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `quotes-api extract ... | head`
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
