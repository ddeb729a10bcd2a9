"""The filters of /punkter/ and /moeder/, as GET parameters that can be bookmarked.

One FilterSet per list, shared by the HTML pages, the API and the feeds. The
parameter names are Danish and part of the public interface: ``kommune`` (several
allowed), ``udvalg``, ``sagsnummer``, ``fra``, ``til`` and ``q``.

The FilterSets are strict: a bad date or an unknown slug becomes a Danish error on
the form and the result is empty, never a 500 and never a silently unfiltered
list (a journalist must not mistake "all of Denmark" for "Herning").
"""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django_filters import CharFilter, DateFilter, FilterSet, MultipleChoiceFilter

from .models import AgendaItem, Committee, Meeting, Municipality
from .parsing.casenumbers import is_case_number_line, normalise_case_number

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def municipality_choices() -> list[tuple[str, str]]:
    return list(Municipality.objects.values_list("slug", "name"))


def committee_choices() -> list[tuple[str, str]]:
    """Committee slugs across municipalities: "okonomiudvalget" is many committees.

    Slugs are unique only within a municipality, so the same slug is one choice;
    the first name seen (alphabetically) labels it.
    """
    choices: dict[str, str] = {}
    for slug, name in Committee.objects.order_by("name", "slug").values_list("slug", "name"):
        choices.setdefault(slug, name)
    return list(choices.items())


def case_number_q(value: str, *, field: str = "case_number") -> Q:
    """A whole case number matches exactly (normalised); anything shorter is a prefix.

    "15.00.00A21-1-25" finds "15.00.00-A21-1-25"; "15.00" finds every case under
    KLE subject 15.00. A prefix is matched as typed and upper-cased, because the
    canonical KLE form has an upper-case facet letter ("a00" -> "A00") while other
    case systems keep their numbers as printed.
    """
    cleaned = " ".join(value.split())
    if is_case_number_line(cleaned):
        return Q(**{field: normalise_case_number(cleaned)})
    query = Q(**{f"{field}__startswith": cleaned})
    if cleaned.upper() != cleaned:
        query |= Q(**{f"{field}__startswith": cleaned.upper()})
    return query


class StrictFilterForm(forms.Form):
    """Checks across fields: a period that ends before it starts is a mistake."""

    def clean(self) -> dict:
        cleaned = super().clean()
        date_from, date_to = cleaned.get("fra"), cleaned.get("til")
        if date_from and date_to and date_from > date_to:
            self.add_error("til", "Til-datoen ligger før fra-datoen.")
        return cleaned


class StrictFilterSet(FilterSet):
    """Invalid input gives no rows (and the form shows why) instead of being ignored."""

    @property
    def qs(self) -> QuerySet:
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs

    @property
    def is_filtered(self) -> bool:
        """True when any filter has a value: the page says "filtreret" and offers a reset."""
        if not self.is_bound:
            return False
        return any(self.data.get(name) for name in self.filters)


class SelectOneOrMore(forms.Select):
    """A single <select> for a field that accepts several values from the URL.

    The template renders the options itself, with a first "Alle udvalg" option
    whose empty value means no filter.
    """

    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name: str) -> list[str]:
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if values is None:
            return []
        if isinstance(values, str):
            values = [values]
        # The form's "Alle udvalg" option sends an empty value: no filter.
        return [value for value in values if value]


def _kommune_filter() -> MultipleChoiceFilter:
    return MultipleChoiceFilter(
        field_name="municipality__slug",
        label="Kommune",
        choices=municipality_choices,
        # One row per item: the filter is an OR of equalities on a to-one relation.
        distinct=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Ukendt kommune: %(value)s."},
    )


def _udvalg_filter() -> MultipleChoiceFilter:
    # A MultipleChoiceFilter so that ?udvalg=a&udvalg=b also works, though the
    # form offers one; each slug may name committees in several municipalities.
    return MultipleChoiceFilter(
        field_name="committee__slug",
        label="Udvalg",
        choices=committee_choices,
        distinct=False,
        widget=SelectOneOrMore,
        error_messages={"invalid_choice": "Ukendt udvalg: %(value)s."},
    )


def _date_filter(field_name: str, lookup_expr: str, label: str) -> DateFilter:
    return DateFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        label=label,
        widget=DATE_WIDGET,
        error_messages={"invalid": "Skriv datoen som åååå-mm-dd, fx 2026-01-13."},
    )


class AgendaItemFilter(StrictFilterSet):
    """Filters for the agenda item list (/punkter/), newest first."""

    kommune = _kommune_filter()
    udvalg = _udvalg_filter()
    sagsnummer = CharFilter(
        method="filter_case_number",
        label="Sagsnummer",
        help_text="Hele sagsnummeret eller begyndelsen, fx 15.00",
        max_length=100,
    )
    fra = _date_filter("meeting_date", "gte", "Fra dato")
    til = _date_filter("meeting_date", "lte", "Til dato")
    q = CharFilter(method="filter_text", label="Søg", max_length=200)

    class Meta:
        model = AgendaItem
        fields: list[str] = []
        form = StrictFilterForm

    def __init__(self, data=None, queryset=None, **kwargs) -> None:
        if queryset is None:
            queryset = AgendaItem.objects.public().for_listing().newest_first()
        super().__init__(data, queryset, **kwargs)

    def filter_case_number(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value.strip():
            return queryset
        return queryset.filter(case_number_q(value))

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # TODO(search team): replace with minutes.search.search() (the Tantivy
        # engine, agreed API in the shared notes); until then a plain title match.
        if not value.strip():
            return queryset
        return queryset.filter(title__icontains=value.strip())


class MeetingFilter(StrictFilterSet):
    """Filters for the meeting list (/moeder/), newest first."""

    kommune = _kommune_filter()
    udvalg = _udvalg_filter()
    sagsnummer = CharFilter(
        method="filter_case_number",
        label="Sagsnummer",
        help_text="Møder der behandlede sagen; hele nummeret eller begyndelsen",
        max_length=100,
    )
    fra = _date_filter("date", "gte", "Fra dato")
    til = _date_filter("date", "lte", "Til dato")

    class Meta:
        model = Meeting
        fields: list[str] = []
        form = StrictFilterForm

    def __init__(self, data=None, queryset=None, **kwargs) -> None:
        if queryset is None:
            queryset = Meeting.objects.public().for_listing()
        super().__init__(data, queryset, **kwargs)

    def filter_case_number(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value.strip():
            return queryset
        # Exists, not a join: one row per meeting however many items match.
        items = AgendaItem.objects.public().filter(case_number_q(value), meeting=OuterRef("pk"))
        return queryset.filter(Exists(items))
