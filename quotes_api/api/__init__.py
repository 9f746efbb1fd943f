"""The REST API under /v1: flask-smorest resources, their OpenAPI document and interactive docs.

One module per resource group (quotes, speakers, articles, catalog, meta); pages.py holds
the server-rendered browser pages, which are not part of the OpenAPI document.
"""
from __future__ import annotations

from http import HTTPStatus

import flask_smorest
from flask import Flask
from flask_smorest.utils import prepare_response

from .. import __version__
from .auth import SECURITY_SCHEMES
from .errors import PROBLEM_JSON, STATUSES, ProblemSchema

API_PREFIX = "/v1"


_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again.",
                                "schema": {"type": "integer"}}}
_PROBLEM_HEADERS = {
    401: {"WWW-Authenticate": {"description": "How to authenticate: Bearer.", "schema": {"type": "string"}}},
    405: {"Allow": {"description": "The methods the resource allows.", "schema": {"type": "string"}}},
    429: _RETRY_AFTER,
    503: _RETRY_AFTER,
}


class Api(flask_smorest.Api):
    """flask-smorest's Api with RFC 9457 problems as the one documented error shape."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        """errors.init_app registers the problem+json handlers, for every route and not only the API's."""

    def _register_responses(self) -> None:
        for status in [*STATUSES, "DEFAULT_ERROR"]:
            name = HTTPStatus(status).name if isinstance(status, int) else status
            response = {"description": HTTPStatus(status).phrase if isinstance(status, int) else "Error",
                        "schema": ProblemSchema}
            if status in _PROBLEM_HEADERS:
                response["headers"] = _PROBLEM_HEADERS[status]
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(name, response)


def _config(app: Flask) -> None:
    app.config.setdefault("API_TITLE", "quotes-api")
    app.config.setdefault("API_VERSION", __version__)
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", API_PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("OPENAPI_SWAGGER_UI_PATH", "docs")
    # Relative to /v1/docs, so the assets come from this server (meta.docs_asset), never a CDN.
    app.config.setdefault("OPENAPI_SWAGGER_UI_URL", "docs/assets/")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "info": {
            "description": "Source-attributed quotations from news articles: who said what, to whom, "
                           "and where it was printed. Errors are RFC 9457 problem documents.",
            "license": {"name": "MIT"},
        },
        "components": {"securitySchemes": SECURITY_SCHEMES},
    })


def init_app(app: Flask) -> None:
    from . import articles, catalog, meta, quotes, speakers

    _config(app)
    api = Api(app)
    app.url_map.converters["article_id"] = articles.ArticleId
    api.register_converter(articles.ArticleId, lambda converter: dict(articles.ARTICLE_ID_PARAMETER))
    for module in (quotes, speakers, articles, catalog, meta):
        api.register_blueprint(module.blp)
    app.register_blueprint(meta.docs)
    app.extensions["quotes_api.api"] = api
