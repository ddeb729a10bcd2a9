"""What a parsed meeting would create or change, compared with what is stored.

The clerk's preview in the admin, ``import_minutes --dry-run`` and ``save_meeting``
(save.py) all compare through here, so what the preview promises is what the
save does. Read-only: nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from ..models import AgendaItem, Attachment, Decision, Meeting, Municipality
from ..parsing import (
    ParsedAttachment,
    ParsedDecision,
    ParsedItem,
    ParsedMeeting,
    ParsedSection,
)

# The decisions of the referat would be lost to the agenda's empty items.
AGENDA_AFTER_MINUTES = (
    "Mødet har allerede et referat; en dagsorden kan ikke erstatte det. "
    "Er det et rettet referat, så vælg „Referat“ under Dokument."
)


@dataclass(frozen=True)
class ImportPreview:
    """What saving a parsed meeting would do, for the clerk to check first.

    ``existing`` is the meeting with the same municipality, committee and date, if
    any; the three lists hold item numbers compared with it.
    """

    parsed: ParsedMeeting
    existing: Meeting | None
    added: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    meeting_changed: bool = False

    @property
    def is_update(self) -> bool:
        return self.existing is not None

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.meeting_changed)

    @property
    def kind(self) -> Meeting.Kind:
        return meeting_kind(self.parsed)

    @property
    def refusal(self) -> str:
        """Why saving would be refused ("" if it would not): an agenda over a referat."""
        if (
            self.existing is not None
            and self.existing.kind == Meeting.Kind.MINUTES
            and self.kind == Meeting.Kind.AGENDA
        ):
            return AGENDA_AFTER_MINUTES
        return ""

    @property
    def rows(self) -> list[tuple[ParsedItem, str]]:
        """Each parsed item with what saving does to it: "ny", "ændret" or "uændret"."""
        if self.existing is None:
            return [(item, "ny") for item in self.parsed.items]
        added, changed = set(self.added), set(self.changed)
        return [
            (
                item,
                "ny" if item.number in added else "ændret" if item.number in changed else "uændret",
            )
            for item in self.parsed.items
        ]


def find_meeting(parsed: ParsedMeeting) -> Meeting | None:
    """The meeting on the natural key of a parsed one, if it was imported before."""
    municipality = Municipality.objects.find_by_name(parsed.municipality)
    if municipality is None:
        return None
    committee = municipality.committees.find_by_name(parsed.committee)
    if committee is None:
        return None
    return (
        Meeting.objects.select_related("municipality", "committee")
        .filter(committee=committee, date=parsed.date, sequence=1)
        .first()
    )


def preview_import(parsed: ParsedMeeting) -> ImportPreview:
    """Compare a parsed meeting with the one it would update."""
    existing = find_meeting(parsed)
    if existing is None:
        return new_meeting_preview(parsed)
    return compare(parsed, existing, stored_items(existing))


def new_meeting_preview(parsed: ParsedMeeting) -> ImportPreview:
    return ImportPreview(parsed=parsed, existing=None, added=[item.number for item in parsed.items])


def stored_items(meeting: Meeting) -> dict[int, AgendaItem]:
    """The meeting's items by number, decisions and attachments prefetched: three queries."""
    items = meeting.items.order_by("number").prefetch_related("decisions", "attachments")
    return {item.number: item for item in items}


def compare(
    parsed: ParsedMeeting, existing: Meeting, stored: dict[int, AgendaItem]
) -> ImportPreview:
    """The preview of updating ``existing``, whose items by number are ``stored``."""
    added, changed = [], []
    for parsed_item in parsed.items:
        item = stored.get(parsed_item.number)
        if item is None:
            added.append(parsed_item.number)
        elif item.is_withdrawn or stored_item_values(item) != parsed_item_values(parsed_item):
            changed.append(parsed_item.number)
    parsed_numbers = {item.number for item in parsed.items}
    removed = [
        number
        for number, item in stored.items()
        if number not in parsed_numbers and not item.is_withdrawn
    ]
    return ImportPreview(
        parsed=parsed,
        existing=existing,
        added=added,
        removed=removed,
        changed=changed,
        meeting_changed=stored_meeting_values(existing) != parsed_meeting_values(parsed),
    )


