"""Earlier decisions listed under a history heading ("Sagsforløb", "Historisk").

FirstAgenda prints each earlier treatment of the case as a label block, on its
web pages and in its PDFs alike::

    Udvalg: Magistraten
    Dato: 02-09-2025
    Punktnummer: 12
    Fremsendes til Aarhus Byråd med bemærkning, ...
    Thure Hastrup deltog ikke i sagens behandling.

A block starts at its committee label; the date and item number labels follow in
any order, and the text after them, up to the next block, is what was decided.
"""

from __future__ import annotations

import re

from .dates import find_date
from .decisions import make_decision
from .records import ParsedDecision

_BODY_LABEL = re.compile(r"^\s*(?:Udvalg|Behandlet\s+i)\s*:\s*(?P<value>\S.{0,150}?)\s*$")
_DATE_LABEL = re.compile(r"^\s*(?:Dato|Mødedato)\s*:\s*(?P<value>\S.{0,60}?)\s*$")
_NUMBER_LABEL = re.compile(r"^\s*(?:Punktnummer|Punkt|Pkt\.?)\s*:?\s*(?P<value>[0-9]{1,7})\s*$")


def read_history(lines: list[str]) -> tuple[list[str], list[ParsedDecision]]:
    """The lines before the first label block, and one earlier decision per block.

    Without a label block, all lines come back as they were, and no decisions.
    """
    before: list[str] = []
    blocks: list[dict] = []
    for line in lines:
        if (match := _BODY_LABEL.match(line)) is not None:
            blocks.append({"body": match["value"], "date": None, "number": None, "text": []})
            continue
        if not blocks:
            before.append(line)
            continue
        block = blocks[-1]
        if not line.strip():
            if block["text"]:
                block["text"].append("")
        elif not block["text"] and (match := _DATE_LABEL.match(line)) is not None:
            found = find_date(match["value"])
            block["date"] = found.value if found is not None else None
        elif not block["text"] and (match := _NUMBER_LABEL.match(line)) is not None:
            block["number"] = int(match["value"])
        else:
            block["text"].append(line)
    decisions = [
        make_decision(
            "\n".join(block["text"]).strip(),
            current=False,
            body=block["body"],
            date=block["date"],
            item_number=block["number"],
        )
        for block in blocks
    ]
    return before, decisions
