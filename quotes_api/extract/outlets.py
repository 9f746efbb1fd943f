"""The outlet registry: canonical names and the short forms articles use for them.

Loaded from quotes_api/data/outlets.json, or from the file the OUTLETS_FILE setting
names. A short form shared by several outlets ("The Post") resolves to the one whose
full name the article mentions, else to the first listed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from .. import settings
from .patterns import default_outlets
from .speakers import fold

# Words that make an unregistered name read as a news outlet ("the Miami Herald", "Radio Caracol").
_MEDIA_WORDS = {"news", "times", "post", "journal", "radio", "tv", "television", "press", "herald", "tribune",
                "gazette", "magazine", "network", "channel", "daily", "agency", "insider", "wire", "review",
                "chronicle", "telegraph", "observer", "guardian", "mail", "sun", "star", "express", "today",
                "weekly", "globe", "examiner", "dispatch", "register", "courier", "bulletin", "monitor", "standard",
                "inquirer", "sentinel", "journal-constitution", "podcast", "newspaper", "broadcasting", "cable"}

# How a broadcaster's call sign ends, after a hyphen ('WCCO-TV', 'WBUR-FM', 'WTOP-AM').
_CALL_SIGN_ENDS = {"tv", "fm", "am", "dt"}


# How the address of a news site ends ('Dawn.com', 'Rediff.com', 'Stuff.co.nz').
_WEB_ENDS = (".com", ".co.uk", ".com.au", ".co.nz", ".co.za", ".co.in", ".in", ".ie", ".ca", ".net", ".org", ".news")


def _web_base(word: str) -> str:
    """The name of a website before its address's ending ('Dawn.com' -> 'Dawn'); '' when the word is no address."""
    low = word.casefold()
    for end in _WEB_ENDS:
        if low.endswith(end) and len(word) > len(end) + 1 and word[:1].isupper() and \
                word[:-len(end)].replace("-", "").isalnum():
            return word[:-len(end)]
    return ""


@dataclass(frozen=True)
class Outlet:
    name: str
    kind: str
    aliases: tuple[str, ...]
    region: str = ""  # where it is the default for a short form it shares ('gb': The Times of London)


