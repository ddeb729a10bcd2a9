"""The clerks' upload in the admin: file → stored → parsed → preview → confirmed → saved.

Reached from the "Upload referat" button on the meetings list (``MeetingAdmin.get_urls``,
wrapped in ``admin_view`` for login and CSRF). Uploading needs the permission
``minutes.upload_minutes``. The work is in importing/; these views only move
between the form, the preview and the saved meeting.
"""

from __future__ import annotations

import dataclasses

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from .. import kommuner
from ..importing.drafts import (
    NO_DECISION,
    changed_by_clerk,
    choose_versions,
    corrected_item_numbers,
    meeting_from_json,
    open_drafts,
    reupload_differences,
    start_draft,
    warnings_by_item,
)
from ..importing.preview import find_meeting, preview_import
from ..importing.save import save_meeting
from ..importing.sources import (
    IncompleteMetadata,
    fail_stale_documents,
    parse_source_document,
    store_edited_text,
    store_source_document,
    stored_text,
)
from ..models import ImportDraft, Meeting, SourceDocument
from ..parsing import ParseError, layouts
from ..parsing.records import as_json
from .draft_forms import (
    ItemCorrectionForm,
    ItemCorrectionFormSet,
    MeetingCorrectionForm,
    VersionChoiceForm,
)
from .forms import ConfirmForm, EditedTextForm, UploadForm

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
        return _render_form(request, model_admin, form, drafts=open_drafts(request.user)[:20])

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
        return _already_imported(request, document)
    try:
        parsed = parse_source_document(document)
    except IncompleteMetadata as exc:
        form.add_error(None, exc.user_message)
        return _render_form(request, model_admin, form)
    except ParseError as exc:
        # Never a dead end: the clerk gets the document's text to correct and read again.
        return _render_text_editor(request, model_admin, document, problem=exc.user_message)
    if form.cleaned_data["kind"]:
        # The clerk's word wins over the document's title, as the metadata does.
        parsed = dataclasses.replace(parsed, kind=form.cleaned_data["kind"])
    draft = start_draft(document, parsed, user=request.user)
    return _render_draft(request, model_admin, draft)


def _already_imported(request: HttpRequest, document: SourceDocument) -> HttpResponse:
    messages.warning(
        request,
        f"Filen {document.original_name} er allerede importeret "
        f"({document.uploaded_at:%d.%m.%Y}) med de samme oplysninger; intet er ændret.",
    )
    return _redirect_to_meeting(document.meeting)


def edit_text(request: HttpRequest, pk: int, *, model_admin: admin.ModelAdmin) -> HttpResponse:
    """A document's text in an editor: corrected by the clerk, kept as a text of its own
    beside the original file, and read again."""
    _check_permission(request)
    document = get_object_or_404(SourceDocument.objects.select_related("edited_from"), pk=pk)
    if request.method != "POST":
        return _render_text_editor(request, model_admin, document)
    form = EditedTextForm(request.POST)
    if not form.is_valid():
        return _render_text_editor(request, model_admin, document, form=form)
    if form.committee_warning:
        messages.warning(request, form.committee_warning)
    fail_stale_documents()
    edited = store_edited_text(
        document,
        form.cleaned_data["text"],
        uploaded_by=request.user,
        entered_municipality=form.cleaned_data["municipality"],
        entered_committee=form.cleaned_data["committee"],
        entered_date=form.cleaned_data["date"],
    )
    if edited.status != SourceDocument.Status.RECEIVED:
        return _already_imported(request, edited)
    try:
        parsed = parse_source_document(edited)
    except ParseError as exc:
        form.add_error(None, exc.user_message)
        return _render_text_editor(request, model_admin, document, form=form)
    draft = start_draft(edited, parsed, user=request.user)
    return redirect("admin:minutes_meeting_upload_draft", pk=draft.pk)


def _render_text_editor(
    request: HttpRequest,
    model_admin: admin.ModelAdmin,
    document: SourceDocument,
    *,
    form: EditedTextForm | None = None,
    problem: str = "",
) -> HttpResponse:
    """The editor: the problem, the lines the parser looks for, the text to correct."""
    try:
        text, unreadable = stored_text(document), ""
    except ParseError as exc:
        text, unreadable = "", exc.user_message
    if form is None:
        form = EditedTextForm(initial=EditedTextForm.initial_for(document, text))
    return render(
        request,
        "admin/minutes/upload_text.html",
        _context(
            request,
            model_admin,
            title="Ret dokumentets tekst",
            document=document,
            original=document.edited_from or document,
            form=form,
            problem=problem or unreadable,
            unreadable=bool(unreadable),
        ),
    )


def _render_form(
    request: HttpRequest,
    model_admin: admin.ModelAdmin,
    form: UploadForm,
    *,
    drafts: object = (),
) -> HttpResponse:
    return render(
        request,
        "admin/minutes/upload.html",
        _context(request, model_admin, form=form, title="Upload referat", drafts=drafts),
    )


