"""JSON shapes of the API: each resource links to itself, to its page and to its relations.

Field names are English (the API is for developers, like its schema); the values
are the records' own Danish text. Every list view selects or prefetches what
these serializers read, so a page costs the same number of queries at any size.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

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


class Links:
    """One response's absolute links: the API's from its root reversed once, the
    site's pages from the models' get_absolute_url() and reverse().

    The generic fields cost a reverse() and a build_absolute_uri() per link, six links
    per agenda item: a quarter of a page's time. The API formats follow api/urls.py (the
    router's "<prefix>/<lookup>/"); tests/test_api.py holds every link equal to what
    the declared fields give, so a change in the URLconf fails there.
    """

    def __init__(self, request: HttpRequest | None) -> None:
        self.request = request
        # build_absolute_uri(path) is the origin plus the path, which reverse() has
        # already quoted; the origin is taken once (the script prefix is in the paths).
        self.origin = request.build_absolute_uri("/")[:-1] if request is not None else ""
        self.api_path = reverse("api:api-root")
        self.api = self.origin + self.api_path

    def municipality(self, slug: str) -> str:
        return f"{self.api}municipalities/{slug}/"

    def committee(self, pk: int) -> str:
        return f"{self.api}committees/{pk}/"

    def municipality_ref(self, municipality: Municipality) -> dict:
        """What MunicipalityRefSerializer gives."""
        return {
            "url": self.municipality(municipality.slug),
            "slug": municipality.slug,
            "name": municipality.name,
        }

    def committee_ref(self, committee: Committee) -> dict:
        """What CommitteeRefSerializer gives."""
        return {
            "url": self.committee(committee.pk),
            "id": committee.pk,
            "slug": committee.slug,
            "name": committee.name,
        }

    def meeting(self, pk: int) -> str:
        return f"{self.api}meetings/{pk}/"

    def item(self, pk: int) -> str:
        return f"{self.api}items/{pk}/"

    def case(self, municipality_slug: str, case_number: str) -> str:
        return self._absolute(
            reverse(
                "api:case-detail",
                kwargs={"municipality": municipality_slug, "case_number": case_number},
            )
        )

    def meeting_page(self, meeting: Meeting) -> str:
        """Reads municipality and committee, like Meeting.get_absolute_url()."""
        return self.origin + meeting.get_absolute_url()

    def item_page(self, item: AgendaItem) -> str:
        """Reads municipality, committee and meeting, like AgendaItem.get_absolute_url()."""
        return self.origin + item.get_absolute_url()

    def case_page(self, municipality_slug: str, case_number: str) -> str:
        return self._absolute(
            reverse(
                "minutes:case",
                kwargs={"municipality": municipality_slug, "case_number": case_number},
            )
        )

    def _absolute(self, path: str) -> str:
        if "/./" in path or "/../" in path:
            # build_absolute_uri() resolves "." and ".." segments; keep its answer.
            return self.request.build_absolute_uri(path) if self.request else path
        return self.origin + path


def links(context: dict) -> Links:
    """The response's Links, made on first use (a list's rows share the root's context)."""
    if "links" not in context:
        context["links"] = Links(context.get("request"))
    return context["links"]


def generic_links(context: dict) -> bool:
    """DRF puts a format suffix (/api/items.json) or ``?format=`` into every link the
    declared fields build: such rare responses take the generic, slower path."""
    if context.get("format"):
        return True
    request = context.get("request")
    override = api_settings.URL_FORMAT_OVERRIDE
    return request is not None and bool(override) and override in request.GET


# What the fast paths format values with: the classes ModelSerializer builds for the
# models' fields, unbound. Reading ``self.fields`` builds every declared and model
# field of the serializer (~0.5 ms a response) for three formatters.
DATE = serializers.DateField()
TIME = serializers.TimeField()
DATETIME = serializers.DateTimeField()


