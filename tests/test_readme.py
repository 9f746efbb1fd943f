"""The README's examples run as printed: every curl and quotes-api command of its sh blocks.

A live server (`quotes-api serve`: gunicorn, seeded from seeds/ on its first start) answers the curl
commands, with localhost:8000 pointed at its port; the CLI commands run against a database of their
own in a scratch directory holding seeds/. curl runs with --fail-with-body and every command under
pipefail, so an error status anywhere fails the example, as does an empty output.

Commands are left out only when they cannot run here, for the reason listed in SKIPPED.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
API_KEY = "s3cret"  # the key the README's write examples send

# Commands of the README that these tests do not run, and why.
SKIPPED = {
    "pip install": "installs packages",
    "quotes-api serve": "the server is the one started here",
    "example.org": "fetches a page from the internet",
    "scripts/": "benchmarks and fuzzing, measured apart",
    "pytest": "the test suite itself",
}

pytestmark = pytest.mark.skipif(not (shutil.which("curl") and shutil.which("jq")),
                                reason="the README's examples use curl and jq (.ci/run installs them)")


def commands(text: str) -> list[str]:
    """The shell commands of every ```sh block, continuation lines and multi-line quotes joined."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        pending = ""
        for line in block.splitlines():
            if not pending and (not line.strip() or line.lstrip().startswith("#")):
                continue
            pending = f"{pending}\n{line}" if pending else line
            if pending.endswith("\\"):
                continue
            try:
                shlex.split(pending, comments=True)
            except ValueError:  # a quote still open: the command goes on
                continue
            found.append(pending)
            pending = ""
    return found


def runnable(kind: str) -> list[str]:
    picked = [c for c in commands(README) if c.split()[0] == kind or (kind == "curl" and " curl " in f" {c} ")]
    return [c for c in picked if not any(marker in c for marker in SKIPPED)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """`quotes-api serve` on a free port, seeded from seeds/ on its first start, writes allowed with the
    README's key; and a bin directory whose curl fails on an error status."""
    scratch = tmp_path_factory.mktemp("readme")
    port = _free_port()
    env = {**os.environ, "QUOTES_API_INDEX_DIR": str(scratch / "served"), "QUOTES_API_SEED_DIR": str(ROOT / "seeds"),
           "QUOTES_API_WORKERS": "2", "QUOTES_API_API_KEYS": API_KEY, "QUOTES_API_RATE_LIMIT": "off"}
    server = subprocess.Popen([sys.executable, "-m", "quotes_api.cli", "serve", "--bind", f"127.0.0.1:{port}"],
                              env=env, cwd=scratch, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{base}/v1/health", timeout=5):
                break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail(f"the server did not start: {server.communicate()[0][-3000:]}")
            time.sleep(0.3)
    bin_dir = scratch / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "curl"
    wrapper.write_text(f'#!/bin/sh\nexec {shutil.which("curl")} --fail-with-body --show-error "$@"\n')
    wrapper.chmod(0o755)
    work = scratch / "work"
    work.mkdir()
    (work / "seeds").symlink_to(ROOT / "seeds")
    yield {"port": port, "base": base, "bin": bin_dir, "work": work, "db": scratch / "cli-db"}
    server.send_signal(signal.SIGTERM)
    server.communicate(timeout=30)


def run(live: dict, command: str) -> subprocess.CompletedProcess:
    command = command.replace("localhost:8000", f"localhost:{live['port']}")
    env = {**os.environ, "PATH": f"{live['bin']}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}"
                                 f"{os.environ['PATH']}",
           "QUOTES_API_INDEX_DIR": str(live["db"])}
    return subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=live["work"], env=env,
                          capture_output=True, text=True, timeout=300)


def _written(command: str, live: dict) -> str:
    """What a command that redirects its output to a file (or saves one, curl -O) wrote there."""
    target = re.search(r">\s*(\S+)", command)
    name = target.group(1) if target else "quotes.csv"
    path = live["work"] / name
    return path.read_text(encoding="utf-8-sig") if path.exists() else ""


def test_the_readme_has_examples_of_both_kinds():
    assert len(runnable("curl")) >= 15 and len(runnable("quotes-api")) >= 10


@pytest.mark.parametrize("command", runnable("quotes-api"), ids=lambda c: c.split("#")[0].strip()[:60])
def test_cli_example(live, command):
    # Every example but ingest needs the seeds in the database first (the README runs ingest first).
    if not (live["db"] / "quotes.sqlite3").exists():
        assert run(live, "quotes-api ingest seeds/").returncode == 0
    result = run(live, command)
    assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    assert (result.stdout.strip() or _written(command, live)), f"{command} printed nothing"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", runnable("curl"), ids=lambda c: c.split("|")[0].strip()[:70])
def test_curl_example(live, command):
    result = run(live, command)
    assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    output = result.stdout.strip() or _written(command, live)
    assert output and output != "null", f"{command} printed nothing"


def test_a_5000_character_query_is_a_414_problem_from_the_live_server(live):
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(f"{live['base']}/v1/quotes?q={'x' * 5000}", timeout=10)
    assert answer.value.code == 414
    assert answer.value.headers["Content-Type"] == "application/problem+json"
    assert "MAX_QUERY_CHARS" in answer.value.read().decode()
