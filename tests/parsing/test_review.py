"""The clerk's warnings (parsing/review.py): each rule on a document shaped like real minutes
that trips it and one that does not, and no warning at all on the five seeds."""

import datetime as dt
from pathlib import Path

import pytest

from minutes.parsing import ParsedItem, ParsedMeeting, parse_document
from minutes.parsing.factcheck import _args, load_expected
from minutes.parsing.review import (
    DAGSORDEN,
    LONG_DECISION_CHARS,
    LONG_TITLE_CHARS,
    REFERAT,
    document_kind,
    review,
)

from .seed_results import GOLDEN_IDS, load_golden, seed_bytes

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "samples"
HEADER = "REFERAT Teknisk Udvalg d. 01-10-2025\n\nMødedato Onsdag d. 1. oktober 2025 kl. 15:00\n\n"


def parse(text: str) -> ParsedMeeting:
    return parse_document(
        text.encode(), "referat.txt", municipality="Aarhus Kommune", committee="Teknisk Udvalg"
    )


def item(number: int, title: str, body: str) -> str:
    return f"Punkt {number}: {title}\n\nSagsfremstilling\n\n{body}\n\n"


def decided(number: int, title: str, decision: str = "Godkendt.") -> str:
    return item(number, title, "Sagen forelægges udvalget.") + f"Beslutning\n\n{decision}\n\n"


def warnings_of(text: str) -> list[str]:
    return list(parse(text).warnings)


# The seeds: no false alarm -------------------------------------------------------------


@pytest.mark.parametrize("golden_id", GOLDEN_IDS)
def test_a_clean_seed_gives_no_warning(golden_id):
    golden = load_golden(golden_id)
    typed = golden["input"]
    meeting = parse_document(
        seed_bytes(golden),
        golden["seed"],
        municipality=typed["municipality"],
        committee=typed["committee"],
        date=dt.date.fromisoformat(typed["date"]) if typed["date"] else None,
    )
    assert meeting.warnings == ()


# What each sample is warned about, each read against the document: all true.
SAMPLE_WARNINGS = {
    # 51-58 are listed at the top, but the excerpt holds only items 49 and 50.
    "holbaek-udvalget-for-aeldre-og-sundhed-2020-06-04-excerpt.txt": [
        "Indholdsfortegnelsen nævner 8 punkter, der ikke blev fundet"
    ],
    # The outcome ("Foretoges.") stands under "Sagsfremstilling"; the forfald sentence on top.
    "frederiksberg-kommunalbestyrelsen-2015-09-28-excerpt.txt": [
        "Ingen af punkterne har en beslutning, men dokumentet er et referat",
        'blev ikke læst: "Karsten Skawbo-Jensen og Daniel Panduro havde meldt forfald.',
    ],
    "frederiksberg-kommunalbestyrelsen-2022-10-03-excerpt.txt": [
        'blev ikke læst: "Stedfortræder Jacob Rosenberg mødte for Laura Lindahl',
    ],
    "viborg-boerne-og-ungdomsudvalget-2016-06-14-excerpt.txt": [
        'blev ikke læst: "Temamøde om færdsel på Nettet',
    ],
    # The decisions run on into the proposal printed under them ("BESLUTNINGSFORSLAG FRA DD").
    "aarhus-byraad-2025-08-27.txt": [
        'Punkt 2: beslutningen indeholder linjen "BESLUTNINGSFORSLAG FRA DD"',
    ],
}


def test_the_samples_are_warned_about_what_is_wrong_in_them():
    for name, facts in load_expected(SAMPLES).items():
        meeting = parse_document((SAMPLES / name).read_bytes(), name, **_args(facts["args"]))
        ours = list(meeting.warnings)
        for wanted in SAMPLE_WARNINGS.get(name, []):
            assert any(wanted in warning for warning in ours), (name, ours)
        if name not in SAMPLE_WARNINGS and not name.startswith("aarhus-byraad"):
            assert ours == [], name


# A referat without decisions -----------------------------------------------------------


def test_a_referat_whose_items_have_no_decisions_is_warned_about():
    text = HEADER + item(1, "Budget 2026", "Budgettet forelægges.") + item(2, "Eventuelt", "-")
    assert warnings_of(text) == [
        "Ingen af punkterne har en beslutning, men dokumentet er et referat: beslutningerne "
        'blev ikke genkendt. Tjek at de står under en overskrift som "Beslutning".'
    ]