def nullable(field: serializers.Field, value):
    """As Serializer.to_representation() gives a field's value: None stays None."""
    return None if value is None else field.to_representation(value)


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
            "start_time",
            "location",
            "participants",
            "corrected_at",
            "updated_at",
            "html_url",
        ]

    def to_representation(self, meeting: Meeting) -> dict:
        # The declared fields above are the reference (and the schema); lists of 50 to
        # 200 meetings are built here directly, the same JSON without DRF's per-field
        # machinery and per-link reverse(). tests/test_api.py compares the two.
        if generic_links(self.context):
            return super().to_representation(meeting)
        link = links(self.context)
        return {
            "url": link.meeting(meeting.pk),
            "id": meeting.pk,
            "municipality": link.municipality_ref(meeting.municipality),
            "committee": link.committee_ref(meeting.committee),
            "date": DATE.to_representation(meeting.date),
            "sequence": meeting.sequence,
            "start_time": nullable(TIME, meeting.start_time),
            "location": meeting.location,
            "participants": meeting.participants,
            "corrected_at": nullable(DATETIME, meeting.corrected_at),
            "updated_at": DATETIME.to_representation(meeting.updated_at),
            "html_url": link.meeting_page(meeting),
        }


class MeetingDetailSerializer(MeetingSerializer):
    # Filled from a Prefetch(to_attr=...) of the public items (views.py).
    items = AgendaItemRefSerializer(source="public_items", many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "items"]

    # One meeting: the declared fields' generic path is fast enough.
    to_representation = serializers.ModelSerializer.to_representation


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

    def to_representation(self, item: AgendaItem) -> dict:
        # As MeetingSerializer.to_representation(): the declared fields are the
        # reference, this is the same JSON built directly (tests/test_api.py compares).
        if generic_links(self.context):
            return super().to_representation(item)
        link = links(self.context)
        meeting = item.meeting
        municipality = item.municipality
        return {
            "url": link.item(item.pk),
            "id": item.pk,
            "meeting": {
                "url": link.meeting(meeting.pk),
                "id": meeting.pk,
                "date": DATE.to_representation(meeting.date),
                "sequence": meeting.sequence,
            },
            "municipality": link.municipality_ref(municipality),
            "committee": link.committee_ref(item.committee),
            "meeting_date": DATE.to_representation(item.meeting_date),
            "number": item.number,
            "title": item.title,
            "case_number": item.case_number,
            "case_url": (
                link.case(municipality.slug, item.case_number) if item.case_number else None
            ),
            "case_officer": item.case_officer,
            "is_closed": item.is_closed,
            "sections": item.sections,
            "recommendation": item.recommendation,
            # Rows of DecisionSerializer's and AttachmentSerializer's fields (views.py).
            "decisions": [
                {**decision, "date": nullable(DATE, decision["date"])}
                for decision in item.decision_list
            ],
            "attachments": item.attachment_list,
            "updated_at": DATETIME.to_representation(item.updated_at),
            "html_url": link.item_page(item),
        }


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

    def to_representation(self, case: dict) -> dict:
        # Pages of 100 to 500 cases: the fields above built directly, links formatted.
        link = links(self.context)
        slug = self.context["municipality"].slug
        return {
            "case_number": case["case_number"],
            "item_count": case["item_count"],
            "first_meeting_date": DATE.to_representation(case["first_meeting_date"]),
            "last_meeting_date": DATE.to_representation(case["last_meeting_date"]),
            "url": link.case(slug, case["case_number"]),
            "html_url": link.case_page(slug, case["case_number"]),
        }


class CaseDetailSerializer(serializers.Serializer):
    """The story of one case: every public item with its number, oldest first."""

    municipality = MunicipalityRefSerializer()
    case_number = serializers.CharField()
    html_url = serializers.SerializerMethodField()
    items = AgendaItemSerializer(many=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, case: dict) -> str:
        return case_page_url(self.context, case["municipality"].slug, case["case_number"])
