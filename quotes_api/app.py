"""The Flask application factory.

    create_app()                      settings from the environment (QUOTES_API_*)
    create_app({"INDEX_DIR": path})   explicit values win, as in tests

Each subsystem has its own ``init_app``. None of them opens the database: the QuoteService
is opened by the first request that needs it, in the worker that serves it (api/db.py), so
gunicorn can fork freely.
"""
from __future__ import annotations

from flask import Flask

from . import api, settings
from .api import auth, cache, db, errors, http, pages
from .api.encoding import OrjsonProvider


def create_app(config: dict | None = None) -> Flask:
    config = config or {}
    app = Flask(__name__)
    # Settings converted to their types (a "5" from a test or a file becomes 5), then Flask's own keys.
    app.config.update(settings.as_dict(config))
    app.config.update({k: v for k, v in config.items() if k not in settings.SETTINGS})
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_BODY_BYTES"]
    # Answers keep the schemas' field order (id and text first) and print non-ASCII as is (UTF-8).
    app.json = OrjsonProvider(app)

    errors.init_app(app)
    db.init_app(app)
    auth.init_app(app)
    http.init_app(app)
    cache.init_app(app)
    api.init_app(app)
    pages.init_app(app)
    return app
