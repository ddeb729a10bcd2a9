"""The admin's forms for saved records: lists as lines and sections as rows, never JSON.

A clerk correcting a saved meeting edits its participants, a decision's absent
members and an item's sections here. The model fields are JSON lists; these
fields show them as one name per line and as heading + text rows, and turn what
the clerk typed back into the same lists the import writes.
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting

from ..models import AgendaItem, Decision, Meeting
from .draft_forms import lines

# The project's templates (templates/admin/minutes/widgets/), which Django's
# default form renderer does not search.
PROJECT_TEMPLATES = TemplatesSetting()

# More rows than any real item has (the seeds have at most a dozen sections);
# a forged count must not make the form loop for long.
MAX_SECTION_ROWS = 500


class LinesField(forms.CharField):
    """A list of names (a JSON list) edited as one name per line."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 50})

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list | tuple):
            return "\n".join(str(entry) for entry in value)
        return value

    def to_python(self, value: object) -> list[str]:
        return list(lines(super().to_python(value)))


class SectionsWidget(forms.Widget):
    """The item's sections as rows of a heading and a text, plus one empty row to add one.

    The rows are posted as ``<name>-<i>-heading`` and ``<name>-<i>-text``, and
    ``<name>-rows`` says how many there are.
    """

    template_name = "admin/minutes/widgets/sections.html"

    def render(self, name, value, attrs=None, renderer=None) -> str:
        return super().render(name, value, attrs, renderer=PROJECT_TEMPLATES)

    def get_context(self, name: str, value: object, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        rows = [*(value if isinstance(value, list) else []), {"heading": "", "text": ""}]
        context["widget"]["rows"] = [
            {
                "heading": row.get("heading", ""),
                "text": row.get("text", ""),
                "height": min(max(3, row.get("text", "").count("\n") + 2), 20),
            }
            for row in rows
        ]
        context["widget"]["row_count"] = len(rows)
        return context

    def value_from_datadict(self, data, files, name: str) -> list[dict] | None:
        try:
            count = min(int(data.get(f"{name}-rows", "")), MAX_SECTION_ROWS)
        except ValueError:
            return None
        return [
            {
                "heading": data.get(f"{name}-{index}-heading", ""),
                "text": data.get(f"{name}-{index}-text", ""),
            }
            for index in range(count)
        ]

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        return f"{name}-rows" not in data


class SectionsField(forms.Field):
    """An item's sections (a JSON list of {heading, text}) edited as rows.

    A row whose heading and text are both empty is left out: that is how a
    section is removed, and how the empty row for a new one stays unused.
    """

    widget = SectionsWidget

    def to_python(self, value: object) -> list[dict[str, str]]:
        if value in self.empty_values:
            return []
        if not isinstance(value, list):
            raise forms.ValidationError("Afsnittene kunne ikke læses; indlæs siden igen.")
        sections = []
        for row in value:
            heading = " ".join(str(row.get("heading", "")).split())
            text = str(row.get("text", "")).replace("\r\n", "\n").strip()
            if heading or text:
                sections.append({"heading": heading, "text": text})
        return sections


class MeetingAdminForm(forms.ModelForm):
    participants = LinesField(
        label="Mødedeltagere", required=False, help_text="Én deltager pr. linje."
    )

    class Meta:
        model = Meeting
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin decides which fields it shows


class DecisionInlineForm(forms.ModelForm):
    absent = LinesField(
        label="Fraværende",
        required=False,
        help_text="Én pr. linje; tom: ingen fraværende.",
    )

    class Meta:
        model = Decision
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin decides which fields it shows


class AgendaItemAdminForm(forms.ModelForm):
    sections = SectionsField(
        label="Afsnit",
        required=False,
        help_text=(
            "Punktets tekst som afsnit med overskrift. Et nyt afsnit skrives i den tomme "
            "række nederst (tryk „Gem og fortsæt redigering“ for endnu en); tøm overskrift "
            "og tekst for at fjerne et afsnit."
        ),
    )

    class Meta:
        model = AgendaItem
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin decides which fields it shows
