"""The 98 kommuner: the list, finding one by a typed name, the migration's rows, refusals."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from minutes import kommuner
from minutes.importing.batch import import_file
from minutes.importing.demo import SEEDS_DIR
from minutes.models import Meeting, Municipality, SourceDocument
from minutes.parsing import ParseError

SEED_002 = (SEEDS_DIR / "002_4d730365fae17496.txt").read_bytes()


def test_the_list_has_98_kommuner_with_unique_four_digit_codes():
    listed = kommuner.all_kommuner()
    assert len(listed) == 98
    assert len({kommune.code for kommune in listed}) == 98
    assert len({kommune.name for kommune in listed}) == 98
    assert all(len(kommune.code) == 4 and kommune.code.isdigit() for kommune in listed)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("0101", "Københavns Kommune"),
        ("0147", "Frederiksberg Kommune"),
        ("0370", "Næstved Kommune"),
        ("0400", "Bornholms Regionskommune"),
        ("0657", "Herning Kommune"),
        ("0751", "Aarhus Kommune"),
        ("0820", "Vesthimmerlands Kommune"),
        ("0860", "Hjørring Kommune"),
    ],
)
def test_known_codes_and_names(code, name):
    assert kommuner.Kommune(code, name) in kommuner.all_kommuner()


def test_the_data_file_is_utf8_csv_with_a_header():
    with kommuner.KOMMUNER_CSV.open(encoding="utf-8", newline="") as data:
        rows = list(csv.reader(data))
    assert rows[0] == ["kommunekode", "navn"]
    assert len(rows) == 99


@pytest.mark.parametrize(
    ("typed", "official"),
    [
        ("Herning", "Herning Kommune"),
        ("herning kommune", "Herning Kommune"),
        ("  Herning   Kommune ", "Herning Kommune"),
        ("København", "Københavns Kommune"),
        ("Københavns Kommune", "Københavns Kommune"),
        ("Bornholm", "Bornholms Regionskommune"),
        ("Århus", "Aarhus Kommune"),
        ("Vesthimmerland", "Vesthimmerlands Kommune"),
        ("Vesthimmerland Kommune", "Vesthimmerlands Kommune"),
        ("Høje Taastrup", "Høje-Taastrup Kommune"),
    ],
)
def test_a_typed_name_finds_its_kommune(typed, official):
    assert kommuner.find(typed).name == official


@pytest.mark.parametrize("typed", ["Atlantis", "Benchmark Kommune", "", "  ", "Kommune", "!!"])
def test_a_name_outside_the_list_finds_nothing(typed):
    assert kommuner.find(typed) is None


def test_no_two_kommuner_share_a_spelling():
    keys = [key for kommune in kommuner.all_kommuner() for key in kommuner._keys(kommune.name)]
    assert len(keys) == len(set(keys))


@pytest.mark.django_db
def test_the_migration_loaded_all_98_with_their_codes():
    assert Municipality.objects.official().count() == 98
    herning = Municipality.objects.get(kommunekode="0657")
    assert (herning.name, herning.slug) == ("Herning Kommune", "herning-kommune")
    assert Municipality.objects.get(kommunekode="0400").slug == "bornholms-regionskommune"


@pytest.mark.django_db
def test_find_by_name_gives_the_row_and_none_outside_the_list():
    herning = Municipality.objects.find_by_name("Herning")
    assert herning.kommunekode == "0657"
    assert Municipality.objects.find_by_name("Atlantis") is None


@pytest.mark.django_db
def test_find_by_name_brings_back_a_row_missing_from_the_table():
    Municipality.objects.filter(kommunekode="0370").delete()
    naestved = Municipality.objects.find_by_name("Næstved")
    assert (naestved.name, naestved.kommunekode, naestved.slug) == (
        "Næstved Kommune",
        "0370",
        "naestved-kommune",
    )
    assert Municipality.objects.find_by_name("Næstved Kommune").pk == naestved.pk


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_an_existing_rows_pk_and_slug_and_reverses():
    executor = MigrationExecutor(connection)
    executor.migrate([("minutes", "0008_item_public_meeting_case_index")])
    old_apps = executor.loader.project_state(
        [("minutes", "0008_item_public_meeting_case_index")]
    ).apps
    OldMunicipality = old_apps.get_model("minutes", "Municipality")
    OldMunicipality.objects.all().delete()
    herning = OldMunicipality.objects.create(name="Herning", slug="herning")
    other = OldMunicipality.objects.create(name="Testby", slug="testby")

    executor = MigrationExecutor(connection)
    executor.migrate([("minutes", "0009_municipality_kommunekode")])
    row = Municipality.objects.get(pk=herning.pk)
    assert (row.name, row.slug, row.kommunekode) == ("Herning Kommune", "herning", "0657")
    assert Municipality.objects.get(pk=other.pk).kommunekode is None
    assert Municipality.objects.official().count() == 98

    executor = MigrationExecutor(connection)
    executor.migrate([("minutes", "0008_item_public_meeting_case_index")])
    assert sorted(OldMunicipality.objects.values_list("pk", flat=True)) == sorted(
        [herning.pk, other.pk]
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_an_import_under_a_short_name_uses_the_official_row():
    outcome = import_file(SEED_002, filename="002.txt", municipality="Herning")
    assert outcome.meeting.municipality.kommunekode == "0657"
    assert Municipality.objects.filter(name__icontains="herning").count() == 1


@pytest.mark.django_db
def test_an_import_outside_the_98_is_refused_and_nothing_is_saved():
    with pytest.raises(ParseError) as raised:
        import_file(SEED_002, filename="002.txt", municipality="Atlantis Kommune")
    assert raised.value.user_message == (
        "„Atlantis Kommune“ er ikke en dansk kommune. Vælg kommunen på listen over de 98 "
        "kommuner, fx „Herning Kommune“."
    )
    assert not Meeting.objects.exists()
    assert not Municipality.objects.filter(name="Atlantis Kommune").exists()
    assert SourceDocument.objects.get().status == SourceDocument.Status.FAILED


@pytest.mark.django_db
def test_import_minutes_refuses_a_municipality_outside_the_98(tmp_path):
    path = tmp_path / "002.txt"
    path.write_bytes(SEED_002)
    with pytest.raises(CommandError) as raised:
        call_command("import_minutes", str(path), municipality="Atlantis", stdout=StringIO())
    assert str(raised.value) == (
        "„Atlantis“ er ikke en dansk kommune. Vælg kommunen på listen over de 98 kommuner, "
        "fx „Herning Kommune“."
    )
    assert not SourceDocument.objects.exists()


@pytest.mark.django_db
def test_import_minutes_takes_a_short_name(tmp_path):
    path = tmp_path / "002.txt"
    path.write_bytes(SEED_002)
    call_command("import_minutes", str(path), municipality="herning", stdout=StringIO())
    assert Meeting.objects.get().municipality.name == "Herning Kommune"
