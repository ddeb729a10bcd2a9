"""Case numbers: the KLE form normalised, every other form kept as printed."""

import pytest

from minutes.parsing.casenumbers import find_case_number, is_case_number_line, normalise_case_number


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("15.00.00-A00-4-25", "15.00.00-A00-4-25"),
        ("15.00.00A21-1-25", "15.00.00-A21-1-25"),  # hyphen missing before the facet
        ("00.30.14-Ø00-7-26", "00.30.14-Ø00-7-26"),
        ("00.30.10-ø00-4-22", "00.30.10-Ø00-4-22"),  # facet letter upper-cased
        (" 15.20.00 - G01 - 27706 - 22 ", "15.20.00-G01-27706-22"),
        ("00.00.00-P19-1719-10", "00.00.00-P19-1719-10"),
    ],
)
def test_kle_numbers_get_one_canonical_form(printed, canonical):
    assert normalise_case_number(printed) == canonical


@pytest.mark.parametrize(
    ("printed", "kept"),
    [
        ("2019-12345", "2019-12345"),
        ("19/12345", "19/12345"),
        ("  SAG-2019-00123 ", "SAG-2019-00123"),
        ("EMN-2021-01234", "EMN-2021-01234"),
        ("A  12/3", "A 12/3"),
    ],
)
def test_unknown_forms_are_kept_as_printed_and_trimmed(printed, kept):
    assert normalise_case_number(printed) == kept


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("Sagsnr.:15.00.00-A00-5-22", "15.00.00-A00-5-22"),  # seed 001, no space
        ("Sagsnr.: 15.20.00-G01-27706-22", "15.20.00-G01-27706-22"),
        ("Sagsnummer: 00.22.02-G01-1-26", "00.22.02-G01-1-26"),
        ("Sagsnummer 15.00.00A21-1-25", "15.00.00-A21-1-25"),  # label without colon
        ("Sags nr.: 2019-12345", "2019-12345"),
        ("J.nr.: 19/12345", "19/12345"),
        ("Sagsnr.: SAG-2019-00123", "SAG-2019-00123"),
        ("15.00.15-P16-1-24", "15.00.15-P16-1-24"),  # the bare line under a title
        ("2019-12345", "2019-12345"),
    ],
)
def test_find_case_number_in_labels_and_bare_lines(line, found):
    assert find_case_number(line) == found


@pytest.mark.parametrize(
    "line",
    [
        "Budget 2027-2030 - Indledende drøftelser",
        "Vores Vesthimmerland 2022-2026",
        "Sagsnr.: -",
        "Sagsnummer:",
        "Sagsnummeret er ikke oplyst",
        "",
    ],
)
def test_no_case_number_in_running_text_or_empty_labels(line):
    assert find_case_number(line) is None


def test_a_year_span_alone_on_a_line_is_not_a_case_number():
    assert not is_case_number_line("2026-2030")
    assert is_case_number_line("00.30.10-Ø00-5-26")


def test_a_whole_case_number_is_asked_for_exactly_and_anything_shorter_as_a_prefix():
    from minutes.parsing.casenumbers import CaseNumberQuery, case_number_query

    assert case_number_query(" 15.00.00a21 - 1-25 ") == CaseNumberQuery(exact="15.00.00-A21-1-25")
    assert case_number_query("15.00") == CaseNumberQuery(exact=None, prefixes=("15.00",))
    assert case_number_query("sag-2019") == CaseNumberQuery(
        exact=None, prefixes=("sag-2019", "SAG-2019")
    )
