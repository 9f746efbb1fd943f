"""openapi.yaml: generated from the code, valid, served, documented offline, and true (schemathesis)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openapi_spec_validator import validate

from quotes_api.api.meta import spec_yaml

SPEC = Path(__file__).resolve().parent.parent / "openapi.yaml"


def test_openapi_yaml_is_what_the_code_generates(app):
    with app.app_context():
        generated = spec_yaml()
    assert SPEC.read_text(encoding="utf-8") == generated, \
        "openapi.yaml is out of date: run `quotes-api openapi > openapi.yaml`"


def test_openapi_yaml_is_a_valid_openapi_document():
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    validate(spec)
    assert spec["openapi"] == "3.0.3"


def test_the_spec_is_served_as_json_and_yaml(client):
    on_disk = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    assert yaml.safe_load(client.get("/v1/openapi.yaml").get_data(as_text=True)) == on_disk
    assert client.get("/v1/openapi.json").json == yaml.safe_load(yaml.safe_dump(on_disk))


def test_every_endpoint_is_documented(app):
    documented = set(yaml.safe_load(SPEC.read_text(encoding="utf-8"))["paths"])
    api_rules = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.rule) for r in app.url_map.iter_rules()
                 if r.rule.startswith("/v1/") and not r.endpoint.startswith(("api-docs.", "docs."))}
    assert api_rules == documented


def test_interactive_docs_load_their_assets_from_this_server(client):
    page = client.get("/v1/docs").get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and not [a for a in assets if "//" in a], "the docs must work offline: no CDN"
    for asset in assets:
        resp = client.get(f"/v1/{asset}")
        assert resp.status_code == 200 and len(resp.data) > 1000, asset
        resp.close()


@pytest.mark.slow
def test_the_api_does_what_its_spec_says(seeded_index, tmp_path):
    """schemathesis with every check and every phase (examples, coverage, fuzzing, stateful), against
    gunicorn serving a copy of the seeds' index, finds nothing. tests/schemathesis.toml lists the three
    answers a JSON schema cannot tell are right (a query that means nothing, an HTML page without text,
    oEmbed's 501 for XML), each for its own operation."""
    from serving import gunicorn

    shutil.copytree(seeded_index, tmp_path / "db")
    seed = os.environ.get("SCHEMATHESIS_SEED", "1")
    with gunicorn(tmp_path / "db", API_KEYS="k", RATE_LIMIT="off", WRITE_RATE_LIMIT="off") as base:
        run = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "--config-file", str(SPEC.parent / "tests" / "schemathesis.toml"),
             "run", str(SPEC), "--url", base, "--checks", "all", "--phases", "examples,coverage,fuzzing,stateful",
             "--header", "X-API-Key: k", "--max-examples", "30", "--seed", seed, "--no-color"],
            capture_output=True, text=True, cwd=tmp_path, timeout=600)
    summary = run.stdout[run.stdout.find("SUMMARY"):]
    assert run.returncode == 0, run.stdout[-6000:]
    assert "Stateful" in summary and "No issues found" in run.stdout, summary
