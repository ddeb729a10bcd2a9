"""Readable Danish slugs for URLs, and the date part of a meeting's URL."""

import datetime as dt

from django.utils.text import slugify

DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(text: str) -> str:
    # Django's slugify() drops æ and ø: "Økonomiudvalget" would become "konomiudvalget".
    return slugify(text.translate(DANISH_LETTERS))


def date_slug(date: dt.date, sequence: int) -> str:
    """The date part of a meeting's path: "2026-01-13", or "2026-01-13-2" for a second meeting."""
    if sequence == 1:
        return date.isoformat()
    return f"{date.isoformat()}-{sequence}"