def test_an_agenda_without_decisions_is_not():
    text = "DAGSORDEN Teknisk Udvalg d. 01-10-2025\n\n" + item(1, "Budget 2026", "Forelægges.")
    text += item(2, "Eventuelt", "-")
    assert warnings_of(text) == []


def test_a_document_that_does_not_name_itself_gets_the_careful_wording():
    text = "Mødedato 01-10-2025\n\n" + item(1, "Budget 2026", "Forelægges.")
    text += item(2, "Eventuelt", "-")
    assert warnings_of(text) == [
        "Ingen af punkterne har en beslutning. Er dokumentet en dagsorden, er det som ventet; "
        'er det et referat, blev beslutningerne ikke genkendt (overskrifter som "Beslutning").'
    ]


def test_a_referat_with_one_decision_is_not_warned_about():
    text = HEADER + item(1, "Budget 2026", "Forelægges.") + decided(2, "Eventuelt")
    assert warnings_of(text) == []


def test_the_document_names_itself_in_its_opening():
    assert document_kind("Kommunalbestyrelsen - Referat\nReferat\ntil\nmødet") == REFERAT
    assert document_kind("Dagsorden til mødet i Byrådet\n\nPunkt 1: Godkendelse af dagsorden") == (
        DAGSORDEN
    )
    assert document_kind("Det fælles landdistriktsråd - Dagsordener og referater\n") is None
    assert document_kind("Byrådet 22-11-2016\nPunkt 1: Godkendelse af dagsorden") is None


# Long titles and decisions ------------------------------------------------------------


def test_a_title_far_longer_than_usual_is_warned_about():
    title = "Forslag om " + "en meget lang titel med mange ord " * 10
    assert len(title) > LONG_TITLE_CHARS
    (warning,) = warnings_of(HEADER + decided(1, title))
    assert warning.startswith("Punkt 1: titlen er ")


def test_a_long_real_title_is_not():
    title = (
        "Forslag til beslutning fra rådmænd Lotte Kofoed, Gunvor Wibroe, Freja Fokdal, Helle "
        "Sjelle og Jan E. Jørgensen og kommunalbestyrelsesmedlem Sabrina L. Christiansen, "
        "Brian Holm og Michael Brautsch om sang inden hvert møde i kommunalbestyrelsen"
    )
    assert warnings_of(HEADER + decided(197, title)) == []