def meeting_kind(parsed: ParsedMeeting) -> Meeting.Kind:
    """Agenda (dagsorden) or minutes (referat): what the document or the clerk says.

    A document that does not say (PDF text without a title, a JSON record) is an
    agenda when none of its items has a decision yet and its date is today or
    ahead: no referat is written before the meeting (nor, in practice, on its day
    without a single decision). Otherwise it is a referat, as every
    meeting imported before agendas were known.
    """
    if parsed.kind:
        return Meeting.Kind(parsed.kind)
    decided = any(
        decision.current and decision.text for item in parsed.items for decision in item.decisions
    )
    if not decided and parsed.date is not None and parsed.date >= timezone.localdate():
        return Meeting.Kind.AGENDA
    return Meeting.Kind.MINUTES


def parsed_meeting_values(parsed: ParsedMeeting) -> dict:
    """The Meeting fields a parsed meeting sets, in the model's form."""
    return {
        "start_time": parsed.start_time,
        "location": fit(parsed.location or "", Meeting, "location"),
        "participants": list(parsed.participants),
        "kind": meeting_kind(parsed),
    }


def stored_meeting_values(meeting: Meeting) -> dict:
    return {
        "start_time": meeting.start_time,
        "location": meeting.location,
        "participants": list(meeting.participants),
        "kind": meeting.kind,
    }


def parsed_item_values(item: ParsedItem) -> dict:
    """An item's content in the model's form, decisions and attachments included.

    The same shape as ``stored_item_values``, so comparing the two says whether a
    corrected upload changed the item.
    """
    return {
        "title": fit(item.title, AgendaItem, "title"),
        "case_number": fit(item.case_number or "", AgendaItem, "case_number"),
        "case_officer": fit(item.case_officer or "", AgendaItem, "case_officer"),
        "is_closed": item.is_closed,
        "sections": [{"heading": s.heading, "text": s.text} for s in item.sections],
        "recommendation": item.recommendation or "",
        "decisions": [
            {
                "is_current": decision.current,
                "committee_name": fit(decision.body or "", Decision, "committee_name"),
                "date": decision.date,
                "item_number": decision.item_number,
                "text": decision.text,
                "absent": list(decision.absent),
            }
            for decision in item.decisions
        ],
        "attachments": [
            {
                "title": fit(attachment.title, Attachment, "title"),
                "url": fit(attachment.url or "", Attachment, "url"),
            }
            for attachment in item.attachments
        ],
    }


def stored_item_values(item: AgendaItem) -> dict:
    """Reads the item's decisions and attachments: prefetch them for many items."""
    return {
        "title": item.title,
        "case_number": item.case_number,
        "case_officer": item.case_officer,
        "is_closed": item.is_closed,
        "sections": item.sections,
        "recommendation": item.recommendation,
        "decisions": [
            {
                "is_current": decision.is_current,
                "committee_name": decision.committee_name,
                "date": decision.date,
                "item_number": decision.item_number,
                "text": decision.text,
                "absent": decision.absent,
            }
            for decision in item.decisions.all()
        ],
        "attachments": [
            {"title": attachment.title, "url": attachment.url}
            for attachment in item.attachments.all()
        ],
    }


def fit(value: str, model: type[models.Model], field_name: str) -> str:
    # A parser result longer than the column would fail on PostgreSQL only; the
    # text is kept whole in the stored source document.
    max_length = model._meta.get_field(field_name).max_length
    return value.strip()[:max_length]


