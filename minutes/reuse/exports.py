"""Export of the filtered agenda item list as CSV or JSON lines, streamed.

/punkter/eksport.csv and /punkter/eksport.jsonl take the same GET parameters as
/punkter/ (the shared AgendaItemFilter). Rows are written while they are read,
``EXPORT_CHUNK_SIZE`` items (and one query for their decisions) at a time, so an
export of 100,000 rows never holds them all in memory. An export over the row cap
is refused with a Danish 400 that says to narrow the filter, rather than cut off
silently (refusals.py answers both refusals). The columns are documented in docs/API.md.

CSV is for a Danish spreadsheet: UTF-8 with a BOM (so Excel reads æøå), ";" as
the separator (the Danish list separator, as "," is the decimal comma), ISO dates.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone

from ..models import AgendaItem
from ..public.filters import AgendaItemFilter
from .refusals import Refused, answers_refusals, valid_or_refused

DEFAULT_MAX_ROWS = 100_000
EXPORT_CHUNK_SIZE = 2_000

COLUMNS = (
    "id",
    "kommune",
    "udvalg",
    "mødedato",
    "punkt",
    "titel",
    "sagsnummer",
    "sagsbehandler",
    "lukket",
    "indstilling",
    "beslutning",
    "link",
    "opdateret",
)

# A cell starting with one of these is a formula to a spreadsheet ("- at ..." would
# show as #NAME?, "=HYPERLINK(...)" would run); a leading apostrophe keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def max_rows() -> int:
    return getattr(settings, "EXPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def items_for_export() -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.public()
        .for_listing()
        # The body and the participants are not exported: not reading them halves the time.
        .defer("sections", "meeting__participants", "meeting__location")
        .with_current_decision_text()
    )


def export_row(item: AgendaItem, *, site: str) -> dict[str, object]:
    """One item as the export's columns; ``site`` is "https://host" for the links."""
    return {
        "id": item.pk,
        "kommune": item.municipality.name,
        "udvalg": item.committee.name,
        "mødedato": item.meeting_date.isoformat(),
        "punkt": item.number,
        "titel": item.title,
        "sagsnummer": item.case_number,
        "sagsbehandler": item.case_officer,
        "lukket": item.is_closed,
        "indstilling": item.recommendation,
        "beslutning": item.current_decision or "",
        "link": site + item.get_absolute_url(),
        "opdateret": timezone.localtime(item.updated_at).isoformat(timespec="seconds"),
    }


def export_rows(items: QuerySet[AgendaItem], *, site: str) -> Iterator[dict[str, object]]:
    for item in items.iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield export_row(item, site=site)


def csv_cell(value: object) -> object:
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class EchoBuffer:
    """A file-like object for csv.writer that hands each line back instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterator[dict[str, object]]) -> Iterator[str]:
    writer = csv.writer(EchoBuffer(), delimiter=";")
    yield "\ufeff" + writer.writerow(COLUMNS)
    for row in rows:
        yield writer.writerow([csv_cell(row[column]) for column in COLUMNS])


def json_lines(rows: Iterator[dict[str, object]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def export_items(request: HttpRequest, *, fmt: str) -> StreamingHttpResponse:
    """The filtered list as a download; ``Refused`` for bad filters or too many rows."""
    filterset = valid_or_refused(
        AgendaItemFilter(request.GET, queryset=items_for_export().newest_first())
    )
    items = filterset.qs
    limit = max_rows()
    # Counting at most limit + 1 rows keeps the check cheap on a million-row table.
    if items[: limit + 1].count() > limit:
        danish_limit = f"{limit:,}".replace(",", ".")
        raise Refused(
            f"Udtrækket har mere end {danish_limit} rækker, som er grænsen for én eksport. "
            "Afgræns med kommune, udvalg, sagsnummer eller datoer (fra, til)."
        )
    rows = export_rows(items, site=request.build_absolute_uri("/").rstrip("/"))
    filename = f"dagsordenspunkter-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(
            json_lines(rows), content_type="application/x-ndjson; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@answers_refusals
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    return export_items(request, fmt="csv")


@answers_refusals
def export_jsonl(request: HttpRequest) -> StreamingHttpResponse:
    return export_items(request, fmt="jsonl")
