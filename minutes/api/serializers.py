"""JSON shapes of the API: each resource links to itself, to its page and to its relations.

Field names are English (the API is for developers, like its schema); the values
are the records' own Danish text. Every list view selects or prefetches what
these serializers read, so a page costs the same number of queries at any size.
One shape per resource: these declared fields are the JSON and, through
drf-spectacular, the schema.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import AgendaItem, Attachment, Committee, Decision, Meeting, Municipality


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute URL of the object's public HTML page (``get_absolute_url()``)."""

    def __init__(self, **kwargs) -> None:
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return absolute(self.context, value.get_absolute_url())


def absolute(context: dict, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


def case_api_url(context: dict, municipality_slug: str, case_number: str) -> str:
    return absolute(
        context,
        reverse(
            "api:case-detail",
            kwargs={"municipality": municipality_slug, "case_number": case_number},
        ),
    )


def case_page_url(context: dict, municipality_slug: str, case_number: str) -> str:
    return absolute(
        context,
        reverse(
            "minutes:case",
            kwargs={"municipality": municipality_slug, "case_number": case_number},
        ),
    )


class MunicipalityRefSerializer(serializers.ModelSerializer):
    """A municipality as referred to from another resource."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:municipality-detail", lookup_field="slug"
    )

    class Meta:
        model = Municipality
        fields = ["url", "slug", "name"]


class CommitteeRefSerializer(serializers.ModelSerializer):
    """A committee as referred to from another resource."""

    url = serializers.HyperlinkedIdentityField(view_name="api:committee-detail")

    class Meta:
        model = Committee
        fields = ["url", "id", "slug", "name"]


class MeetingRefSerializer(serializers.ModelSerializer):
    """A meeting as referred to from one of its agenda items."""

    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail")

    class Meta:
        model = Meeting
        fields = ["url", "id", "date", "sequence"]


class MunicipalitySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:municipality-detail", lookup_field="slug"
    )
    html_url = PageUrlField()
    cases_url = serializers.HyperlinkedIdentityField(
        view_name="api:case-list", lookup_field="slug", lookup_url_kwarg="municipality"
    )

    class Meta:
        model = Municipality
        fields = ["url", "slug", "name", "html_url", "cases_url"]


class CommitteeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:committee-detail")
    municipality = MunicipalityRefSerializer(read_only=True)
    html_url = PageUrlField()

    class Meta:
        model = Committee
        fields = ["url", "id", "slug", "name", "municipality", "html_url"]


class MunicipalityDetailSerializer(MunicipalitySerializer):
    committees = CommitteeRefSerializer(many=True, read_only=True)

    class Meta(MunicipalitySerializer.Meta):
        fields = [*MunicipalitySerializer.Meta.fields, "committees"]


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = [
            "position",
            "is_current",
            "committee_name",
            "date",
            "item_number",
            "text",
            "absent",
        ]


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["position", "title", "url"]


class AgendaItemRefSerializer(serializers.ModelSerializer):
    """An agenda item as listed in its meeting."""

    url = serializers.HyperlinkedIdentityField(view_name="api:item-detail")

    class Meta:
        model = AgendaItem
        fields = ["url", "id", "number", "title", "case_number", "is_closed"]


class MeetingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail")
    municipality = MunicipalityRefSerializer(read_only=True)
    committee = CommitteeRefSerializer(read_only=True)
    html_url = PageUrlField()

    class Meta:
        model = Meeting
        fields = [
            "url",
            "id",
            "municipality",
            "committee",
            "date",
            "sequence",
            "kind",
            "start_time",
            "location",
            "participants",
            "corrected_at",
            "updated_at",
            "html_url",
        ]


class MeetingDetailSerializer(MeetingSerializer):
    # Filled from a Prefetch(to_attr=...) of the public items (views.py).
    items = AgendaItemRefSerializer(source="public_items", many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "items"]


class AgendaItemSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:item-detail")
    meeting = MeetingRefSerializer(read_only=True)
    municipality = MunicipalityRefSerializer(read_only=True)
    committee = CommitteeRefSerializer(read_only=True)
    case_url = serializers.SerializerMethodField(
        help_text="The case in this API (every item with this case number in the municipality)."
    )
    # Lists of dicts filled by views.with_decisions_and_attachments().
    decisions = DecisionSerializer(source="decision_list", many=True, read_only=True)
    attachments = AttachmentSerializer(source="attachment_list", many=True, read_only=True)
    html_url = PageUrlField()

    class Meta:
        model = AgendaItem
        fields = [
            "url",
            "id",
            "meeting",
            "municipality",
            "committee",
            "meeting_date",
            "number",
            "title",
            "case_number",
            "case_url",
            "case_officer",
            "is_closed",
            "sections",
            "recommendation",
            "decisions",
            "attachments",
            "updated_at",
            "html_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_case_url(self, item: AgendaItem) -> str | None:
        if not item.case_number:
            return None
        return case_api_url(self.context, item.municipality.slug, item.case_number)


class CaseSerializer(serializers.Serializer):
    """One case (sag): a case number within one municipality, with its item count."""

    case_number = serializers.CharField()
    item_count = serializers.IntegerField()
    first_meeting_date = serializers.DateField()
    last_meeting_date = serializers.DateField()
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, case: dict) -> str:
        return case_api_url(self.context, self.context["municipality"].slug, case["case_number"])

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, case: dict) -> str:
        return case_page_url(self.context, self.context["municipality"].slug, case["case_number"])


class CaseDetailSerializer(serializers.Serializer):
    """The story of one case: every public item with its number, oldest first."""

    municipality = MunicipalityRefSerializer()
    case_number = serializers.CharField()
    html_url = serializers.SerializerMethodField()
    items = AgendaItemSerializer(many=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, case: dict) -> str:
        return case_page_url(self.context, case["municipality"].slug, case["case_number"])
