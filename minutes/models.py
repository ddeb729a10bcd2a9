"""The public record: municipalities, committees, meetings, agenda items and decisions.

Natural keys are unique constraints, so a corrected upload updates rows in place
(see importing.py) and every public URL, built from slugs, dates and item numbers,
survives it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Replace, Upper
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.text import get_valid_filename

from . import kommuner
from .parsing.casenumbers import normalise_case_number
from .slugs import danish_slugify, date_slug


def reverse_cached(viewname: str, *args: str) -> str:
    """reverse() for the few URLs every list row repeats: municipalities and committees."""
    return _reverse_cached(get_resolver(get_urlconf()), get_script_prefix(), viewname, args)


# Optimization: list rows repeat these links; each is reversed once, not once a row.
@functools.lru_cache(maxsize=4096)
def _reverse_cached(resolver: object, script_prefix: str, viewname: str, args: tuple) -> str:
    return reverse(viewname, args=args)


class MunicipalityQuerySet(models.QuerySet):
    def with_public_meetings(self) -> MunicipalityQuerySet:
        return self.filter(meetings__is_published=True).distinct()

    def official(self) -> MunicipalityQuerySet:
        """The 98 kommuner of the official list (rows from before it have no code)."""
        return self.filter(kommunekode__isnull=False)

    def find_by_name(self, name: str) -> Municipality | None:
        """The row of the kommune a typed name means ("Herning"), or None outside the 98.

        Migration 0009 loads all 98; a table emptied since (a test database flushed
        between tests) gets the row back from the official list here, so the list,
        not the table, decides what a kommune is. A parallel import creating the same
        row is found after our insert fails.
        """
        kommune = kommuner.find(name)
        if kommune is None:
            return None
        existing = self.filter(Q(kommunekode=kommune.code) | Q(name=kommune.name)).first()
        if existing is not None:
            return existing
        row = Municipality(
            name=kommune.name, kommunekode=kommune.code, slug=danish_slugify(kommune.name)
        )
        try:
            with transaction.atomic():  # a savepoint: an outer transaction goes on
                row.save(force_insert=True)
        except IntegrityError:
            return self.get(kommunekode=kommune.code)
        return row


class Municipality(models.Model):
    """A municipality (kommune), e.g. "Herning Kommune"."""

    name = models.CharField("navn", max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    # Danmarks Statistik's four digits ("0657"), from kommuner.py's list; empty only
    # on rows made before the list (benchmarks, old test data).
    kommunekode = models.CharField("kommunekode", max_length=4, unique=True, null=True, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = danish_slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse_cached("minutes:municipality", self.slug)

    def get_case_url(self, case_number: str) -> str:
        """The page of one case (a canonical case number) in this municipality."""
        return reverse(
            "minutes:case", kwargs={"municipality": self.slug, "case_number": case_number}
        )


class CommitteeQuerySet(models.QuerySet):
    def find_by_name(self, name: str) -> Committee | None:
        # The slug catches what iexact misses on SQLite ("Økonomiudvalget" and
        # "økonomiudvalget") and spellings such as "Århus"/"Aarhus".
        return self.filter(Q(name__iexact=name) | Q(slug=danish_slugify(name))).first()

    def close_to(self, name: str) -> list[str]:
        """Names among these committees that look like ``name`` (a typo, a short form)."""
        names = list(self.values_list("name", flat=True))
        by_folded = {existing.casefold(): existing for existing in names}
        close = difflib.get_close_matches(name.casefold(), list(by_folded), n=3, cutoff=0.75)
        return [by_folded[folded] for folded in close]


class Committee(models.Model):
    """A committee (udvalg) of one municipality, e.g. "Beskæftigelsesudvalget".

    Its slug is unique only within the municipality: many municipalities have an
    "Økonomiudvalget".
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="committees", verbose_name="kommune"
    )
    name = models.CharField("navn", max_length=200)
    slug = models.SlugField(max_length=200)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = "udvalg"
        verbose_name_plural = "udvalg"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="one_committee_slug_per_municipality"
            ),
            models.UniqueConstraint(
                fields=["municipality", "name"], name="one_committee_name_per_municipality"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})"

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = danish_slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        # Reads municipality: lists must select_related it.
        return reverse_cached("minutes:committee", self.municipality.slug, self.slug)


