"""Every tunable limit and path of quotes-api, declared once with a default and a help text.

A setting is read from the environment as ``QUOTES_API_<NAME>`` (for example
``QUOTES_API_MAX_ARTICLE_CHARS=500000``); the Flask app also accepts them as
config keys of the same name. ``quotes-api settings`` prints the table and
``tests/test_settings.py`` checks that every setting is documented in the README.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable


def _bool(value: str | bool) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _list(value: str | list) -> list[str]:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [v.strip() for v in str(value).split(",") if v.strip()]


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    type: Callable[[Any], Any] = str

    @property
    def env(self) -> str:
        return f"QUOTES_API_{self.name}"


SETTINGS: dict[str, Setting] = {}


def _declare(name: str, default: Any, help: str, kind: Callable[[Any], Any] = str) -> None:
    """Declare a setting; ``kind`` converts a raw (environment) string to its value (use _bool, _list)."""
    if name in SETTINGS:
        raise ValueError(f"setting {name} declared twice")
    SETTINGS[name] = Setting(name, default, help, kind)


# --- reading articles -------------------------------------------------------
_declare("MAX_INPUT_BYTES", 50 * 1024 * 1024,
         "Largest input file or request body read, in bytes; larger inputs are refused.", int)
_declare("MAX_ARTICLE_CHARS", 2_000_000,
         "Longest article text (after decoding) that extraction accepts; longer ones are refused.", int)

# --- extraction --------------------------------------------------------------
_declare("REGEX_TIMEOUT", 2.0,
         "Seconds any one regular-expression call may run before the article is skipped as too costly.", float)
_declare("CONTEXT_CHARS", 400,
         "Most characters of surrounding text kept as a quotation's context.", int)
_declare("PARTIAL_MIN_WORDS", 3,
         "Fewest words an embedded (partial) quotation needs when no speech verb governs it; shorter ones are scare quotes.", int)
_declare("OUTLETS_FILE", "",
         "Path of an outlet registry (JSON) that replaces the bundled quotes_api/data/outlets.json.", str)

# --- store, index, search (issue: database) ---------------------------------

# --- API and serving (issue: REST API) --------------------------------------


def get(name: str, overrides: dict | None = None) -> Any:
    """The value of a setting: ``overrides`` first, then the environment, then the default."""
    s = SETTINGS[name]
    if overrides and name in overrides:
        return s.type(overrides[name]) if isinstance(overrides[name], str) else overrides[name]
    raw = os.environ.get(s.env)
    if raw is None or raw == "":
        return s.default
    try:
        return s.type(raw)
    except (TypeError, ValueError) as e:
        raise ValueError(f"environment variable {s.env}={raw!r} is not a valid {s.name}: {e}") from None


def as_dict(overrides: dict | None = None) -> dict[str, Any]:
    return {name: get(name, overrides) for name in SETTINGS}
