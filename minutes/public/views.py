"""Public pages. Thin: a QuerySet method for the data, a FilterSet or template for the rest.

Unpublished meetings and items, and items a corrected upload no longer has, answer
410 Gone with a Danish page: their links were shared, so saying "removed" is more
honest than "not found".
"""

from __future__ import annotations

from django.core.paginator import Page
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from .. import search
from ..models import AgendaItem, Committee, Decision, Meeting, Municipality, SourceDocument
from ..parsing.casenumbers import normalise_case_number
from .converters import MeetingDate
from .facets import item_facets, start_engine_counts
from .filters import SEARCH_FILTER_LIMIT, AgendaItemFilter, MeetingFilter, StrictFilterSet
from .pagination import PAGE_PARAMETER, CappedPaginator

PAGE_SIZE = 20
LATEST_MEETINGS = 8
COMING_MEETINGS = 8


def current_decisions() -> Prefetch:
    """Each item's own decision as ``item.current_decisions`` (a list of at most one)."""
    decisions = Decision.objects.filter(is_current=True)
    return Prefetch("decisions", queryset=decisions, to_attr="current_decisions")


def municipalities_with_meetings() -> QuerySet[Municipality]:
    # Exists rather than a join + DISTINCT: stops at each municipality's first meeting.
    return Municipality.objects.filter(
        Exists(Meeting.objects.public().filter(municipality=OuterRef("pk")))
    )


def newest_source_document(meeting: Meeting) -> SourceDocument | None:
    return (
        meeting.source_documents.exclude(status=SourceDocument.Status.FAILED)
        .order_by("-uploaded_at", "-id")
        .first()
    )


def gone(request: HttpRequest, *, what: str, meeting: Meeting | None = None) -> HttpResponse:
    """The 410 page: ``what`` says which page is gone, ``meeting`` is linked if public."""
    if meeting is not None and not meeting.is_published:
        meeting = None
    return render(request, "410.html", {"what": what, "meeting": meeting}, status=410)


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "minutes/home.html",
        {
            "coming_meetings": Meeting.objects.coming().for_listing()[:COMING_MEETINGS],
            "meetings": Meeting.objects.held().for_listing()[:LATEST_MEETINGS],
            "municipalities": municipalities_with_meetings(),
        },
    )


class FilteredListView(ListView):
    """A list with a strict FilterSet, capped count and ?side= pagination."""

    filterset_class: type[StrictFilterSet]
    paginate_by = PAGE_SIZE
    paginator_class = CappedPaginator
    page_kwarg = PAGE_PARAMETER

    def get_filterset(self) -> StrictFilterSet:
        # The form shows every kommune and udvalg: their choices come from the cache.
        return self.filterset_class(self.request.GET or None, cached_choices=True)

    def get_queryset(self) -> QuerySet:
        self.filterset = self.get_filterset()
        return self.filterset.qs

    def requested_page(self) -> int:
        """The ?side= number asked for; 1 if it is not a positive number."""
        try:
            return max(int(self.request.GET.get(self.page_kwarg, 1)), 1)
        except ValueError:
            return 1

    def paginate_queryset(self, queryset: QuerySet, page_size: int) -> tuple:
        # A page number out of range or not a number shows the nearest page, not an error;
        # past the numbered pages, ?efter=/?foer= page by cursor (public/pagination.py).
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.page_for(self.request.GET)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(filter=self.filterset, **kwargs)


class MeetingListView(FilteredListView):
    filterset_class = MeetingFilter
    template_name = "minutes/meeting_list.html"

    def get_queryset(self) -> QuerySet[Meeting]:
        return super().get_queryset().only_row_fields()

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(search_limit=SEARCH_FILTER_LIMIT, **kwargs)


