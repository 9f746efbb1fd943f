"""`quotes-api serve`: gunicorn from quotes_api/gunicorn_conf.py, seeding an empty index on first start."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, deadline: float) -> dict:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                return json.load(resp)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.slow
def test_serve_builds_the_index_from_seeds_then_serves_and_reloads_on_hup(tmp_path):
    port = _free_port()
    env = {**os.environ, "QUOTES_API_INDEX_DIR": str(tmp_path / "index"), "QUOTES_API_SEED_DIR": str(ROOT / "seeds"),
           "QUOTES_API_WORKERS": "2"}
    server = subprocess.Popen([sys.executable, "-m", "quotes_api.cli", "serve", "--bind", f"127.0.0.1:{port}"],
                              env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        health = _get(f"{base}/v1/health", time.monotonic() + 60)
        assert health["counts"]["articles"] == 5
        assert _get(f"{base}/v1/quotes?q=medicine", time.monotonic() + 5)["total"] == 1
        server.send_signal(signal.SIGHUP)  # graceful reload: new workers, no refused request
        time.sleep(1)
        assert _get(f"{base}/v1/health", time.monotonic() + 30)["status"] == "ok"
    finally:
        server.send_signal(signal.SIGTERM)
        log, _ = server.communicate(timeout=30)
    assert "the index was empty: ingested" in log
    assert '"GET /v1/quotes?q=medicine HTTP/1.1" 200' in log  # the access log
    assert "Handling signal: hup" in log.lower() or "hang up" in log.lower()
