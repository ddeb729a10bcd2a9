"""The five seeds, their hand-written golden files, and the parser's result for each.

Shared by the golden test and the word-coverage test. Each golden file names its seed
and the metadata a clerk would type in (``input``), so both tests are data-driven.
"""

import datetime as dt
import functools
import json
import re
from pathlib import Path

from minutes.importing.demo import SEEDS_DIR
from minutes.parsing import parse_document
from minutes.parsing.records import as_json

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOLDEN_DIR = FIXTURES / "golden"
GOLDEN_IDS = sorted(path.stem for path in GOLDEN_DIR.glob("*.json"))


def load_golden(golden_id: str) -> dict:
    return json.loads((GOLDEN_DIR / f"{golden_id}.json").read_text(encoding="utf-8"))


def seed_bytes(golden: dict) -> bytes:
    return (SEEDS_DIR / golden["seed"]).read_bytes()


@functools.cache
def parsed_seed(golden_id: str) -> dict:
    """``as_json`` of ``parse_document`` on the seed, with the golden file's typed-in metadata."""
    golden = load_golden(golden_id)
    typed = golden["input"]
    meeting = parse_document(
        seed_bytes(golden),
        golden["seed"],
        municipality=typed["municipality"],
        committee=typed["committee"],
        date=dt.date.fromisoformat(typed["date"]) if typed["date"] else None,
    )
    return as_json(meeting)


def squash(text: str | None) -> str | None:
    """Collapse runs of whitespace, so line-wrapping choices don't matter."""
    return None if text is None else re.sub(r"\s+", " ", text).strip()
