"""The clerks' upload in the admin: file → stored → parsed → preview → confirmed → saved.

Reached from the "Upload referat" button on the meetings list (``MeetingAdmin.get_urls``,
wrapped in ``admin_view`` for login and CSRF). Uploading needs the permission
``minutes.upload_minutes``. The work is in importing/; these views only move
between the form, the preview and the saved meeting.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from ..importing.preview import ImportPreview, preview_import
from ..importing.save import save_meeting
from ..importing.sources import (
    fail_stale_documents,
    parse_source_document,
    store_source_document,
)
from ..models import Meeting, SourceDocument
from ..parsing import ParseError
from .forms import ConfirmForm, UploadForm

UPLOAD_PERMISSION = "minutes.upload_minutes"


def _check_permission(request: HttpRequest) -> None:
    if not request.user.has_perm(UPLOAD_PERMISSION):
        raise PermissionDenied("Du har ikke tilladelse til at uploade referater.")


def _context(request: HttpRequest, model_admin: admin.ModelAdmin, **extra: object) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        **extra,
    }


def upload(request: HttpRequest, *, model_admin: admin.ModelAdmin) -> HttpResponse:
    """The form; on a valid upload, keep the file, parse it and show the preview."""
    _check_permission(request)
    if request.method != "POST":
        # "Tilbage" from the preview brings the metadata along, not the file.
        initial = {
            key: request.GET[key]
            for key in ("municipality", "committee", "date")
            if key in request.GET
        }
        form = UploadForm(initial=initial)
        return _render_form(request, model_admin, form)

    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_form(request, model_admin, form)
    upload_file = form.cleaned_data["file"]
    if form.committee_warning:
        messages.warning(request, form.committee_warning)
    fail_stale_documents()
    document = store_source_document(
        upload_file.read(),
        filename=upload_file.name,
        content_type=upload_file.content_type or "",
        uploaded_by=request.user,
        entered_municipality=form.cleaned_data["municipality"],
        entered_committee=form.cleaned_data["committee"],
        entered_date=form.cleaned_data["date"],
    )
    if document.status != SourceDocument.Status.RECEIVED:
        messages.warning(
            request,
            f"Filen {document.original_name} er allerede importeret "
            f"({document.uploaded_at:%d.%m.%Y}) med de samme oplysninger; intet er ændret.",
        )
        return _redirect_to_meeting(document.meeting)
    try:
        parsed = parse_source_document(document)
    except ParseError as exc:
        form.add_error(None, exc.user_message)
        return _render_form(request, model_admin, form)
    return _render_preview(request, model_admin, document, preview_import(parsed))


def _render_form(
    request: HttpRequest, model_admin: admin.ModelAdmin, form: UploadForm
) -> HttpResponse:
    return render(
        request,
        "admin/minutes/upload.html",
        _context(request, model_admin, form=form, title="Upload referat"),
    )


def _render_preview(
    request: HttpRequest,
    model_admin: admin.ModelAdmin,
    document: SourceDocument,
    preview: ImportPreview,
) -> HttpResponse:
    removed_items = []
    if preview.existing is not None and preview.removed:
        removed_items = list(preview.existing.items.filter(number__in=preview.removed))
    back_query = {
        "municipality": document.entered_municipality,
        "committee": document.entered_committee,
        "date": document.entered_date.isoformat() if document.entered_date else "",
    }
    return render(
        request,
        "admin/minutes/upload_preview.html",
        _context(
            request,
            model_admin,
            title="Kontrollér referatet",
            document=document,
            preview=preview,
            parsed=preview.parsed,
            removed_items=removed_items,
            confirm_form=ConfirmForm(initial={"source_document": document.pk}),
            back_query=back_query,
        ),
    )


@require_POST
def confirm(request: HttpRequest, *, model_admin: admin.ModelAdmin) -> HttpResponse:
    """Save what the preview showed, parsing the stored file again (never form fields)."""
    _check_permission(request)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Uploaden kunne ikke findes; upload filen igen.")
        return redirect("admin:minutes_meeting_upload")
    document = get_object_or_404(SourceDocument, pk=form.cleaned_data["source_document"])
    if document.status != SourceDocument.Status.RECEIVED:
        if document.meeting is not None:
            messages.info(request, f"Filen {document.original_name} er allerede gemt.")
            return _redirect_to_meeting(document.meeting)
        messages.error(request, document.error_message or "Filen kan ikke gemmes; upload den igen.")
        return redirect("admin:minutes_meeting_upload")
    try:
        parsed = parse_source_document(document)
        outcome = save_meeting(parsed, source_document=document)
    except ParseError as exc:
        messages.error(request, exc.user_message)
        return redirect("admin:minutes_meeting_upload")
    if outcome.already_saved:
        # A second click on "Gem mødet": the first saved it while this one waited.
        messages.info(request, f"Filen {document.original_name} er allerede gemt.")
        return _redirect_to_meeting(outcome.meeting)
    verb = {
        SourceDocument.Status.IMPORTED: "er gemt",
        SourceDocument.Status.UPDATED: "er opdateret",
        SourceDocument.Status.UNCHANGED: "var allerede gemt og er uændret",
    }[outcome.status]
    messages.success(
        request,
        format_html(
            'Mødet {} {}. <a href="{}">Se den offentlige side</a>.',
            outcome.meeting,
            verb,
            outcome.meeting.get_absolute_url(),
        ),
    )
    return _redirect_to_meeting(outcome.meeting)


def _redirect_to_meeting(meeting: Meeting) -> HttpResponseRedirect:
    return redirect(reverse("admin:minutes_meeting_change", args=[meeting.pk]))
