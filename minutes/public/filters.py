"""The filters of /punkter/ and /moeder/, as GET parameters that can be bookmarked.

One FilterSet per list, shared by the HTML pages, the API and the feeds. The
parameter names are Danish and part of the public interface: ``kommune`` (several
allowed), ``udvalg``, ``sagsnummer``, ``fra``, ``til`` and ``q``.

The FilterSets are strict: a bad date or an unknown slug becomes a Danish error on
the form and the result is empty, never a 500 and never a silently unfiltered
list (a journalist must not mistake "all of Denmark" for "Herning").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django import forms
from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.utils.choices import BaseChoiceIterator
from django_filters import CharFilter, ChoiceFilter, DateFilter, FilterSet, MultipleChoiceFilter

from .. import search
from ..models import AgendaItem, Committee, Meeting, Municipality
from ..parsing.casenumbers import case_number_query

# How many search hits a QuerySet filter takes (API and feeds; the HTML list pages
# through the engine itself).
SEARCH_FILTER_LIMIT = 1000

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LazyChoices(BaseChoiceIterator):
    """Choices read from the database once per form, when the form first uses them.

    Each copy (Django deep-copies fields for every form) starts empty, so a new
    municipality appears in the next request's form and never in a stale one.
    """

    def __init__(self, load: Callable[[], list[tuple[str, str]]]) -> None:
        self.load = load
        self.loaded: list[tuple[str, str]] | None = None

    def __deepcopy__(self, memo: dict) -> LazyChoices:
        return LazyChoices(self.load)

    def _choices(self) -> list[tuple[str, str]]:
        if self.loaded is None:
            self.loaded = self.load()
        return self.loaded

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._choices())

    def __len__(self) -> int:
        return len(self._choices())


# The kommune and udvalg choices are the same for every list request until the
# data changes: cached under the meetings' last change (one index lookup instead
# of two queries and ~120 rows a request). The timeout bounds what the stamp does
# not see (a committee renamed in the admin).
FILTER_CHOICES_CACHE_SECONDS = 300


# (slug, name, id) of a municipality: its choice and the id its rows are filtered by.
MunicipalityRow = tuple[str, str, int]


def change_stamp() -> str:
    """The meetings' last change as a cache key part (one index lookup)."""
    changed = Meeting.objects.last_change()
    return changed.isoformat() if changed else "empty"


def filter_choices(
    stamp: str | None = None,
) -> tuple[list[MunicipalityRow], list[tuple[str, str]]]:
    """(municipality rows, udvalg choices), read from the cache while no meeting changed."""
    key = f"minutes:filter-choices:2:{stamp or change_stamp()}"
    choices = cache.get(key)
    if choices is None:
        choices = (municipality_rows(), committee_choices())
        cache.set(key, choices, FILTER_CHOICES_CACHE_SECONDS)
    return choices


class FilterChoices:
    """The kommune and udvalg choices of one FilterSet, each loaded on first use.

    Every choice from the cache (the HTML lists render them all; both lists in one
    cache read), or with ``given`` (kommune slugs, udvalg slugs) only those, from
    the database: the API and the feeds only validate what they are asked for.
    """

    def __init__(self, given: tuple[list[str], list[str]] | None = None) -> None:
        self.given = given
        self.loaded_municipalities: list[MunicipalityRow] | None = None
        self.loaded_committees: list[tuple[str, str]] | None = None
        self.loaded_stamp: str | None = None

    @property
    def stamp(self) -> str:
        """The change stamp the cached choices are keyed by, read once (facets use it too)."""
        if self.loaded_stamp is None:
            self.loaded_stamp = change_stamp()
        return self.loaded_stamp

    def _municipality_rows(self) -> list[MunicipalityRow]:
        if self.loaded_municipalities is None:
            if self.given is None:
                self._load_cached()
            else:
                self.loaded_municipalities = municipality_rows(self.given[0])
        return self.loaded_municipalities

    def _load_cached(self) -> None:
        self.loaded_municipalities, self.loaded_committees = filter_choices(self.stamp)

    def municipalities(self) -> list[tuple[str, str]]:
        return [(slug, name) for slug, name, _ in self._municipality_rows()]

    def municipality_ids(self, slugs: list[str]) -> list[int]:
        ids = {slug: pk for slug, _, pk in self._municipality_rows()}
        return [ids[slug] for slug in slugs if slug in ids]

    def committees(self) -> list[tuple[str, str]]:
        if self.loaded_committees is None:
            if self.given is None:
                self._load_cached()
            else:
                self.loaded_committees = committee_choices(self.given[1])
        return self.loaded_committees


def given(data, name: str) -> list[str]:
    """The values of one GET parameter, as a MultipleChoiceFilter's widget reads them."""
    values = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
    return [values] if isinstance(values, str) else list(values)


def municipality_rows(slugs: list[str] | None = None) -> list[MunicipalityRow]:
    """(slug, name, id) of every municipality, or of those with the given slugs."""
    municipalities = Municipality.objects.all()
    if slugs is not None:
        municipalities = municipalities.filter(slug__in=slugs)
    return list(municipalities.values_list("slug", "name", "pk"))


