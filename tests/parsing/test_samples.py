"""Real minutes of other kommuner (tests/fixtures/samples/): the facts read off them by hand.

The share of facts held over all the samples must be at least 95 %, and every sample must
parse. What each fact key means: the docstring of
tests/fixtures/samples/expected.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from minutes.parsing.factcheck import check_folder, load_expected, summary

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "samples"


@pytest.fixture(scope="module")
def results():
    return check_folder(SAMPLES)


def test_every_sample_in_the_folder_has_facts():
    documents = {p.name for p in SAMPLES.iterdir() if p.suffix in {".txt", ".pdf", ".html"}}
    assert documents == set(load_expected(SAMPLES))


def test_every_sample_parses(results):
    refused = [(r.name, r.error) for r in results if r.error]
    assert not refused


def test_at_least_95_percent_of_the_facts_hold_over_every_sample(results):
    held, total = summary(results)
    failed = [f"{r.name}: {line}" for r in results for line in r.failed]
    assert held / total >= 0.95, "\n".join(failed)


def test_the_firstagenda_web_page_holds_all_its_facts(results):
    # The HTML page is read by its structure (layouts/firstagenda_page.py), not as text.
    page = next(r for r in results if r.name == "aarhus-teknisk-udvalg-2025-10-01.html")
    assert page.failed == []


def test_the_pdf_gives_what_its_text_gives(results):
    by_name = {r.name: r for r in results}
    assert (
        by_name["aarhus-byraad-2025-08-27.pdf"].failed
        == by_name["aarhus-byraad-2025-08-27.txt"].failed
    )
