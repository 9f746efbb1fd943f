"""openapi.yaml: generated from the code, valid, served, documented offline, and true (schemathesis)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from schemathesis.specs.openapi.checks import positive_data_acceptance

from conftest import API_KEY
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


@pytest.fixture
def api_schema(make_app):
    schema = schemathesis.openapi.from_path(SPEC)
    schema.app = make_app(writable=True)
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schemathesis.auth()
class ApiKey:
    """The key of the test apps, declared as auth so that schemathesis can also try requests without it."""

    def get(self, case, context):
        return API_KEY

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "X-API-Key": data}


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_the_api_does_what_its_spec_says(case):
    # Every check but "valid data is accepted": a query, a date or a cursor can have the right
    # type and still mean nothing (400 with a reason), which no schema can express.
    response = case.call()
    if case.path == "/v1/oembed" and response.status_code == 501:
        return  # oEmbed's own answer to format=xml (oembed.com 2.3.4), not a failure of ours
    case.validate_response(response, excluded_checks=[positive_data_acceptance])
