"""The path converter for a meeting's date in its URL."""

import datetime as dt
from typing import NamedTuple

from ..slugs import date_slug


class MeetingDate(NamedTuple):
    date: dt.date
    sequence: int


class MeetingDateConverter:
    """ "2026-01-13" is the committee's meeting that day; "2026-01-13-2" its second one."""

    regex = r"\d{4}-\d{2}-\d{2}(?:-\d{1,2})?"

    def to_python(self, value: str) -> MeetingDate:
        date_part, _, sequence = value[:10], value[10:11], value[11:]
        try:
            date = dt.date.fromisoformat(date_part)
        except ValueError as err:
            # A 404, not a 500, for "2026-13-45".
            raise ValueError(value) from err
        return MeetingDate(date, int(sequence) if sequence else 1)

    def to_url(self, value: "str | MeetingDate") -> str:
        if isinstance(value, MeetingDate):
            return date_slug(value.date, value.sequence)
        return str(value)
