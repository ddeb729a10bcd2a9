"""generate_corpus: a small corpus on the test database, checked row by row."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, F

from benchmarks.corpus import TABLES, CommitteeRef, CorpusGenerator, vacuum_postgresql
from benchmarks.textpool import MUNICIPALITIES, TextPool
from minutes.models import AgendaItem, Attachment, Committee, Decision, Meeting, Municipality
from tests.factories import make_item

SIZE = 3000


@pytest.fixture(scope="module")
def pool() -> TextPool:
    return TextPool.from_seeds()


@pytest.fixture
def corpus(db) -> str:
    out = StringIO()
    call_command("generate_corpus", size=SIZE, stdout=out)
    return out.getvalue()


def test_corpus_has_every_municipality_and_the_requested_items(corpus):
    assert AgendaItem.objects.count() == SIZE
    assert Municipality.objects.count() == 98
    per_municipality = Committee.objects.values("municipality").annotate(n=Count("id"))
    assert {row["n"] for row in per_municipality} <= set(range(17, 21))
    meetings = Meeting.objects.count()
    assert SIZE / 16 <= meetings <= SIZE / 8 + 1
    assert f"{SIZE:,} punkter i {meetings:,} møder" in corpus


def test_corpus_has_decisions_attachments_and_closed_items(corpus):
    closed = AgendaItem.objects.filter(is_closed=True)
    assert closed.exists()
    assert not Decision.objects.filter(agenda_item__is_closed=True).exists()
    assert not closed.exclude(sections=[]).exists()
    open_items = AgendaItem.objects.filter(is_closed=False)
    # Every open item has exactly one decision of its own.
    assert Decision.objects.filter(is_current=True).count() == open_items.count()
    assert Decision.objects.filter(is_current=False).exists()
    assert Attachment.objects.exists()
    assert not open_items.filter(title="").exists()


def test_denormalised_fields_repeat_the_meeting(corpus):
    items = AgendaItem.objects.all()
    assert not items.exclude(municipality=F("meeting__municipality")).exists()
    assert not items.exclude(committee=F("meeting__committee")).exists()
    assert not items.exclude(meeting_date=F("meeting__date")).exists()
    assert not Meeting.objects.exclude(municipality=F("committee__municipality")).exists()


def test_case_numbers_recur_across_meetings_and_committees(corpus):
    cases = (
        AgendaItem.objects.exclude(case_number="")
        .values("municipality", "case_number")
        .annotate(
            meetings=Count("meeting", distinct=True), committees=Count("committee", distinct=True)
        )
    )
    assert any(case["meetings"] > 1 for case in cases)
    assert any(case["committees"] > 1 for case in cases)
    # Both KLE numbers and a year-serial system are represented.
    numbers = set(AgendaItem.objects.values_list("case_number", flat=True))
    assert any(number.count(".") == 2 for number in numbers)
    assert any(len(number) == 10 and number[4] == "-" for number in numbers)


def test_earlier_decisions_cite_an_earlier_item_of_the_same_case(corpus):
    earlier = Decision.objects.filter(is_current=False).select_related("agenda_item")[:200]
    assert earlier
    for decision in earlier:
        item = decision.agenda_item
        assert decision.date < item.meeting_date
        assert AgendaItem.objects.filter(
            municipality=item.municipality_id,
            case_number=item.case_number,
            committee__name=decision.committee_name,
            meeting_date=decision.date,
            number=decision.item_number,
        ).exists()


def test_rows_added_afterwards_get_fresh_ids(corpus):
    # COPY writes explicit ids: the sequences must have been moved past them.
    newest = AgendaItem.objects.order_by("-id").first()
    item = make_item(number=1)
    assert item.pk > newest.pk


def test_dry_run_writes_nothing(db):
    # The kommuner the migrations load, unless a transactional test flushed them before.
    kommuner = list(Municipality.objects.order_by("pk").values_list("pk", "name"))
    out = StringIO()
    call_command("generate_corpus", size=1000, dry_run=True, stdout=out)
    assert "Korpus med 1,000 punkter" in out.getvalue()
    assert not AgendaItem.objects.exists()
    assert not Committee.objects.exists()
    assert list(Municipality.objects.order_by("pk").values_list("pk", "name")) == kommuner


def test_refuses_a_corpus_larger_than_the_free_disk(db):
    with pytest.raises(CommandError, match="Ikke plads nok"):
        call_command("generate_corpus", size=10**13, stdout=StringIO())
    assert not AgendaItem.objects.exists()


def test_refuses_a_size_below_one(db):
    with pytest.raises(CommandError, match="mindst 1"):
        call_command("generate_corpus", size=0, stdout=StringIO())


def _rows(seed: int, pool: TextPool) -> list:
    committees = [CommitteeRef(i, i, i, "Økonomiudvalget") for i in range(len(MUNICIPALITIES))]
    generator = CorpusGenerator(
        size=500, seed=seed, pool=pool, committees=committees, first_ids=dict.fromkeys(TABLES, 1)
    )
    return [batch.rows[AgendaItem] for batch in generator.batches()]


def test_same_seed_gives_the_same_corpus(pool):
    assert _rows(1, pool) == _rows(1, pool)
    assert _rows(1, pool) != _rows(2, pool)


def test_text_pool_is_cut_from_the_seeds(pool):
    assert "Godkendelse af dagsorden" in pool.titles
    assert len(pool.paragraphs) > 100
    assert not any("<" in paragraph for paragraph in pool.paragraphs)
    assert all(line.startswith("- at ") for line in pool.recommendations)
    assert "Morten Lund" in pool.officers


@pytest.mark.django_db(transaction=True)
def test_corpus_is_vacuumed_on_postgresql():
    """As autovacuum leaves a bulk load: the visibility map set, so index-only scans are."""
    if connection.vendor != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's")
    with transaction.atomic():
        assert not vacuum_postgresql()  # VACUUM cannot run in a transaction
    out = StringIO()
    call_command("generate_corpus", size=300, stdout=out)
    assert "VACUUM (ANALYZE) på" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = 'minutes_agendaitem'")
        assert cursor.fetchone()[0] > 0


def test_corpus_in_a_transaction_says_it_was_not_vacuumed_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's")
    out = StringIO()
    call_command("generate_corpus", size=300, stdout=out)
    assert "VACUUM sprunget over" in out.getvalue()


def test_every_not_null_column_without_a_default_is_written():
    # COPY leaves out the columns it is not given: a new NOT NULL field must be in COLUMNS.
    from benchmarks.corpus import COLUMNS

    for model, columns in COLUMNS.items():
        for field in model._meta.concrete_fields:
            if not field.null and not field.primary_key:
                assert field.attname in columns, f"{model.__name__}.{field.attname}"