def municipality_choices() -> list[tuple[str, str]]:
    return [(slug, name) for slug, name, _ in municipality_rows()]


def committee_choices(slugs: list[str] | None = None) -> list[tuple[str, str]]:
    """Committee slugs across municipalities: "okonomiudvalget" is many committees.

    Slugs are unique only within a municipality, so the same slug is one choice;
    the first name (alphabetically) labels it. Grouped in the database: about 20
    rows instead of every committee in Denmark (1,827) on every list request.
    With ``slugs``, only those.
    """
    committees = Committee.objects.all()
    if slugs is not None:
        committees = committees.filter(slug__in=slugs)
    return list(
        committees.values("slug")
        .annotate(first_name=Min("name"))
        .order_by("first_name", "slug")
        .values_list("slug", "first_name")
    )


def matching_item_ids(
    query: str, filters: dict, *, order: str = "newest", limit: int = SEARCH_FILTER_LIMIT
) -> list[int]:
    """The ids of the first ``limit`` items the engine finds within ``filters``.

    The one search call of the FilterSets (``search_kwargs()``): the item list's
    filter for the API and feeds, the meeting list's "meetings whose items match",
    and the facets of a search (``facets.py``, by relevance).
    """
    result = search.search(query, **filters | {"order": order, "limit": limit, "snippets": False})
    return [hit.item_id for hit in result.hits]


def case_number_q(value: str, *, field: str = "case_number", probe: bool = False) -> Q:
    """The case-number rule (parsing.casenumbers.case_number_query) as a filter on ``field``.

    ``probe``: the filter looks up one meeting's items (the meeting list), where a
    prefix is best read as a range of the (meeting, case number) index on SQLite too.
    """
    wanted = case_number_query(value)
    if wanted.exact is not None:
        return Q(**{field: wanted.exact})
    query = Q()
    for prefix in wanted.prefixes:
        query |= _starts_with(field, prefix, as_range=probe and connection.vendor == "sqlite")
    return query


# Above every character: a string that starts with the prefix sorts before prefix + this.
_LAST_CHARACTER = "\U0010ffff"


