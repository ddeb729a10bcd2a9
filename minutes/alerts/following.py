"""What a subscription follows: the item list's filters or one case, and its new items.

A list is followed by its GET parameters as /punkter/ takes them, checked by the
list's own FilterSet (``public.filters.AgendaItemFilter``) and kept as one
normalised query string, so the same filters typed in another order or with a page
number are the same subscription. The new items come from the same FilterSet
(and, for ``q``, the same search, asked for the new items only) as the list: an
alert shows what the list shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse

from .. import search
from ..models import AgendaItem, AlertSubscription, Municipality
from ..parsing.casenumbers import normalise_case_number
from ..public.filters import AgendaItemFilter

# The list's filters an alert keeps: every one but the order of search results
# (a digest is always newest first) and, not being filters, the page parameters.
FOLLOWED_PARAMETERS = tuple(name for name in AgendaItemFilter.base_filters if name != "orden")

# How many search hits a digest reads from the engine at a time. One read almost
# always holds a digest's items; another follows only when the database turns many
# down (items unpublished since they were indexed).
SEARCH_HITS_PER_READ = 1000

# The model's column; a longer one is refused rather than cut.
MAX_QUERY_LENGTH = AlertSubscription._meta.get_field("query").max_length


class NotFollowable(Exception):
    """What was asked for cannot be followed; ``messages`` say why, in Danish."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = list(messages)


@dataclass(frozen=True)
class FollowedList:
    """A valid, normalised set of the item list's filters."""

    query: str
    filterset: AgendaItemFilter


def followed_list(data: QueryDict) -> FollowedList:
    """The list's filters in ``data`` normalised and checked; raises NotFollowable.

    Normalised: only the filters (no order, no page), blank values dropped, spaces
    in a value collapsed, repeated values once, each filter's values sorted, the
    filters in the FilterSet's order.
    """
    normalised = QueryDict(mutable=True)
    for name in FOLLOWED_PARAMETERS:
        values = {" ".join(value.split()) for value in data.getlist(name)}
        for value in sorted(values - {""}):
            normalised.appendlist(name, value)
    if not normalised:
        raise NotFollowable(
            "Vælg mindst ét filter eller søg efter noget, før du beder om besked: "
            "ellers ville du få alle nye punkter fra hele landet."
        )
    filterset = AgendaItemFilter(normalised)
    if not filterset.is_valid():
        raise NotFollowable(*(str(m) for messages in filterset.errors.values() for m in messages))
    query = normalised.urlencode()
    if len(query) > MAX_QUERY_LENGTH:
        raise NotFollowable("Der er for mange filtre til én besked. Vælg færre kommuner.")
    return FollowedList(query=query, filterset=filterset)


def followed_case(municipality: Municipality, case_number: str) -> str:
    """The stored case number ``case_number`` means in the municipality; raises NotFollowable.

    As the case page reads it: the canonical form, or another letter case or
    spacing of a number kept as printed.
    """
    public = AgendaItem.objects.public()
    canonical = normalise_case_number(case_number)
    if canonical and public.filter(municipality=municipality, case_number=canonical).exists():
        return canonical
    stored = public.case_number_spelled_like(municipality, case_number)
    if stored is None:
        raise NotFollowable(
            f"{municipality.name} har ingen offentlige punkter med dette sagsnummer."
        )
    return stored


def describe(subscription: AlertSubscription) -> list[tuple[str, str]]:
    """What the subscription follows, as (label, value) lines in Danish."""
    if subscription.follows_case:
        return [
            ("Sag", subscription.case_number),
            ("Kommune", subscription.municipality.name),
        ]
    return describe_filters(AgendaItemFilter(QueryDict(subscription.query)))


def describe_filters(filterset: AgendaItemFilter) -> list[tuple[str, str]]:
    """The filters of a bound FilterSet as (label, value) lines; choices by their names
    (a slug no longer known is shown as it is)."""
    lines = []
    # The search words first: they say most about what is followed.
    for name in sorted(FOLLOWED_PARAMETERS, key=lambda name: name != "q"):
        values = filterset.data.getlist(name)
        if not values:
            continue
        field = filterset.form.fields[name]
        names = dict(field.choices) if hasattr(field, "choices") else {}
        shown = ", ".join(str(names.get(value, value)) for value in values)
        lines.append((str(field.label), f"“{shown}”" if name == "q" else shown))
    return lines


def list_url(subscription: AlertSubscription) -> str:
    """The page that shows what the subscription follows (its list, or its case).

    A search newest first, as the digest lists it, rather than by relevance: the
    reader comes from a mail about what is new.
    """
    if subscription.follows_case:
        return subscription.municipality.get_case_url(subscription.case_number)
    url = f"{reverse('minutes:item_list')}?{subscription.query}"
    return url + "&orden=nyeste" if needs_search(subscription) else url


def new_items(
    subscription: AlertSubscription, *, after: int, up_to: int, limit: int
) -> list[AgendaItem]:
    """The first ``limit`` public items it follows with ``after < id <= up_to``, newest first.

    A search (``q``) asks the engine for the items in that range only, so every new
    match is found however many older ones the search has; the list's own search
    filter would narrow to its SEARCH_FILTER_LIMIT best hits of all time. A list's
    filters that no longer validate (a committee renamed since) give no items, as
    the list would show none.
    """
    items = (
        AgendaItem.objects.public()
        .for_listing()
        .with_current_decision_text()
        .filter(pk__gt=after, pk__lte=up_to)
    )
    if subscription.follows_case:
        case = items.for_case(subscription.municipality, subscription.case_number)
        return list(case.newest_first()[:limit])
    filterset = AgendaItemFilter(QueryDict(subscription.query), queryset=items.newest_first())
    if not filterset.text_query:
        return list(filterset.qs[:limit])
    return _new_search_items(filterset, after=after, up_to=up_to, limit=limit)


def _new_search_items(
    filterset: AgendaItemFilter, *, after: int, up_to: int, limit: int
) -> list[AgendaItem]:
    """new_items() of a valid FilterSet with a search: the engine's hits in the id range,
    newest first, SEARCH_HITS_PER_READ at a time, each read kept to the rows the other
    filters pass in the database (which has the last word on what is public).

    Each read is a search of its own: an index commit between two may move a hit
    from one read into the next, so a hit already read is not taken again.
    """
    others = filterset.data.copy()
    others.pop("q")
    engine_filters = filterset.search_kwargs() | {"order": "newest"}
    found: list[AgendaItem] = []
    read: set[int] = set()
    while len(found) < limit:
        result = search.search(
            filterset.text_query,
            **engine_filters,
            item_id_after=after,
            item_id_up_to=up_to,
            offset=len(read),
            limit=SEARCH_HITS_PER_READ,
            snippets=False,
        )
        fresh = [hit.item_id for hit in result.hits if hit.item_id not in read]
        if not fresh:
            break
        read.update(fresh)
        # Ordered as the engine's "newest": date, meeting, item number.
        rows = AgendaItemFilter(others, queryset=filterset.queryset.filter(pk__in=fresh)).qs
        found.extend(rows[: limit - len(found)])
        if len(read) >= result.total:
            break
    return found


def needs_search(subscription: AlertSubscription) -> bool:
    """True when the subscription's items come from the search index (a ``q`` filter)."""
    return not subscription.follows_case and bool(QueryDict(subscription.query).get("q"))
