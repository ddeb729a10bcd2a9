"""What the document calls itself: its title's "Dagsorden" or "Referat" (meetingheader.py)."""

import pytest

from minutes.importing.demo import SEEDS_DIR
from minutes.parsing import parse_document
from minutes.parsing.meetingheader import read_header
from minutes.parsing.records import as_json


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("DAGSORDEN Beskæftigelsesudvalget d. 05-05-2027", "dagsorden"),
        ("Dagsorden for mødet i Økonomiudvalget den 3. februar 2027", "dagsorden"),
        ("REFERAT Beskæftigelsesudvalget d. 05-05-2026", "referat"),
        ("Beslutningsprotokol Byrådet 22.11.2016", "referat"),
        ("Mødested C3.40", None),
    ],
)
def test_title_names_the_kind_of_document(title, kind):
    assert read_header([title]).kind == kind


def test_dagsordenspunkter_is_no_title():
    assert read_header(["Dagsordenspunkter", "Mødedato 5. maj 2027"]).kind is None


@pytest.mark.parametrize(
    ("seed", "kind"),
    [("000_59f6b2a94828c4c1.txt", "referat"), ("001_a766cabc7b462376.txt", None)],
)
def test_seeds_say_what_they_are_where_they_have_a_title(seed, kind):
    parsed = parse_document((SEEDS_DIR / seed).read_bytes(), seed)
    assert parsed.kind == kind
    assert as_json(parsed)["kind"] == kind
