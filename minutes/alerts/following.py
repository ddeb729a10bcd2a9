"""What a subscription follows: the item list's filters or one case, and its new items.

A list is followed by its GET parameters as /punkter/ takes them, checked by the
list's own FilterSet (``public.filters.AgendaItemFilter``) and kept as one
normalised query string, so the same filters typed in another order or with a page
number are the same subscription. The new items come from the same FilterSet
(and, for ``q``, the same search) as the list: an alert shows what the list shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse

from ..models import AgendaItem, AlertSubscription, Municipality
from ..parsing.casenumbers import normalise_case_number
from ..public.filters import AgendaItemFilter

# The list's filters an alert keeps: every one but the order of search results
# (a digest is always newest first) and, not being filters, the page parameters.
FOLLOWED_PARAMETERS = tuple(name for name in AgendaItemFilter.base_filters if name != "orden")

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
    """The page that shows what the subscription follows (its list, or its case)."""
    if subscription.follows_case:
        return subscription.municipality.get_case_url(subscription.case_number)
    return f"{reverse('minutes:item_list')}?{subscription.query}"


def new_items(subscription: AlertSubscription, *, after: int, up_to: int):
    """Public items it follows with ``after < id <= up_to``, newest first (a QuerySet).

    A list's filters that no longer validate (a committee renamed since) give no
    items, as the list would show none.
    """
    items = (
        AgendaItem.objects.public()
        .for_listing()
        .with_current_decision_text()
        .filter(pk__gt=after, pk__lte=up_to)
    )
    if subscription.follows_case:
        return items.for_case(subscription.municipality, subscription.case_number).newest_first()
    return AgendaItemFilter(QueryDict(subscription.query), queryset=items.newest_first()).qs


def needs_search(subscription: AlertSubscription) -> bool:
    """True when the subscription's items come from the search index (a ``q`` filter)."""
    return not subscription.follows_case and bool(QueryDict(subscription.query).get("q"))
