"""Text fidelity: from the raw lines of one section to the light markup we store.

The markup (see ``records.ParsedSection``) is deliberately small and safe: paragraphs
separated by a blank line, "- " list items (indented "  - " when nested), and
"| a | b |" table rows. No HTML, and no Markdown emphasis: ``**bold**`` and
``*italic*`` are reduced to their plain words, because the site renders text
escaped and a reader must never see raw asterisks.

What this module repairs:

- PDF hard wraps. Text pulled from a PDF breaks lines where the page ran out. A
  line is joined to the next when the next line's first word would not have fit
  on it (the line was full), or when the next line starts in lower case and the
  line does not end a sentence. A page break (several blank lines) inside a
  sentence is joined the same way when the next paragraph starts in lower case.
- Tables. Tab-separated rows (text exports) and rows of a label followed by two or
  more numbers in columns (PDF text) become "| a | b |" rows.
- Bullets. "•", "▪", "◦" and friends become "- ".
- Page furniture. "Side 3 af 27" lines are dropped (``is_page_furniture``).
"""

from __future__ import annotations

import itertools
import re

_PAGE_FURNITURE = re.compile(
    r"^\s*(?:(?:side|page)\s+\d{1,4}(?:\s*(?:af|of|/)\s*\d{1,4})?|-\s*\d{1,4}\s*-)\s*$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?P<indent>\s*)(?:[•▪◦●■□➢►·]|-(?=\s)|\*(?=\s))\s*")
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}|[a-z])[.)]\s")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^<>\s]+)>")
# A number in a table column: "979.932", "-16.475", "2,5", "38%", "0".
_NUMBER = re.compile(r"[-−–]?\d[\d.,]*%?")
_SENTENCE_END = ".!?:;"
_ABBREVIATIONS = frozenset(
    {
        *("mio.", "mia.", "kr.", "pr.", "nr.", "ca.", "bl.a.", "f.eks.", "jf.", "jfr."),
        *("ift.", "inkl.", "ekskl.", "evt.", "vedr.", "stk.", "pkt.", "hhv.", "mht."),
        *("dvs.", "m.m.", "mv.", "kl.", "s.", "tlf.", "ang.", "iht.", "mfl.", "m.fl."),
    }
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")


def is_page_furniture(line: str) -> bool:
    """A page number or "Side 3 af 27" line that a PDF put between two pages."""
    return _PAGE_FURNITURE.match(line) is not None


def normalise_lines(text: str) -> list[str]:
    """Split into lines: unified line ends, no trailing spaces, no page furniture.

    Tabs are kept (they separate table columns); other odd spaces become one space.
    """
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
        line = line.rstrip(" \u00a0\r")  # a trailing tab is an empty table cell
        if is_page_furniture(line):
            continue
        lines.append(line if line.strip() else "")
    return lines


def strip_markup(line: str) -> str:
    """Plain words for **bold**, *italic* and <https://autolinks>."""
    line = _BOLD.sub(r"\1", line)
    line = _ITALIC.sub(r"\1", line)
    return _AUTOLINK.sub(r"\1", line)


def wrap_width(lines: list[str]) -> int | None:
    """The width a PDF wrapped its lines at, or None if the text is not hard-wrapped.

    Text exports keep a paragraph on one line, so their lines are long and few lines
    are followed directly by another line; PDF text has many consecutive lines
    whose lengths pile up just under the page width.
    """
    lengths = sorted(
        len(line.strip())
        for line, following in itertools.pairwise(lines)
        if line.strip() and following.strip() and "\t" not in line
    )
    if len(lengths) < 10:
        return None
    width = lengths[int(len(lengths) * 0.9)]
    # An export's paragraphs run far past any such width: no page to wrap at.
    overlong = sum(1 for line in lines if len(line.strip()) > 1.25 * width)
    if width < 40 or overlong >= 3:
        return None
    return width


def is_list_item(line: str) -> bool:
    return _BULLET.match(line) is not None or _NUMBERED.match(line) is not None


def _first_word(line: str) -> str:
    parts = line.split(maxsplit=1)
    return parts[0] if parts else ""


def _starts_lower(line: str) -> bool:
    stripped = line.lstrip()
    return bool(stripped) and stripped[0].islower()


def _starts_lower_or_digit(line: str) -> bool:
    stripped = line.lstrip()
    return bool(stripped) and (stripped[0].islower() or stripped[0].isdigit())


def _ends_sentence(line: str) -> bool:
    # "mio." and "bl.a." end a line without ending the sentence.
    stripped = line.rstrip()
    if not stripped or stripped[-1] not in _SENTENCE_END:
        return False
    last_word = stripped.rsplit(maxsplit=1)[-1].lower()
    return last_word not in _ABBREVIATIONS


def _fill(line: str, following: str, width: int) -> float:
    # How full the line would be with the next line's first word on it.
    return (len(line.strip()) + 1 + len(_first_word(following))) / width


def continues(
    line: str, following: str, *, width: int | None, rows: frozenset[str] = frozenset()
) -> bool:
    """True if ``following`` is the same paragraph as ``line``, cut by a hard wrap.

    With a known wrap width, a line was wrapped if the next word would not have
    fitted on it (a little slack: PDF fonts are proportional); when the next line
    goes on mid-sentence (lower case or a digit), a little more slack. A short
    line followed by a lower-case line is a list item whose bullet the PDF lost
    ("inspiration og sparring ..."), not a wrap. Without a width (text exports,
    which do not wrap) only the mid-sentence rule applies, and "at ..." starts a
    recommendation clause, not a continuation.
    """
    if not line.strip() or not following.strip():
        return False
    if _is_row(line, rows) or _is_row(following, rows) or is_list_item(following):
        return False
    mid_sentence = _starts_lower_or_digit(following) and not _ends_sentence(line)
    if width is None:
        return mid_sentence and not following.lstrip().startswith("at ")
    fill = _fill(line, following, width)
    return fill > 0.97 or (mid_sentence and fill >= 0.9)


_SUSPENDED_HYPHEN_NEXT = frozenset({"og", "eller", "samt", "til", "som", "&"})


def join_wrapped(first: str, second: str) -> str:
    """Join two pieces of one wrapped sentence with one space.

    A hyphen at the end stays; the space goes only where the word goes on
    ("2%-" + "point" → "2%-point"), not before "og" ("ydelses- og ...").
    """
    first, second = first.rstrip(), second.lstrip()
    if (
        first.endswith("-")
        and len(first) > 1
        and not first[-2].isspace()
        and second[:1].islower()
        and _first_word(second) not in _SUSPENDED_HYPHEN_NEXT
    ):
        return first + second
    return f"{first} {second}"


def _paragraphs(lines: list[str]) -> list[list[str]]:
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _join_page_breaks(paragraphs: list[list[str]], rows: frozenset[str]) -> list[list[str]]:
    # A sentence cut by a page break arrives as two paragraphs; the second starts
    # in lower case and the first does not end a sentence.
    joined: list[list[str]] = []
    for paragraph in paragraphs:
        if joined:
            last = joined[-1][-1]
            first = paragraph[0]
            if (
                _starts_lower(first)
                and not first.lstrip().startswith("at ")
                and last.rstrip()[-1] not in _SENTENCE_END
                and not _is_row(last, rows)
            ):
                joined[-1] = [*joined[-1], *paragraph]
                continue
        joined.append(list(paragraph))
    return joined


def numeric_columns(line: str) -> int:
    """How many numbers end the line, as in a table row "Label 979.932 0 -207"."""
    tokens = line.split()
    count = 0
    for token in reversed(tokens):
        if _NUMBER.fullmatch(token):
            count += 1
        else:
            break
    has_label = count < len(tokens) and any(ch.isalpha() for ch in tokens[0])
    return count if has_label else 0


def numeric_rows(lines: list[str]) -> frozenset[str]:
    """The lines that are rows of a column table: a label, then two or more numbers.

    One such line alone is running text that happens to end in numbers; a row
    counts when the nearest non-blank line before or after it has as many numbers.
    """
    filled = [line for line in lines if line.strip()]
    counts = [numeric_columns(line) for line in filled]
    rows = set()
    for index, count in enumerate(counts):
        if count < 2:
            continue
        neighbours = counts[max(index - 1, 0) : index] + counts[index + 1 : index + 2]
        if count in neighbours:
            rows.add(filled[index])
    return frozenset(rows)


def _is_row(line: str, rows: frozenset[str]) -> bool:
    return "\t" in line or line in rows


def _cells_of_numeric_row(line: str) -> list[str]:
    tokens = line.split()
    count = numeric_columns(line)
    return [" ".join(tokens[:-count]), *tokens[-count:]]


def _cells(line: str) -> list[str]:
    if "\t" in line:
        return [cell.strip() for cell in line.split("\t")]
    return _cells_of_numeric_row(line)


def table_markup(rows: list[list[str]]) -> list[str]:
    """Rows of cells as "| a | b |" lines, padded to the same number of columns."""
    columns = max(len(row) for row in rows)
    lines = []
    for row in rows:
        cells = [cell.replace("|", "/") for cell in row] + [""] * (columns - len(row))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _render_paragraph(
    paragraph: list[str], *, width: int | None, rows: frozenset[str]
) -> list[str]:
    out: list[str] = []
    table: list[list[str]] = []
    last_line = ""  # the last physical line: whether it was full decides a join
    for raw in paragraph:
        line = strip_markup(raw)
        if _is_row(raw, rows):
            table.append(_cells(line))
            last_line = ""
            continue
        if table:
            out.extend(table_markup(table))
            table = []
        bullet = _BULLET.match(line)
        if bullet is not None:
            indent = "  " if bullet.group("indent") else ""
            out.append(f"{indent}- {_SPACES.sub(' ', line[bullet.end() :]).strip()}")
            last_line = line
            continue
        text = _SPACES.sub(" ", line).strip()
        if out and last_line and continues(last_line, text, width=width, rows=rows):
            out[-1] = join_wrapped(out[-1], text)
        else:
            out.append(text)
        last_line = line
    if table:
        out.extend(table_markup(table))
    return out


def _merge_tables_across_blank_lines(
    paragraphs: list[list[str]], rows: frozenset[str]
) -> list[list[str]]:
    # PDF text often puts a blank line between the rows of one column table.
    merged: list[list[str]] = []
    for paragraph in paragraphs:
        if merged and paragraph[0] in rows and merged[-1][-1] in rows:
            merged[-1] = [*merged[-1], *paragraph]
        else:
            merged.append(list(paragraph))
    return merged


def to_markup(lines: list[str], *, width: int | None = None) -> str:
    """The stored text of one section: paragraphs, "- " lists and "| a | b |" tables."""
    rows = numeric_rows(lines)
    paragraphs = _join_page_breaks(_paragraphs(lines), rows)
    paragraphs = _merge_tables_across_blank_lines(paragraphs, rows)
    rendered = [
        "\n".join(_render_paragraph(paragraph, width=width, rows=rows)) for paragraph in paragraphs
    ]
    return "\n\n".join(part for part in rendered if part.strip())


def plain_line(line: str) -> str:
    """One line of running text, markup removed and spaces collapsed (titles, names)."""
    return _SPACES.sub(" ", strip_markup(line)).strip()
