"""Read the rendered tree form of a JSON agenda record back into plain Python values.

Some publishing systems' records reach us not as JSON but as the tree a JSON
viewer renders (seed 003): objects announce their size ("22 items"), scalar
fields are "- Key value" lines with JSON literals, nested lists and objects are
introduced by a lone "-" and a "Key N items" line, and list elements by "-" and
"N items". The page text the viewer showed above the tree comes first.

``read_tree`` returns that leading text and the record as the ``dict`` that
``json.loads`` would give for the same record, so one reader serves both forms.
"""

from __future__ import annotations

import re

# "22 items", "Bilag 4 items", "ExternalAgendaItemAttendees 0 items".
HEADER = re.compile(r"^(?:(?P<key>[A-Za-z_][\w.]*) )?(?P<count>\d+) items?$")
# "- Navn "..."", "- IsOpen false", "- Order 0".
ENTRY = re.compile(r"^- (?P<key>[A-Za-z_][\w.]*) (?P<value>.*)$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def find_tree_start(lines: list[str]) -> int | None:
    """Index of the root "N items" line, or None if the text holds no record tree."""
    for index, line in enumerate(lines):
        match = HEADER.match(line)
        if match and match.group("key") is None and index + 1 < len(lines):
            following = lines[index + 1]
            if ENTRY.match(following) or following == "-":
                return index
    return None


def read_tree(text: str) -> tuple[str, dict[str, object]] | None:
    """The page text before the tree and the record, or None if there is no tree."""
    lines = text.split("\n")
    start = find_tree_start(lines)
    if start is None:
        return None
    reader = _TreeReader(lines, start + 1)
    header = HEADER.match(lines[start])
    assert header is not None
    record = reader.read_object(int(header.group("count")))
    # A viewer that miscounts must not lose fields: scalars after the counted
    # ones still belong to the root record.
    while reader.position < len(lines):
        entry = reader.read_entry()
        if entry is None:
            reader.position += 1
            continue
        key, value = entry
        record.setdefault(key, value)
    return "\n".join(lines[:start]), record


class _TreeReader:
    def __init__(self, lines: list[str], position: int) -> None:
        self.lines = lines
        self.position = position

    def _skip_markers(self) -> None:
        # A lone "-" announces a nested node; one also trails every list. Blank
        # lines mean nothing in the tree (a PDF of it has them at page breaks).
        while self.position < len(self.lines) and self.lines[self.position].strip() in ("-", ""):
            self.position += 1

    def read_object(self, count: int) -> dict[str, object]:
        record: dict[str, object] = {}
        while len(record) < count and self.position < len(self.lines):
            entry = self.read_entry()
            if entry is None:
                break
            key, value = entry
            record[key] = value
        return record

    def read_entry(self) -> tuple[str, object] | None:
        self._skip_markers()
        if self.position >= len(self.lines):
            return None
        line = self.lines[self.position]
        header = HEADER.match(line)
        if header and header.group("key"):
            self.position += 1
            return header.group("key"), self.read_list(int(header.group("count")))
        entry = ENTRY.match(line)
        if entry is None:
            return None
        self.position += 1
        return entry.group("key"), self._value(entry.group("value"))

    def read_list(self, count: int) -> list[object]:
        values: list[object] = []
        while len(values) < count and self.position < len(self.lines):
            self._skip_markers()
            if self.position >= len(self.lines):
                break
            line = self.lines[self.position]
            header = HEADER.match(line)
            if header and header.group("key") is None:
                self.position += 1
                values.append(self.read_object(int(header.group("count"))))
            elif line.startswith("- ") and not ENTRY.match(line):
                self.position += 1
                values.append(self._value(line[2:]))
            else:
                break
        return values

    def _value(self, raw: str) -> object:
        raw = raw.strip()
        if raw == "null":
            return None
        if raw in ("true", "false"):
            return raw == "true"
        if _NUMBER.match(raw) and len(raw) <= 30:
            # A longer digit run is kept as text: int() refuses over 4,300 digits.
            return float(raw) if "." in raw else int(raw)
        if raw.startswith('"'):
            if len(raw) >= 2 and raw.endswith('"') and self._ends_value(self.position):
                return raw[1:-1]
            return self._multiline_string(raw[1:])
        return raw

    def _multiline_string(self, first: str) -> str:
        # A long value (the "Html" field) may have been wrapped over lines, as
        # it is when the tree was printed to PDF. Its own quotes are not
        # escaped, so it ends at a line ending in '"' that the tree resumes after.
        parts = [first]
        while self.position < len(self.lines):
            line = self.lines[self.position]
            self.position += 1
            if line.rstrip().endswith('"') and self._ends_value(self.position):
                parts.append(line.rstrip()[:-1])
                return "\n".join(parts)
            parts.append(line)
        return "\n".join(parts).rstrip('"')

    def _ends_value(self, next_position: int) -> bool:
        if next_position >= len(self.lines):
            return True
        while next_position < len(self.lines) - 1 and not self.lines[next_position].strip():
            next_position += 1
        following = self.lines[next_position].strip()
        return following == "-" or bool(ENTRY.match(following) or HEADER.match(following))
