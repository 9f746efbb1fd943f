"""Metadata read from an article's text, where the page printed it.

Scraped text keeps the lines a page prints around its headline: the title, a date line
("February 7, 2019 Updated: February 8, 2019"), a byline or desk line ("Sharecast News |
07 Feb, 2019", "(Sahar News Monitoring Desk)") and wire datelines ("WASHINGTON (AP) —").
The readers use what is found here only for the fields their input did not give.

``is_metadata_line`` is also the debris classifier's test for such lines, so it must stay
cheap and must not take a line of prose for metadata: it only accepts short lines made of
dates, times, stamp words and capitalised names.
"""
from __future__ import annotations

import datetime as dt
import re

import regex

# Longest line read as a date, byline or desk line; prose paragraphs are longer.
_MAX_LINE = 120

# How many non-empty lines at the top may be page debris before the headline; the date
# line and wire dateline are looked for there too.
_HEAD_LINES = 12

# Some sites print the date at the foot instead ("Published 3 March 2021"). Between head and
# foot, a short line with a date is more likely a caption ("Caracas, February 2, 2019").
_FOOT_LINES = 3

# Longest headline, in characters and in words.
_TITLE_MAX_CHARS, _TITLE_MAX_WORDS = 200, 30

# Most capitalised words left over on a date line once dates and stamp words are gone:
# enough for a publication name ("Sharecast News", "The Sydney Morning Herald").
_MAX_NAME_WORDS = 5

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

# Wire agencies named by their initials in datelines ("WASHINGTON (AP) —").
_AGENCIES = {
    "AP": "Associated Press",
    "AFP": "Agence France-Presse",
    "UPI": "United Press International",
    "DPA": "Deutsche Presse-Agentur",
    "PTI": "Press Trust of India",
    "ANI": "Asian News International",
    "IANS": "Indo-Asian News Service",
    "CP": "The Canadian Press",
    "AAP": "Australian Associated Press",
}

# A month by name or abbreviation, with an optional period: "February", "Feb.", "Sept".
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# US order, as most English-language sites print it: "February 7, 2019", "Feb. 7 2019".
RE_DATE_MDY = regex.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", regex.IGNORECASE)

# Day first, as British and wire sites print it: "07 Feb, 2019", "3 March 2021".
RE_DATE_DMY = regex.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", regex.IGNORECASE)

# ISO dates, alone or opening a timestamp: "2019-02-07", "2019-02-07T10:00:00Z", "2019/02/07".
RE_DATE_ISO = regex.compile(r"\b(?P<year>(?:19|20)\d\d)[-/](?P<mnum>[01]?\d)[-/](?P<day>[0-3]?\d)(?!\d)")

# Clock times as stamps print them: "18:21", "5:42 p.m. ET", "5 pm GMT".
RE_TIME = regex.compile(
    r"\b(?:\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?|\d{1,2}\s*[ap]\.?m\b\.?)"
    r"(?:\s*\(?(?:ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|GMT|UTC|BST|CET|CEST|IST|AEST|AEDT)\b\)?)?",
    regex.IGNORECASE,
)

# A digit anywhere (Unicode, as the patterns' \d): what every date and time pattern needs.
_HAS_DIGIT = re.compile(r"\d").search

# Words a date line prints around its dates ("Published", "Updated :", "Last modified on").
RE_STAMP_WORDS = regex.compile(
    r"\b(?:first\s+)?(?:published|updated|posted|modified|created|last\s+updated|last\s+modified|date|time|"
    r"on|at|am|pm)\b\s*:?",
    regex.IGNORECASE,
)

# Separators between the parts of a stamp line: "Sharecast News | 07 Feb, 2019", "Reuters · 2 min read".
RE_SEPARATORS = regex.compile(r"[|·•/,:;()\[\]\-–—]+")

# A word that can be part of a name: capitalised ("Sharecast", "O'Neil", "AP") or a joiner.
RE_NAME_WORD = regex.compile(r"^(?:\p{Lu}[\p{L}\p{M}'’.&-]*|and|of|the|for|de|da|del|van|von|al|el|bin|&)$")

# "By" alone on its line: scrapers often split the byline there (seed 002).
RE_BY_ALONE = regex.compile(r"^\s*by\s*:?\s*$", regex.IGNORECASE)

# A byline: "By Jane Doe", "By Jane Doe and John Roe, Reuters", "By JANE DOE for the Daily Mail".
# Case-sensitive on purpose: "By the time he arrived ..." is prose.
RE_BYLINE = regex.compile(
    r"^\s*(?:By|BY)\s*:?\s+(?P<names>[^,|]{2,80}?)"
    r"(?:\s*(?:,|\||\bfor\b(?:\s+the\b)?)\s*(?P<outlet>[^,|]{2,60}?))?\s*$"
)

