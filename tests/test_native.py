"""The compiled extractor (setup.py, quotes_api.native): run only while it is built from the present sources,
and giving the same records as the same code run as Python."""
from __future__ import annotations

import importlib.machinery
import json
import os
import subprocess
import sys

import pytest

from quotes_api import native

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _tree(tmp_path, built: set[str], manifest: dict | None | str, edited: set[str] = frozenset()):
    """A fake package root: every module of COMPILED as a source, the ``built`` ones with an extension beside it."""
    for m in native.COMPILED:
        src = native.source_path(m, str(tmp_path))
        os.makedirs(os.path.dirname(src), exist_ok=True)
        with open(src, "w") as f:
            f.write(f"# {m}\n")
        if m in built:
            with open(src[:-3] + importlib.machinery.EXTENSION_SUFFIXES[0], "w") as f:
                f.write("")
    if manifest == "all":
        manifest = {m: native.digest(native.source_path(m, str(tmp_path))) for m in native.COMPILED}
    if isinstance(manifest, dict):
        with open(tmp_path / native.MANIFEST, "w") as f:
            json.dump(manifest, f)
    elif manifest == "garbage":
        (tmp_path / native.MANIFEST).write_text("{not json")
    for m in edited:
        with open(native.source_path(m, str(tmp_path)), "a") as f:
            f.write("x = 1\n")
    return str(tmp_path)


ALL = set(native.COMPILED)
ATTRIBUTION = "quotes_api.extract.attribution"


@pytest.mark.parametrize("built, manifest, edited, runs, says", [
    (set(), None, set(), False, "no compiled build"),
    (ALL, "all", set(), True, "compiled (mypyc)"),
    (ALL, "all", {ATTRIBUTION}, False, "out of date: attribution.py changed since the build"),
    (ALL - {ATTRIBUTION}, "all", set(), False, "incomplete, quotes_api.extract.attribution not built"),
    (ALL, None, set(), False, "without a readable _compiled.json"),
    (ALL, "garbage", set(), False, "without a readable _compiled.json"),
])
def test_compiled_modules_run_only_when_built_from_the_present_sources(tmp_path, built, manifest, edited, runs, says):
    ok, why = native.check(_tree(tmp_path, built, manifest, edited))
    assert ok is runs
    assert says in why


_EXTRACT = """
import glob, json, sys
import quotes_api.native as native
from quotes_api.articles.reading import read_bytes
from quotes_api.extract import extract_article
out = {"status": native.status(), "records": {}}
for path in sorted(sys.argv[1:]):
    with open(path, "rb") as f:
        article = read_bytes(f.read(), name=path.rsplit("/", 1)[1])[0]
    out["records"][path] = extract_article(article)
print(json.dumps(out, sort_keys=True))
"""


def _extract(paths: list[str], compiled: bool) -> dict:
    env = dict(os.environ, QUOTES_API_COMPILED_EXTRACTOR="1" if compiled else "0")
    done = subprocess.run([sys.executable, "-c", _EXTRACT, *paths], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_compiled_extractor_gives_the_records_of_the_python_one():
    ok, why = native.check()
    if not ok:
        pytest.skip(f"the extractor is not compiled here: {why}")
    styles = os.path.join(ROOT, "tests", "fixtures", "styles")
    paths = [os.path.join(styles, n) for n in os.listdir(styles)] + \
        [os.path.join(ROOT, "seeds", n) for n in os.listdir(os.path.join(ROOT, "seeds")) if n.endswith(".txt")]
    compiled, python = _extract(paths, True), _extract(paths, False)
    assert compiled["status"] == "compiled (mypyc)"
    assert python["status"] == "Python (COMPILED_EXTRACTOR is off)"
    assert sum(len(r) for r in python["records"].values()) > 100
    assert compiled["records"] == python["records"]


def test_compiled_modules_type_check():
    """mypyc compiles what mypy accepts: a type error would leave the install without its compiled extractor."""
    pytest.importorskip("mypy")
    sources = [os.path.relpath(native.source_path(m), ROOT) for m in native.COMPILED]
    done = subprocess.run([sys.executable, "-m", "mypy", "--ignore-missing-imports", "--no-incremental", *sources],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
