"""Bytes to text: BOM / UTF-16, UTF-8, then Windows-1252, then mojibake repair.

Minutes arrive as UTF-8, UTF-8 with a BOM, UTF-16 (Word's "Unicode text", often
without a BOM), Windows-1252, and as UTF-8 that some system once read as
Windows-1252 ("Ã˜konomi"), sometimes in only part of a file (seed 001, item 58).
The result is plain text with "\\n" newlines and no control characters.
"""

from __future__ import annotations

import codecs
import re

import ftfy

from .errors import ParseError

UNREADABLE = (
    "Filen kunne ikke læses som tekst. Gem den som PDF, HTML eller tekst (UTF-8) og prøv igen."
)

# How much of a file may be control characters or replacement marks before we
# call it binary rather than text with a few bad bytes.
MAX_JUNK_SHARE = 0.02
MAX_JUNK_CHARS = 16

# UTF-8 read as Windows-1252 or Latin-1: a lead byte shown as Â/Ã (two-byte
# sequences, all Danish letters) or â (three-byte: dashes, quotes), followed by
# what a continuation byte (0x80-0xBF) looks like in those code pages.
_CONTINUATION = "\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
MOJIBAKE = re.compile(f"[ÂÃ][{_CONTINUATION}]|â[{_CONTINUATION}][{_CONTINUATION}]")

# Control characters other than tab and newline; form feed (a PDF page break)
# and vertical tab become newlines first.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\ufeff\ufffe\xad]")


def _cp1252_with_latin1(error: UnicodeError) -> tuple[str, int]:
    # cp1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined; Latin-1 maps
    # them to C1 controls, which the control-character pass then removes.
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return "".join(chr(byte) for byte in bad), error.end


codecs.register_error("referater-latin1", _cp1252_with_latin1)


def decode(data: bytes) -> str:
    """Decode an uploaded text file; raise ``ParseError`` if it is not text."""
    text = _decode_bytes(data)
    text = repair_mojibake(text)
    return clean_characters(text)


def _decode_bytes(data: bytes) -> str:
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return _checked(data[len(bom) :].decode(codec, errors="replace"))
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _checked(data.decode(utf16, errors="replace"))
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    return _checked(data.decode("cp1252", errors="referater-latin1"))


def _utf16_without_bom(data: bytes) -> str | None:
    # Text in UTF-16 has a NUL in every other byte (Latin letters have a zero
    # high byte); which half holds the NULs tells the byte order.
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nuls = sample[0 : pairs * 2 : 2].count(0)
    odd_nuls = sample[1 : pairs * 2 : 2].count(0)
    if odd_nuls > 0.6 * pairs and even_nuls < 0.1 * pairs:
        return "utf-16-le"
    if even_nuls > 0.6 * pairs and odd_nuls < 0.1 * pairs:
        return "utf-16-be"
    return None


def _checked(text: str) -> str:
    # A short file may hold a stray control character or two and still be text.
    if len(_JUNK.findall(text)) > max(MAX_JUNK_CHARS, MAX_JUNK_SHARE * len(text)):
        raise ParseError(UNREADABLE)
    return text


# Characters that do not occur in text: controls other than tab, newlines and
# form feed, C1 controls, and the mark left where bytes could not be decoded.
_JUNK = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")


def repair_mojibake(text: str) -> str:
    """Fix UTF-8-read-as-Windows-1252 line by line, leaving correct lines alone.

    Only lines with a tell-tale sequence are touched, and a repair is kept only
    if it leaves fewer such sequences, so correct Danish text ("Ærø", "Å") is
    never changed.
    """
    if not MOJIBAKE.search(text):
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        broken = len(MOJIBAKE.findall(line))
        if not broken:
            continue
        fixed = _fix_line(line)
        if len(MOJIBAKE.findall(fixed)) < broken:
            lines[index] = fixed
    return "\n".join(lines)


def _fix_line(line: str) -> str:
    fixed = ftfy.fix_encoding(line)
    if MOJIBAKE.search(fixed):
        # ftfy is cautious with short runs ("PÃ¥"); undo the wrong decoding
        # ourselves, one broken run at a time, where the bytes are valid UTF-8.
        fixed = MOJIBAKE_RUN.sub(_redecode_run, fixed)
    return fixed


MOJIBAKE_RUN = re.compile(f"(?:{MOJIBAKE.pattern})+")


def _redecode_run(match: re.Match[str]) -> str:
    run = match.group(0)
    try:
        raw = run.encode("cp1252")
    except UnicodeEncodeError:
        try:
            raw = run.encode("latin-1")
        except UnicodeEncodeError:
            return run
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return run


def clean_characters(text: str) -> str:
    """One newline convention, no NULs or control characters, plain spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n").replace("\v", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n")
    text = text.replace("\xa0", " ").replace("\u202f", " ")
    return _CONTROL.sub("", text)
