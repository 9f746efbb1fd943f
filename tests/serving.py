"""A real gunicorn server for tests that need one (`quotes_api/gunicorn_conf.py`, on a free loopback port)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str, deadline: float) -> dict:
    """GET ``url`` as JSON, retrying connection errors until ``deadline`` (time.monotonic())."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                return json.load(resp)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextmanager
def gunicorn(directory: Path, **settings) -> Iterator[str]:
    """Serve the index in ``directory`` with gunicorn, settings given by name; yields the base URL.

    The server log is in ``directory.parent / "server.log"``.
    """
    port = free_port()
    directory.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "QUOTES_API_INDEX_DIR": str(directory), "QUOTES_API_BIND": f"127.0.0.1:{port}",
           "QUOTES_API_SEED_DIR": "off", "QUOTES_API_WORKERS": "2",
           **{f"QUOTES_API_{k}": str(v) for k, v in settings.items()}}
    log = open(directory.parent / "server.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "python:quotes_api.gunicorn_conf"], env=env,
                              cwd=directory.parent, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        get_json(f"{base}/v1/health", time.monotonic() + 60)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
