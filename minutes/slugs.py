"""Readable Danish slugs for URLs."""

from django.utils.text import slugify

DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(text: str) -> str:
    # Django's slugify() drops æ and ø: "Økonomiudvalget" would become "konomiudvalget".
    return slugify(text.translate(DANISH_LETTERS))
