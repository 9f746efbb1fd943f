"""Paging: one value object for the service, the API and the pages alike.

``Paging.make`` is the one place a page number and size are checked and the size lowered to
MAX_PER_PAGE; everything else reads the window, the last page and the neighbours from it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .errors import QueryError


@dataclass(frozen=True)
class Paging:
    page: int = 1
    per_page: int = 20
    capped: bool = False  # per_page was lowered to the cap

    @classmethod
    def make(cls, page, per_page, most: int) -> "Paging":
        """Page ``page`` of ``per_page`` results, lowered to ``most``; QueryError when either is not a whole
        number from 1."""
        try:
            page, per_page = int(page), int(per_page)
        except (TypeError, ValueError):
            raise QueryError("page and per_page must be whole numbers") from None
        if page < 1 or per_page < 1:
            raise QueryError("page and per_page start at 1")
        return cls(page, min(per_page, most), per_page > most)

    @classmethod
    def of(cls, answer: dict) -> "Paging":
        """The paging an answer of the service was made with."""
        return cls(answer["page"], answer["per_page"], answer.get("per_page_capped", False))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def stop(self) -> int:
        """How many results the pages up to this one hold."""
        return self.page * self.per_page

    def window(self, items: Sequence) -> Sequence:
        return items[self.offset:self.stop]

    def last(self, total: int) -> int:
        """The last page of ``total`` results (1 when there are none)."""
        return max(1, -(-total // self.per_page))

    def has_next(self, total: int) -> bool:
        return self.stop < total

    def first_shown(self, shown: int) -> int:
        """The position (from 1) of the first of ``shown`` results on this page, 0 when none is."""
        return self.offset + 1 if shown else 0

    def neighbour(self, step: int) -> "Paging":
        return Paging(self.page + step, self.per_page, self.capped)

    def as_dict(self) -> dict:
        return {"page": self.page, "per_page": self.per_page, "per_page_capped": self.capped}
