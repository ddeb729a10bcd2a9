"""One parse within a wall-clock and memory budget: a web worker is never held longer.

The parse runs in a child process, killed when its time is up. Checking a deadline
inside the parser's loops was the other choice, and it is not enough: pypdf's text
extraction and a regular expression's match are long calls that no flag
interrupts, and those are where hostile files spend their time. A child can be
killed wherever it is, and its address space capped (``RLIMIT_AS``), so memory is
bounded by the input too.

The child comes from a fork server ("forkserver"): one clean, single-threaded
process per worker that has imported the parser once, so each parse costs a fork
(milliseconds), and the web worker's threads, locks and database connections are
never copied into it.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import resource
from typing import Any

from .errors import ParseError

logger = logging.getLogger(__name__)

DEFAULT_SECONDS = 25.0
# Address space of the child: what the interpreter needs, plus a multiple of the input.
BASE_MEMORY = 768 * 1024 * 1024
MEMORY_PER_INPUT_BYTE = 40

TOO_SLOW = (
    "Dokumentet kunne ikke læses inden for {seconds} sekunder og er opgivet. "
    "Det er usædvanligt stort eller indviklet; prøv en anden udgave af referatet "
    "(PDF, HTML eller tekst), eller del det op."
)
TOO_MUCH_MEMORY = (
    "Dokumentet kræver for meget hukommelse at læse og er opgivet. "
    "Prøv en anden udgave af referatet (PDF, HTML eller tekst), eller del det op."
)

_context = multiprocessing.get_context("forkserver")
# pypdf too: the parser imports it only for a PDF, and without it here every PDF
# parse would pay for the import in its fresh child.
_context.set_forkserver_preload(["minutes.parsing", "pypdf"])


def parse_within_budget(
    data: bytes,
    filename: str,
    *,
    seconds: float = DEFAULT_SECONDS,
    municipality: str | None = None,
    committee: str | None = None,
    date: dt.date | None = None,
) -> Any:
    """``parse_document`` in a child process; ``ParseError`` when it overruns its budget."""
    receiver, sender = _context.Pipe(duplex=False)
    memory = BASE_MEMORY + MEMORY_PER_INPUT_BYTE * len(data)
    metadata = {"municipality": municipality, "committee": committee, "date": date}
    child = _context.Process(
        target=_run, args=(sender, data, filename, metadata, memory), daemon=True
    )
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            logger.warning(
                "parse over budget file=%r size=%d seconds=%s", filename, len(data), seconds
            )
            raise ParseError(TOO_SLOW.format(seconds=_shown(seconds)))
        try:
            outcome, value, line = receiver.recv()
        except EOFError:
            # The child died without answering: killed for its memory, or a crash.
            logger.warning("parse child died file=%r code=%s", filename, child.exitcode)
            raise ParseError(TOO_MUCH_MEMORY) from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome == "error":
        raise ParseError(value, line)
    return value


def _run(sender, data: bytes, filename: str, metadata: dict, memory: int) -> None:
    from . import parse_document

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or memory < hard:
        resource.setrlimit(resource.RLIMIT_AS, (memory, hard))
    try:
        result = ("ok", parse_document(data, filename, **metadata), None)
    except ParseError as error:
        result = ("error", error.user_message, error.line)
    except MemoryError:
        result = ("error", TOO_MUCH_MEMORY, None)
    sender.send(result)
    sender.close()


def _shown(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else f"{seconds:g}".replace(".", ",")