def _starts_with(field: str, prefix: str, *, as_range: bool) -> Q:
    """``field`` starts with ``prefix``: LIKE 'prefix%', or as a range of the column.

    SQLite cannot use a b-tree index for LIKE on a column of its default (binary)
    collation, and its LIKE ignores ASCII case; a range on the same column is an index
    search and matches what PostgreSQL's LIKE matches. The meeting list probes each
    meeting's items by (meeting, case number): with LIKE, SQLite read every item of
    every meeting it passed, so the list by a case-number prefix grew with the whole
    table. The item list keeps LIKE: there SQLite would collect every item under a
    short prefix by the range and sort them all, where walking the newest-first index
    stops after a page. PostgreSQL keeps LIKE everywhere: its pattern-ops indexes
    serve it, while a range would follow the database's collation, which need not
    sort by code point.
    """
    if as_range:
        return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + _LAST_CHARACTER})
    return Q(**{f"{field}__startswith": prefix})


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

    def __init__(self, data=None, queryset=None, *, cached_choices: bool = False, **kwargs) -> None:
        """``cached_choices``: the kommune and udvalg choices from ``filter_choices()``.

        For the HTML lists, which render every choice on every request. Otherwise a
        bound FilterSet (API, feeds, exports) reads only the slugs it is given.
        """
        super().__init__(data, queryset, **kwargs)
        self.choices: FilterChoices | None = None
        if cached_choices:
            self.choices = FilterChoices()
        elif self.is_bound:
            self.choices = FilterChoices((given(self.data, "kommune"), given(self.data, "udvalg")))
        if self.choices is not None:
            # On the fields, not the filters' ``extra``: a field is built once per class
            # (the API's schema builds them) and copied with it into every FilterSet.
            self.filters["kommune"].field.choices = LazyChoices(self.choices.municipalities)
            self.filters["udvalg"].field.choices = LazyChoices(self.choices.committees)

    @property
    def qs(self) -> QuerySet:
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs

    def filter_municipality(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        """Rows of the municipalities with these slugs, by id, as filter_committee() does.

        On ``municipality_id IN (...)`` PostgreSQL reads the rows along the
        (municipality, date) index; a join on the slug walked the newest-first index
        of all municipalities, filtering as it went. The ids
        come with the choices the slugs were validated against: no query.
        """
        return queryset.filter(municipality__in=self.choices.municipality_ids(value))

    def filter_committee(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        """Rows of the committees with these slugs, in the chosen municipalities if any.

        The slugs are resolved to committee ids first (one small query) and the rows
        filtered on ``committee_id IN (...)``: a join or subquery on the slug makes
        PostgreSQL scan the whole item table (a slug such as "oekonomiudvalget" is
        98 committees), while a list of ids uses the (committee, date) index. With
        a kommune given, only that municipality's committee is kept.
        """
        committees = Committee.objects.filter(slug__in=value).order_by()
        if municipalities := self.form.cleaned_data.get("kommune"):
            ids = self.choices.municipality_ids(municipalities)
            committees = committees.filter(municipality__in=ids)
        return queryset.filter(committee__in=list(committees.values_list("pk", flat=True)))

    @property
    def error_message(self) -> str:
        """Why the form refused its input, in Danish, for a 400 (feeds and exports)."""
        details = " ".join(str(m) for messages in self.errors.values() for m in messages)
        return f"Ugyldige filtre: {details}"

    @property
    def is_filtered(self) -> bool:
        """True when any filter has a value: the page says "filtreret" and offers a reset."""
        if not self.is_bound:
            return False
        return any(self.data.get(name) for name in self.filters)

    @property
    def is_filtered_besides_text(self) -> bool:
        """True when a filter other than the text query (and its order) has a value."""
        if not self.is_bound:
            return False
        return any(self.data.get(name) for name in self.filters if name not in {"q", "orden"})

    @property
    def text_query(self) -> str:
        """The cleaned ``q`` (empty when invalid or not given)."""
        if not self.is_bound or not self.is_valid():
            return ""
        return (self.form.cleaned_data.get("q") or "").strip()

    def search_kwargs(self) -> dict:
        """The other filters as keyword arguments of search.search() (a valid form only)."""
        data = self.form.cleaned_data
        return {
            "municipalities": data.get("kommune") or (),
            "committee": data.get("udvalg") or None,
            "case_number": data.get("sagsnummer") or None,
            "date_from": data.get("fra"),
            "date_to": data.get("til"),
            "order": "newest" if data.get("orden") == "nyeste" else "relevance",
        }


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
        method="filter_municipality",
        label="Kommune",
        choices=LazyChoices(municipality_choices),
        distinct=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Ukendt kommune: %(value)s."},
    )


def _udvalg_filter() -> MultipleChoiceFilter:
    # A MultipleChoiceFilter so that ?udvalg=a&udvalg=b also works, though the
    # form offers one; each slug may name committees in several municipalities.
    return MultipleChoiceFilter(
        method="filter_committee",
        label="Udvalg",
        choices=LazyChoices(committee_choices),
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
        error_messages={"max_length": "Sagsnummeret er for langt (højst 100 tegn)."},
    )
    fra = _date_filter("meeting_date", "gte", "Fra dato")
    til = _date_filter("meeting_date", "lte", "Til dato")
    q = CharFilter(
        method="filter_text",
        label="Søg",
        max_length=200,
        error_messages={"max_length": "Søgningen er for lang (højst 200 tegn)."},
    )
    orden = ChoiceFilter(
        method="keep_order",
        label="Sortering",
        choices=[("relevans", "Bedste match"), ("nyeste", "Nyeste først")],
        empty_label=None,
        error_messages={"invalid_choice": "Ukendt sortering: %(value)s."},
    )

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
        """Items the search engine finds, as a QuerySet filter (API and feeds).

        The HTML list pages through search.MatchingItems instead, which keeps the
        engine's ranking and exact count; here, the newest SEARCH_FILTER_LIMIT hits
        within the same filters are what the QuerySet is narrowed to.
        """
        if not value.strip():
            return queryset
        return queryset.filter(pk__in=matching_item_ids(value.strip(), self.search_kwargs()))

    def keep_order(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The order applies to search results only; the lists are newest first.
        return queryset


class MeetingFilter(StrictFilterSet):
    """Filters for the meeting list (/moeder/), newest first.

    Its queryset must hold published meetings only (as its default does): the case
    number filter checks the items' own flags and leaves the meeting's to the list.
    """

    kommune = _kommune_filter()
    udvalg = _udvalg_filter()
    sagsnummer = CharFilter(
        method="filter_case_number",
        label="Sagsnummer",
        help_text="Møder der behandlede sagen; hele nummeret eller begyndelsen",
        max_length=100,
        error_messages={"max_length": "Sagsnummeret er for langt (højst 100 tegn)."},
    )
    fra = _date_filter("date", "gte", "Fra dato")
    til = _date_filter("date", "lte", "Til dato")
    q = CharFilter(
        method="filter_text",
        label="Søg i punkterne",
        max_length=200,
        error_messages={"max_length": "Søgningen er for lang (højst 200 tegn)."},
    )

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
        # Exists, not a join: one row per meeting however many items match, each
        # probe one look into the partial index of public items by (meeting, case).
        items = AgendaItem.objects.public().filter(case_number_q(value, probe=True))
        if connection.vendor == "sqlite" and case_number_query(value).exact is not None:
            # SQLite probes every meeting for an Exists, however few match; a whole
            # number's few meetings come from the case-number index instead.
            return queryset.filter(pk__in=items.values("meeting_id"))
        return queryset.filter(Exists(items.filter(meeting=OuterRef("pk"))))

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Meetings with an item among the newest SEARCH_FILTER_LIMIT the engine finds.

        The other filters go to the engine too, so the hits it returns are already
        within the kommune, udvalg, case and period asked for.
        """
        if not value.strip():
            return queryset
        ids = matching_item_ids(value.strip(), self.search_kwargs())
        return queryset.filter(pk__in=AgendaItem.objects.filter(pk__in=ids).values("meeting_id"))
