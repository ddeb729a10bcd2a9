"""Public pages. Thin: a QuerySet method for the data, a template to render it."""

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .converters import MeetingDate
from .models import AgendaItem, Committee, Meeting, Municipality, SourceDocument

PAGE_SIZE = 20


def home(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.public().for_listing()[:10]
    municipalities = Municipality.objects.all()
    return render(
        request, "minutes/home.html", {"meetings": meetings, "municipalities": municipalities}
    )


def meeting_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Meeting.objects.public().for_listing(), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    return render(request, "minutes/meeting_list.html", {"page": page})


def item_list(request: HttpRequest) -> HttpResponse:
    items = AgendaItem.objects.public().for_listing().newest_first()
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "minutes/item_list.html", {"page": page})


def municipality_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "minutes/municipality_list.html", {"municipalities": Municipality.objects.all()}
    )


def municipality_detail(request: HttpRequest, municipality: str) -> HttpResponse:
    kommune = get_object_or_404(Municipality, slug=municipality)
    return render(
        request,
        "minutes/municipality_detail.html",
        {"municipality": kommune, "committees": kommune.committees.all()},
    )


def committee_detail(request: HttpRequest, municipality: str, committee: str) -> HttpResponse:
    udvalg = get_object_or_404(
        Committee.objects.select_related("municipality"),
        municipality__slug=municipality,
        slug=committee,
    )
    meetings = Meeting.objects.public().for_listing().filter(committee=udvalg)
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "minutes/committee_detail.html", {"committee": udvalg, "page": page})


def _get_meeting(municipality: str, committee: str, meeting: MeetingDate) -> Meeting:
    return get_object_or_404(
        Meeting.objects.for_listing(),
        municipality__slug=municipality,
        committee__slug=committee,
        date=meeting.date,
        sequence=meeting.sequence,
    )


def meeting_detail(
    request: HttpRequest, municipality: str, committee: str, meeting: MeetingDate
) -> HttpResponse:
    mode = _get_meeting(municipality, committee, meeting)
    items = mode.items.filter(is_published=True, is_withdrawn=False)
    return render(request, "minutes/meeting_detail.html", {"meeting": mode, "items": items})


def item_detail(
    request: HttpRequest, municipality: str, committee: str, meeting: MeetingDate, number: int
) -> HttpResponse:
    mode = _get_meeting(municipality, committee, meeting)
    item = get_object_or_404(
        AgendaItem.objects.prefetch_related("decisions", "attachments"), meeting=mode, number=number
    )
    return render(request, "minutes/item_detail.html", {"meeting": mode, "item": item})


def case_detail(request: HttpRequest, municipality: str, case_number: str) -> HttpResponse:
    kommune = get_object_or_404(Municipality, slug=municipality)
    items = AgendaItem.objects.public().for_listing().for_case(kommune, case_number)
    return render(
        request,
        "minutes/case_detail.html",
        {"municipality": kommune, "case_number": case_number, "items": items},
    )


def source_document(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(SourceDocument, pk=pk, meeting__is_published=True)
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name
    )
