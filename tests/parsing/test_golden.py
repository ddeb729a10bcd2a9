"""Golden test: every item of every seed against expectations written by hand.

The golden files in ``tests/fixtures/golden/`` were written from reading each seed line by
line, never from the parser's output. A mismatch means the parser or the golden file is
wrong; decide by reading the seed again, never by copying the parser's output over.

Titles, decision texts, committees, names and attachment titles are compared with runs of
whitespace collapsed (line wrapping is not meaning); everything else is compared exactly.
Only the fields a golden file states are compared, and the schema test below makes sure
each item states all the fields the issue asks for.
"""

import pytest

from .seed_results import GOLDEN_IDS, SEEDS_DIR, load_golden, parsed_seed, squash

ITEM_FIELDS = {
    "number",
    "title",
    "case_number",
    "case_officer",
    "closed",
    "decisions",
    "attachments",
}
DECISION_FIELDS = {"current", "body", "date", "item_number", "text", "absent"}
ATTACHMENT_FIELDS = {"title", "url"}
MEETING_FIELDS = {"municipality", "committee", "date", "start_time", "location", "participants"}
# Compared after collapsing whitespace; all other fields exactly.
SQUASHED = {"title", "case_officer", "body", "text", "recommendation", "location", "municipality"}

ITEM_CASES = [
    pytest.param(golden_id, item["number"], id=f"{golden_id}-punkt-{item['number']}")
    for golden_id in GOLDEN_IDS
    for item in load_golden(golden_id)["items"]
]


def _same(field: str, expected, actual) -> bool:
    if field in SQUASHED and isinstance(expected, str) and isinstance(actual, str):
        return squash(expected) == squash(actual)
    if field in {"absent", "participants"} and isinstance(actual, list):
        return [squash(name) for name in expected] == [
            squash(name) if isinstance(name, str) else name for name in actual
        ]
    return expected == actual


def _compare_records(where: str, expected: list[dict], actual: list[dict]) -> list[str]:
    """Compare two ordered lists of decisions or attachments, field by field."""
    problems = []
    if len(expected) != len(actual):
        problems.append(f"{where}: expected {len(expected)} entries, got {len(actual)}: {actual!r}")
    for index, (want, got) in enumerate(zip(expected, actual, strict=False)):
        for field, value in want.items():
            if field not in got:
                problems.append(f"{where}[{index}].{field}: missing from the result")
            elif not _same(field, value, got[field]):
                problems.append(f"{where}[{index}].{field}: expected {value!r}, got {got[field]!r}")
    return problems


def test_there_is_a_golden_file_for_every_seed():
    seeds = sorted(path.name for path in SEEDS_DIR.glob("*.txt"))
    assert sorted(load_golden(golden_id)["seed"] for golden_id in GOLDEN_IDS) == seeds


@pytest.mark.parametrize("golden_id", GOLDEN_IDS)
def test_golden_file_states_every_field_of_every_item(golden_id):
    golden = load_golden(golden_id)
    assert set(golden["input"]) == {"municipality", "committee", "date"}
    assert set(golden["meeting"]) == MEETING_FIELDS, f"seed {golden_id}: meeting fields"
    numbers = [item["number"] for item in golden["items"]]
    assert len(numbers) == len(set(numbers)), f"seed {golden_id}: item numbers repeat"
    for item in golden["items"]:
        where = f"seed {golden_id}, punkt {item['number']}"
        assert set(item) >= ITEM_FIELDS, f"{where}: lacks {ITEM_FIELDS - set(item)}"
        for decision in item["decisions"]:
            assert set(decision) == DECISION_FIELDS, f"{where}: decision fields"
        current = [decision for decision in item["decisions"] if decision["current"]]
        assert item["decisions"] == [] or item["decisions"][0]["current"], where
        assert len(current) <= 1, f"{where}: more than one current decision"
        for attachment in item["attachments"]:
            assert set(attachment) == ATTACHMENT_FIELDS, f"{where}: attachment fields"


@pytest.mark.parametrize("golden_id", GOLDEN_IDS)
def test_items_and_their_numbers_match(golden_id):
    expected = [item["number"] for item in load_golden(golden_id)["items"]]
    actual = [item["number"] for item in parsed_seed(golden_id)["items"]]
    assert actual == expected, (
        f"seed {golden_id}: item numbers (count {len(actual)} vs {len(expected)})"
    )


@pytest.mark.parametrize("golden_id", GOLDEN_IDS)
def test_meeting_fields_match(golden_id):
    expected = load_golden(golden_id)["meeting"]
    actual = parsed_seed(golden_id)
    problems = [
        f"seed {golden_id}, meeting.{field}: expected {value!r}, got {actual.get(field)!r}"
        for field, value in expected.items()
        if not _same(field, value, actual.get(field))
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("golden_id", "number"), ITEM_CASES)
def test_item_matches_golden(golden_id, number):
    expected = next(item for item in load_golden(golden_id)["items"] if item["number"] == number)
    found = [item for item in parsed_seed(golden_id)["items"] if item["number"] == number]
    assert len(found) == 1, f"seed {golden_id}, punkt {number}: found {len(found)} items"
    actual = found[0]
    where = f"seed {golden_id}, punkt {number}"
    problems = []
    for field, value in expected.items():
        if field in {"decisions", "attachments"}:
            problems += _compare_records(f"{where}, {field}", value, actual.get(field, []))
        elif field not in actual:
            problems.append(f"{where}, {field}: missing from the result")
        elif not _same(field, value, actual[field]):
            problems.append(f"{where}, {field}: expected {value!r}, got {actual[field]!r}")
    assert not problems, "\n".join(problems)