class ItemListView(FilteredListView):
    filterset_class = AgendaItemFilter
    template_name = "minutes/item_list.html"

    def get_queryset(self) -> QuerySet | search.MatchingItems:
        self.filterset = self.get_filterset()
        self.started_counts = None
        if query := self.filterset.text_query:
            # The facets' counts begin now and run beside the page's search.
            self.started_counts = start_engine_counts(
                self.filterset, query, stamp=self.filterset.choices.stamp
            )
            # Text goes to the search engine: its ranking, count and snippets;
            # the rows of one page come from the database in the engine's order.
            # (Not filterset.qs: that would ask the engine for 1,000 ids first.)
            return search.MatchingItems(
                query,
                queryset=AgendaItem.objects.public()
                .for_listing()
                .only_row_fields()
                .with_current_decision_text(),
                # The asked-for page's hits come with the count: one engine search.
                window_start=(self.requested_page() - 1) * PAGE_SIZE,
                window_size=PAGE_SIZE + 1,
                **self.filterset.search_kwargs(),
            )
        return self.filterset.qs.only_row_fields().with_current_decision_text()

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        query = self.filterset.text_query
        context["is_search"] = bool(query)
        context["filters_besides_text"] = self.filterset.is_filtered_besides_text
        # A case number typed as the query: its case page(s) come first.
        case_number = search.looks_like_case_number(query) if query else None
        context["case_pages"] = (
            Municipality.objects.filter(
                Exists(
                    AgendaItem.objects.public().filter(
                        municipality=OuterRef("pk"), case_number=case_number
                    )
                )
            )
            if case_number
            else []
        )
        context["case_number"] = case_number
        context["facets"] = item_facets(self.filterset, started=self.started_counts)
        return context


meeting_list = MeetingListView.as_view()
item_list = ItemListView.as_view()


def municipality_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "minutes/municipality_list.html",
        {"municipalities": municipalities_with_meetings()},
    )


def municipality_detail(request: HttpRequest, municipality: str) -> HttpResponse:
    municipality_record = get_object_or_404(Municipality, slug=municipality)
    committees = municipality_record.committees.filter(
        Exists(Meeting.objects.public().filter(committee=OuterRef("pk")))
    )
    coming = Meeting.objects.coming().for_listing().filter(municipality=municipality_record)
    meetings = Meeting.objects.held().for_listing().filter(municipality=municipality_record)
    return render(
        request,
        "minutes/municipality_detail.html",
        {
            "municipality": municipality_record,
            "committees": committees,
            "coming_meetings": coming[:COMING_MEETINGS],
            "meetings": meetings[:LATEST_MEETINGS],
        },
    )


class CommitteeDetailView(ListView):
    """A committee's coming meetings (agendas), then the meetings held, newest first."""

    template_name = "minutes/committee_detail.html"
    paginate_by = PAGE_SIZE
    page_kwarg = PAGE_PARAMETER
    context_object_name = "meetings"

    def get_queryset(self) -> QuerySet[Meeting]:
        self.committee = get_object_or_404(
            Committee.objects.select_related("municipality"),
            municipality__slug=self.kwargs["municipality"],
            slug=self.kwargs["committee"],
        )
        return Meeting.objects.held().for_listing().filter(committee=self.committee)

    def paginate_queryset(self, queryset: QuerySet, page_size: int) -> tuple:
        paginator = self.get_paginator(queryset, page_size)
        page: Page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs) -> dict:
        coming = Meeting.objects.coming().for_listing().filter(committee=self.committee)
        return super().get_context_data(
            committee=self.committee, coming_meetings=coming[:COMING_MEETINGS], **kwargs
        )


committee_detail = CommitteeDetailView.as_view()


def _get_meeting(municipality: str, committee: str, meeting: MeetingDate) -> Meeting:
    return get_object_or_404(
        Meeting.objects.for_listing(),
        municipality__slug=municipality,
        committee__slug=committee,
        date=meeting.date,
        sequence=meeting.sequence,
    )


@require_GET
def meeting_detail(
    request: HttpRequest, municipality: str, committee: str, meeting: MeetingDate
) -> HttpResponse:
    # The URL's date (a MeetingDate) becomes the meeting it names.
    meeting = _get_meeting(municipality, committee, meeting)
    if not meeting.is_published:
        return gone(request, what="Referatet af dette møde")
    items = (
        AgendaItem.objects.public()
        .for_listing()
        .filter(meeting=meeting)
        .prefetch_related(current_decisions())
        .order_by("number")
    )
    return render(
        request,
        "minutes/meeting_detail.html",
        {"meeting": meeting, "items": items, "source_document": newest_source_document(meeting)},
    )


