"""The data model: a partnership case and its partners, as extract_cases returns them."""
from __future__ import annotations

from dataclasses import dataclass


SECTORS = ("public", "private", "civil_society", "unknown")


@dataclass(frozen=True)
class Partner:
    name: str
    sector: str          # public | private | civil_society | unknown
    role: str | None = None  # owner | host | funder, when the text says so


@dataclass(frozen=True)
class Case:
    name: str | None
    description: str
    partners: list[Partner]
    places: list[str]          # municipalities, as pipeline/places.py names them
    place_codes: list[str]     # their "country:code" (NO:3301, DK:0630), in the same order
    period: str | None
    model: str | None
    target_group: str | None
    outcomes: list[str]
    method: str
    confidence: float
    passage: str = ""          # its first words as the document writes them (pointer.py)
    page: int | None = None    # the page or slide they are on, where the text has pages