class MeetingQuerySet(models.QuerySet):
    def public(self) -> MeetingQuerySet:
        return self.filter(is_published=True)

    def for_listing(self) -> MeetingQuerySet:
        return self.select_related("municipality", "committee")

    def coming(self, today: dt.date | None = None) -> MeetingQuerySet:
        """Public agendas of meetings today or later, the nearest first: "Kommende møder"."""
        today = today or timezone.localdate()
        return (
            self.public()
            .filter(kind=Meeting.Kind.AGENDA, date__gte=today)
            .order_by("date", "sequence", "id")
        )

    def held(self, today: dt.date | None = None) -> MeetingQuerySet:
        """Public meetings except the coming ones: the "Seneste møder" lists."""
        today = today or timezone.localdate()
        return self.public().exclude(kind=Meeting.Kind.AGENDA, date__gte=today)

    def last_change(self) -> dt.datetime | None:
        """When the newest change to a meeting was saved: a stamp for cached figures.

        ``importing.changes`` moves it on every import (a new or corrected meeting),
        admin edit, publish, unpublish and item delete, also after the commit, so
        the last of two overlapping imports to commit moves it last; a new
        municipality or committee only arrives with a meeting. It does not move
        when a meeting is deleted or a municipality or committee is renamed in the
        admin: caches keyed by it also expire after a few minutes. One index
        lookup (``meeting_changed_idx``).
        """
        return self.aggregate(changed=Max("updated_at"))["changed"]

    def only_row_fields(self) -> MeetingQuerySet:
        """What a list row shows (``minutes/_meeting_rows.html``), with ``for_listing()``.

        The participants and the rest stay in the database: reading and building
        them for 20 rows cost more than the rows' query on the 1M-item corpus.
        """
        return self.only(
            "date",
            "sequence",
            "location",
            "kind",
            "municipality__name",
            "municipality__slug",
            "committee__name",
            "committee__slug",
        )


