"""A synthetic national corpus: every municipality's committees, ten years of meetings.

The rows are generated in date order from a seeded random generator, so two runs
with the same size and seed give the same corpus, and earlier decisions can cite
the real earlier items of the same case. Rows are plain tuples in the column order
of ``COLUMNS``; ``write_postgresql`` streams them with COPY, ``write_sqlite`` with
``bulk_create``. Ids are assigned here, so one pass writes meetings, items,
decisions and attachments without reading anything back.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import connection, models

from minutes.models import AgendaItem, Attachment, Committee, Decision, Meeting, Municipality
from minutes.slugs import danish_slugify

from .textpool import (
    CLOSED_TITLES,
    COMMITTEES,
    DECISION_WORDINGS,
    KLE_FACETS,
    KLE_SUBJECTS,
    MUNICIPALITIES,
    SECTION_HEADINGS,
    STANDING_TITLES,
    TextPool,
)

FIRST_DAY = dt.date(2016, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
ITEMS_PER_MEETING = (8, 16)  # uniform, so about 12 on average
MEETINGS_PER_BATCH = 500
# Of the substantive items: how many continue an open case of the same municipality.
CASE_REUSE_RATE = 0.35
OPEN_CASES_KEPT = 400  # per municipality: the cases still being handled
CLOSED_RATE = 0.04
ATTACHMENT_RATE = 0.35
ABSENT_RATE = 0.3
UNPUBLISHED_MEETING_RATE = 0.001
WITHDRAWN_ITEM_RATE = 0.001
# Some case systems print a year and a serial instead of a KLE number (DOMAIN.md).
NON_KLE_MUNICIPALITY_EVERY = 12

COLUMNS: dict[type[models.Model], tuple[str, ...]] = {
    Meeting: (
        "id", "municipality_id", "committee_id", "date", "sequence", "start_time", "location",
        "participants", "is_published", "unpublished_reason", "kind", "corrected_at",
        "corrected_by_hand", "is_search_indexed", "created_at", "updated_at",
    ),
    AgendaItem: (
        "id", "meeting_id", "municipality_id", "committee_id", "meeting_date",
        "meeting_is_published", "number", "title",
        "case_number", "case_officer", "is_closed", "sections", "recommendation", "is_published",
        "unpublished_reason", "is_withdrawn", "corrected_by_hand", "updated_at",
    ),
    Decision: (
        "id", "agenda_item_id", "position", "is_current", "committee_name", "date",
        "item_number", "text", "absent",
    ),
    Attachment: ("id", "agenda_item_id", "position", "title", "url"),
}  # fmt: skip
JSON_COLUMNS = {"participants", "sections", "absent"}
TABLES = (Meeting, AgendaItem, Decision, Attachment)


@dataclass
class Batch:
    """The rows of some meetings, in COLUMNS order, ready to write."""

    rows: dict[type[models.Model], list[tuple]] = field(
        default_factory=lambda: {model: [] for model in TABLES}
    )

    @property
    def item_count(self) -> int:
        return len(self.rows[AgendaItem])


@dataclass(frozen=True)
class CommitteeRef:
    id: int
    municipality_id: int
    municipality_index: int
    name: str


@dataclass
class Case:
    number: str
    title: str
    history: list[tuple[str, dt.date, int, str]] = field(default_factory=list)


def ensure_municipalities_and_committees(*, seed: int) -> list[CommitteeRef]:
    """All 98 municipalities and 17-20 committees each; existing rows are reused by name."""
    rng = random.Random(f"committees-{seed}")  # noqa: S311 - repeatable, not secret
    existing = {m.name: m for m in Municipality.objects.all()}
    Municipality.objects.bulk_create(
        Municipality(name=name, slug=danish_slugify(name))
        for name in MUNICIPALITIES
        if name not in existing
    )
    by_name = {m.name: m for m in Municipality.objects.filter(name__in=MUNICIPALITIES)}
    wanted = []
    for municipality_name in MUNICIPALITIES:
        # The council and the finance committee always; the rest vary a little.
        names = list(COMMITTEES[:2]) + rng.sample(COMMITTEES[2:], rng.randint(15, 18))
        wanted.extend((by_name[municipality_name], name) for name in names)
    have = set(
        Committee.objects.filter(municipality__name__in=MUNICIPALITIES).values_list(
            "municipality__name", "name"
        )
    )
    Committee.objects.bulk_create(
        Committee(municipality=m, name=name, slug=danish_slugify(name))
        for m, name in wanted
        if (m.name, name) not in have
    )
    ids = {
        (c.municipality_id, c.name): c.pk
        for c in Committee.objects.filter(municipality__name__in=MUNICIPALITIES)
    }
    index_of = {name: index for index, name in enumerate(MUNICIPALITIES)}
    return [CommitteeRef(ids[(m.pk, name)], m.pk, index_of[m.name], name) for m, name in wanted]


def next_ids() -> dict[type[models.Model], int]:
    """The first free id of each table: the corpus is added after what is there."""
    return {
        model: (model.objects.aggregate(top=models.Max("id"))["top"] or 0) + 1 for model in TABLES
    }


class CorpusGenerator:
    """Generates ``size`` agenda items over the given committees, batch by batch."""

    def __init__(
        self,
        *,
        size: int,
        seed: int,
        pool: TextPool,
        committees: list[CommitteeRef],
        first_ids: dict[type[models.Model], int],
        taken_meeting_keys: set[tuple[int, dt.date, int]] = frozenset(),
    ) -> None:
        self.size = size
        self.rng = random.Random(seed)  # noqa: S311 - repeatable, not secret
        self.pool = pool
        self.committees = committees
        self.ids = dict(first_ids)
        self.taken = set(taken_meeting_keys)
        self.open_cases: dict[int, deque[Case]] = defaultdict(lambda: deque(maxlen=OPEN_CASES_KEPT))
        self.standing_cases: dict[tuple[int, int, int], str] = {}
        self.serials: dict[tuple[int, int], int] = defaultdict(int)
        self.item_numbers: dict[tuple[int, int], int] = defaultdict(int)

    def batches(self) -> Iterator[Batch]:
        batch = Batch()
        for date, committee, item_count in self._meeting_plan():
            self._add_meeting(batch, date=date, committee=committee, item_count=item_count)
            if len(batch.rows[Meeting]) >= MEETINGS_PER_BATCH:
                yield batch
                batch = Batch()
        if batch.rows[Meeting]:
            yield batch

    def _meeting_plan(self) -> list[tuple[dt.date, CommitteeRef, int]]:
        """Which committee meets when, with how many items: all of it, in date order."""
        counts = []
        remaining = self.size
        while remaining > 0:
            count = min(remaining, self.rng.randint(*ITEMS_PER_MEETING))
            counts.append(count)
            remaining -= count
        # Large municipalities hold more meetings than small ones.
        weights_by_municipality = [self.rng.uniform(0.4, 2.5) for _ in MUNICIPALITIES]
        weights = [weights_by_municipality[c.municipality_index] for c in self.committees]
        chosen = self.rng.choices(self.committees, weights=weights, k=len(counts))
        span = (LAST_DAY - FIRST_DAY).days
        plan = []
        for committee, count in zip(chosen, counts, strict=True):
            date = FIRST_DAY + dt.timedelta(days=self.rng.randrange(span))
            date -= dt.timedelta(days=max(0, date.weekday() - 3))  # meetings Monday-Thursday
            plan.append((date, committee, count))
        plan.sort(key=lambda row: (row[0], row[1].id))
        return plan

    def _add_meeting(
        self, batch: Batch, *, date: dt.date, committee: CommitteeRef, item_count: int
    ) -> None:
        rng = self.rng
        sequence = 1
        while (committee.id, date, sequence) in self.taken:
            sequence += 1  # a second meeting the same day: its URL ends in "-2"
        self.taken.add((committee.id, date, sequence))
        meeting_id = self._next_id(Meeting)
        stamp = dt.datetime.combine(date + dt.timedelta(days=1), dt.time(9), tzinfo=dt.UTC)
        is_published = rng.random() >= UNPUBLISHED_MEETING_RATE
        batch.rows[Meeting].append(
            (
                meeting_id,
                committee.municipality_id,
                committee.id,
                date,
                sequence,
                dt.time(rng.choice((8, 9, 13, 15, 16, 17)), rng.choice((0, 30))),
                f"Rådhuset, mødelokale {rng.randint(1, 12)}",
                rng.sample(self.pool.people, min(7, len(self.pool.people))),
                is_published,
                "" if is_published else "Offentliggjort ved en fejl.",
                Meeting.Kind.MINUTES.value,  # the corpus is of meetings held
                None,
                False,  # corrected_by_hand
                False,
                stamp,
                stamp,
            )
        )
        year_key = (committee.id, date.year)
        for position in range(item_count):
            self.item_numbers[year_key] += 1
            self._add_item(
                batch,
                meeting_id=meeting_id,
                committee=committee,
                date=date,
                meeting_is_published=is_published,
                number=self.item_numbers[year_key],
                position=position,
                item_count=item_count,
                stamp=stamp,
            )

    def _add_item(
        self,
        batch: Batch,
        *,
        meeting_id: int,
        committee: CommitteeRef,
        date: dt.date,
        meeting_is_published: bool,
        number: int,
        position: int,
        item_count: int,
        stamp: dt.datetime,
    ) -> None:
        rng, pool = self.rng, self.pool
        item_id = self._next_id(AgendaItem)
        earlier: list[tuple[str, dt.date, int, str]] = []
        case: Case | None = None
        is_closed = False
        if position < len(STANDING_TITLES):
            title = STANDING_TITLES[position]
            # A standing item keeps one case number per committee and year.
            key = (committee.id, date.year, position)
            if key not in self.standing_cases:
                self.standing_cases[key] = self._new_case_number(committee, date)
            case_number = self.standing_cases[key]
        elif position == item_count - 1 and rng.random() < CLOSED_RATE * item_count:
            is_closed = True
            title = rng.choice(CLOSED_TITLES)
            case_number = self._new_case_number(committee, date)
        else:
            open_cases = self.open_cases[committee.municipality_id]
            if open_cases and rng.random() < CASE_REUSE_RATE:
                case = rng.choice(open_cases)
            if case is not None and case.history and case.history[-1][1] < date:
                earlier = case.history[-3:]
            else:
                case = Case(self._new_case_number(committee, date), self._new_title(date))
                open_cases.append(case)
            title, case_number = case.title, case.number
        is_withdrawn = rng.random() < WITHDRAWN_ITEM_RATE
        if is_closed:
            sections, recommendation = [], ""
        else:
            sections = [
                {
                    "heading": heading,
                    "text": "\n\n".join(rng.sample(pool.paragraphs, rng.randint(1, 3))),
                }
                for heading in sorted(
                    rng.sample(SECTION_HEADINGS, rng.randint(2, 5)), key=SECTION_HEADINGS.index
                )
            ]
            recommendation = "\n".join(rng.sample(pool.recommendations, rng.randint(1, 3)))
        batch.rows[AgendaItem].append(
            (
                item_id,
                meeting_id,
                committee.municipality_id,
                committee.id,
                date,
                meeting_is_published,
                number,
                title,
                case_number,
                rng.choice(pool.officers) if rng.random() < 0.8 else "",
                is_closed,
                sections,
                recommendation,
                True,
                "",
                is_withdrawn,
                False,
                stamp,
            )
        )
        if is_closed:
            return
        decision_text = rng.choice(DECISION_WORDINGS)
        absent = rng.sample(pool.people, 1) if rng.random() < ABSENT_RATE else []
        decisions = batch.rows[Decision]
        decisions.append(
            (self._next_id(Decision), item_id, 0, True, committee.name, date, number,
             decision_text, absent)
        )  # fmt: skip
        for offset, (name, when, earlier_number, text) in enumerate(earlier, start=1):
            decisions.append(
                (self._next_id(Decision), item_id, offset, False, name, when, earlier_number,
                 text, [])
            )  # fmt: skip
        if case is not None:
            case.history.append((committee.name, date, number, decision_text))
        if rng.random() < ATTACHMENT_RATE:
            for attachment_position in range(rng.randint(1, 4)):
                batch.rows[Attachment].append(
                    (self._next_id(Attachment), item_id, attachment_position,
                     rng.choice(pool.attachments), "")
                )  # fmt: skip

    def _new_title(self, date: dt.date) -> str:
        rng = self.rng
        if rng.random() < 0.25:
            return f"{rng.choice(self.pool.attachments)} {date.year}"
        return rng.choice(self.pool.titles)

    def _new_case_number(self, committee: CommitteeRef, date: dt.date) -> str:
        self.serials[(committee.municipality_id, date.year)] += 1
        serial = self.serials[(committee.municipality_id, date.year)]
        if committee.municipality_index % NON_KLE_MUNICIPALITY_EVERY == 5:
            return f"{date.year}-{serial:05d}"
        subject = self.rng.choice(KLE_SUBJECTS)
        facet = self.rng.choice(KLE_FACETS)
        return f"{subject}-{facet}-{serial}-{date.year % 100:02d}"

    def _next_id(self, model: type[models.Model]) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value


def payload_bytes(batch: Batch) -> int:
    """The bytes of the values in a batch, roughly as they sit in a row."""
    total = 0
    for rows in batch.rows.values():
        for row in rows:
            for value in row:
                if isinstance(value, str):
                    total += len(value.encode())
                elif isinstance(value, list):
                    total += len(json.dumps(value, ensure_ascii=False).encode())
                else:
                    total += 8
    return total


def write_postgresql(batch: Batch) -> None:
    """COPY the batch into its tables (psycopg 3): far faster than INSERTs at this scale."""
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for model in TABLES:
            columns = COLUMNS[model]
            json_positions = [i for i, name in enumerate(columns) if name in JSON_COLUMNS]
            column_sql = ", ".join(model._meta.get_field(name).column for name in columns)
            with raw.copy(f"COPY {model._meta.db_table} ({column_sql}) FROM STDIN") as copy:
                for row in batch.rows[model]:
                    if json_positions:
                        row = list(row)
                        for i in json_positions:
                            row[i] = json.dumps(row[i], ensure_ascii=False)
                    copy.write_row(row)


def write_sqlite(batch: Batch) -> None:
    for model in TABLES:
        columns = COLUMNS[model]
        model.objects.bulk_create(
            (model(**dict(zip(columns, row, strict=True))) for row in batch.rows[model]),
            batch_size=2000,
        )


def finish_postgresql() -> None:
    """Point the id sequences past the explicit ids, and give the planner fresh statistics."""
    with connection.cursor() as cursor:
        for model in TABLES:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        for model in (Municipality, Committee, *TABLES):
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def vacuum_postgresql() -> bool:
    """VACUUM (ANALYZE) the corpus's tables, as autovacuum does after a bulk load.

    Until then the visibility map is empty: every index-only scan also reads the
    table, and the planner's choices differ from a database in steady state, which
    is what the benchmark should measure. VACUUM cannot run inside a transaction;
    when the caller holds one (the test suite), the ANALYZE of finish_postgresql()
    stands and this returns False.
    """
    if connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        for model in (Municipality, Committee, *TABLES):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
    return True


def writer_for_database() -> tuple[Callable[[Batch], None], Callable[[], None]]:
    if connection.vendor == "postgresql":
        return write_postgresql, finish_postgresql
    return write_sqlite, lambda: None


def meetings_estimate(size: int) -> int:
    return math.ceil(size / (sum(ITEMS_PER_MEETING) / 2))