class Registry:
    def __init__(self, outlets: list[Outlet]) -> None:
        self.outlets = outlets
        self._by_key: dict[str, list[Outlet]] = {}
        # Forms that open in lower case ('dpa', 'eNCA', 'talkSPORT'), as written: a phrase in lower case is an outlet
        # only when it is one of them ('according to dpa'; not 'according to people familiar with')
        self._lower: dict[str, Outlet] = {form: o for o in outlets for form in (o.name, *o.aliases) if form[:1].islower()}
        for o in outlets:
            for form in (o.name, *o.aliases):
                for key in {fold(form), fold(form.removeprefix("The ").removeprefix("the "))}:
                    if key and o not in self._by_key.setdefault(key, []):
                        self._by_key[key].append(o)

    @classmethod
    def load(cls, path: str | None = None) -> "Registry":
        if path:
            with open(path, encoding="utf-8") as f:
                outlets = json.load(f)["outlets"]
        else:
            outlets = default_outlets()
        return cls([Outlet(o["name"], o.get("kind", ""), tuple(o.get("aliases", [])), o.get("region", ""))
                    for o in outlets])

    def is_platform(self, name: str) -> bool:
        """Whether the outlet of that canonical name is a social network or a publishing platform."""
        return any(o.name == name and o.kind in ("social", "platform") for o in self._by_key.get(fold(name), ()))

    def _registered(self, words: list[str]) -> tuple[str, list] | None:
        """The longest registered prefix of ``words`` (six words at most), and its outlets."""
        for n in range(min(len(words), 6), 0, -1):
            cand = " ".join(words[:n])
            found = self._by_key.get(fold(cand))
            if found:
                return cand, found
        return None

    def resolve(self, phrase: str, mentioned: Callable[[str], bool] | None = None, *, strict: bool = False,
                region: Callable[[], str] | None = None) -> str | None:
        """The canonical name for an outlet phrase, or None when it is not an outlet.

        ``mentioned(name)`` says whether the article names an outlet in full; it chooses
        among outlets sharing a short form, and then ``region()`` (the article's house style:
        'gb' for British; asked only then) chooses the outlet that is the default there ('The Times'). With
        ``strict`` only registered outlets count (for weak cues like "on", which also
        introduce days and places).
        """
        phrase = phrase.strip(" .,;:")
        words = phrase.split()
        if len(words) > 1 and words[0].casefold() == "the" and \
                (fold(" ".join(words[:2])) not in self._by_key or
                 len(words) > 2 and fold(" ".join(words[1:3])) in self._by_key):
            # "the PBS" is PBS; "The Post" stays whole, it is a registered form (but 'the National Post' is National
            # Post whatever 'the National' is)
            words = words[1:]
        if words and words[0][:1].islower() and words[0] != "the":
            lower = self._lower.get(words[0].rstrip(".,;:"))
            return lower.name if lower is not None else None
        # "CNN's State of the Union", "ABC's Good Morning America": the outlet is the owner; but in "Britain's ITV
        # News", "Germany's Der Spiegel" the owner is a place, registered as no outlet, and the outlet follows it.
        owner = next((k for k, w in enumerate(words) if w.endswith(("'s", "\u2019s"))), None)
        if owner is not None:
            whole = " ".join(words)
            if fold(whole) not in self._by_key:
                rest = words[owner + 1:]
                words = words[:owner] + [words[owner][:-2]]
                owners = self._registered(words)
                shows = self._registered(rest) if rest else None
                if owners is None and shows is not None:
                    words = rest
                elif owners is not None and shows is not None and len(owners[1]) > 1:
                    # "ABC's 7.30", "ABC's Four Corners": of the outlets sharing the owner's short form, the one
                    # the programme is registered to (the Australian ABC, not the American)
                    both = [o for o in owners[1] if o in shows[1]]
                    if both:
                        return both[0].name
        # "Reuters in Cucuta", "The Journal, referring to": try the longest registered prefix.
        prefix = self._registered(words)
        if prefix is not None:
            cand, found = prefix
            if len(found) > 1 and mentioned is not None:
                named = [o for o in found if fold(o.name) != fold(cand) and mentioned(o.name)]
                if named:
                    return named[0].name
            if len(found) > 1 and region is not None:
                here = region()
                local = [o for o in found if here and o.region == here]
                if local:
                    return local[0].name
            return found[0].name
        if "." in phrase and len(words) == 1:
            site = _web_base(words[0])
            if site:
                # 'told Dawn.com', 'speaking to Rediff.com': the outlet's website is the outlet
                by_site = self._by_key.get(fold(site))
                if by_site:
                    return by_site[0].name
                if not strict:
                    return words[0]
        if strict:
            return None
        if "on" in words:
            words = words[:words.index("on")]  # 'the Daily Planet on Sunday': the day is no part of the name
        cleaned = [w for w in words if w[:1].isupper() or w[:1].isdigit() or w.casefold() in {"of", "the", "de", "en",
                                                                                              "and", "&"}]
        if cleaned and cleaned[0].casefold() == "the":
            cleaned = cleaned[1:]
        sign = next((w.strip(".,") for w in cleaned if "-" in w and w.rsplit("-", 1)[0].isupper() and
                     w.rsplit("-", 1)[1].casefold().strip(".,") in _CALL_SIGN_ENDS), None)
        if sign:
            return sign  # a station's call sign: 'WCCO-TV', 'KQED-FM' ('WKOW-TV of Madison': the station)
        if cleaned and any(w.casefold().strip(".") in _MEDIA_WORDS for w in cleaned):
            return " ".join(cleaned)
        return None


@lru_cache(maxsize=4)
def _registry(path: str) -> Registry:
    return Registry.load(path or None)


def registry() -> Registry:
    return _registry(settings.get("OUTLETS_FILE"))
