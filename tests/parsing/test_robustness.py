"""Any input gives a ParsedMeeting or a ParseError, never another exception.

parse_document turns an unexpected exception into a ParseError with
INTERNAL_ERROR so a clerk never sees a traceback; these tests fail on that
message, so parser bugs are still caught here.
"""

from pathlib import Path

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


# -- Bounded work ---------------------------------------------------------
# Each hostile shape is parsed at two sizes: doubling the input may at most about
# double the time (2.5x, plus a little for timer noise), never square it. Timings are
# the best of five, so a busy machine slows both sizes alike.


def _best_time(data: bytes, filename: str) -> float:
    import time

    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        _parse_or_refuse(data, filename)
        best = min(best, time.perf_counter() - start)
    return best


HOSTILE_SHAPES = {
    "blank_lines": (lambda n: b"Punkt 1: Titel\n" + b"\n" * (4000 * n), "referat.txt"),
    "tabs_in_a_line": (lambda n: b"Punkt 1: Titel\nTekst" + b"\t" * (4000 * n) + b"x\n", "r.txt"),
    "spaces_in_a_line": (lambda n: b"Punkt 1: Titel\nA" + b" " * (4000 * n) + b"x\n", "r.txt"),
    "dot_leaders": (lambda n: b"Punkt 1: Titel\nTekst" + b"." * (4000 * n) + b"x\n", "r.txt"),
    "spaces_before_did_not_take_part": (
        lambda n: b"Punkt 1: Titel\n\nBeslutning\n" + b" " * (2000 * n) + b"deltog ikke!\n",
        "r.txt",
    ),
    "html_paragraphs": (
        lambda n: (
            b"<html><body><p>Punkt 1: Tekst</p>" + b"<p>Et afsnit om budgettet.</p>" * (1000 * n)
        ),
        "r.html",
    ),
    "numbered_lines": (
        lambda n: "\n".join(
            f"{i}. Titel nummer {i}\nSagsnr.: 15.00.00-A00-{i}-25\n" for i in range(1, 300 * n)
        ).encode(),
        "r.txt",
    ),
}


@pytest.mark.parametrize("shape", sorted(HOSTILE_SHAPES))
def test_hostile_shape_takes_time_in_proportion_to_its_size(shape):
    make, filename = HOSTILE_SHAPES[shape]
    _parse_or_refuse(make(1), filename)  # warm up imports and caches
    small, large = _best_time(make(2), filename), _best_time(make(4), filename)
    assert large <= 2.5 * small + 0.1, (shape, small, large)


def _refusal(data: bytes, filename: str) -> str:
    with pytest.raises(ParseError) as raised:
        parse_document(data, filename)
    return raised.value.user_message


def test_deeply_nested_html_is_refused_in_danish():
    message = _refusal(b"<div>" * 5000 + b"Punkt 1: Titel", "referat.html")
    assert message.startswith("HTML-filen har elementer inden i hinanden i over 1.000 niveauer")


def test_nested_html_below_the_limit_is_read():
    html = b"<div>" * 500 + b"<p>Punkt 1: Titel</p><p>Beslutning</p><p>Godkendt.</p>"
    assert [item.number for item in parse_document(html, "referat.html").items] == [1]


def test_a_line_of_megabytes_is_refused_in_danish():
    message = _refusal(b"Punkt 1: Titel\n" + b"a " * 500_000, "referat.txt")
    assert message.startswith("Dokumentet har en linje på over 200.000 tegn")


@pytest.mark.parametrize("number", ["²", "¹²", "1" * 5000, "99999999999"])
def test_an_unreadable_item_number_in_a_record_is_a_clear_error(number):
    import json

    record = {"Navn": "Budget", "Punktnummer": number, "Html": "<p>Tekst</p>"}
    message = _refusal(json.dumps(record).encode(), "punkt.json")
    assert message.startswith("Dagsordenspunktet 'Budget' har intet gyldigt punktnummer")
    assert len(message) < 200


@pytest.mark.parametrize("digits", ["¹", "1" * 5000])
def test_an_unreadable_number_in_a_record_tree_is_a_clear_error(digits):
    tree = f'3 items\n- Navn "Budget"\n- Punktnummer {digits}\n- Html "<p>x</p>"\n'
    assert "punktnummer" in _refusal(tree.encode(), "referat.txt")


@pytest.mark.parametrize("line", ["Punkt ²: Titel", "Punkt 1" + "1" * 5000 + ": Titel"])
def test_a_superscript_or_huge_item_number_in_text_is_no_item(line):
    data = f"{line}\n\nBeslutning\nGodkendt.\n".encode()
    try:
        meeting = parse_document(data, "referat.txt")
    except ParseError as error:
        # The only item start is unreadable: nothing is found, said in Danish.
        assert error.user_message and error.user_message != INTERNAL_ERROR
    else:
        assert all(0 <= item.number < 10**7 for item in meeting.items), meeting.items


OUT_OF_PROPORTION = (
    "PDF-filens sider fylder udpakket over 20 gange så meget som selve filen; det er ikke et "
    "almindeligt referat, og filen er måske beskadiget. Upload en tekst- eller HTML-udgave af "
    "referatet."
)


def _seconds(parse) -> float:
    import time

    start = time.perf_counter()
    parse()
    return time.perf_counter() - start


def test_pdf_pages_sharing_one_huge_stream_are_refused_quickly():
    from tests.pdf_builder import shared_stream_pdf

    pdf = shared_stream_pdf(pages=200, operations=100_000)
    assert len(pdf) < 100_000
    assert _seconds(lambda: _refusal(pdf, "referat.pdf")) < 5  # it read no page
    assert _refusal(pdf, "referat.pdf") == OUT_OF_PROPORTION


