"""The PDF extractors measured on a real referat: pypdf (what the parser uses), pdfminer.six
and pypdfium2, each against the text published beside the PDF.

    python benchmarks/pdf_extractors.py [PDF [TXT]]

Defaults to the Aarhus Byråd referat in tests/fixtures/samples/ (28 pages) and its text.
pdfminer.six and pypdfium2 are not requirements: install them into a separate venv with
the project's requirements to rerun (docs/PARSER.md, "PDF extractors"); a missing one
is reported and skipped. Prints one row per extractor (mode):

- seconds, cpu seconds: extraction only, wall clock and this process's CPU time, each the
  best of three runs (imports not counted; on a busy machine compare the CPU time);
- words: the share of the published text's words (counted with repeats) found in the
  extraction, and the share of the extraction's words that are in the published text;
- order: of the published text's unique lines of four or more words found verbatim in the
  extraction, the share that come in the published order (a longest increasing run);
- blank lines: inside the pages (the parser reads a blank line as a paragraph's end; where
  an extractor puts them differs, so only their number is compared);
- edges: lines repeated at the top or bottom of 60 % of the pages (running headers);
- hyphens: lines ending in a word cut by a hyphen ("bevil-" / "lingen");
- facts: the sample's hand-read facts (expected.py) the parser holds on that text, after
  the page tidying extract.pdf_to_text does.
"""

from __future__ import annotations

import bisect
import io
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
DEFAULT_PDF = SAMPLES / "aarhus-byraad-2025-08-27.pdf"
RUNS = 3
_WORDS = re.compile(r"[^\W_]+")
_CUT = re.compile(r"[a-zæøå]-$")