def _sentences(chars: int) -> str:
    sentence = "Udvalget godkendte indstillingen med de ændringer, der blev drøftet på mødet. "
    return (sentence * (chars // len(sentence) + 1))[:chars].rsplit(" ", 1)[0] + "."


def test_a_decision_far_longer_than_usual_is_warned_about():
    (warning,) = warnings_of(HEADER + decided(3, "Budget", _sentences(LONG_DECISION_CHARS + 200)))
    assert warning.startswith("Punkt 3: beslutningen er ")
    assert "løbet ind i det næste afsnit" in warning


def test_a_long_real_decision_is_not():
    assert warnings_of(HEADER + decided(3, "Budget", _sentences(950))) == []


def test_a_decision_that_runs_into_a_heading_is_warned_about():
    # Aarhus item 2: the proposal's heading in capitals, then its first section's heading.
    decision = (
        "Fremsendes til Teknisk Udvalg til behandling.\nBESLUTNINGSFORSLAG FRA DD\nBaggrund:\n"
        "Havnens Perle har været en fast del af Aarhus Havns identitet siden 1962."
    )
    assert warnings_of(HEADER + decided(2, "Havnens Perle", decision)) == [
        'Punkt 2: beslutningen indeholder linjen "BESLUTNINGSFORSLAG FRA DD", der ligner en '
        "overskrift; måske er beslutningen løbet ind i det næste afsnit."
    ]


def test_a_decision_with_clauses_and_absentees_is_not():
    decision = (
        "Udvalget besluttede:\n\n- at godkende planen\n- at afsætte 2 mio. kr.\n\nFraværende: Ingen"
    )
    assert warnings_of(HEADER + decided(2, "Plan", decision)) == []


# Attachments that are sub-points -------------------------------------------------------


def test_attachments_shaped_like_sub_points_are_warned_about():
    text = (
        HEADER
        + decided(4, "Tilskud")
        + "Bilag\n\na. Tilskud til foreninger\nb. Tilskud til haller\n\n"
    )
    (warning,) = warnings_of(text)
    assert warning.startswith(
        'Punkt 4: 2 bilag ligner underpunkter eller indstillinger, ikke bilag ("a.'
    )


def test_a_recommendation_clause_as_an_attachment_is_warned_about():
    text = HEADER + decided(4, "Tilskud") + "Bilag\n\n1. At udvalget godkender tilskuddet\n\n"
    (warning,) = warnings_of(text)
    assert warning == (
        "Punkt 4: 1 bilag ligner et underpunkt eller en indstilling, ikke bilag "
        '("At udvalget godkender tilskuddet"). Tjek bilagslisten.'
    )


def test_ordinary_attachments_are_not():
    text = (
        HEADER
        + decided(5, "Regnskab")
        + (
            "Bilag\n\nBilag 1: Revisionsberetning nr. 3\n"
            "Bilag 2: Revisionspåtegning af årsregnskabet\n\n"
        )
    )
    assert warnings_of(text) == []


# Item numbers --------------------------------------------------------------------------


def test_numbers_out_of_order_are_warned_about():
    text = HEADER + decided(3, "Budget") + decided(2, "Eventuelt")
    assert warnings_of(text) == [
        "Punkt 2: står efter punkt 3; numrene er ikke i rækkefølge. "
        "Tjek om punktet er læst rigtigt."
    ]


def test_numbers_in_order_through_the_year_are_not():
    assert warnings_of(HEADER + decided(301, "Budget") + decided(302, "Eventuelt")) == []


def test_a_number_that_starts_two_items_is_warned_about():
    text = HEADER + decided(1, "Budget") + decided(2, "Anlæg") + decided(2, "Eventuelt")
    assert warnings_of(text) == [
        "Punkt 2: nummeret står over to afsnit med tekst; de er læst som ét punkt. "
        "Tjek om et af dem er et andet punkt."
    ]


def test_a_number_restated_in_a_table_of_contents_is_not():
    toc = "Punkt 1: Budget\nPunkt 2: Eventuelt\n\n"
    assert warnings_of(HEADER + toc + decided(1, "Budget") + decided(2, "Eventuelt")) == []


def test_a_record_layout_with_one_number_twice_is_warned_about():
    items = (ParsedItem(number=15, title="Budget"), ParsedItem(number=15, title="Anlæg"))
    meeting = review(ParsedMeeting(layout="agenda_record", items=items))
    assert "Punkt 15: nummeret bruges af 2 punkter i dokumentet." in meeting.warnings


# The table of contents -----------------------------------------------------------------

TOC = (
    "Indholdsfortegnelse\n\n"
    "Godkendelse af dagsorden.....\t3\n"
    "Godkendelse af temaplan for udvalgmøder i 2026.....\t4\n"
    "Eventuelt.....\t5\n\n"
)


def test_a_toc_entry_not_found_in_the_body_is_warned_about():
    text = (
        HEADER
        + TOC
        + decided(1, "Godkendelse af dagsorden")
        + decided(2, "Godkendelse af temaplan for udvalgsmøder i 2026")
    )
    assert warnings_of(text) == [
        'Indholdsfortegnelsen nævner 1 punkt, der ikke blev fundet i teksten: "Eventuelt". '
        "Tjek om de mangler i dokumentet eller ikke blev genkendt som punkter."
    ]


def test_toc_entries_found_under_a_typo_or_a_wrapped_title_are_not():
    # "udvalgmøder" in the TOC, "udvalgsmøder" in the body (seed 002), as printed.
    text = HEADER + TOC + decided(1, "Godkendelse af dagsorden")
    text += (
        "Punkt 2: Godkendelse af temaplan for\nudvalgsmøder i 2026\n\nBeslutning\n\nGodkendt.\n\n"
    )
    text += decided(3, "Eventuelt")
    assert warnings_of(text) == []


# Text above the first item that nothing read -------------------------------------------


def test_a_sentence_above_the_first_item_is_warned_about():
    text = HEADER + (
        "Karsten Hansen og Ida Jensen havde meldt forfald. I stedet mødte Ole Berg og Eva Lund.\n\n"
    )
    (warning,) = warnings_of(text + decided(1, "Budget"))
    assert warning.startswith(
        'Teksten før første punkt hører ikke til noget punkt og blev ikke læst: "Karsten Hansen'
    )


def test_labels_and_page_furniture_above_the_first_item_are_not():
    text = (
        HEADER
        + "Mødested Rådhuset, Sdr. Badevej 1, 4600 Køge, mødelokale 2\n\n"
        + "Tryk 'Ctrl F' for at søge i hele teksten\n\nÅbne dagsordenspunkter\n\n"
    )
    assert warnings_of(text + decided(1, "Budget")) == []
