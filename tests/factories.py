"""Plain factories with fixed defaults: make_meeting(**overrides) and friends."""

import datetime as dt

from minutes.models import AgendaItem, Attachment, Committee, Decision, Meeting, Municipality


def make_municipality(**overrides) -> Municipality:
    fields = {"name": "Herning Kommune", "slug": "herning-kommune"} | overrides
    municipality, _ = Municipality.objects.get_or_create(slug=fields["slug"], defaults=fields)
    return municipality


def without_unused_kommuner() -> None:
    """Remove the kommuner migration 0009 loaded that no committee uses.

    For tests about "every municipality" that count the few they made; the import
    path brings a removed kommune back from the official list when it needs one.
    """
    Municipality.objects.filter(committees__isnull=True).delete()


def make_committee(**overrides) -> Committee:
    municipality = overrides.pop("municipality", None) or make_municipality()
    fields = {"name": "Beskæftigelsesudvalget", "slug": "beskaeftigelsesudvalget"} | overrides
    committee, _ = Committee.objects.get_or_create(
        municipality=municipality, slug=fields["slug"], defaults=fields
    )
    return committee


def make_meeting(**overrides) -> Meeting:
    committee = overrides.pop("committee", None) or make_committee()
    fields = {
        "municipality": committee.municipality,
        "committee": committee,
        "date": dt.date(2026, 1, 13),
        "location": "Rådhuset, mødelokale 1",
    } | overrides
    return Meeting.objects.create(**fields)


def make_item(**overrides) -> AgendaItem:
    meeting = overrides.pop("meeting", None) or make_meeting()
    fields = {
        "meeting": meeting,
        **meeting.item_copies(),
        "number": 1,
        "title": "Godkendelse af dagsorden",
        "case_number": "00.22.02-G01-1-26",
        "sections": [{"heading": "Sagsfremstilling", "text": "Dagsordenen fremlægges."}],
        "recommendation": "- at dagsordenen godkendes.",
    } | overrides
    return AgendaItem.objects.create(**fields)


def make_decision(**overrides) -> Decision:
    item = overrides.pop("agenda_item", None) or make_item()
    fields = {
        "agenda_item": item,
        "position": 0,
        "is_current": True,
        "committee_name": item.committee.name,
        "date": item.meeting_date,
        "item_number": item.number,
        "text": "Godkendt.",
    } | overrides
    return Decision.objects.create(**fields)


def make_attachment(**overrides) -> Attachment:
    item = overrides.pop("agenda_item", None) or make_item()
    fields = {"agenda_item": item, "position": 0, "title": "Bilag 1"} | overrides
    return Attachment.objects.create(**fields)
