"""manage.py parse_minutes: the parse result as JSON on stdout, errors as CommandError."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from minutes.importing.demo import SEEDS_DIR as SEEDS

SEED_003 = SEEDS / "003_4412e2a01fa469b0.txt"


def run(*args: str) -> dict:
    stdout = StringIO()
    call_command("parse_minutes", *args, stdout=stdout)
    return json.loads(stdout.getvalue())


def test_prints_the_documented_shape_with_the_clerks_metadata():
    result = run(
        str(SEED_003),
        "--municipality",
        "Lemvig Kommune",
        "--committee",
        "Kommunalbestyrelsen",
        "--date",
        "2025-12-16",
    )
    assert list(result) == [
        "layout",
        "municipality",
        "committee",
        "date",
        "start_time",
        "location",
        "participants",
        "kind",
        "items",
        "warnings",
    ]
    assert (result["layout"], result["municipality"], result["date"]) == (
        "agenda_record",
        "Lemvig Kommune",
        "2025-12-16",
    )
    item = result["items"][0]
    assert (item["number"], item["case_number"], item["closed"]) == (15, "15.00.00-A21-1-25", False)
    assert item["decisions"][0] == {
        "body": "Kommunalbestyrelsen",
        "date": "2025-12-16",
        "item_number": 15,
        "text": item["decisions"][0]["text"],
        "absent": ["Bent. B. Graversen", "Søren V. Jensen", "Steen Madsen"],
        "current": True,
    }


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_seed_parses(seed):
    assert run(str(SEEDS / seed))["items"]


def test_unreadable_file_is_a_command_error_with_the_danish_message(tmp_path):
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match=r"tom\.txt: Filen er tom\."):
        call_command("parse_minutes", str(empty), stdout=StringIO())


def test_bad_date_is_a_command_error():
    with pytest.raises(CommandError, match="Ugyldig dato '16-12-2025'"):
        call_command("parse_minutes", str(SEED_003), "--date", "16-12-2025", stdout=StringIO())


def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="kan ikke læses"):
        call_command("parse_minutes", str(tmp_path / "findes-ikke.pdf"), stdout=StringIO())
