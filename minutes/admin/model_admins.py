"""The clerks' admin: every model with useful columns, filters, search and inlines.

The upload flow itself is in upload_views.py, reached from MeetingAdmin.get_urls().
"""

from functools import partial

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from ..importing.changes import (
    meeting_changed,
    meetings_changed,
    meetings_deleted,
    recount_after_commit,
)
from ..models import (
    AgendaItem,
    Attachment,
    Committee,
    Decision,
    Meeting,
    Municipality,
    SourceDocument,
)
from . import upload_views
from .forms import UnpublishForm
from .record_forms import AgendaItemAdminForm, DecisionInlineForm, MeetingAdminForm

READ_AS_EDITED_REASON = "Mødet er gemt fra den rettede tekst. Filen selv: {error}"


class NameShownInCountedFigures(admin.ModelAdmin):
    """A rename moves no meeting's stamp: the coverage page is counted again by hand."""

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        recount_after_commit()


@admin.register(Municipality)
class MunicipalityAdmin(NameShownInCountedFigures):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Committee)
class CommitteeAdmin(NameShownInCountedFigures):
    list_display = ["name", "municipality", "slug"]
    list_filter = ["municipality"]
    search_fields = ["name", "slug", "municipality__name"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = [
        "number",
        "title",
        "case_number",
        "is_closed",
        "is_published",
        "is_withdrawn",
        "corrected_by_hand",
    ]
    readonly_fields = ["is_withdrawn", "corrected_by_hand"]
    extra = 0
    show_change_link = True


class SourceDocumentInline(admin.TabularInline):
    model = SourceDocument
    fields = [
        "original_name",
        "status",
        "layout",
        "uploaded_at",
        "uploaded_by",
        "edited_from",
        "sha256",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def _mark_corrected_by_hand(request: HttpRequest, meeting_id: int, form, formsets) -> None:
    """An edit of an imported meeting or item in the admin is a correction by hand:
    a later re-upload shows it (importing.drafts.hand_corrected_items)."""
    if form.has_changed() or any(formset.has_changed() for formset in formsets):
        Meeting.objects.filter(pk=meeting_id).update(
            corrected_by_hand=True, corrected_by=request.user
        )


# An item's fields that are not what the minutes say: publishing is not correcting,
# and a re-upload does not compare them.
NOT_ITEM_CONTENT = {"is_published", "unpublished_reason"}


def _mark_items_corrected_by_hand(item_ids: list[int]) -> None:
    """These items now hold the clerk's version: a re-upload offers to keep it."""
    if item_ids:
        AgendaItem.objects.filter(pk__in=item_ids).update(corrected_by_hand=True)


def _items_corrected_inline(formsets) -> list[int]:
    """The items the meeting page's item rows added or changed in their content."""
    ids = []
    for formset in formsets:
        if formset.model is not AgendaItem:
            continue
        ids.extend(item.pk for item in formset.new_objects)
        ids.extend(
            item.pk for item, changed in formset.changed_objects if set(changed) - NOT_ITEM_CONTENT
        )
    return ids


def _meeting_ids(queryset: QuerySet) -> list[int]:
    if queryset.model is Meeting:
        return list(queryset.values_list("pk", flat=True))
    return list(queryset.values_list("meeting_id", flat=True).distinct())


@admin.action(description="Afpublicér de valgte (siderne svarer 410, intet slettes)")
def unpublish(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> TemplateResponse | None:
    # An intermediate page asks for the reason, as delete_selected asks for confirmation.
    form = UnpublishForm(request.POST if "apply" in request.POST else None)
    if not form.is_bound or not form.is_valid():
        return TemplateResponse(
            request,
            "admin/minutes/unpublish.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": "Afpublicér",
                "opts": modeladmin.model._meta,
                "queryset": queryset,
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )
    meeting_ids = _meeting_ids(queryset)
    changed = queryset.update(is_published=False, unpublished_reason=form.cleaned_data["reason"])
    meetings_changed(meeting_ids)
    modeladmin.message_user(request, f"{changed} afpubliceret.", messages.SUCCESS)
    return None


@admin.action(description="Offentliggør de valgte igen")
def publish(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    meeting_ids = _meeting_ids(queryset)
    changed = queryset.update(is_published=True, unpublished_reason="")
    meetings_changed(meeting_ids)
    modeladmin.message_user(request, f"{changed} offentliggjort.", messages.SUCCESS)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    form = MeetingAdminForm
    list_display = [
        "committee_name",
        "municipality",
        "date",
        "sequence",
        "kind",
        "is_published",
        "is_search_indexed",
        "corrected_at",
        "public_link",
    ]
    list_filter = ["kind", "is_published", "is_search_indexed", "municipality"]
    search_fields = ["committee__name", "municipality__name", "location"]
    list_select_related = ["municipality", "committee"]
    autocomplete_fields = ["municipality", "committee"]
    date_hierarchy = "date"
    readonly_fields = [
        "corrected_at",
        "corrected_by_hand",
        "corrected_by",
        "created_at",
        "updated_at",
        "is_search_indexed",
    ]
    inlines = [AgendaItemInline, SourceDocumentInline]
    actions = [unpublish, publish]

    def get_urls(self) -> list[URLPattern]:
        upload_urls = [
            path(
                "upload/",
                self.admin_site.admin_view(partial(upload_views.upload, model_admin=self)),
                name="minutes_meeting_upload",
            ),
            path(
                "upload/gem/",
                self.admin_site.admin_view(partial(upload_views.confirm, model_admin=self)),
                name="minutes_meeting_upload_confirm",
            ),
            path(
                "upload/tekst/<int:pk>/",
                self.admin_site.admin_view(partial(upload_views.edit_text, model_admin=self)),
                name="minutes_meeting_upload_text",
            ),
            path(
                "upload/kladde/<int:pk>/",
                self.admin_site.admin_view(partial(upload_views.draft, model_admin=self)),
                name="minutes_meeting_upload_draft",
            ),
        ]
        # Before the default patterns: "<path:object_id>/" would take "upload/".
        return upload_urls + super().get_urls()

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is AgendaItem:
            # An item added on the meeting's page repeats the meeting's fields as
            # every item does (Meeting.item_copies); its row does not show them.
            copies = form.instance.item_copies()
            for item_form in formset.forms:
                if item_form.instance.pk is None:
                    for name, value in copies.items():
                        setattr(item_form.instance, name, value)
        super().save_formset(request, form, formset, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if change:
            _mark_corrected_by_hand(request, form.instance.pk, form, formsets)
            _mark_items_corrected_by_hand(_items_corrected_inline(formsets))
        meeting_changed(form.instance)

    def delete_model(self, request: HttpRequest, obj: Meeting) -> None:
        meetings_deleted([obj.pk])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        meetings_deleted(_meeting_ids(queryset))
        super().delete_queryset(request, queryset)

    @admin.display(description="udvalg", ordering="committee__name")
    def committee_name(self, meeting: Meeting) -> str:
        return meeting.committee.name

    @admin.display(description="offentlig side")
    def public_link(self, meeting: Meeting) -> str:
        return format_html('<a href="{}">Vis</a>', meeting.get_absolute_url())


class DecisionInline(admin.StackedInline):
    model = Decision
    form = DecisionInlineForm
    fields = ["position", "is_current", "committee_name", "date", "item_number", "text", "absent"]
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["position", "title", "url"]
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    form = AgendaItemAdminForm
    list_display = [
        "number",
        "title",
        "case_number",
        "municipality",
        "committee",
        "meeting_date",
        "is_closed",
        "is_published",
        "is_withdrawn",
        "corrected_by_hand",
    ]
    list_filter = ["is_published", "is_withdrawn", "is_closed", "corrected_by_hand", "municipality"]
    search_fields = ["title", "case_number", "case_officer"]
    list_select_related = ["municipality", "committee", "meeting"]
    raw_id_fields = ["meeting"]
    readonly_fields = [
        "municipality",
        "committee",
        "meeting_date",
        "is_withdrawn",
        "corrected_by_hand",
        "updated_at",
    ]
    date_hierarchy = "meeting_date"
    inlines = [DecisionInline, AttachmentInline]
    actions = [unpublish, publish]

    class Media:
        # The sections' heading + text rows (record_forms.SectionsWidget).
        css = {"all": ["css/admin-records.css"]}

    def save_model(self, request: HttpRequest, obj: AgendaItem, form, change: bool) -> None:
        for name, value in obj.meeting.item_copies().items():
            setattr(obj, name, value)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        content_changed = bool(set(form.changed_data) - NOT_ITEM_CONTENT) or any(
            formset.has_changed() for formset in formsets
        )
        if not change or content_changed:
            # An item added by hand is the clerk's too.
            _mark_items_corrected_by_hand([form.instance.pk])
        if change:
            _mark_corrected_by_hand(request, form.instance.meeting_id, form, formsets)
        # An item moved to another meeting changes what both meetings show.
        moved_from = form.initial.get("meeting") if "meeting" in form.changed_data else None
        meetings_changed([form.instance.meeting_id, *([moved_from] if moved_from else [])])

    def delete_model(self, request: HttpRequest, obj: AgendaItem) -> None:
        super().delete_model(request, obj)
        meetings_changed([obj.meeting_id])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        meeting_ids = _meeting_ids(queryset)
        super().delete_queryset(request, queryset)
        meetings_changed(meeting_ids)


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = [
        "original_name",
        "status",
        "reason",
        "layout",
        "size",
        "uploaded_at",
        "uploaded_by",
    ]
    list_filter = ["status", "layout"]
    search_fields = ["original_name", "sha256", "error_message"]
    list_select_related = ["uploaded_by", "meeting"]
    raw_id_fields = ["meeting"]
    readonly_fields = [
        "file",
        "original_name",
        "sha256",
        "size",
        "content_type",
        "uploaded_by",
        "uploaded_at",
        "entered_municipality",
        "entered_committee",
        "entered_date",
        "layout",
        "status",
        "error_message",
        "edited_from",
        "edited_texts",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Files arrive through the upload view, which parses them and keeps them.
        return False

    @admin.display(description="årsag")
    def reason(self, document: SourceDocument) -> str:
        """Why a failed import failed, shortened for the list; for a file read through
        the clerk's corrected text, that first."""
        if document.status == SourceDocument.Status.READ_AS_EDITED:
            return Truncator(READ_AS_EDITED_REASON.format(error=document.error_message)).chars(90)
        return Truncator(document.error_message).chars(90)

    @admin.display(description="rettede tekster")
    def edited_texts(self, document: SourceDocument) -> str:
        """The clerk's corrected texts of this file, each with its status."""
        return (
            format_html_join(
                ", ",
                '<a href="{}">{}</a> ({})',
                (
                    (
                        reverse("admin:minutes_sourcedocument_change", args=[edited.pk]),
                        edited.original_name,
                        edited.get_status_display(),
                    )
                    for edited in document.edited_versions.order_by("id")
                ),
            )
            or "–"
        )