def _render_draft(
    request: HttpRequest,
    model_admin: admin.ModelAdmin,
    draft: ImportDraft,
    *,
    meeting_form: MeetingCorrectionForm | None = None,
    item_forms: ItemCorrectionFormSet | None = None,
    version_form: VersionChoiceForm | None = None,
) -> HttpResponse:
    """The editable preview: the draft as forms, its warnings by item, the source beside;
    for a re-upload, what differs from the saved meeting, to choose per item."""
    document = draft.source_document
    corrected = meeting_from_json(draft.data)
    if meeting_form is None:
        meeting_form = MeetingCorrectionForm(initial=MeetingCorrectionForm.initial_from(corrected))
    if item_forms is None:
        item_forms = ItemCorrectionFormSet(
            initial=[ItemCorrectionForm.initial_from(item) for item in corrected.items],
            items=corrected.items,
        )
    preview = preview_import(corrected)
    if version_form is None:
        differences = (
            reupload_differences(draft, corrected, preview.existing) if preview.is_update else []
        )
        version_form = VersionChoiceForm(differences=differences)
    removed_items = []
    if preview.existing is not None and preview.removed:
        removed_items = list(preview.existing.items.filter(number__in=preview.removed))
    meeting_warnings, item_warnings = warnings_by_item(corrected)
    states = dict((item.number, state) for item, state in preview.rows)
    rows = [
        {
            "form": form,
            "item": item,
            "warnings": warnings,
            "state": states.get(item.number, ""),
        }
        for form, item, warnings in zip(
            item_forms.forms, corrected.items, item_warnings, strict=False
        )
    ]
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
            draft=draft,
            preview=preview,
            parsed=corrected,
            layout=layouts.described(corrected.layout),
            meeting_form=meeting_form,
            item_forms=item_forms,
            version_form=version_form,
            rows=rows,
            without_decision=[row["item"].number for row in rows if NO_DECISION in row["warnings"]],
            meeting_warnings=meeting_warnings,
            removed_items=removed_items,
            source_text=source_text(document),
            municipality_names=[kommune.name for kommune in kommuner.all_kommuner()],
            confirm_form=ConfirmForm(initial={"source_document": document.pk}),
            back_query=back_query,
        ),
    )


def source_text(document: SourceDocument) -> str:
    """The document's text as the parser read it, for the clerk to compare with."""
    try:
        return stored_text(document)
    except ParseError:
        return ""


def draft(request: HttpRequest, pk: int, *, model_admin: admin.ModelAdmin) -> HttpResponse:
    """The stored draft: shown again (a new tab, a new session), corrected, or saved."""
    _check_permission(request)
    draft = get_object_or_404(
        ImportDraft.objects.select_related("source_document__edited_from"), pk=pk
    )
    document = draft.source_document
    if document.status != SourceDocument.Status.RECEIVED:
        if document.meeting is not None:
            messages.info(request, f"Filen {document.original_name} er allerede gemt.")
            return _redirect_to_meeting(document.meeting)
        messages.error(request, document.error_message or "Filen kan ikke gemmes; upload den igen.")
        return redirect("admin:minutes_meeting_upload")
    if request.method != "POST":
        return _render_draft(request, model_admin, draft)
    current = meeting_from_json(draft.data)
    existing = find_meeting(current)
    meeting_form = MeetingCorrectionForm(
        request.POST, initial=MeetingCorrectionForm.initial_from(current)
    )
    item_forms = ItemCorrectionFormSet(
        request.POST,
        initial=[ItemCorrectionForm.initial_from(item) for item in current.items],
        items=current.items,
    )
    version_form = VersionChoiceForm(
        request.POST,
        differences=reupload_differences(draft, current, existing) if existing else [],
    )
    if not (meeting_form.is_valid() and item_forms.is_valid() and version_form.is_valid()):
        return _render_draft(
            request,
            model_admin,
            draft,
            meeting_form=meeting_form,
            item_forms=item_forms,
            version_form=version_form,
        )
    corrected = current
    if meeting_form.has_changed() or item_forms.has_changed():
        # Only a change the clerk made is a correction: an untouched form read back
        # may differ from the draft in what the fields cannot show (None and "").
        corrected = meeting_form.corrected(current, item_forms.corrected_items())
    keep_saved = version_form.keep_saved()
    if keep_saved and existing is not None:
        corrected = choose_versions(draft, corrected, existing, keep_saved=keep_saved)
    if corrected is not current:
        draft.data = as_json(corrected)
        draft.save(update_fields=["data", "updated_at"])
    if "save" not in request.POST:
        messages.info(request, "Rettelserne er gemt i kladden; intet er offentliggjort endnu.")
        return redirect("admin:minutes_meeting_upload_draft", pk=draft.pk)
    return _save_draft(request, draft)


def _save_draft(request: HttpRequest, draft: ImportDraft) -> HttpResponse:
    document = draft.source_document
    try:
        outcome = save_meeting(
            meeting_from_json(draft.data),
            source_document=document,
            # A text the clerk corrected is a correction by hand, even if read as it stands.
            corrected_by=request.user
            if changed_by_clerk(draft) or document.edited_from_id is not None
            else None,
            corrected_items=corrected_item_numbers(draft),
        )
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


@require_POST
def confirm(request: HttpRequest, *, model_admin: admin.ModelAdmin) -> HttpResponse:
    """Save the document's draft as it stands (what the stored file read as, and the
    clerk's corrections stored in it), never fields the form sent."""
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
    draft = ImportDraft.objects.filter(source_document=document).first()
    if draft is None:
        # An upload from before drafts: its draft is what the stored file reads as.
        try:
            draft = start_draft(document, parse_source_document(document), user=request.user)
        except ParseError as exc:
            messages.error(request, exc.user_message)
            return redirect("admin:minutes_meeting_upload")
    return _save_draft(request, draft)


def _redirect_to_meeting(meeting: Meeting) -> HttpResponseRedirect:
    return redirect(reverse("admin:minutes_meeting_change", args=[meeting.pk]))
