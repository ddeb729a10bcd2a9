"""Forms: the clerks' upload form and the reason asked for when unpublishing."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

from ..importing.sources import size_error
from ..models import Municipality


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
        help_text="Vælg en kommune på listen, eller skriv navnet på en ny.",
        widget=forms.TextInput(attrs={"list": "municipality-names", "autocomplete": "off"}),
    )
    committee = forms.CharField(
        label="Udvalg",
        max_length=200,
        required=False,
        help_text="Kan udelades, hvis dokumentet selv angiver udvalget.",
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

    @property
    def municipality_names(self) -> list[str]:
        return list(Municipality.objects.values_list("name", flat=True))

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        message = size_error(upload.size)
        if message:
            raise forms.ValidationError(message)
        return upload

    def clean_municipality(self) -> str:
        return " ".join(self.cleaned_data["municipality"].split())

    def clean_committee(self) -> str:
        return " ".join(self.cleaned_data["committee"].split())


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
