"""Forms: the clerks' upload form and the reason asked for when unpublishing."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from .. import kommuner
from ..importing.sources import size_error
from ..models import Committee, Municipality

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


class UploadForm(forms.Form):
    """A minutes file and what the document may not say about itself."""

    file = forms.FileField(
        label="Fil",
        help_text="Referatet eller dagsordenen som PDF, HTML, tekst eller JSON.",
        # Django's "the submitted file is empty" check would come before ours; the
        # parser's message is the one clerks should see for every unreadable file.
        allow_empty_file=True,
    )
    municipality = forms.CharField(
        label="Kommune",
        max_length=100,
        help_text="En af de 98 kommuner; skriv fx „Herning“ og vælg på listen.",
        widget=forms.TextInput(attrs={"list": "municipality-names", "autocomplete": "off"}),
    )
    committee = forms.CharField(
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

    def clean_municipality(self) -> str:
        name = " ".join(self.cleaned_data["municipality"].split())
        kommune = kommuner.find(name)
        if kommune is None:
            raise forms.ValidationError(kommuner.UNKNOWN_KOMMUNE.format(name=name))
        return kommune.name

    def clean_committee(self) -> str:
        return " ".join(self.cleaned_data["committee"].split())

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
