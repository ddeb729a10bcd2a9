"""Forms: the clerks' upload form, the text editor for a document the parser could not
read, and the reason asked for when unpublishing. The preview's corrections are in
draft_forms.py."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from .. import kommuner
from ..importing.sources import size_error
from ..models import Committee, Meeting, Municipality, SourceDocument

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


class MeetingMetadataForm(forms.Form):
    """What the document may not say about itself: kommune, udvalg (chosen or new), date."""

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


class UploadForm(MeetingMetadataForm):
    """A minutes file and what the document may not say about itself."""

    field_order = ["file"]

    file = forms.FileField(
        label="Fil",
        help_text="Referatet eller dagsordenen som PDF, HTML, tekst eller JSON.",
        # Django's "the submitted file is empty" check would come before ours; the
        # parser's message is the one clerks should see for every unreadable file.
        allow_empty_file=True,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].error_messages["required"] = "Vælg den fil, der skal uploades."

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        message = size_error(upload.size)
        if message:
            raise forms.ValidationError(message)
        return upload


class EditedTextForm(MeetingMetadataForm):
    """A document's text as the clerk corrected it, to be read again (the dead end's way out)."""

    field_order = ["text"]

    text = forms.CharField(
        label="Dokumentets tekst",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100, "spellcheck": "false"}),
        error_messages={"required": "Indsæt eller skriv referatets tekst."},
    )

    @staticmethod
    def initial_for(document: SourceDocument, text: str) -> dict:
        """The document's text with what the clerk typed when uploading it."""
        municipality = Municipality.objects.find_by_name(document.entered_municipality)
        committee = document.entered_committee
        return {
            "text": text,
            "municipality": document.entered_municipality,
            "committee": committee,
            # A committee created at upload must not be asked for again.
            "new_committee": bool(committee)
            and (municipality is None or municipality.committees.find_by_name(committee) is None),
            "date": document.entered_date,
        }

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        message = size_error(len(text.encode("utf-8")))
        if message:
            raise forms.ValidationError(message)
        if not text.strip():
            raise forms.ValidationError("Indsæt eller skriv referatets tekst.")
        return text


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
