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
    from .extract.records import build_records
    from .render import format_records

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
    if args.format == "markdown":
        print(settings.markdown_table())
        return 0
    for name, s in settings.SETTINGS.items():
        print(f"{name:24} {settings.get(name)!s:32} {s.help}")
    return 0


def _add_settings(sub) -> None:
    p = sub.add_parser("settings", help="list every setting, its current value and what it does")
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text",
                   help="markdown prints the table the README carries")
    p.set_defaults(func=_cmd_settings)


# --- serve, openapi (REST API) -------------------------------------------------

def _cmd_serve(args: argparse.Namespace) -> int:
    import os

    # The settings are read from the environment, here and in the gunicorn config alike.
    for name, value in (("BIND", args.bind), ("WORKERS", args.workers)):
        if value is not None:
            os.environ[settings.SETTINGS[name].env] = str(value)
    if not args.dev:
        # exec: gunicorn becomes this process, so signals (HUP to reload, TERM to stop) reach it.
        os.execv(sys.executable, [sys.executable, "-m", "gunicorn", "-c", "python:quotes_api.gunicorn_conf"])
    from .app import create_app
    from .service import QuoteService

    if not os.environ.get("WERKZEUG_RUN_MAIN"):  # once, not again in the reloader's child
        with QuoteService() as service:
            service.seed_if_empty(log)
    host, _, port = settings.get("BIND").rpartition(":")
    # Reloading and template auto-reload, but never the interactive debugger (it runs code).
    create_app().run(host=host or "127.0.0.1", port=int(port), debug=True, use_debugger=False, use_reloader=True)
    return 0


def _add_serve(sub) -> None:
    p = sub.add_parser("serve", help="serve the REST API with gunicorn (building the index from seeds/ if empty)")
    p.add_argument("--bind", help="host:port to listen on (setting BIND, default 127.0.0.1:8000)")
    p.add_argument("--workers", type=int, help="gunicorn worker processes (setting WORKERS)")
    p.add_argument("--dev", action="store_true", help="run Flask's development server, reloading on code changes")
    p.set_defaults(func=_cmd_serve)


def _cmd_openapi(args: argparse.Namespace) -> int:
    from .api.meta import spec_json, spec_yaml
    from .app import create_app

    with create_app().app_context():
        sys.stdout.write(spec_json() if args.format == "json" else spec_yaml())
    return 0


def _add_openapi(sub) -> None:
    p = sub.add_parser("openapi", help="print the OpenAPI document of the REST API (openapi.yaml is this output)")
    p.add_argument("--format", choices=["yaml", "json"], default="yaml")
    p.set_defaults(func=_cmd_openapi)


# --- quote database: ingest, search, stats, reindex, reextract, speakers, themes -------

def _service():
    from .service import QuoteService

    return QuoteService()


def _print_summary(summary: dict, fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return
    a, q = summary["articles"], summary["quotations"]
    print(f"articles: {a['new']} new, {a['unchanged']} unchanged, {a['replaced']} replaced, {a['failed']} failed")
    print(f"quotations: {q['new']} new, {q['merged']} merged into ones already stored")
    for f in summary["failures"]:
        print(f"failed: {f['source'] or f['article_id']}: {f['error']}")
    for path in summary.get("skipped", []):
        print(f"skipped (not an article file type): {path}")


def _run_ingest(run, fmt: str, read_failures: list[dict], total: int | None = None,
                skipped: list | None = None) -> int:
    """Run an ingest with a progress bar on a terminal (count, ``total`` when known, rate and ETA, once
    the run lasts over 2 s); print the summary. Exit status 0 when every article went in, 1 when
    some failed, 2 when none went in."""
    import shutil

    from tqdm import tqdm

    # shutil's width falls back to 80 columns where the terminal reports none (tqdm would print nothing).
    with tqdm(total=total, unit=" articles", file=sys.stderr, disable=None, delay=2,
              ncols=shutil.get_terminal_size().columns) as bar:
        summary = run(lambda result: bar.update())
    summary["failures"][:0] = read_failures
    summary["articles"]["failed"] += len(read_failures)
    summary["skipped"] = [str(p) for p in skipped or []]
    _print_summary(summary, fmt)
    done = sum(summary["articles"][k] for k in ("new", "unchanged", "replaced"))
    if summary["failures"]:
        return 1 if done else 2
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from .articles.reading import iter_articles, survey

    total, skipped = survey(args.paths)
    read_failures: list[dict] = []

    def run(progress):
        def failed(src: str, err: str) -> None:
            read_failures.append({"article_id": None, "source": src, "error": err})
            progress(None)  # an input that cannot be read counts towards the total too
        return svc.ingest(iter_articles(args.paths, on_error=failed), progress=progress, jobs=args.jobs,
                          scheduler=args.scheduler)

    with _service() as svc:
        return _run_ingest(run, args.format, read_failures, total, skipped)


def _add_extraction_options(p) -> None:
    import os

    p.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N",
                   help="extract in N processes while this one writes, in order (default: the number of cores)")
    p.add_argument("--scheduler", metavar="tcp://HOST:8786",
                   help="extract on the Dask cluster of this scheduler instead (see README: `dask scheduler`)")


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number from 1")
    return int(value)


