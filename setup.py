"""Build of quotes-api: the metadata is in setup.cfg; this compiles the extractor with mypyc.

The modules of quotes_api.native.COMPILED are compiled to C extensions (about twice the speed of the extraction
on real news; see the README) and the SHA-256 of each source is written to quotes_api/_compiled.json, so that
quotes_api.native runs them only while they match their sources. ``QUOTES_API_COMPILE=0 pip install ...`` skips
the compilation, and so does a machine where mypyc cannot build them: the same code then runs as Python.
``QUOTES_API_COMPILE=require`` (CI's install, .ci/run) makes a build that cannot compile them fail instead: mypyc's
own type check is stricter than mypy's in places (a module constant whose type it cannot determine), and a silent
fallback once left measurements running on the Python extractor until noticed.
"""
import ast
import hashlib
import json
import os
import sys

from setuptools import setup

HERE = os.path.dirname(os.path.abspath(__file__))


def _compiled_modules() -> tuple:
    """quotes_api.native.COMPILED, read from its source (importing the package would need its dependencies)."""
    with open(os.path.join(HERE, "quotes_api", "native.py"), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "COMPILED":
            return ast.literal_eval(node.value)
    raise RuntimeError("quotes_api/native.py has no COMPILED")


COMPILED = _compiled_modules()
SOURCES = [os.path.join("quotes_api", *m.split(".")[1:]) + ".py" for m in COMPILED]


def _ext_modules():
    mode = os.environ.get("QUOTES_API_COMPILE", "1")
    if mode == "0":
        return []
    try:
        from mypyc.build import mypycify

        modules = mypycify(["--ignore-missing-imports", *SOURCES], opt_level="3")
    except (Exception, SystemExit) as e:  # mypy missing, or the sources do not type-check
        if mode == "require":
            raise SystemExit(f"quotes-api: QUOTES_API_COMPILE=require and the extractor does not compile: {e!r}")
        print(f"quotes-api: the extractor is not compiled ({e!r}); it runs as Python", file=sys.stderr)
        return []
    for ext in modules:
        ext.optional = mode != "require"  # a compiler error leaves the module as Python (quotes_api.native sees it)
    digests = {}
    for module, path in zip(COMPILED, SOURCES):
        with open(os.path.join(HERE, path), "rb") as f:
            digests[module] = hashlib.sha256(f.read()).hexdigest()
    with open(os.path.join(HERE, "quotes_api", "_compiled.json"), "w", encoding="utf-8") as f:
        json.dump(digests, f, indent=1, sort_keys=True)
    return modules


setup(ext_modules=_ext_modules())
