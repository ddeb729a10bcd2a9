"""Documents for the coming-meeting tests: one meeting's agenda and its referat."""

import datetime as dt

from django.utils import timezone

from minutes.importing.batch import import_file


def coming_date(days: int = 30) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def meeting_document(
    *, date: dt.date, title: str | None = "DAGSORDEN", decision: str = "", extra: str = ""
) -> bytes:
    """A two-item Herning meeting; ``decision`` under each item makes it a referat's.

    ``title`` None leaves out the header line, as PDF text often does (the clerk
    then types the committee and date).
    """
    header = f"{title} Beskæftigelsesudvalget d. {date:%d-%m-%Y}\n\n" if title else ""
    decided = f"\nBeslutning\n\n{decision}\n" if decision else ""
    return (
        f"{header}Mødested C3.40\n\n"
        "Punkt 1: Godkendelse af temaplan for 2027\n\n15.00.00-A00-1-27\n\n"
        "Sagsfremstilling\n\nTemaplanen forelægges til godkendelse.\n\n"
        "Indstilling\n\nDirektøren indstiller, at temaplanen godkendes.\n"
        f"{decided}\n"
        "Punkt 2: Orientering om nøgletal\n\n15.00.00-A00-2-27\n\n"
        f"Sagsfremstilling\n\nNøgletallene for december forelægges.{extra}\n"
        f"{decided}"
    ).encode()


def import_document(data: bytes, name: str, **metadata):
    return import_file(data, filename=name, municipality="Herning Kommune", **metadata)