class Meeting(models.Model):
    """A committee meeting (møde) on one date, with its agenda items.

    Should a committee meet twice on one day, the second meeting gets sequence 2
    and its URL ends in "2026-01-13-2/".

    ``kind`` says what the record holds: the agenda (dagsorden), uploaded before
    the meeting and without decisions, or the minutes (referat). The referat that
    follows an agenda updates the same meeting; only a referat replacing a
    referat is a correction (``corrected_at``).
    """

    class Kind(models.TextChoices):
        AGENDA = "dagsorden", "Dagsorden"
        MINUTES = "referat", "Referat"

    # No index of their own: the (municipality, -date) and (committee, -date) indexes
    # lead with them, and with a second index the planner chose by the table's size.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name="kommune",
        db_index=False,
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name="udvalg",
        db_index=False,
    )
    date = models.DateField("mødedato")
    sequence = models.PositiveSmallIntegerField("løbenummer samme dag", default=1)
    start_time = models.TimeField("starttidspunkt", null=True, blank=True)
    location = models.CharField("mødested", max_length=500, blank=True)
    participants = models.JSONField("mødedeltagere", default=list, blank=True)
    is_published = models.BooleanField("offentliggjort", default=True)
    unpublished_reason = models.TextField("begrundelse for afpublicering", blank=True)
    kind = models.CharField("dokument", max_length=10, choices=Kind.choices, default=Kind.MINUTES)
    corrected_at = models.DateTimeField("rettet", null=True, blank=True)
    # The clerk changed what the parser read before saving (the upload preview).
    corrected_by_hand = models.BooleanField("rettet i hånden", default=False)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rettet af",
    )
    # False until the search index has taken the latest version (see minutes/search/sync.py).
    is_search_indexed = models.BooleanField("i søgeindekset", default=False)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("opdateret", auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-sequence", "-id"]
        verbose_name = "møde"
        verbose_name_plural = "møder"
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "date", "sequence"], name="one_meeting_per_committee_and_day"
            ),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="meeting_sequence_positive"),
        ]
        indexes = [
            # The meeting list, newest first, with and without a kommune filter.
            models.Index(fields=["-date", "-id"], name="meeting_newest_idx"),
            models.Index(fields=["municipality", "-date"], name="meeting_municipality_date_idx"),
            models.Index(fields=["committee", "-date"], name="meeting_committee_date_idx"),
            # The list's capped count for a period: without it PostgreSQL counts with a
            # sequential scan that stops at the cap, whose cost depends on where the
            # scan starts (synchronised scans) and grows with the table.
            models.Index(
                fields=["-date"], condition=Q(is_published=True), name="meeting_public_date_idx"
            ),
            # The search index's catch-up looks for the few meetings not yet indexed
            # after every import: without it, a scan of every meeting.
            models.Index(
                fields=["id"],
                condition=Q(is_search_indexed=False),
                name="meeting_not_search_indexed_idx",
            ),
            # Meeting.objects.last_change(): MAX(updated_at), the stamp of cached figures.
            models.Index(fields=["updated_at"], name="meeting_changed_idx"),
            # Meeting.objects.coming(): the few public agendas, by date, not a scan
            # of every meeting newer than today.
            models.Index(
                fields=["date"],
                condition=Q(kind="dagsorden", is_published=True),
                name="meeting_coming_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.name}, {self.date.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("minutes:meeting", kwargs=self.url_kwargs())

    @property
    def is_agenda(self) -> bool:
        """Only the agenda is in: the referat, with the decisions, has not come yet."""
        return self.kind == Meeting.Kind.AGENDA

    @property
    def date_slug(self) -> str:
        """The date part of the URL: "2026-01-13", or "2026-01-13-2" for a second meeting."""
        return date_slug(self.date, self.sequence)

    def item_copies(self) -> dict[str, object]:
        """The fields each of its items repeats (see AgendaItem), by attribute name."""
        return {
            "municipality_id": self.municipality_id,
            "committee_id": self.committee_id,
            "meeting_date": self.date,
            "meeting_is_published": self.is_published,
        }

    def update_item_copies(self) -> int:
        """Bring the items' copies in line after the meeting's own fields changed.

        One query, writing only the items that differ; returns how many did.
        ``importing.changes.meeting_changed()`` calls it with the stamp and re-index.
        """
        copies = self.item_copies()
        differs = ~Q(**copies)
        return self.items.filter(differs).update(**copies)

    def url_kwargs(self) -> dict[str, str]:
        # Reads municipality and committee: lists must select_related them.
        return {
            "municipality": self.municipality.slug,
            "committee": self.committee.slug,
            "meeting": self.date_slug,
        }


class AgendaItemQuerySet(models.QuerySet):
    def public(self) -> AgendaItemQuerySet:
        """Items a visitor may see: published, in a published meeting, still in the minutes.

        The meeting's flag is read from the item's copy: no join, so the lists' counts
        read one index of one table at any size.
        """
        return self.filter(is_published=True, is_withdrawn=False, meeting_is_published=True)

    def for_listing(self) -> AgendaItemQuerySet:
        return self.select_related("meeting", "municipality", "committee")

    def only_row_fields(self) -> AgendaItemQuerySet:
        """What a list row shows (``minutes/_item_rows.html``), with ``for_listing()``.

        The item's body (``sections``, ``recommendation``) and the meeting's
        participants stay in the database: decoding them for 20 rows cost more
        than the rows' query on the 1M-item corpus.
        """
        return self.only(
            "meeting_date",
            "number",
            "title",
            "case_number",
            "is_closed",
            "meeting__date",
            "meeting__sequence",
            "meeting__kind",
            "municipality__name",
            "municipality__slug",
            "committee__name",
            "committee__slug",
        )

    def with_current_decision_text(self) -> AgendaItemQuerySet:
        """Each item's own decision's text as ``current_decision`` (None without one).

        A column of the same query (there is at most one, a constraint says), for
        list rows and feed entries: a prefetch cost a query and a model per decision.
        """
        decision = Decision.objects.filter(agenda_item=OuterRef("pk"), is_current=True)
        return self.annotate(current_decision=Subquery(decision.order_by().values("text")[:1]))

    def newest_first(self) -> AgendaItemQuerySet:
        return self.order_by("-meeting_date", "-meeting_id", "number")

    def in_order(self, ids: list[int]) -> list[AgendaItem]:
        """The rows for these ids (search hits), in the order given."""
        by_id = {item.pk: item for item in self.filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def case_number_spelled_like(self, municipality: Municipality, typed: str) -> str | None:
        """The stored case number in this municipality that reads as ``typed``, if any.

        KLE numbers are stored normalised, but other systems' numbers as printed, so a
        typed "sag-2019-00123" or "19 / 12345" is matched ignoring letter case and
        spaces. It reads the municipality's case numbers (``item_case_idx``): the case
        page asks only after the exact lookup found nothing.
        """
        key = "".join(normalise_case_number(typed).split()).upper()
        if not key:
            return None
        return (
            self.filter(municipality=municipality)
            .exclude(case_number="")
            .annotate(spelling_key=Upper(Replace("case_number", Value(" "), Value(""))))
            .filter(spelling_key=key)
            .order_by("case_number")
            .values_list("case_number", flat=True)
            .first()
        )

    def for_case(self, municipality: Municipality, case_number: str) -> AgendaItemQuerySet:
        """Every item of one case in one municipality, oldest first: the story of a case."""
        return self.filter(municipality=municipality, case_number=case_number).order_by(
            "meeting_date", "meeting_id", "number"
        )


class AgendaItem(models.Model):
    """An agenda item (punkt), numbered per meeting.

    ``municipality``, ``committee``, ``meeting_date`` and ``meeting_is_published``
    repeat the meeting's (``Meeting.item_copies()``) so that the item lists filter,
    sort and count on one table's index at national scale.
    """

    # No index of their own: (meeting, number), (municipality, -meeting_date) and
    # (committee, -meeting_date) lead with them (as Decision.agenda_item).
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name="møde", db_index=False
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="kommune",
        db_index=False,
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="+", verbose_name="udvalg", db_index=False
    )
    meeting_date = models.DateField("mødedato")
    meeting_is_published = models.BooleanField("mødet er offentliggjort", default=True)
    number = models.PositiveIntegerField("nummer")
    title = models.CharField("titel", max_length=1000)
    # Canonical form (parsing/casenumbers.py), so one case is followed across meetings.
    case_number = models.CharField("sagsnummer", max_length=100, blank=True)
    case_officer = models.CharField("sagsbehandler", max_length=200, blank=True)
    is_closed = models.BooleanField("lukket punkt", default=False)
    # The body as ordered [{"heading": ..., "text": ...}], in the parser's light markup.
    sections = models.JSONField("afsnit", default=list, blank=True)
    recommendation = models.TextField("indstilling", blank=True)
    is_published = models.BooleanField("offentliggjort", default=True)
    unpublished_reason = models.TextField("begrundelse for afpublicering", blank=True)
    # Set when a corrected version of the minutes no longer has this item: its URL answers 410.
    is_withdrawn = models.BooleanField("udgået af rettet referat", default=False)
    # The saved version is the clerk's, not what the parser read: changed in the upload
    # preview or in the admin. A re-upload offers to keep it (importing.drafts). The
    # database default too: bulk writers that name their columns (the benchmark
    # corpus's COPY) need not know it.
    corrected_by_hand = models.BooleanField("rettet i hånden", default=False, db_default=False)
    updated_at = models.DateTimeField("opdateret", auto_now=True)

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = "dagsordenspunkt"
        verbose_name_plural = "dagsordenspunkter"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="one_item_number_per_meeting"
            ),
            models.CheckConstraint(condition=Q(number__gte=0), name="item_number_not_negative"),
        ]
        indexes = [
            # /punkter/ newest first, unfiltered and by date range.
            models.Index(fields=["-meeting_date", "-meeting", "number"], name="item_newest_idx"),
            # /punkter/?kommune=... and the municipality page.
            models.Index(
                fields=["municipality", "-meeting_date"], name="item_municipality_date_idx"
            ),
            # /punkter/?udvalg=... and the committee page.
            models.Index(fields=["committee", "-meeting_date"], name="item_committee_date_idx"),
            # The case page and ?sagsnummer=... (exact and prefix).
            models.Index(fields=["municipality", "case_number"], name="item_case_idx"),
            models.Index(fields=["case_number"], name="item_case_number_idx"),
            # ?sagsnummer=<prefix>: on PostgreSQL, LIKE 'prefix%' uses a b-tree only with
            # pattern ops unless the collation is "C" (docs/PERFORMANCE.md).
            models.Index(
                fields=["case_number"],
                name="item_case_number_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            # The same for the public lists' capped count: only public items, with their
            # meeting, so counting "15.25..." is an index-only scan of 1,001 entries
            # instead of a bitmap of every matching item and its row.
            models.Index(
                fields=["case_number"],
                name="item_public_case_prefix_idx",
                opclasses=["varchar_pattern_ops"],
                include=["meeting"],
                condition=Q(is_published=True, is_withdrawn=False, meeting_is_published=True),
            ),
            # ?sagsnummer=<prefix> beside ?udvalg= or ?kommune= (and a period): the
            # capped count reads 1,001 entries of one index, with the date to filter
            # by, instead of a bitmap of every item under the prefix.
            models.Index(
                fields=["committee", "case_number"],
                name="item_public_udvalg_case_idx",
                opclasses=["int8_ops", "varchar_pattern_ops"],
                include=["meeting_date"],
                condition=Q(is_published=True, is_withdrawn=False, meeting_is_published=True),
            ),
            models.Index(
                fields=["municipality", "case_number"],
                name="item_public_kommune_case_idx",
                opclasses=["int8_ops", "varchar_pattern_ops"],
                include=["meeting_date"],
                condition=Q(is_published=True, is_withdrawn=False, meeting_is_published=True),
            ),
            # The meeting list by case number: does this meeting have a public item
            # under the prefix? One index-only probe per meeting, so the capped count
            # stops after 1,001 meetings instead of collecting every match of a short
            # prefix first.
            models.Index(
                fields=["meeting", "case_number"],
                name="item_public_meeting_case_idx",
                opclasses=["int8_ops", "varchar_pattern_ops"],
                condition=Q(is_published=True, is_withdrawn=False, meeting_is_published=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Punkt {self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        # Reads meeting, committee and municipality (the item's own copies, which
        # for_listing() selects): lists must select_related them.
        return reverse(
            "minutes:item",
            kwargs={
                "municipality": self.municipality.slug,
                "committee": self.committee.slug,
                "meeting": self.meeting.date_slug,
                "number": self.number,
            },
        )

    def get_committee_url(self) -> str:
        """The committee's page, from the item's own copies (its committee's municipality
        is not read)."""
        return reverse_cached("minutes:committee", self.municipality.slug, self.committee.slug)

    def get_case_url(self) -> str:
        # Reads municipality: lists must select_related it.
        if not self.case_number:
            return ""
        return self.municipality.get_case_url(self.case_number)

    @property
    def is_public(self) -> bool:
        return self.is_published and not self.is_withdrawn and self.meeting_is_published


class Decision(models.Model):
    """A decision (beslutning): this meeting's, or an earlier one on the same case.

    Earlier decisions ("Beslutning fra Økonomiudvalget, den 3. november 2025,
    punkt 10:", "Historisk") name the committee, date and item number they came
    from; the committee is kept as printed, as it may be another municipality
    body than the ones we hold meetings for.
    """

    # No index of its own: the unique (agenda_item, position) serves every lookup by
    # item, and with a second index the planner chose between the two by table size.
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name="punkt",
        db_index=False,
    )
    position = models.PositiveSmallIntegerField("rækkefølge")
    is_current = models.BooleanField("mødets egen beslutning", default=False)
    committee_name = models.CharField("udvalg", max_length=200, blank=True)
    date = models.DateField("dato", null=True, blank=True)
    item_number = models.PositiveIntegerField("punkt nr.", null=True, blank=True)
    text = models.TextField("beslutning", blank=True)
    absent = models.JSONField("fraværende", default=list, blank=True)

    class Meta:
        # By the item's id, not "agenda_item": that would follow the item's own
        # ordering and join items and meetings into every query only to sort.
        ordering = ["agenda_item_id", "position"]
        verbose_name = "beslutning"
        verbose_name_plural = "beslutninger"
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "position"], name="one_decision_per_position"
            ),
            models.UniqueConstraint(
                fields=["agenda_item"],
                condition=Q(is_current=True),
                name="one_current_decision_per_item",
            ),
        ]

    def __str__(self) -> str:
        when = self.date.isoformat() if self.date else "uden dato"
        return f"{self.committee_name or 'Beslutning'}, {when}"


class Attachment(models.Model):
    """An attachment (bilag) listed under an agenda item."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="attachments", verbose_name="punkt"
    )
    position = models.PositiveSmallIntegerField("rækkefølge")
    title = models.CharField("titel", max_length=1000)
    url = models.URLField("link", max_length=2000, blank=True)

    class Meta:
        # By the item's id, not "agenda_item": that would follow the item's own
        # ordering and join items and meetings into every query only to sort.
        ordering = ["agenda_item_id", "position"]
        verbose_name = "bilag"
        verbose_name_plural = "bilag"
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "position"], name="one_attachment_per_position"
            ),
        ]

    def __str__(self) -> str:
        return self.title


def source_document_path(document: SourceDocument, filename: str) -> str:
    """Where an upload is stored: never a path the uploader chose.

    The name is reduced to safe characters and prefixed with the file's hash, so
    two uploads never overwrite each other and "../" means nothing.
    """
    safe_name = get_valid_filename(PurePath(filename.replace("\\", "/")).name)[-100:] or "fil"
    today = dt.date.today()
    return f"sources/{today:%Y/%m}/{document.sha256[:16]}_{safe_name}"


class SourceDocument(models.Model):
    """A file a clerk uploaded, kept exactly as it came, whether it could be read or not."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Modtaget"
        IMPORTED = "imported", "Importeret"
        UPDATED = "updated", "Opdaterede et møde"
        UNCHANGED = "unchanged", "Uændret (samme fil)"
        FAILED = "failed", "Fejlet"
        # The parser could not read the file itself; the meeting was saved from the
        # clerk's corrected text of it (``edited_versions``).
        READ_AS_EDITED = "edited", "Importeret via rettet tekst"

    file = models.FileField("fil", upload_to=source_document_path, max_length=300)
    original_name = models.CharField("oprindeligt filnavn", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField("størrelse (bytes)")
    content_type = models.CharField("indholdstype", max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="uploadet af",
    )
    uploaded_at = models.DateTimeField("uploadet", auto_now_add=True)
    # What the clerk typed in, kept so a failure can be reproduced exactly.
    entered_municipality = models.CharField("indtastet kommune", max_length=100, blank=True)
    entered_committee = models.CharField("indtastet udvalg", max_length=200, blank=True)
    entered_date = models.DateField("indtastet dato", null=True, blank=True)
    layout = models.CharField("genkendt layout", max_length=50, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    error_message = models.TextField("fejlbesked", blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_documents",
        verbose_name="møde",
    )
    # A text the clerk corrected by hand when the parser could not read this file's
    # original (upload_views.edit_text): the original stays, linked, beside it.
    edited_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="edited_versions",
        verbose_name="rettet tekst af",
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "kildedokument"
        verbose_name_plural = "kildedokumenter"
        permissions = [("upload_minutes", "Kan uploade referater")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("minutes:source_document", kwargs={"pk": self.pk})

    @staticmethod
    def hash_bytes(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


class ImportDraft(models.Model):
    """A clerk's draft (kladde) of an upload: what the parser read and the corrections.

    Both in the JSON shape of ``parsing.as_json``: ``parsed`` as read, ``data`` as
    corrected, so a new request or a second tab continues where the clerk left off
    (``importing.drafts``). Nothing of it is public until the clerk saves.
    """

    source_document = models.OneToOneField(
        SourceDocument, on_delete=models.CASCADE, related_name="draft", verbose_name="kildedokument"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="oprettet af",
    )
    parsed = models.JSONField("som læst")
    data = models.JSONField("som rettet")
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("opdateret", auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = "kladde"
        verbose_name_plural = "kladder"

    def __str__(self) -> str:
        return f"Kladde: {self.source_document.original_name}"

    @property
    def is_corrected(self) -> bool:
        return self.data != self.parsed


def new_alert_token() -> str:
    """A link's secret: 256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def normalise_email(address: str) -> str:
    """One spelling per address, so the limit and "already subscribed" see one reader.

    Lower-cased whole: mail systems treat the local part case-blind in practice, and
    counting "Anna@x.dk" and "anna@x.dk" as two readers would double the limit.
    """
    return address.strip().lower()


class AlertSubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> AlertSubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self) -> AlertSubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=True)

    def for_address(self, address: str) -> AlertSubscriptionQuerySet:
        return self.filter(email=normalise_email(address))

    def following(
        self, *, query: str = "", municipality: Municipality | None = None, case_number: str = ""
    ) -> AlertSubscriptionQuerySet:
        """The subscriptions to exactly this list (``query``) or this case."""
        if municipality is None:
            return self.filter(municipality__isnull=True, query=query)
        return self.filter(municipality=municipality, case_number=case_number)


class AlertSubscription(models.Model):
    """A reader's e-mail alert (besked): a filtered item list or one case, mailed daily.

    It follows either the item list's filters, kept as the normalised query string
    of /punkter/ (``alerts.following``), or one case (a municipality and a case
    number). Nothing is sent before the reader confirms by the link in the first
    mail (double opt-in); every mail carries the unsubscribe link. The address is
    never shown on any page. ``last_item_id`` is the high-water mark: items with a
    higher id are the ones not yet mailed (``alerts.digest``).
    """

    email = models.EmailField("e-mailadresse", max_length=254)
    query = models.CharField("filtre", max_length=2000, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="kommune",
    )
    case_number = models.CharField("sagsnummer", max_length=100, blank=True)
    # Two secrets: the confirmation link can be forwarded without giving away the
    # way out, and the unsubscribe link in every digest cannot confirm anything.
    confirm_token = models.CharField(max_length=64, unique=True, default=new_alert_token)
    unsubscribe_token = models.CharField(max_length=64, unique=True, default=new_alert_token)
    confirmation_sent_at = models.DateTimeField("bekræftelse sendt", null=True, blank=True)
    confirmed_at = models.DateTimeField("bekræftet", null=True, blank=True)
    last_item_id = models.PositiveBigIntegerField("sendt til og med punkt-id", default=0)
    last_sent_at = models.DateTimeField("sidst sendt", null=True, blank=True)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    objects = AlertSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["email", "id"]
        verbose_name = "e-mailbesked"
        verbose_name_plural = "e-mailbeskeder"
        constraints = [
            # A list (filters, no case) or a case (municipality and number, no filters).
            models.CheckConstraint(
                condition=(
                    Q(municipality__isnull=True, case_number="") & ~Q(query="")
                    | Q(municipality__isnull=False, query="") & ~Q(case_number="")
                ),
                name="alert_follows_a_list_or_a_case",
            ),
            # Subscribing to the same thing twice is the same subscription. Two
            # partial constraints: NULL municipalities are never equal in one.
            models.UniqueConstraint(
                fields=["email", "query"],
                condition=Q(municipality__isnull=True),
                name="one_alert_per_address_and_list",
            ),
            models.UniqueConstraint(
                fields=["email", "municipality", "case_number"],
                condition=Q(municipality__isnull=False),
                name="one_alert_per_address_and_case",
            ),
        ]
        indexes = [
            # The limit per address and the digest's grouping by address.
            models.Index(fields=["email"], name="alert_email_idx"),
        ]

    def __str__(self) -> str:
        # Never the address: this string may end up on a page or in a log.
        if self.municipality_id:
            return f"E-mailbesked {self.pk}: sag {self.case_number}"
        return f"E-mailbesked {self.pk}: /punkter/?{self.query}"

    @property
    def follows_case(self) -> bool:
        return self.municipality_id is not None

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
