"""Text fidelity: unwrapping PDF lines, lists, tables, markup, page furniture."""

from minutes.parsing.textclean import (
    is_page_furniture,
    join_wrapped,
    normalise_lines,
    strip_markup,
    to_markup,
    wrap_width,
)

# Seed 001, item 55: a PDF paragraph wrapped at about 120 characters.
WRAPPED = [
    "Som en del af operatøraftalen på asylområdet mellem Udlændingestyrelsen og Vesthimmerlands"
    " Kommune, har",
    "Asylafdelingen årligt til opgave at udarbejde en årsrapport for asylområdet.",
]


def test_a_full_line_is_joined_to_the_next_even_before_a_capital():
    assert to_markup(WRAPPED, width=120) == " ".join(WRAPPED)


def test_a_short_line_before_a_lower_case_line_is_a_list_item_not_a_wrap():
    # Seed 004, item 6: the PDF lost the bullets of this list.
    lines = [
        "inspiration og sparring fra relevante videnspersoner og på tværs af kommuner",
        "understøttelse af arbejdet med prøvehandlinger herunder planlægning, afprøvning",
    ]
    assert to_markup(lines, width=123) == "\n".join(lines)


def test_a_sentence_cut_by_a_page_break_is_joined():
    # Seed 001, item 56: "... i stedet bør" / three blank lines / "indgå i arbejdet ...".
    lines = [
        "udvalg har mulighed for at vurdere, om de visioner i stedet bør",
        "",
        "",
        "",
        "indgå i arbejdet.",
    ]
    assert (
        to_markup(lines)
        == "udvalg har mulighed for at vurdere, om de visioner i stedet bør indgå i arbejdet."
    )


def test_paragraphs_stay_apart():
    assert to_markup(["Første afsnit.", "", "Andet afsnit."]) == "Første afsnit.\n\nAndet afsnit."


def test_an_abbreviation_at_the_end_of_a_line_does_not_end_the_sentence():
    assert (
        to_markup(["så profilen hedder 30 mio.", "kr. i 2026"])
        == "så profilen hedder 30 mio. kr. i 2026"
    )


def test_hyphen_at_a_wrap():
    assert join_wrapped("Det er 2%-", "point mere") == "Det er 2%-point mere"
    assert join_wrapped("såvel ydelses-", "og beskæftigelses") == "såvel ydelses- og beskæftigelses"


def test_bullets_become_dash_list_items_and_nesting_is_kept():
    lines = [
        "•    4 sager afsluttet",
        "•    6 sager afsluttet",
        "- Pr. 31. marts 2026:",
        " - Overførsel",
    ]
    assert (
        to_markup(lines)
        == "- 4 sager afsluttet\n- 6 sager afsluttet\n- Pr. 31. marts 2026:\n  - Overførsel"
    )


def test_tab_separated_rows_become_a_table():
    # Seed 000, item 69, with its empty first header cell.
    lines = ["\tBeløb i 1.000 kr.", "Oprindeligt budget\t900.768", "Tillægsbevillinger\t0"]
    assert to_markup(lines) == (
        "|  | Beløb i 1.000 kr. |\n| Oprindeligt budget | 900.768 |\n| Tillægsbevillinger | 0 |"
    )


def test_space_separated_number_columns_become_a_table_across_blank_lines():
    # Seed 004, item 1: a PDF table, a blank line between rows.
    lines = [
        "Borgere på ressourceforløbsydelse 216 199",
        "",
        "Fleksjobbere 1.321 1.278",
    ]
    assert (
        to_markup(lines)
        == "| Borgere på ressourceforløbsydelse | 216 | 199 |\n| Fleksjobbere | 1.321 | 1.278 |"
    )


def test_one_line_ending_in_numbers_is_not_a_table():
    assert to_markup(["Vi har i alt 12 13"]) == "Vi har i alt 12 13"


def test_bold_and_italic_markup_is_reduced_to_plain_words():
    assert strip_markup("- **Sygedagpenge** - Der forventes") == "- Sygedagpenge - Der forventes"
    assert strip_markup("- *Færre administrative krav:* I forbindelse") == (
        "- Færre administrative krav: I forbindelse"
    )
    assert strip_markup("6.5 fuldtidsstillinger *") == "6.5 fuldtidsstillinger *"  # a footnote mark
    assert strip_markup("<https://asylafdelingen.vesthimmerland.dk/>") == (
        "https://asylafdelingen.vesthimmerland.dk/"
    )


def test_page_numbers_do_not_leak():
    assert is_page_furniture("Side 3 af 27")
    assert is_page_furniture("- 4 -")
    assert not is_page_furniture("3. Analyse")
    assert normalise_lines("Tekst\nSide 2\nMere tekst") == ["Tekst", "Mere tekst"]


def test_wrap_width_is_found_for_pdf_text_and_not_for_exports():
    pdf_like = [("ord " * 29).strip()] * 30
    assert wrap_width(pdf_like) == len(pdf_like[0])
    export = ["Et langt afsnit " * 30, "", "Kort linje", ""] * 10
    assert wrap_width(export) is None
