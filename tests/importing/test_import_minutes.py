"""manage.py import_minutes: files and folders through the upload's import path."""

import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from minutes import search
from minutes.importing.demo import SEEDS_DIR as SEEDS
from minutes.models import AgendaItem, Meeting, SourceDocument
from tests.helpers import record_calls

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path):
    """Two minutes that state their committee and date, and one empty file."""
    folder = tmp_path / "referater"
    folder.mkdir()
    shutil.copy(SEEDS / "000_59f6b2a94828c4c1.txt", folder / "vesthimmerland.txt")
    shutil.copy(SEEDS / "002_4d730365fae17496.txt", folder / "herning.txt")
    (folder / "tom.txt").write_bytes(b"")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    return folder


def run(*args: str) -> str:
    stdout = StringIO()
    call_command("import_minutes", *args, stdout=stdout)
    return stdout.getvalue()


def test_folder_with_one_bad_file_imports_the_rest_and_fails(folder):
    with pytest.raises(CommandError) as raised:
        run(str(folder), "--municipality", "Næstved Kommune")
    assert str(raised.value) == (
        "3 filer: 2 importeret, 0 opdateret, 0 uændret, 1 fejlet (tom.txt: Filen er tom.)"
    )
    assert Meeting.objects.count() == 2
    assert AgendaItem.objects.count() == 13 + 9
    failed = SourceDocument.objects.get(status=SourceDocument.Status.FAILED)
    assert (failed.original_name, failed.error_message) == ("tom.txt", "Filen er tom.")


def test_progress_lines_name_each_file_when_not_on_a_terminal(folder):
    stdout = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_minutes", str(folder), "--municipality", "Næstved Kommune", stdout=stdout
        )
    lines = stdout.getvalue().splitlines()
    assert lines == [
        f"[1/3] {folder / 'herning.txt'}: importeret",
        f"[2/3] {folder / 'tom.txt'}: fejlet: Filen er tom.",
        f"[3/3] {folder / 'vesthimmerland.txt'}: importeret",
    ]


def test_rerun_changes_nothing(folder):
    (folder / "tom.txt").unlink()
    run(str(folder), "--municipality", "Næstved Kommune")
    items = list(AgendaItem.objects.values_list("pk", "updated_at").order_by("pk"))
    output = run(str(folder), "--municipality", "Næstved Kommune")
    assert output.splitlines()[-1] == "2 filer: 0 importeret, 0 opdateret, 2 uændret, 0 fejlet"
    assert list(AgendaItem.objects.values_list("pk", "updated_at").order_by("pk")) == items
    assert SourceDocument.objects.count() == 2


def test_single_file_with_committee_and_date(tmp_path):
    output = run(
        str(SEEDS / "004_c8e1017e568f6687.txt"),
        "--municipality",
        "Holstebro Kommune",
        "--committee",
        "Arbejdsmarkedsudvalget",
        "--date",
        "2025-06-10",
    )
    assert output.splitlines()[-1] == "1 fil: 1 importeret, 0 opdateret, 0 uændret, 0 fejlet"
    meeting = Meeting.objects.get()
    assert (meeting.municipality.name, meeting.committee.name, meeting.date.isoformat()) == (
        "Holstebro Kommune",
        "Arbejdsmarkedsudvalget",
        "2025-06-10",
    )


def test_corrected_file_is_counted_as_updated(tmp_path):
    original = SEEDS / "002_4d730365fae17496.txt"
    run(str(original), "--municipality", "Herning Kommune")
    corrected = tmp_path / "herning-rettet.txt"
    text = original.read_text(encoding="utf-8")
    corrected.write_text(
        text.replace("fagudvalg drøftet", "fagudvalg blev drøftet"), encoding="utf-8"
    )
    output = run(str(corrected), "--municipality", "Herning Kommune")
    assert output.splitlines()[-1] == "1 fil: 0 importeret, 1 opdateret, 0 uændret, 0 fejlet"
    assert Meeting.objects.get().corrected_at is not None


def test_missing_date_and_missing_file_are_reported(tmp_path):
    with pytest.raises(CommandError) as raised:
        run(
            str(SEEDS / "001_a766cabc7b462376.txt"),
            str(tmp_path / "findes-ikke.pdf"),
            "--municipality",
            "Vesthimmerlands Kommune",
            "--committee",
            "Beskæftigelsesudvalget",
        )
    assert str(raised.value) == (
        "2 filer: 0 importeret, 0 opdateret, 0 uændret, 2 fejlet "
        "(001_a766cabc7b462376.txt: Dokumentet angiver ikke mødedatoen; skriv den i feltet Dato.; "
        "findes-ikke.pdf: Filen kan ikke læses (No such file or directory).)"
    )
    assert not Meeting.objects.exists()


def test_invalid_date_is_refused():
    with pytest.raises(CommandError) as raised:
        run(str(SEEDS / "002_4d730365fae17496.txt"), "--date", "13-01-2026")
    assert str(raised.value) == "Ugyldig dato '13-01-2026': skriv den som ÅÅÅÅ-MM-DD."


def test_dry_run_saves_nothing(folder):
    with pytest.raises(CommandError) as raised:
        run(str(folder), "--municipality", "Næstved Kommune", "--dry-run")
    assert str(raised.value).startswith("Prøvekørsel, intet gemt. 3 filer: 2 importeret")
    assert not SourceDocument.objects.exists()
    assert not Meeting.objects.exists()


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(CommandError) as raised:
        run(str(tmp_path))
    assert str(raised.value) == "Der er ingen filer at importere."


@pytest.mark.django_db(transaction=True)
def test_a_bulk_run_commits_the_search_index_once_and_leaves_every_meeting_searchable(
    folder, monkeypatch
):
    (folder / "tom.txt").unlink()
    calls = record_calls(monkeypatch, search.sync, "index_meetings")

    run(str(folder), "--municipality", "Næstved Kommune")

    commits = [list(args[0]) for args, _kwargs in calls]
    assert commits == [list(Meeting.objects.order_by("pk").values_list("pk", flat=True))]
    assert len(commits[0]) == 2
    assert not Meeting.objects.filter(is_search_indexed=False).exists()
    assert search.search("beskæftigelse").total > 0
