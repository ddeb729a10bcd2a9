"""Forms: the clerks' upload form and the reason asked for when unpublishing."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django import forms
from django.core.files.uploadedfile import UploadedFile

from .. import kommuner
from ..importing.drafts import join_with_previous, split_item
from ..importing.sources import LARGEST_ITEM_NUMBER, size_error
from ..models import Committee, Meeting, Municipality
from ..parsing import ParsedAttachment, ParsedDecision, ParsedItem, ParsedMeeting
from ..parsing.casenumbers import normalise_case_number

NEW_COMMITTEE_NEEDED = (
    "{municipality} har intet udvalg, der hedder „{name}“. Vælg et af kommunens udvalg, "
    "eller sæt kryds ved „Opret nyt udvalg“."
)
CLOSE_TO = " Mente du {names}?"
CLOSE_COMMITTEE_WARNING = (
    "Udvalget „{name}“ oprettes som nyt, men ligner {names} i {municipality}. "
    "Kontrollér, at det ikke er det samme udvalg."
)


def quoted_names(names: list[str]) -> str:
    return " eller ".join(f"„{name}“" for name in names)


class OneLineField(forms.CharField):
    """Text on one line, runs of spaces made one: how a name is stored and compared."""

    def to_python(self, value: object) -> str:
        return " ".join(super().to_python(value).split())


class KommuneField(OneLineField):
    """A kommune as typed ("Herning"), cleaned to its official name; others are refused."""

    widget = forms.TextInput(attrs={"list": "municipality-names", "autocomplete": "off"})

    def clean(self, value: object) -> str:
        name = super().clean(value)
        if not name:
            return name
        kommune = kommuner.find(name)
        if kommune is None:
            raise forms.ValidationError(kommuner.UNKNOWN_KOMMUNE.format(name=name))
        return kommune.name


class UploadForm(forms.Form):
    """A minutes file and what the document may not say about itself."""

    file = forms.FileField(
        label="Fil",
        help_text="Referatet eller dagsordenen som PDF, HTML, tekst eller JSON.",
        # Django's "the submitted file is empty" check would come before ours; the
        # parser's message is the one clerks should see for every unreadable file.
        allow_empty_file=True,
    )
    municipality = KommuneField(
        label="Kommune",
        max_length=100,
        help_text="En af de 98 kommuner; skriv fx „Herning“ og vælg på listen.",
    )
    committee = OneLineField(
        label="Udvalg",
        max_length=200,
        required=False,
        help_text=(
            "Vælg et af kommunens udvalg. Kan udelades, hvis dokumentet selv angiver udvalget."
        ),
        widget=forms.TextInput(attrs={"list": "committee-names", "autocomplete": "off"}),
    )
    new_committee = forms.BooleanField(
        label="Opret nyt udvalg",
        required=False,
        help_text="Sæt kryds, hvis udvalget ikke findes i kommunen endnu.",
    )
    date = forms.DateField(
        label="Dato",
        required=False,
        help_text="Mødedatoen (ÅÅÅÅ-MM-DD). Kan udelades, hvis dokumentet selv angiver den.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Skriv datoen som ÅÅÅÅ-MM-DD, fx 2026-01-13."},
    )
    kind = forms.ChoiceField(
        label="Dokument",
        required=False,
        choices=[("", "Som dokumentet angiver"), *Meeting.Kind.choices],
        help_text=(
            "En dagsorden vises som kommende møde, indtil referatet kommer og udfylder "
            "beslutningerne. Uden valg: dokumentets titel, ellers dagsorden, hvis datoen "
            "er i dag eller senere og intet er besluttet."
        ),
        error_messages={
            "invalid_choice": "Vælg Dagsorden eller Referat, eller lad feltet stå tomt."
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["required"] = "Vælg den fil, der skal uploades."
        self.fields["municipality"].error_messages["required"] = "Skriv eller vælg kommunen."

    # A warning for the preview, set by clean(): a new committee close to an existing one.
    committee_warning = ""

    @property
    def municipality_names(self) -> list[str]:
        return [kommune.name for kommune in kommuner.all_kommuner()]

    @property
    def committee_choices(self) -> list[Committee]:
        """Every committee, with its kommune for the page's script to filter by."""
        return list(Committee.objects.select_related("municipality"))

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        message = size_error(upload.size)
        if message:
            raise forms.ValidationError(message)
        return upload

    def clean(self) -> dict:
        cleaned = super().clean()
        name = cleaned.get("committee")
        municipality = Municipality.objects.filter(name=cleaned.get("municipality")).first()
        if not name or municipality is None:
            return cleaned  # a kommune without rows yet has no committee to confuse it with
        committees = municipality.committees.all()
        if committees.find_by_name(name) is not None:
            return cleaned
        close = committees.close_to(name)
        if not cleaned.get("new_committee") and committees.exists():
            message = NEW_COMMITTEE_NEEDED.format(municipality=municipality, name=name)
            if close:
                message += CLOSE_TO.format(names=quoted_names(close))
            self.add_error("committee", message)
        elif close:
            self.committee_warning = CLOSE_COMMITTEE_WARNING.format(
                name=name, names=quoted_names(close), municipality=municipality
            )
        return cleaned


class ConfirmForm(forms.Form):
    """The preview's confirmation: only which stored document to save, nothing of its content."""

    source_document = forms.IntegerField(widget=forms.HiddenInput)


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label="Begrundelse",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Gemmes ved mødet eller punktet, så andre kan se, hvorfor det er taget ned.",
    )


# The preview's correction forms: the draft shown as fields the clerk can change.

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
        decisions = []
        if data["decision"].strip() or data["absent"].strip():
            decisions.append(
                ParsedDecision(
                    text=data["decision"].strip(), current=True, absent=lines(data["absent"])
                )
            )
        item = self.item or ParsedItem(number=data["number"], title=data["title"])
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