def _add_ingest(sub) -> None:
    p = sub.add_parser("ingest", help="store and index the quotations of articles (files, directories or - for stdin)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=["text", "json"], default="text", help="of the summary")
    _add_extraction_options(p)
    p.set_defaults(func=_cmd_ingest)


def _cmd_reextract(args: argparse.Namespace) -> int:
    with _service() as svc:
        return _run_ingest(lambda progress: svc.reextract(progress=progress, jobs=args.jobs, scheduler=args.scheduler),
                           args.format, [])


def _add_reextract(sub) -> None:
    p = sub.add_parser("reextract", help="run extraction again over every stored article")
    p.add_argument("--format", choices=["text", "json"], default="text", help="of the summary")
    _add_extraction_options(p)
    p.set_defaults(func=_cmd_reextract)


def _cmd_search(args: argparse.Namespace) -> int:
    from itertools import islice

    from . import render
    from .paging import Paging

    filters = {k: getattr(args, k) for k in ("speaker", "outlet", "theme", "publication", "kind", "since", "until")}
    with _service() as svc:
        if args.format in ("jsonl", "csv"):
            records = svc.iter_search(args.query, sort=args.sort, fuzzy=args.fuzzy, **filters)
            lines = render.jsonl_lines if args.format == "jsonl" else render.csv_lines
            for line in lines(islice(records, args.limit or None)):
                sys.stdout.write(line)
            return 0
        found = svc.search(args.query, sort=args.sort, page=args.page, per_page=args.limit, fuzzy=args.fuzzy,
                           facets=args.format == "json", **filters)
    if args.format == "json":
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return 0
    paging = Paging.of(found)
    for n, hit in enumerate(found["hits"], paging.offset + 1):
        print(render.text_block(hit, n))
    print(f"{_shown(paging, len(found['hits']), found['total'])} ({found['took_ms']:g} ms)")
    if found["suggestion"]:
        print(f"did you mean: {found['suggestion']}")
    return 0


def _shown(paging, shown: int, total: int) -> str:
    """"3 quotations", "1 quotation", "no quotations", or "21-40 of 57 quotations" when not all are shown."""
    noun = "quotation" if total == 1 else "quotations"
    if not total:
        return "no quotations"
    if shown == total:
        return f"{total} {noun}"
    if not shown:
        return f"none of {total} {noun} on page {paging.page}"
    first = paging.first_shown(shown)
    return f"{first}-{first + shown - 1} of {total} {noun}"


def _add_search(sub) -> None:
    p = sub.add_parser("search", help="search the quotations (query language: see README)")
    p.add_argument("query", nargs="?", default="", metavar="QUERY")
    for name in ("speaker", "outlet", "theme", "publication"):
        p.add_argument(f"--{name}", help=f"only quotations whose {name} matches")
    p.add_argument("--kind", choices=["full", "partial"])
    p.add_argument("--since", help="published on or after (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--until", help="published on or before (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--sort", choices=["relevance", "date", "-date"], default="relevance")
    p.add_argument("--limit", type=int, default=20, help="results shown (per page; 0 = all for jsonl and csv)")
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--fuzzy", action="store_true", help="let every word match words one or two letters away")
    p.add_argument("--format", choices=["text", "json", "jsonl", "csv"], default="text")
    p.set_defaults(func=_cmd_search)


def _cmd_stats(args: argparse.Namespace) -> int:
    with _service() as svc:
        health = svc.health()
        out = {**health, "index_dir": str(svc.directory), "outlets": len(svc.outlets()),
               "themes": {t["name"]: t["quotations"] for t in svc.themes()},
               "top_speakers": {s["name"]: s["quotations"] for s in svc.speakers(per_page=10)["items"]}}
    if args.format == "json":
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    c = out["counts"]
    print(f"{out['index_dir']}: {c['articles']} articles, {c['quotations']} quotations, {c['speakers']} speakers, "
          f"{out['outlets']} outlets")
    print(f"generation {out['generation']}, last modified {out['last_modified'] or 'never'}, index {out['status']}")
    print("themes: " + ", ".join(f"{k} {v}" for k, v in out["themes"].items()))
    print("most quoted: " + ", ".join(f"{k} {v}" for k, v in out["top_speakers"].items()))
    return 0


def _add_stats(sub) -> None:
    p = sub.add_parser("stats", help="counts of articles, quotations, speakers, themes")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_cmd_stats)


