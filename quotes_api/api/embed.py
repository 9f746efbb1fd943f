"""The embeddable card of a quotation and the size its frame needs.

The card is one self-contained page (no script, its only style an inline block allowed by hash).
Its CSS is fluid: the quotation and the attribution line wrap to any width, long words included.
oEmbed gives a frame ``height`` computed here from the quotation's length at the asked width, so
the attribution line stays inside the frame at 320 px, and a short quotation leaves no gap.
"""
from __future__ import annotations

import base64
import hashlib
import math
import textwrap

from ..render import first_source, speaker_label

# The widest card oEmbed offers (and the width of a frame asked for without maxwidth).
CARD_WIDTH = 560

# Sizes in px: the card's CSS is written from these, and card_height() computes from them.
_PAD_Y, _PAD_X, _BORDER = 12, 16, 4
_QUOTE_FONT, _QUOTE_LINE = 17, 1.45
_CAPTION_FONT, _CAPTION_LINE = 14, 1.4
_GAP = 6
# Average width of a character, in ems, in the fonts a browser falls back to (DejaVu is among the
# widest): an overestimate costs a few pixels of space, an underestimate a hidden attribution.
_SERIF_EM, _SANS_EM = 0.54, 0.57
# Pixels kept free under the caption, for rounding and fonts wider than the estimate.
_SLACK = 10

EMBED_CSS = f"""
html,body{{margin:0;background:#fff}}
body{{font:{_QUOTE_FONT}px/{_QUOTE_LINE} Georgia,"DejaVu Serif",serif;color:#1b1b1b;overflow-y:auto}}
figure{{margin:0;padding:{_PAD_Y}px {_PAD_X}px;border-left:{_BORDER}px solid #2a5d9f;background:#f7f8fa;
overflow-wrap:anywhere}}
blockquote{{margin:0 0 {_GAP}px}}
figcaption{{font:{_CAPTION_FONT}px/{_CAPTION_LINE} system-ui,"DejaVu Sans",sans-serif;color:#444}}
a{{color:#2a5d9f}}
""".strip()
_EMBED_CSS_HASH = base64.b64encode(hashlib.sha256(EMBED_CSS.encode("utf-8")).digest()).decode("ascii")
EMBED_CSP = (f"default-src 'none'; style-src 'sha256-{_EMBED_CSS_HASH}'; base-uri 'none'; form-action 'none'; "
             "frame-ancestors *")


def caption_parts(record: dict) -> dict:
    """What the attribution line says: who (and their role), to whom, where and when it was printed."""
    sp = record.get("speaker") or {}
    source = first_source(record)
    return {"who": speaker_label(record), "role": sp.get("role") or "",
            "outlet": (record.get("outlet") or {}).get("name") or "",
            "publication": source.get("publication") or "", "published": source.get("published") or ""}


def caption_text(record: dict) -> str:
    """The attribution line as plain text (what embed.html prints, for measuring)."""
    c = caption_parts(record)
    text = f"\u2014 {c['who']}" + (f", {c['role']}" if c["role"] else "") + (f", to {c['outlet']}" if c["outlet"] else "")
    text += "".join(f" \u00b7 {c[k]}" for k in ("publication", "published") if c[k])
    return text + " \u00b7 source"


def _lines(text: str, width_px: float, char_px: float) -> int:
    per_line = max(1, int(width_px // char_px))
    return max(1, len(textwrap.wrap(text, per_line, break_long_words=True, break_on_hyphens=True)))


def card_height(record: dict, width: int) -> int:
    """The height, in px, of the card of ``record`` in a frame ``width`` px wide."""
    inner = width - 2 * _PAD_X - _BORDER
    quote = _lines(f"\u201c{record['text']}\u201d", inner, _QUOTE_FONT * _SERIF_EM)
    caption = _lines(caption_text(record), inner, _CAPTION_FONT * _SANS_EM)
    return math.ceil(2 * _PAD_Y + quote * _QUOTE_FONT * _QUOTE_LINE + _GAP
                     + caption * _CAPTION_FONT * _CAPTION_LINE + _SLACK)
