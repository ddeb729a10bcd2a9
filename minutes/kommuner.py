"""The 98 Danish kommuner: official names and kommunekoder, and finding one by what a clerk typed.

The list is ``fixtures/kommuner.csv`` (Danmarks Statistik's kommunekoder, the
four-digit form used by CPR and DAWA). Migration 0009 loads it into Municipality;
the import path asks ``find()`` so that "Herning", "herning kommune" and "Århus"
all mean one row and a name outside the list is refused instead of becoming a new
municipality.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from .slugs import danish_slugify

KOMMUNER_CSV = Path(__file__).resolve().parent / "fixtures" / "kommuner.csv"

UNKNOWN_KOMMUNE = (
    "„{name}“ er ikke en dansk kommune. Vælg kommunen på listen over de 98 kommuner, "
    "fx „Herning Kommune“."
)

# What follows the proper name in an official name: "Herning Kommune", "Bornholms Regionskommune".
SUFFIXES = ("-regionskommune", "-kommune")


@dataclass(frozen=True, slots=True)
class Kommune:
    code: str  # four digits, "0657"
    name: str  # official, "Herning Kommune"


@functools.cache
def all_kommuner() -> tuple[Kommune, ...]:
    with KOMMUNER_CSV.open(encoding="utf-8", newline="") as data:
        return tuple(Kommune(row["kommunekode"], row["navn"]) for row in csv.DictReader(data))


def _keys(name: str) -> set[str]:
    """The spellings a clerk may type for one kommune, as slugs.

    "Københavns Kommune" -> "koebenhavns-kommune", "koebenhavns", "koebenhavn".
    """
    slug = danish_slugify(name)
    keys = {slug}
    for suffix in SUFFIXES:
        if slug.endswith(suffix):
            stem = slug.removesuffix(suffix)
            keys.add(stem)
            # The official names use the genitive: "Vesthimmerlands", "Nordfyns".
            if stem.endswith("s"):
                keys.add(stem.removesuffix("s"))
            break
    return keys


@functools.cache
def _by_key() -> dict[str, Kommune]:
    by_key: dict[str, Kommune] = {}
    for kommune in all_kommuner():
        for key in _keys(kommune.name):
            by_key.setdefault(key, kommune)
    return by_key


def find(name: str) -> Kommune | None:
    """The kommune a typed name means ("Herning" -> Herning Kommune), or None."""
    slug = danish_slugify(" ".join(name.split()))
    if not slug:
        return None
    found = _by_key().get(slug)
    if found is not None:
        return found
    # "Herning kommune." or "Kommune: Herning" are not worth guessing at; a typed
    # suffix on a stem ("Vesthimmerland Kommune") is.
    for suffix in SUFFIXES:
        if slug.endswith(suffix):
            return _by_key().get(slug.removesuffix(suffix))
    return None