# Job titles that follow a byline's comma and are not an outlet: "By Jane Doe, Staff Writer".
RE_JOB_TITLE = regex.compile(
    r"\b(?:correspondent|reporter|editor|writer|staff|contributor|columnist|chief|analyst|producer|"
    r"journalist|bureau|intern|special\s+to)\b",
    regex.IGNORECASE,
)

# The kinds of news desk a credit names after the publication: "Monitoring Desk", "Web Desk".
_DESK_KINDS = {"monitoring", "web", "online", "digital", "news", "foreign", "international", "political",
               "business", "sport", "sports", "city", "national", "world", "metro"}

# A news desk credit, often in parentheses at the foot of the text: "(Sahar News Monitoring Desk)",
# "Dawn News Desk", "Web Desk". What comes before the desk's kind is the publication; "News" is
# left out of the kinds the pattern strips because it is usually part of the name ("Sahar News").
RE_DESK = regex.compile(
    r"^\s*\(?\s*(?P<outlet>\p{Lu}[\p{L}\p{N}'’.& -]{0,60}?)"
    rf"(?:\s+(?i:{'|'.join(sorted(_DESK_KINDS - {'news'}))}))?\s+(?i:desk)\s*\)?\s*$"
)

# A wire dateline opening the first paragraph: "(Reuters) -", "WASHINGTON (AP) —",
# "LONDON, Feb 7 (Reuters) -". The place is in capitals; the agency is in parentheses.
RE_DATELINE = regex.compile(
    r"^\s*(?:\p{Lu}[\p{Lu}\p{M} .'’-]{1,40}(?:,\s*[^()\n]{1,40}?)?\s*)?"
    r"\((?P<agency>[\p{L}. &-]{2,40})\)\s*[-–—]\s"
)

# Breadcrumb trails: "Home / World / Americas", "News > Politics".
RE_BREADCRUMB = regex.compile(r"^\s*[^/>›»|\n]{1,40}(?:\s+[/>›»|]\s+[^/>›»|\n]{1,160}){1,6}\s*$")

# Numbered or bulleted menu entries: "1. Home", "• World".
RE_MENU_ITEM = regex.compile(r"^\s*(?:\d{1,2}[.)]|[•·▪►*-])\s+(?P<item>\S.*)$")

# Single menu and page-furniture words that are never a headline.
RE_MENU_WORD = regex.compile(
    r"^\s*(?:home|menu|search|scorecard|news|world|latest|trending|advertisement|sponsored|subscribe|"
    r"sign\s+in|log\s*in|skip\s+to\s+(?:main\s+)?content|share|print|email|close|video|watch|listen)\s*$",
    regex.IGNORECASE,
)

# Endings a headline does not have; a headline may end in "?" or "!" but not in a full stop.
RE_NOT_HEADLINE_END = regex.compile(r"(?<!\b\p{Lu})[.,;:]\s*$")

# Words, for counting.
RE_WORDS = regex.compile(r"\S+")


# --- dates -------------------------------------------------------------------

def parse_date(text: str) -> str | None:
    """The first date written in ``text``, as ISO ``YYYY-MM-DD``; None when there is none."""
    found = []
    for pattern in (RE_DATE_MDY, RE_DATE_DMY, RE_DATE_ISO):
        for m in pattern.finditer(text):
            iso = _iso(m)
            if iso:
                found.append((m.start(), iso))
                break
    return min(found)[1] if found else None


def _iso(m: regex.Match) -> str | None:
    groups = m.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"][:3].lower()]
    try:
        return dt.date(int(groups["year"]), month, int(groups["day"])).isoformat()
    except ValueError:  # "February 30": a pattern match, not a date
        return None


def _strip_stamps(line: str) -> str:
    """The line without its dates, times, stamp words and separators."""
    for pattern in (RE_DATE_MDY, RE_DATE_DMY, RE_DATE_ISO, RE_TIME, RE_STAMP_WORDS):
        line = pattern.sub(" ", line)
    return RE_SEPARATORS.sub(" ", line).strip()


def _is_name(words: list[str]) -> bool:
    return len(words) <= _MAX_NAME_WORDS and all(RE_NAME_WORD.match(w) for w in words)


def is_date_line(line: str) -> bool:
    """A line that prints a date or time stamp and, at most, a publication name beside it."""
    if len(line) > _MAX_LINE or not _HAS_DIGIT(line):
        return False  # (every date and time prints a digit: most lines skip the four patterns)
    # (the three date patterns need a year, 19xx or 20xx: most lines with a digit have none)
    if not (("19" in line or "20" in line) and (RE_DATE_MDY.search(line) or RE_DATE_DMY.search(line)
                                                or RE_DATE_ISO.search(line)) or RE_TIME.search(line)):
        return False
    return _is_name(_strip_stamps(line).split())


# --- bylines and publications --------------------------------------------------