def pypdf_layout(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    return [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]


def pypdf_plain(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    return [page.extract_text() or "" for page in reader.pages]


def pdfminer_pages(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data)).split("\f")


def pypdfium2_pages(data: bytes) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    pages = []
    for page in document:
        textpage = page.get_textpage()
        pages.append(textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n"))
        textpage.close()
        page.close()
    document.close()
    return pages


EXTRACTORS: dict[str, Callable[[bytes], list[str]]] = {
    "pypdf 7.1.0, layout mode (used)": pypdf_layout,
    "pypdf 7.1.0, plain mode": pypdf_plain,
    "pdfminer.six": pdfminer_pages,
    "pypdfium2": pypdfium2_pages,
}


def words(text: str) -> Counter[str]:
    return Counter(word.casefold() for word in _WORDS.findall(text))


def coverage(reference: Counter[str], found: Counter[str]) -> tuple[float, float]:
    shared = sum((reference & found).values())
    return shared / max(sum(reference.values()), 1), shared / max(sum(found.values()), 1)


def _flat(text: str) -> str:
    return " ".join(text.split())


def reading_order(reference: str, extracted: str) -> tuple[float, float]:
    """(share of long reference lines found, share of those in the reference's order)."""
    flat = _flat(extracted)
    positions = []
    lines = [_flat(line) for line in reference.split("\n") if len(line.split()) >= 4]
    once = {line for line, count in Counter(lines).items() if count == 1}
    lines = [line for line in lines if line in once]  # "Udvalg: Aarhus Byråd" recurs
    for line in lines:
        # Looked for after the previous line first: a phrase that also stands earlier in
        # the text ("... den 27. august 2025.") is not out of order.
        at = flat.find(line, positions[-1] if positions else 0)
        if at < 0:
            at = flat.find(line)
        if at >= 0:
            positions.append(at)
    tails: list[int] = []  # longest increasing subsequence, patience sorting
    for position in positions:
        index = bisect.bisect_left(tails, position)
        tails[index : index + 1] = [position]
    return len(positions) / max(len(lines), 1), len(tails) / max(len(positions), 1)


def blank_lines(text: str) -> int:
    return sum(1 for line in text.split("\n") if not line.strip())


def edge_lines(pages: list[str]) -> int:
    counts: Counter[str] = Counter()
    for page in pages:
        lines = [line.strip() for line in page.split("\n") if line.strip()]
        counts.update({re.sub(r"\d+", "#", line) for line in lines[:2] + lines[-2:]})
    needed = max(3, 0.6 * len(pages))
    return sum(1 for count in counts.values() if count >= needed)


def hyphen_cuts(text: str) -> int:
    return sum(1 for line in text.split("\n") if _CUT.search(line.rstrip()))


def as_the_parser_tidies(pages: list[str]) -> str:
    """The pages after what extract.pdf_to_text does to pypdf's: the same for each."""
    sys.path.insert(0, str(ROOT))
    from minutes.parsing.decoding import clean_characters, repair_mojibake
    from minutes.parsing.extract import _drop_page_noise, _tidy_page

    tidied = [_tidy_page(clean_characters(repair_mojibake(page))) for page in pages]
    return "\n\n".join(_drop_page_noise(tidied)).strip("\n") + "\n"


def facts_held(text: str, pdf_name: str) -> str:
    """The expected.py facts the parser holds when it reads ``text`` as the document."""
    sys.path.insert(0, str(ROOT))
    from minutes.parsing import ParseError, parse_document
    from minutes.parsing.factcheck import _args, _check_meeting, load_expected
    from minutes.parsing.records import as_json

    facts = load_expected(SAMPLES).get(pdf_name)
    if facts is None:
        return "-"
    held = failed = 0

    def check(condition: object, what: str) -> None:
        nonlocal held, failed
        if condition:
            held += 1
        else:
            failed += 1

    try:
        meeting = parse_document(text.encode(), "referat.txt", **_args(facts.get("args", [])))
    except ParseError as exc:
        return f"refused: {exc.user_message[:40]}"
    _check_meeting(as_json(meeting), facts, check)
    return f"{held}/{held + failed}"


def measure(pdf: Path, reference_path: Path) -> list[dict[str, str]]:
    data = pdf.read_bytes()
    reference = reference_path.read_text(encoding="utf-8").replace("\f", "\n")
    reference_words = words(reference)
    rows = []
    for name, extractor in EXTRACTORS.items():
        try:
            pages = extractor(data)  # also imports the library, outside the timing
        except ImportError as exc:
            rows.append({"extractor": name, "seconds": f"not installed ({exc.name})"})
            continue
        timings = [_timed(extractor, data) for _ in range(RUNS)]
        text = "\n\n".join(pages)
        recall, precision = coverage(reference_words, words(text))
        found, ordered = reading_order(reference, text)
        rows.append(
            {
                "extractor": name,
                "seconds": f"{min(wall for wall, _ in timings):.2f}",
                "cpu seconds": f"{min(cpu for _, cpu in timings):.2f}",
                "words found": f"{recall:.1%}",
                "words right": f"{precision:.1%}",
                "lines found": f"{found:.1%}",
                "in order": f"{ordered:.1%}",
                "blank lines": str(blank_lines("\n".join(page.strip("\n") for page in pages))),
                "edges": str(edge_lines(pages)),
                "hyphens": str(hyphen_cuts(text)),
                "facts": facts_held(as_the_parser_tidies(pages), pdf.name),
            }
        )
    rows.append(
        {
            "extractor": "published text (reference)",
            "hyphens": str(hyphen_cuts(reference)),
            "blank lines": str(
                blank_lines(
                    "\n".join(
                        page.strip("\n")
                        for page in reference_path.read_text(encoding="utf-8").split("\f")
                    )
                )
            ),
            "edges": str(edge_lines(reference_path.read_text(encoding="utf-8").split("\f"))),
            "facts": facts_held(reference, pdf.name),
        }
    )
    return rows


def _timed(extractor: Callable[[bytes], list[str]], data: bytes) -> tuple[float, float]:
    start, start_cpu = time.perf_counter(), time.process_time()
    extractor(data)
    return time.perf_counter() - start, time.process_time() - start_cpu


def main(argv: list[str]) -> None:
    pdf = Path(argv[0]) if argv else DEFAULT_PDF
    reference = Path(argv[1]) if len(argv) > 1 else pdf.with_suffix(".txt")
    rows = measure(pdf, reference)
    columns = [
        "extractor",
        "seconds",
        "cpu seconds",
        "words found",
        "words right",
        "lines found",
        "in order",
    ]
    columns += ["blank lines", "edges", "hyphens", "facts"]
    print(f"{pdf.name} against {reference.name}")
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(row.get(column, "") for column in columns) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
