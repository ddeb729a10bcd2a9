"""Hold the parser's output against facts read off real minutes by hand.

A folder holds documents and an ``expected.py`` whose ``SAMPLES`` maps a file name
to its facts (the keys are defined in the docstring of
``tests/fixtures/samples/expected.py``): the clerk's upload arguments, the item
numbers, and per item the title, case number, this meeting's decision, absent
members, closed flag, attachments, recommendation, text and earlier decisions.

``check_folder(folder)`` parses every document in-process and returns one
``DocumentResult`` per document: how many facts held and a line for each that did
not. Pure Python, like the rest of the parser (the management command
``check_parser_facts`` and the test ``tests/parsing/test_samples.py`` use it).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import parse_document
from .errors import ParseError
from .records import as_json


@dataclass
class DocumentResult:
    """The facts of one document: how many held, what failed, the parse error if any."""

    name: str
    held: int = 0
    failed: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def total(self) -> int:
        return self.held + len(self.failed)

    @property
    def share(self) -> float:
        return self.held / self.total if self.total else 1.0


def load_expected(folder: Path) -> dict[str, dict[str, Any]]:
    """The ``SAMPLES`` dict of ``folder/expected.py``."""
    path = folder / "expected.py"
    spec = importlib.util.spec_from_file_location("expected_facts", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.SAMPLES)


def _norm(value: str | None) -> str:
    return re.sub(r"\s+", " ", value or "").strip()


def _args(args: list[str]) -> dict[str, Any]:
    """parse_minutes options ("--municipality", "X", ...) as parse_document keywords."""
    options: dict[str, Any] = {}
    for flag, value in zip(args[::2], args[1::2], strict=False):
        key = flag.lstrip("-")
        options[key] = dt.date.fromisoformat(value) if key == "date" else value
    return options


def _item_text(item: dict[str, Any]) -> str:
    parts = [item.get("title") or "", item.get("recommendation") or ""]
    for section in item.get("sections") or []:
        parts += [section.get("heading") or "", section.get("text") or ""]
    for decision in item.get("decisions") or []:
        parts.append(decision.get("text") or "")
    return _norm(" ".join(parts))


def check_document(path: Path, facts: dict[str, Any]) -> DocumentResult:
    """Parse ``path`` with the facts' arguments and hold every fact against the result."""
    result = DocumentResult(path.name)

    def check(condition: object, what: str) -> None:
        if condition:
            result.held += 1
        else:
            result.failed.append(what)

    try:
        meeting = parse_document(path.read_bytes(), path.name, **_args(facts.get("args", [])))
    except ParseError as exc:
        result.error = exc.user_message
        result.failed.append(f"kunne ikke læses: {exc.user_message}")
        # Every fact of an unreadable document fails.
        result.failed.extend("(ikke læst)" for _ in range(_count_facts(facts) - 1))
        return result
    _check_meeting(as_json(meeting), facts, check)
    return result


def _count_facts(facts: dict[str, Any]) -> int:
    counted = DocumentResult("")

    def count(condition: object, what: str) -> None:
        counted.held += 1

    _check_meeting({"items": []}, facts, count, counting=True)
    return max(counted.held, 1)


def _check_meeting(
    doc: dict[str, Any],
    facts: dict[str, Any],
    check: Callable[[object, str], None],
    *,
    counting: bool = False,
) -> None:
    meeting = facts.get("meeting", {})
    if "committee_contains" in meeting:
        check(
            meeting["committee_contains"] in (doc.get("committee") or ""),
            f"udvalg={doc.get('committee')!r}",
        )
    for key in ("date", "start_time", "location"):
        if key in meeting:
            check(doc.get(key) == meeting[key], f"{key}={doc.get(key)!r}, ventet {meeting[key]!r}")
    items = {item.get("number"): item for item in doc.get("items") or []}
    numbers = [item.get("number") for item in doc.get("items") or []]
    check(numbers == facts["numbers"], f"punktnumre {numbers}, ventet {facts['numbers']}")
    for number, wanted in facts["items"].items():
        item = items.get(number)
        if item is None:
            item = {}
            if not counting:
                check(False, f"punkt {number}: mangler")
                continue
        where = f"punkt {number}"
        decisions = item.get("decisions") or []
        current = [d for d in decisions if d.get("current")]
        prior = [d for d in decisions if not d.get("current")]
        current_text = _norm(current[0].get("text")) if current else ""
        if "title" in wanted:
            check(
                _norm(item.get("title")) == wanted["title"], f"{where}: titel {item.get('title')!r}"
            )
        if "case_number" in wanted:
            check(
                item.get("case_number") == wanted["case_number"],
                f"{where}: sagsnummer {item.get('case_number')!r}, "
                f"ventet {wanted['case_number']!r}",
            )
        if "current_decision_contains" in wanted:
            check(
                wanted["current_decision_contains"] in current_text,
                f"{where}: beslutningen mangler {wanted['current_decision_contains']!r}: "
                f"{current_text[:160]!r}",
            )
        if "absent" in wanted:
            got = [_norm(a) for a in current[0].get("absent") or []] if current else None
            check(
                got == wanted["absent"], f"{where}: fraværende {got!r}, ventet {wanted['absent']!r}"
            )
        if "closed" in wanted:
            check(
                bool(item.get("closed")) == wanted["closed"],
                f"{where}: lukket {item.get('closed')!r}",
            )
        if "recommendation_contains" in wanted:
            check(
                wanted["recommendation_contains"] in _norm(item.get("recommendation")),
                f"{where}: indstillingen mangler {wanted['recommendation_contains']!r}",
            )
        attachments = [_norm(a.get("title")) for a in item.get("attachments") or []]
        if "attachments_count" in wanted:
            check(
                len(attachments) == wanted["attachments_count"],
                f"{where}: {len(attachments)} bilag, ventet {wanted['attachments_count']}: "
                f"{attachments[:3]!r}",
            )
        text = _item_text(item)
        for phrase in wanted.get("text_contains", []):
            check(phrase in text, f"{where}: teksten mangler {phrase!r}")
        if "prior_decisions" in wanted:
            check(
                len(prior) >= len(wanted["prior_decisions"]),
                f"{where}: {len(prior)} tidligere beslutninger, "
                f"ventet {len(wanted['prior_decisions'])}",
            )
        for want in wanted.get("prior_decisions", []):
            hits = [
                d
                for d in prior
                if want["body_contains"] in (d.get("body") or "") and d.get("date") == want["date"]
            ]
            if not hits and not counting:
                check(
                    False,
                    f"{where}: ingen tidligere beslutning fra "
                    f"{want['body_contains']} {want['date']}",
                )
                continue
            found = hits[0] if hits else {}
            check(
                found.get("item_number") == want["item_number"],
                f"{where}: tidligere {want['date']} punkt {found.get('item_number')!r}",
            )
            check(
                want["text_contains"] in _norm(found.get("text")),
                f"{where}: tidligere {want['date']} tekst {_norm(found.get('text'))[:80]!r}",
            )
            if "absent" in want:
                check(
                    [_norm(a) for a in found.get("absent") or []] == want["absent"],
                    f"{where}: tidligere {want['date']} fraværende {found.get('absent')!r}",
                )


def check_folder(folder: Path) -> list[DocumentResult]:
    """One result per document named in ``folder/expected.py``, in its order."""
    return [check_document(folder / name, facts) for name, facts in load_expected(folder).items()]


def summary(results: list[DocumentResult]) -> tuple[int, int]:
    """(facts held, facts in all) over ``results``."""
    return sum(r.held for r in results), sum(r.total for r in results)
