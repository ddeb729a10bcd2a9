"""The editable preview's forms: the draft shown as fields the clerk can change.

The meeting and each item as read (``MeetingCorrectionForm``, ``ItemCorrectionForm``
in a formset that also removes, joins and splits items), and for a corrected
re-upload the choice per item of the saved version or the new file's
(``VersionChoiceForm``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from django import forms

from ..importing.drafts import join_with_previous, split_item
from ..importing.preview import ItemDifference
from ..importing.sources import LARGEST_ITEM_NUMBER
from ..parsing import ParsedAttachment, ParsedDecision, ParsedItem, ParsedMeeting
from ..parsing.casenumbers import normalise_case_number
from .forms import KommuneField, OneLineField

EARLIER_SEPARATOR = "---"
EARLIER_HELP = (
    "Én beslutning ad gangen, adskilt af en linje med ---. Første linje: udvalg | dato "
    "(ÅÅÅÅ-MM-DD) | punkt nr., fx „Økonomiudvalget | 2025-11-03 | 10“; derefter teksten."
)


class TextField(forms.CharField):
    """A textarea's text with the browser's CRLF line ends made plain newlines,
    so that an untouched field compares equal to what the draft holds."""

    widget = forms.Textarea

    def to_python(self, value: object) -> str:
        return super().to_python(value).replace("\r\n", "\n")


def lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


class MeetingCorrectionForm(forms.Form):
    """The meeting as read, to be corrected: kommune, udvalg, date, time, place, participants."""

    municipality = KommuneField(label="Kommune", max_length=100)
    committee = OneLineField(label="Udvalg", max_length=200)
    date = forms.DateField(
        label="Dato",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Skriv datoen som ÅÅÅÅ-MM-DD, fx 2026-01-13."},
    )
    start_time = forms.TimeField(
        label="Tidspunkt",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Skriv tidspunktet som TT:MM, fx 14:00."},
    )
    location = forms.CharField(label="Mødested", max_length=500, required=False)
    participants = TextField(
        label="Deltagere",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Én deltager pr. linje.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("municipality", "committee", "date"):
            self.fields[name].error_messages["required"] = "Feltet skal udfyldes."

    @staticmethod
    def initial_from(meeting: ParsedMeeting) -> dict:
        return {
            "municipality": meeting.municipality,
            "committee": meeting.committee,
            "date": meeting.date,
            "start_time": meeting.start_time,
            "location": meeting.location or "",
            "participants": "\n".join(meeting.participants),
        }

    def corrected(self, meeting: ParsedMeeting, items: tuple[ParsedItem, ...]) -> ParsedMeeting:
        data = self.cleaned_data
        return dataclasses.replace(
            meeting,
            municipality=data["municipality"],
            committee=data["committee"],
            date=data["date"],
            start_time=data["start_time"],
            location=data["location"] or None,
            participants=lines(data["participants"]),
            items=items,
        )


class ItemCorrectionForm(forms.Form):
    """One item as read, to be corrected, removed, joined to the one before or split."""

    number = forms.IntegerField(label="Nr.", min_value=0, max_value=LARGEST_ITEM_NUMBER)
    title = forms.CharField(label="Titel", max_length=1000)
    case_number = forms.CharField(label="Sagsnummer", max_length=100, required=False)
    is_closed = forms.BooleanField(label="Lukket punkt", required=False)
    recommendation = TextField(
        label="Indstilling", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = TextField(
        label="Beslutning (dette møde)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    absent = TextField(
        label="Fraværende",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Én pr. linje; tom: ingen fraværende.",
    )
    earlier = TextField(
        label="Tidligere beslutninger",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=EARLIER_HELP,
    )
    attachments = TextField(
        label="Bilag",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ét bilag pr. linje; et link efter | , fx „Notat | https://…“.",
    )
    remove = forms.BooleanField(label="Fjern punktet", required=False)
    join = forms.BooleanField(label="Læg sammen med punktet før", required=False)
    split_at = forms.TypedChoiceField(
        label="Del punktet fra afsnit",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "---------")],
    )

    def __init__(self, *args, item: ParsedItem | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        sections = item.sections if item is not None else ()
        self.fields["split_at"].choices = [("", "---------")] + [
            (str(index), section.heading or f"Afsnit {index + 1}")
            for index, section in enumerate(sections)
        ]
        self.fields["number"].error_messages["required"] = "Punktet skal have et nummer."
        self.fields["title"].error_messages["required"] = "Punktet skal have en titel."

    @staticmethod
    def initial_from(item: ParsedItem) -> dict:
        current = next((d for d in item.decisions if d.current), None)
        earlier = [d for d in item.decisions if not d.current]
        return {
            "number": item.number,
            "title": item.title,
            "case_number": item.case_number or "",
            "is_closed": item.is_closed,
            "recommendation": item.recommendation or "",
            "decision": current.text if current else "",
            "absent": "\n".join(current.absent) if current else "",
            "earlier": f"\n{EARLIER_SEPARATOR}\n".join(
                earlier_block(decision) for decision in earlier
            ),
            "attachments": "\n".join(
                f"{a.title} | {a.url}" if a.url else a.title for a in item.attachments
            ),
        }

    def clean_case_number(self) -> str:
        return normalise_case_number(self.cleaned_data["case_number"]) or ""

    def clean_earlier(self) -> tuple[ParsedDecision, ...]:
        return parse_earlier(self.cleaned_data["earlier"])

    def clean_attachments(self) -> tuple[ParsedAttachment, ...]:
        attachments = []
        for line in lines(self.cleaned_data["attachments"]):
            title, _, url = (part.strip() for part in line.partition("|"))
            if url and not url.startswith(("http://", "https://")):
                raise forms.ValidationError(f"Bilaget „{title}“: linket skal begynde med https://.")
            attachments.append(ParsedAttachment(title=title or url, url=url or None))
        return tuple(attachments)

    def corrected(self) -> ParsedItem:
        """The item as the clerk left it (its body sections as they were)."""
        data = self.cleaned_data
        item = self.item or ParsedItem(number=data["number"], title=data["title"])
        decisions = []
        if data["decision"].strip() or data["absent"].strip():
            # What the form does not show (the committee, date and item number the
            # parser gave this meeting's decision) stays as read.
            read = next((d for d in item.decisions if d.current), None)
            decisions.append(
                dataclasses.replace(
                    read or ParsedDecision(text="", current=True),
                    text=data["decision"].strip(),
                    absent=lines(data["absent"]),
                )
            )
        return dataclasses.replace(
            item,
            number=data["number"],
            title=" ".join(data["title"].split()),
            case_number=data["case_number"] or None,
            is_closed=data["is_closed"],
            recommendation=data["recommendation"].strip() or None,
            decisions=(*decisions, *data["earlier"]),
            attachments=data["attachments"],
        )


def earlier_block(decision: ParsedDecision) -> str:
    head = " | ".join(
        [
            decision.body or "",
            decision.date.isoformat() if decision.date else "",
            "" if decision.item_number is None else str(decision.item_number),
        ]
    )
    return f"{head}\n{decision.text}"


def parse_earlier(text: str) -> tuple[ParsedDecision, ...]:
    """The earlier decisions as the clerk wrote them (``EARLIER_HELP``); Danish errors."""
    decisions = []
    blocks = "\n".join(text.splitlines()).split(f"\n{EARLIER_SEPARATOR}\n")
    for block in blocks:
        if not block.strip():
            continue
        head, _, body = block.strip().partition("\n")
        parts = [part.strip() for part in head.split("|")]
        if len(parts) != 3:
            raise forms.ValidationError(
                f"„{head}“: første linje skal være udvalg | dato | punkt nr."
            )
        committee, date_text, number_text = parts
        try:
            date = dt.date.fromisoformat(date_text) if date_text else None
        except ValueError:
            raise forms.ValidationError(
                f"„{date_text}“ er ikke en dato; skriv ÅÅÅÅ-MM-DD."
            ) from None
        if number_text and not number_text.isdigit():
            raise forms.ValidationError(f"„{number_text}“ er ikke et punktnummer.")
        decisions.append(
            ParsedDecision(
                text=body.strip(),
                current=False,
                body=committee or None,
                date=date,
                item_number=int(number_text) if number_text else None,
            )
        )
    return tuple(decisions)


class BaseItemCorrectionFormSet(forms.BaseFormSet):
    def __init__(self, *args, items: tuple[ParsedItem, ...] = (), **kwargs) -> None:
        self.items = items
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int) -> dict:
        return {"item": self.items[index] if index < len(self.items) else None}

    def clean(self) -> None:
        if any(form.errors for form in self.forms):
            return
        kept = [
            form.cleaned_data
            for index, form in enumerate(self.forms)
            if not form.cleaned_data.get("remove")
            and not (index > 0 and form.cleaned_data.get("join"))
        ]
        numbers = [data["number"] for data in kept]
        twice = sorted({number for number in numbers if numbers.count(number) > 1})
        if twice:
            raise forms.ValidationError(
                "To punkter har samme nummer: " + ", ".join(str(n) for n in twice) + "."
            )

    def corrected_items(self) -> tuple[ParsedItem, ...]:
        """The items as corrected, with removals, joins and splits done."""
        items: list[ParsedItem] = []
        for form in self.forms:
            data = form.cleaned_data
            if data.get("remove"):
                continue
            item = form.corrected()
            if data.get("join") and items:
                items[-1] = join_with_previous(item, items[-1])
                continue
            if data.get("split_at") is not None and data["split_at"] < len(item.sections):
                taken = {i.number for i in items} | {f.cleaned_data["number"] for f in self.forms}
                number = item.number + 1
                while number in taken:
                    number += 1
                items.extend(split_item(item, at_section=data["split_at"], number=number))
                continue
            items.append(item)
        return tuple(items)


ItemCorrectionFormSet = forms.formset_factory(
    ItemCorrectionForm, formset=BaseItemCorrectionFormSet, extra=0
)


KEEP_NEW = "new"
KEEP_SAVED = "saved"


class VersionChoiceForm(forms.Form):
    """A corrected re-upload's choice per item that differs: the saved version or the new file's.

    Its radio buttons stand in the list of differences, outside the correction
    form's element, and belong to it through their ``form`` attribute.
    """

    prefix = "version"

    def __init__(self, *args, differences: Iterable[ItemDifference] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.differences = list(differences)
        for difference in self.differences:
            if difference.saved_title is None:
                choices = [(KEEP_NEW, "Tilføj punktet fra den nye fil"), (KEEP_SAVED, "Lad være")]
            elif difference.new_title is None:
                choices = [(KEEP_NEW, "Lad punktet udgå"), (KEEP_SAVED, "Behold det gemte punkt")]
            else:
                choices = [(KEEP_NEW, "Brug den nye fil"), (KEEP_SAVED, "Behold den gemte udgave")]
            self.fields[self.field_name(difference)] = forms.ChoiceField(
                label=f"Punkt {difference.number}",
                choices=choices,
                required=False,
                initial=KEEP_SAVED if difference.keeps_saved else KEEP_NEW,
                widget=forms.RadioSelect(attrs={"form": "correction"}),
            )

    @staticmethod
    def field_name(difference: ItemDifference) -> str:
        return f"item-{difference.number}"

    @property
    def rows(self) -> list[tuple[ItemDifference, forms.BoundField]]:
        return [(d, self[self.field_name(d)]) for d in self.differences]

    def keep_saved(self) -> dict[int, bool]:
        """The choices the clerk changed: item number -> keep the saved version."""
        return {
            difference.number: self.cleaned_data[name] == KEEP_SAVED
            for difference in self.differences
            if (name := self.field_name(difference)) in self.changed_data
            and self.cleaned_data[name]
        }