@require_GET
def item_detail(
    request: HttpRequest, municipality: str, committee: str, meeting: MeetingDate, number: int
) -> HttpResponse:
    item = get_object_or_404(
        AgendaItem.objects.for_listing().prefetch_related("decisions", "attachments"),
        municipality__slug=municipality,
        committee__slug=committee,
        meeting_date=meeting.date,
        meeting__sequence=meeting.sequence,
        number=number,
    )
    meeting = item.meeting
    # The item's copies of municipality and committee are the meeting's: reuse them.
    meeting.municipality, meeting.committee = item.municipality, item.committee
    if not meeting.is_published:
        return gone(request, what="Referatet af dette møde")
    if item.is_withdrawn:
        return gone(
            request, what="Punktet findes ikke i den rettede udgave af referatet", meeting=meeting
        )
    if not item.is_published:
        return gone(request, what="Dette punkt", meeting=meeting)
    decisions = list(item.decisions.all())
    return render(
        request,
        "minutes/item_detail.html",
        {
            "meeting": meeting,
            "item": item,
            "current_decisions": [d for d in decisions if d.is_current],
            "earlier_decisions": [d for d in decisions if not d.is_current],
            "source_document": newest_source_document(meeting),
        },
    )


def case_timeline(items: list[AgendaItem]) -> list[dict]:
    """The story of a case: its items, and earlier decisions from meetings we do not hold.

    An earlier decision quoted in an item ("Beslutning fra Økonomiudvalget, den
    3. november 2025") is shown as its own step, unless one of the items is that
    decision (same committee and date); quoted by several items, it appears once.
    Dateless quotes stay on their item's page only.
    """
    held = {(item.committee.name.casefold(), item.meeting_date) for item in items}
    steps: list[dict] = [{"date": item.meeting_date, "item": item} for item in items]
    seen: set[tuple] = set()
    for item in items:
        for decision in item.decisions.all():
            if decision.is_current or decision.date is None:
                continue
            key = (decision.committee_name.casefold(), decision.date)
            if key in held or (*key, decision.item_number) in seen:
                continue
            seen.add((*key, decision.item_number))
            steps.append({"date": decision.date, "quoted": decision, "quoted_in": item})
    # Stable: items keep their order; a quoted decision comes before an item on its day.
    steps.sort(key=lambda step: (step["date"], "item" in step))
    return steps


@require_GET
def case_detail(request: HttpRequest, municipality: str, case_number: str) -> HttpResponse:
    canonical = normalise_case_number(case_number)
    if not canonical:
        raise Http404("Intet sagsnummer.")
    municipality_record = get_object_or_404(Municipality, slug=municipality)
    items = list(
        AgendaItem.objects.public()
        .for_listing()
        .for_case(municipality_record, canonical)
        .prefetch_related("decisions")
    )
    if not items:
        # Another letter case or spacing of a number kept as printed (not KLE).
        stored = AgendaItem.objects.public().case_number_spelled_like(
            municipality_record, case_number
        )
        if stored is None:
            raise Http404("Ingen punkter med dette sagsnummer.")
        canonical = stored
    if canonical != case_number:
        return redirect(
            "minutes:case", municipality=municipality, case_number=canonical, permanent=True
        )
    return render(
        request,
        "minutes/case_detail.html",
        {
            "municipality": municipality_record,
            "case_number": canonical,
            "items": items,
            # Several items of one meeting are one treatment of the case, not several.
            "meeting_count": len({item.meeting_id for item in items}),
            "steps": case_timeline(items),
        },
    )


@require_GET
def source_document(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(
        SourceDocument.objects.exclude(status=SourceDocument.Status.FAILED),
        pk=pk,
        meeting__is_published=True,
    )
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as err:
        raise Http404("Filen findes ikke længere.") from err
    # As a download, never inline: the file is what a clerk uploaded, HTML included.
    return FileResponse(handle, as_attachment=True, filename=document.original_name)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("minutes:sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
