"""Read-only API views: municipalities, committees, meetings, agenda items and cases.

Meetings and agenda items are filtered with the public pages' FilterSets
(minutes/public/filters.py), so ``?kommune=…&udvalg=…&sagsnummer=…&fra=…&til=…&q=…``
means the same here as on /punkter/ and /moeder/; a bad value is a 400 with the
FilterSet's Danish message as JSON. Only public rows appear: unpublished meetings
and items and withdrawn items are left out of every list and answer 404 alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max, Min, Prefetch, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from ..models import AgendaItem, Attachment, Committee, Decision, Meeting, Municipality
from ..public.filters import AgendaItemFilter, MeetingFilter
from . import serializers


class DanishNotFound:
    """A 404 says "Ikke fundet." in Danish JSON, not get_object_or_404's English message."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, Http404):
            exc = NotFound()
        return super().handle_exception(exc)


EMPTY_PARAMETER = "Parameteren er tom: udelad den, eller giv den en værdi."


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, left out when no filter parameter is given: a FilterSet
    (a deep copy of its filters, a bound form) costs time and filters nothing then.

    A filter given empty (``?fra=``) is a 400 here: the HTML pages' forms send empty
    fields and ignore them, but a client of the API that sends one has a bug to see.
    """

    def filter_queryset(self, request: Request, queryset: QuerySet, view) -> QuerySet:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        given = [name for name in filterset_class.base_filters if name in request.query_params]
        empty = [name for name in given if not any(request.query_params.getlist(name))]
        if empty:
            raise ValidationError({name: [EMPTY_PARAMETER] for name in empty})
        if not given:
            return queryset
        return super().filter_queryset(request, queryset, view)


class StrictPageSize:
    """``page_size`` must be a whole number of at least 1: DRF's own pagination silently
    falls back to the default for "true", "0" or "2.5", so a client never learns that
    its page is not the size it asked for. Above the largest it is cut to the largest,
    as documented (docs/API.md)."""

    page_size_query_param = "page_size"
    invalid_page_message = "Siden findes ikke."
    # DRF's own messages are English; each pagination class reads its own.
    invalid_cursor_message = "Ugyldig markør (cursor): brug linkene next og previous."

    def get_page_size(self, request: Request) -> int:
        given = request.query_params.get(self.page_size_query_param)
        if given is None:
            return self.page_size
        if not (given.isascii() and given.isdigit() and int(given) >= 1):
            message = (
                f"Sidestørrelsen skal være et helt tal fra 1 til {self.max_page_size}"
                " (et større tal giver sider med det største antal)."
            )
            raise ValidationError({self.page_size_query_param: [message]})
        return min(int(given), self.max_page_size)


class SmallListPagination(StrictPageSize, PageNumberPagination):
    """Municipalities and committees: short lists in a fixed order, numbered pages."""

    page_size = 100
    max_page_size = 500


class NewestMeetingsPagination(StrictPageSize, CursorPagination):
    """A cursor, not page numbers: no count over the whole table, and a page never
    shifts when new minutes arrive while a client walks through the list."""

    page_size = 50
    max_page_size = 200
    # The cursor keeps its place on the first field; the rest break ties deterministically.
    ordering = ("-date", "-sequence", "-id")


class NewestItemsPagination(NewestMeetingsPagination):
    # Items are large (body, decisions, attachments): the site's page of 20 by default.
    page_size = 20
    max_page_size = 100
    ordering = ("-meeting_date", "-meeting_id", "number")


class CasePagination(StrictPageSize, CursorPagination):
    """By case number, which is unique per row of the grouped list: no count, and on
    PostgreSQL the page is read along the (municipality, case_number) index."""

    page_size = 100
    max_page_size = 500
    ordering = "case_number"


def public_items() -> QuerySet[AgendaItem]:
    """Public items with the meeting, municipality and committee AgendaItemSerializer reads.

    Their decisions and attachments come from ``with_decisions_and_attachments()``.
    """
    return (
        AgendaItem.objects.public()
        .for_listing()
        # Text the item's JSON does not show (its meeting is only a reference).
        .defer(
            "unpublished_reason",
            "meeting__location",
            "meeting__participants",
            "meeting__unpublished_reason",
        )
    )


def with_decisions_and_attachments(items: Iterable[AgendaItem]) -> list[AgendaItem]:
    """The items, each with ``decision_list`` and ``attachment_list``: two queries in all.

    Rows as dicts of the serialized fields, grouped by item here: a prefetch_related()
    built a model per row and a queryset per item and relation, a third of an API
    page's time, for values the JSON copies as they are.
    """
    items = list(items)
    by_id: dict[int, AgendaItem] = {}
    for item in items:
        item.decision_list = []
        item.attachment_list = []
        by_id[item.pk] = item
    if not by_id:
        return items
    for model, fields, attribute in (
        (Decision, serializers.DecisionSerializer.Meta.fields, "decision_list"),
        (Attachment, serializers.AttachmentSerializer.Meta.fields, "attachment_list"),
    ):
        rows = (
            model.objects.filter(agenda_item_id__in=by_id)
            .order_by("agenda_item_id", "position")
            .values("agenda_item_id", *fields)
        )
        for row in rows:
            getattr(by_id[row.pop("agenda_item_id")], attribute).append(row)
    return items


class MunicipalityViewSet(DanishNotFound, viewsets.ReadOnlyModelViewSet):
    """Municipalities (kommuner), alphabetically; the detail lists the committees."""

    lookup_field = "slug"
    pagination_class = SmallListPagination

    def get_queryset(self) -> QuerySet[Municipality]:
        municipalities = Municipality.objects.order_by("name", "id")
        if self.action == "retrieve":
            committees = Committee.objects.order_by("name", "id")
            municipalities = municipalities.prefetch_related(
                Prefetch("committees", queryset=committees)
            )
        return municipalities

    def get_serializer_class(self) -> type[serializers.MunicipalitySerializer]:
        if self.action == "retrieve":
            return serializers.MunicipalityDetailSerializer
        return serializers.MunicipalitySerializer


class CommitteeViewSet(DanishNotFound, viewsets.ReadOnlyModelViewSet):
    """Committees (udvalg), by municipality and name."""

    serializer_class = serializers.CommitteeSerializer
    pagination_class = SmallListPagination
    queryset = Committee.objects.select_related("municipality").order_by(
        "municipality__name", "name", "id"
    )


class MeetingViewSet(DanishNotFound, viewsets.ReadOnlyModelViewSet):
    """Published meetings, newest first, filtered like /moeder/; the detail lists the items."""

    pagination_class = NewestMeetingsPagination
    filter_backends = [FilterBackend]
    filterset_class = MeetingFilter

    def get_queryset(self) -> QuerySet[Meeting]:
        meetings = Meeting.objects.public().select_related("municipality", "committee")
        if self.action == "retrieve":
            items = AgendaItem.objects.filter(is_published=True, is_withdrawn=False).order_by(
                "number"
            )
            meetings = meetings.prefetch_related(
                Prefetch("items", queryset=items, to_attr="public_items")
            )
        return meetings

    def get_serializer_class(self) -> type[serializers.MeetingSerializer]:
        if self.action == "retrieve":
            return serializers.MeetingDetailSerializer
        return serializers.MeetingSerializer


class AgendaItemViewSet(DanishNotFound, viewsets.ReadOnlyModelViewSet):
    """Public agenda items with decisions and attachments, newest first, filtered like /punkter/."""

    serializer_class = serializers.AgendaItemSerializer
    pagination_class = NewestItemsPagination
    filter_backends = [FilterBackend]
    filterset_class = AgendaItemFilter

    def get_queryset(self) -> QuerySet[AgendaItem]:
        return public_items()

    def paginate_queryset(self, queryset: QuerySet[AgendaItem]) -> list[AgendaItem] | None:
        page = super().paginate_queryset(queryset)
        return None if page is None else with_decisions_and_attachments(page)

    def get_object(self) -> AgendaItem:
        return with_decisions_and_attachments([super().get_object()])[0]


MUNICIPALITY_PARAMETER = OpenApiParameter(
    "municipality", str, OpenApiParameter.PATH, description="The municipality's slug."
)
CASE_NUMBER_PARAMETER = OpenApiParameter(
    "case_number",
    str,
    OpenApiParameter.PATH,
    description="The case number in its canonical form, e.g. 15.00.00-A00-4-25.",
)


@extend_schema(parameters=[MUNICIPALITY_PARAMETER])
class CaseListView(DanishNotFound, generics.ListAPIView):
    """The cases (sager) of one municipality: each case number with its public items' count
    and first and last meeting date, by case number. The item filters narrow the items
    counted (``?sagsnummer=15.00`` lists the cases under KLE subject 15.00)."""

    serializer_class = serializers.CaseSerializer
    pagination_class = CasePagination
    filter_backends = [FilterBackend]
    filterset_class = AgendaItemFilter

    def get_queryset(self) -> QuerySet[AgendaItem]:
        if getattr(self, "swagger_fake_view", False):
            # The schema generator inspects the view without a URL to resolve.
            return AgendaItem.objects.none()
        self.municipality = get_object_or_404(Municipality, slug=self.kwargs["municipality"])
        return AgendaItem.objects.public().filter(municipality=self.municipality)

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "municipality": self.municipality}

    def list(self, request: Request, *args, **kwargs) -> Response:
        items = self.filter_queryset(self.get_queryset())
        cases = (
            items.exclude(case_number="")
            .values("case_number")
            .annotate(
                item_count=Count("id"),
                first_meeting_date=Min("meeting_date"),
                last_meeting_date=Max("meeting_date"),
            )
        )
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(parameters=[MUNICIPALITY_PARAMETER, CASE_NUMBER_PARAMETER])
class CaseDetailView(DanishNotFound, generics.GenericAPIView):
    """One case: every public agenda item with this case number in the municipality,
    oldest first, with decisions: the story of the case across meetings and committees."""

    serializer_class = serializers.CaseDetailSerializer

    def get(self, request: Request, municipality: str, case_number: str) -> Response:
        kommune = get_object_or_404(Municipality, slug=municipality)
        items = with_decisions_and_attachments(public_items().for_case(kommune, case_number))
        if not items:
            raise Http404(case_number)
        case = {"municipality": kommune, "case_number": case_number, "items": items}
        return Response(self.get_serializer(case).data)


def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """Unknown addresses under /api/ answer in JSON too, not with the site's HTML 404 page."""
    return JsonResponse({"detail": "Ikke fundet."}, status=404)