def test_a_small_pdf_that_decompresses_to_megabytes_is_refused_well_within_the_budget():
    # 31 KB: 200 pages that each draw one 44 KB stream, 9 MB to extract, which
    # held a parse for many seconds before its content was weighed against the
    # file's size.
    from minutes.parsing import parse_within_budget
    from minutes.parsing.budget import DEFAULT_SECONDS
    from tests.pdf_builder import shared_stream_pdf

    pdf = shared_stream_pdf(pages=200, operations=1_000)
    assert len(pdf) < 32_000
    assert _seconds(lambda: _refusal(pdf, "referat.pdf")) < DEFAULT_SECONDS / 10
    with pytest.raises(ParseError) as raised:
        parse_within_budget(pdf, "referat.pdf")
    assert raised.value.user_message == OUT_OF_PROPORTION


def test_the_most_content_a_small_pdf_may_have_is_read_well_within_the_budget():
    from minutes.parsing.budget import DEFAULT_SECONDS
    from tests.pdf_builder import shared_stream_pdf

    # 20 pages of a 44 KB stream: 880 KB to extract, under the megabyte any PDF may have.
    pdf = shared_stream_pdf(pages=20, operations=1_000)
    assert _seconds(lambda: _parse_or_refuse(pdf, "referat.pdf")) < DEFAULT_SECONDS / 5


def test_a_large_pdf_still_has_the_absolute_content_limit():
    import io
    import os

    from pypdf import PdfReader, PdfWriter

    from tests.pdf_builder import shared_stream_pdf

    # Over a megabyte of file (an incompressible attachment) allows twenty times that,
    # but never more than 20 MB: ten pages of a 4.4 MB stream pass it.
    hostile = PdfReader(io.BytesIO(shared_stream_pdf(pages=10, operations=100_000)))
    writer = PdfWriter(clone_from=hostile)
    writer.add_attachment("bilag.bin", os.urandom(1_200_000))
    out = io.BytesIO()
    writer.write(out)
    assert _refusal(out.getvalue(), "referat.pdf") == (
        "PDF-filens sider fylder udpakket over 20 MB; det er ikke et almindeligt referat. "
        "Upload en tekst- eller HTML-udgave af referatet."
    )


REAL_PDF = Path(__file__).parent.parent / "fixtures" / "samples" / "aarhus-byraad-2025-08-27.pdf"


@pytest.mark.parametrize("seed", range(6))
def test_a_byte_flipped_real_pdf_ends_well_within_the_budget(seed):
    import random

    from minutes.parsing import parse_within_budget
    from minutes.parsing.budget import DEFAULT_SECONDS

    rng = random.Random(seed)
    data = bytearray(REAL_PDF.read_bytes())
    for _ in range(rng.randrange(1, 20)):
        data[rng.randrange(len(data))] = rng.randrange(256)

    def parse() -> None:
        try:
            parse_within_budget(bytes(data), "referat.pdf")
        except ParseError as error:
            # Its own message: neither a parser bug nor the budget stopping it.
            assert error.user_message != INTERNAL_ERROR
            assert not error.user_message.startswith("Dokumentet kunne ikke læses inden for")

    assert _seconds(parse) < DEFAULT_SECONDS / 5


def test_pdf_with_too_many_pages_is_refused_in_danish():
    from tests.pdf_builder import shared_stream_pdf

    message = _refusal(shared_stream_pdf(pages=2001, operations=1), "referat.pdf")
    assert message == (
        "PDF-filen har 2.001 sider; der læses højst 2.000 sider. Del referatet op i flere filer."
    )


def test_a_parse_over_its_budget_is_stopped_with_a_danish_message():
    import time

    from minutes.parsing import parse_within_budget

    slow = b"<html><body>" + b"<p>Punkt 1: Tekst om noget</p>" * 200_000
    start = time.perf_counter()
    with pytest.raises(ParseError) as raised:
        parse_within_budget(slow, "referat.html", seconds=0.5)
    assert raised.value.user_message.startswith(
        "Dokumentet kunne ikke læses inden for 0,5 sekunder"
    )
    assert time.perf_counter() - start < 5


def test_a_parse_within_its_budget_gives_the_same_meeting():
    from minutes.parsing import parse_within_budget

    data = SEED_BYTES[0]
    assert parse_within_budget(data, "referat.txt") == parse_document(data, "referat.txt")


def test_a_parse_error_crosses_the_budget_unchanged():
    from minutes.parsing import parse_within_budget

    with pytest.raises(ParseError) as raised:
        parse_within_budget(b"   ", "referat.txt")
    assert raised.value.user_message == "Filen er tom."


def test_two_rounds_of_the_robustness_run_end_in_a_result_or_a_refusal_within_the_budget():
    # The CI-sized form of benchmarks/parser_robustness.py: each kind of input
    # twice, parsed under the budget as an upload is.
    import itertools
    import random

    from benchmarks.parser_robustness import inputs, outcome_of
    from minutes.parsing.budget import DEFAULT_SECONDS

    two_rounds = itertools.takewhile(lambda made: made[0] < 2, inputs(10_000, random.Random(17)))
    outcomes = [
        (kind, len(data), outcome_of(data, filename, seconds=DEFAULT_SECONDS))
        for _, kind, data, filename in two_rounds
    ]
    assert len({kind for kind, _, _ in outcomes}) > 10
    assert {outcome for _, _, outcome in outcomes} <= {"read", "refused"}, outcomes