def _cmd_reindex(args: argparse.Namespace) -> int:
    with _service() as svc:
        done = svc.reindex()
    print(f"reindexed {done['quotations']} quotations; themes taxonomy version {done['taxonomy_version']} "
          f"changed the themes of {done['themes_changed']}")
    return 0


def _add_reindex(sub) -> None:
    p = sub.add_parser("reindex", help="re-apply the themes taxonomy and rebuild the search index from the store")
    p.set_defaults(func=_cmd_reindex)


def _cmd_optimize(args: argparse.Namespace) -> int:
    with _service() as svc:
        done = svc.optimize()
    print(f"search index merged from {done['segments_before']} segments into {done['segments']}")
    return 0


def _add_optimize(sub) -> None:
    p = sub.add_parser("optimize", help="merge the search index into one segment (ingest merges only up to "
                                        "MAX_MERGED_SEGMENT_MB)")
    p.set_defaults(func=_cmd_optimize)


def _cmd_speakers(args: argparse.Namespace) -> int:
    with _service() as svc:
        found = svc.speakers(args.query, per_page=args.limit)
    if args.format == "json":
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return 0
    for s in found["items"]:
        role = f" ({s['role']})" if s["role"] else ""
        outlets = ", ".join(f"{k} {v}" for k, v in s["by_outlet"].items())
        print(f"{s['quotations']:>4}  {s['name']}{role}  [{outlets}]  {s['id']}")
    print(f"{len(found['items'])} of {found['total']} speakers")
    return 0


def _add_speakers(sub) -> None:
    p = sub.add_parser("speakers", help="list speakers (most quoted first), optionally matching a name")
    p.add_argument("query", nargs="?", metavar="NAME")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_cmd_speakers)


def _cmd_themes(args: argparse.Namespace) -> int:
    with _service() as svc:
        items = svc.themes()
    if args.format == "json":
        print(json.dumps(items, indent=2, ensure_ascii=False))
        return 0
    for t in items:
        print(f"{t['quotations']:>5}  {t['name']:12} {t['label']}: {t['description']}")
    return 0


def _add_themes(sub) -> None:
    p = sub.add_parser("themes", help="list the themes of the taxonomy and how many quotations each has")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=_cmd_themes)


# --- registry ----------------------------------------------------------------
# Subcommands of the database and API live beside these, one _add_* per command.

_ADDERS = [_add_extract, _add_settings, _add_serve, _add_openapi]
_ADDERS += [_add_ingest, _add_search, _add_stats, _add_reindex, _add_optimize, _add_reextract, _add_speakers,
            _add_themes]


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    ap = argparse.ArgumentParser(prog="quotes-api", description="Source-attributed quotes from news articles.")
    ap.add_argument("--version", action="version", version=f"quotes-api {__version__}")
    ap.add_argument("--debug", action="store_true", help="show tracebacks and debug logging")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in _ADDERS:
        add(sub)
    return ap


# Option values that start with a dash, which argparse would read as an option of their own:
# `--sort -date` is joined into `--sort=-date`, so it works as the README prints it.
_DASH_VALUES = {"--sort": {"-date"}}


def _join_dash_values(argv: list[str]) -> list[str]:
    out: list[str] = []
    for arg in argv:
        if out and arg in _DASH_VALUES.get(out[-1], ()):
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(_join_dash_values(sys.argv[1:] if argv is None else list(argv)))
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
