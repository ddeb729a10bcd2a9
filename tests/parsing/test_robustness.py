"""Any input gives a ParsedMeeting or a ParseError, never another exception.

parse_document turns an unexpected exception into a ParseError with
INTERNAL_ERROR so a clerk never sees a traceback; these tests fail on that
message, so parser bugs are still caught here.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes.importing.demo import SEEDS_DIR as SEEDS
from minutes.parsing import INTERNAL_ERROR, ParsedMeeting, ParseError, parse_document

SEED_BYTES = [path.read_bytes() for path in sorted(SEEDS.glob("*.txt"))]
FILENAMES = st.sampled_from(["referat.txt", "referat.pdf", "referat.html", "punkt.json", "x"])
FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _parse_or_refuse(data: bytes, filename: str) -> None:
    try:
        result = parse_document(data, filename)
    except ParseError as error:
        assert error.user_message and error.user_message != INTERNAL_ERROR
    else:
        assert isinstance(result, ParsedMeeting)


@FAST
@given(data=st.binary(max_size=4096), filename=FILENAMES)
def test_random_bytes(data, filename):
    _parse_or_refuse(data, filename)


@FAST
@given(
    seed=st.sampled_from(SEED_BYTES),
    start=st.floats(min_value=0, max_value=1),
    end=st.floats(min_value=0, max_value=1),
)
def test_truncated_seed_bytes(seed, start, end):
    low, high = sorted((int(start * len(seed)), int(end * len(seed))))
    _parse_or_refuse(seed[low:high], "referat.txt")
    _parse_or_refuse(seed[:high], "referat.txt")


@FAST
@given(
    text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=2000),
    prefix=st.sampled_from(["", "Punkt 1: Titel\n", "1. Titel\n", "22 items\n- Navn ", "{", "<p>"]),
)
def test_random_text(text, prefix):
    _parse_or_refuse((prefix + text).encode("utf-8"), "referat.txt")


@FAST
@given(
    lines=st.lists(
        st.sampled_from(
            [
                "Punkt 3: Godkendelse",
                "Beslutning",
                "Fraværende: Ingen",
                "Beslutning fra Økonomiudvalget, den 31. februar 2025, punkt 9:",
                "Sagsnr.: 15.00.00-A00-4-25",
                "Lukket: Personalesag",
                "Indstilling",
                "- at sagen godkendes",
                "| a | b |",
                "22 items",
                '- Html "<h3>Beslutning</h3>',
                '- Punktnummer "x"',
                "-",
                "Bilag 2 items",
                "",
            ]
        ),
        max_size=40,
    )
)
def test_shuffled_minutes_lines(lines):
    _parse_or_refuse("\n".join(lines).encode(), "referat.txt")


@pytest.mark.parametrize("data", SEED_BYTES, ids=[p.name for p in sorted(SEEDS.glob("*.txt"))])
def test_every_prefix_length_class_of_each_seed(data):
    for cut in (1, 7, 100, 1000, len(data) // 2, len(data) - 1):
        _parse_or_refuse(data[:cut], "referat.txt")


@pytest.fixture(scope="module")
def small_pdf():
    from tests.pdf_builder import text_to_pdf

    return text_to_pdf((SEEDS / "002_4d730365fae17496.txt").read_text(encoding="utf-8"))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    flips=st.lists(
        st.tuples(st.floats(min_value=0, max_value=1), st.integers(0, 255)), min_size=1, max_size=8
    ),
    keep=st.floats(min_value=0.05, max_value=1),
)
def test_damaged_pdf(small_pdf, flips, keep):
    data = bytearray(small_pdf[: max(int(len(small_pdf) * keep), 8)])
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    _parse_or_refuse(bytes(data), "referat.pdf")