def _byline(line: str) -> tuple[str, str | None] | None:
    """(names, outlet) of a byline, or None when the line is not one."""
    m = RE_BYLINE.match(line)
    if not m or not _is_name(m.group("names").split()):
        return None
    outlet = (m.group("outlet") or "").strip()
    if not outlet or RE_JOB_TITLE.search(outlet):
        return m.group("names").strip(), None
    # Anything else after the comma must be a name: "By Monday, the army had fled." is prose.
    return (m.group("names").strip(), outlet) if _is_name(outlet.split()) else None


def _desk_match(line: str) -> regex.Match | None:
    m = RE_DESK.match(line) if len(line) <= _MAX_LINE else None
    return m if m and _is_name(m.group("outlet").split()) else None


def _desk_outlet(line: str) -> str | None:
    """The publication of a desk credit; None for a bare "Web Desk" or a line that is no desk credit."""
    m = _desk_match(line)
    outlet = m.group("outlet").strip() if m else None
    return outlet if outlet and outlet.lower() not in _DESK_KINDS else None


def _stamp_outlet(line: str) -> str | None:
    """The publication named on a date line: "Sharecast News | 07 Feb, 2019" -> "Sharecast News"."""
    if "|" not in line or not is_date_line(line):
        return None
    for part in line.split("|"):
        name = _strip_stamps(part)
        if name and part.strip() == name and not RE_BY_ALONE.match(part) and not RE_BYLINE.match(part):
            return name
    return None


def _dateline_agency(line: str) -> str | None:
    """The agency of a wire dateline, its initials spelled out: "WASHINGTON (AP) —" -> "Associated Press"."""
    m = RE_DATELINE.match(line)
    if not m or not _is_name(m.group("agency").split()):
        return None
    agency = m.group("agency").strip()
    return _AGENCIES.get(agency.upper().replace(".", ""), agency)


def is_metadata_line(line: str) -> bool:
    """True for a line that prints metadata rather than prose: dates and time stamps
    ("Updated : 18:21"), "By" and bylines, desk credits and "Outlet | date" lines."""
    if not line.strip() or len(line) > _MAX_LINE:
        return False
    return bool(RE_BY_ALONE.match(line) or is_date_line(line) or _byline(line) or _desk_match(line))


# --- title ---------------------------------------------------------------------

def _is_headline(line: str) -> bool:
    words = RE_WORDS.findall(line)
    return (2 <= len(words) <= _TITLE_MAX_WORDS and len(line.strip()) <= _TITLE_MAX_CHARS
            and not RE_NOT_HEADLINE_END.search(line) and not is_metadata_line(line))


def _is_page_debris(line: str) -> bool:
    """Lines printed above a headline: menus, breadcrumbs, numbered navigation."""
    return bool(RE_MENU_WORD.match(line) or RE_MENU_ITEM.match(line) or RE_BREADCRUMB.match(line))


def read_title(text: str) -> str | None:
    """The headline: the first line after any page debris when it reads as a headline and
    stands alone (a blank line follows) or is printed again (in a breadcrumb or a repeat)."""
    lines = text.split("\n")
    seen = 0
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        seen += 1
        if seen > _HEAD_LINES:
            return None
        if _is_page_debris(line) or is_metadata_line(line):
            continue
        if not _is_headline(line):
            return None
        alone = i + 1 == len(lines) or not lines[i + 1].strip()
        return line if alone or _is_repeated(line, lines, i) else None
    return None


def _is_repeated(line: str, lines: list[str], index: int) -> bool:
    """True when another line prints this one again, alone or at the end of a breadcrumb or menu entry."""
    return any(j != index and other.strip().endswith(line) for j, other in enumerate(lines))


# --- all together ----------------------------------------------------------------

def read_metadata(text: str) -> dict:
    """Title, publication date, publication and byline as printed in ``text``.

    Every key is present; a value is None when the text does not print it. Dates, bylines
    and desk credits are read from metadata lines only, never from inside prose, so
    "signed on Dec. 21, 2018" in a paragraph is not taken for the publication date; date
    lines only at the head or foot of the text. A wire dateline ("WASHINGTON (AP) —")
    names the publication only when no line does.
    """
    lines = [line for line in text.split("\n") if line.strip()]
    meta: dict = {"title": read_title(text), "published": None, "publication": None, "byline": None}
    date_lines = lines[:_HEAD_LINES] + lines[_HEAD_LINES:][-_FOOT_LINES:]
    meta["published"] = next((parse_date(line) for line in date_lines if is_date_line(line)), None)
    for line in lines:
        if len(line) > _MAX_LINE:
            continue
        names, outlet = _byline(line) or (None, None)
        meta["byline"] = meta["byline"] or names
        meta["publication"] = meta["publication"] or outlet or _stamp_outlet(line) or _desk_outlet(line)
    if meta["publication"] is None:
        meta["publication"] = next(filter(None, map(_dateline_agency, lines[:_HEAD_LINES])), None)
    return meta
