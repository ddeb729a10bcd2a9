"""Command-line argument parsing the management commands share."""

import datetime as dt

from django.core.management.base import CommandError


def iso_date(value: str) -> dt.date:
    """A YYYY-MM-DD argument as a date, or a CommandError in Danish."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ugyldig dato '{value}': skriv den som ÅÅÅÅ-MM-DD.") from exc