def stored_as_parsed(item: AgendaItem) -> ParsedItem:
    """A saved item in the parser's records: the "keep the saved version" of a re-upload.

    The inverse of ``parsed_item_values`` for what is stored, so the saved version
    put back into a draft compares as unchanged. Reads decisions and attachments.
    """
    return ParsedItem(
        number=item.number,
        title=item.title,
        case_number=item.case_number or None,
        case_officer=item.case_officer or None,
        is_closed=item.is_closed,
        sections=tuple(
            ParsedSection(heading=section["heading"], text=section["text"])
            for section in item.sections
        ),
        recommendation=item.recommendation or None,
        decisions=tuple(
            ParsedDecision(
                text=decision.text,
                current=decision.is_current,
                body=decision.committee_name or None,
                date=decision.date,
                item_number=decision.item_number,
                absent=tuple(decision.absent),
            )
            for decision in item.decisions.all()
        ),
        attachments=tuple(
            ParsedAttachment(title=attachment.title, url=attachment.url or None)
            for attachment in item.attachments.all()
        ),
    )


# What the clerk is shown of an item that differs, in this order.
ITEM_FIELD_LABELS = {
    "title": "Titel",
    "case_number": "Sagsnummer",
    "case_officer": "Sagsbehandler",
    "is_closed": "Lukket punkt",
    "recommendation": "Indstilling",
    "decisions": "Beslutninger",
    "attachments": "Bilag",
    "sections": "Punktets tekst",
}


@dataclass(frozen=True)
class FieldDifference:
    label: str
    saved: str
    new: str


@dataclass(frozen=True)
class ItemDifference:
    """One item on which a re-uploaded file and the saved meeting differ.

    ``saved_title`` is None for an item only the new file has, ``new_title`` for
    one only the saved meeting has. ``corrected_by_hand``: the saved version is the
    clerk's own correction of what the parser read. ``keeps_saved``: the draft
    holds the saved version now (the clerk chose it), else the new file's.
    """

    number: int
    saved_title: str | None
    new_title: str | None
    fields: list[FieldDifference]
    corrected_by_hand: bool
    keeps_saved: bool


def item_differences(
    new: ParsedMeeting,
    draft: ParsedMeeting,
    *,
    stored: dict[int, AgendaItem],
    corrected_by_hand: set[int],
) -> list[ItemDifference]:
    """Per item number, how the new file's reading differs from the saved meeting.

    ``new`` is the file as read, ``draft`` as the clerk has it now, ``stored`` the
    meeting's items by number (``stored_items``).
    """
    saved = {
        number: stored_item_values(item) for number, item in stored.items() if not item.is_withdrawn
    }
    read = {item.number: parsed_item_values(item) for item in new.items}
    current = {item.number: parsed_item_values(item) for item in draft.items}
    differences = []
    for number in sorted(set(saved) | set(read)):
        saved_values, new_values = saved.get(number), read.get(number)
        if saved_values == new_values:
            continue
        fields = []
        if saved_values is not None and new_values is not None:
            fields = [
                FieldDifference(
                    label=label,
                    saved=shown_value(name, saved_values[name]),
                    new=shown_value(name, new_values[name]),
                )
                for name, label in ITEM_FIELD_LABELS.items()
                if saved_values[name] != new_values[name]
            ]
        differences.append(
            ItemDifference(
                number=number,
                saved_title=saved_values["title"] if saved_values else None,
                new_title=new_values["title"] if new_values else None,
                fields=fields,
                corrected_by_hand=number in corrected_by_hand,
                keeps_saved=current.get(number) == saved_values,
            )
        )
    return differences


def shown_value(name: str, value: object) -> str:
    """One of ``parsed_item_values``' values as the clerk reads it."""
    if name == "is_closed":
        return "ja" if value else "nej"
    if name == "sections":
        return "\n\n".join(
            "\n".join(part for part in (s["heading"], s["text"]) if part) for s in value
        )
    if name == "decisions":
        return "\n\n".join(_shown_decision(decision) for decision in value)
    if name == "attachments":
        return "\n".join(f"{a['title']} | {a['url']}" if a["url"] else a["title"] for a in value)
    return str(value)


def _shown_decision(decision: dict) -> str:
    if decision["is_current"]:
        head = "Dette møde"
    else:
        date = decision["date"].strftime("%d.%m.%Y") if decision["date"] else ""
        head = " ".join(part for part in (decision["committee_name"], date) if part) or "Tidligere"
    absent = f" (fraværende: {', '.join(decision['absent'])})" if decision["absent"] else ""
    return f"{head}: {decision['text']}{absent}"
