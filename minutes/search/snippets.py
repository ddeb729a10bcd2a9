"""The excerpt under a search hit: where the words matched, in whole sentences.

The engine picks the best fragment of a field and marks the words it matched
exactly, but cuts the fragment at any token, so on its own it can stop
mid-phrase ("Godkendt som"). Here the fragment is widened to the sentences it
starts and ends in, when they lie within SNIPPET_STRETCH characters, or else to
the nearest whitespace with "…" where the text goes on. Compound matches
("rygestop" in "rygestopkurser") come from prefix queries the engine cannot
highlight, so they are marked here, and an excerpt is found for a hit that
matched only through a compound.

A hit by case number or in the title alone has no excerpt: the row shows the
title, the case number and the decision already.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import tantivy

from .analysis import ANALYZER, MARK_END, MARK_START, SCHEMA

# The fields an excerpt is taken from, first match first: what was decided is
# what a reader wants to see.
SNIPPET_FIELDS = ("decisions", "recommendation", "body")
# The engine picks its best fragment of at most this many bytes; it is then
# widened by up to SNIPPET_STRETCH characters each side to whole sentences.
SNIPPET_MAX_CHARS = 200
SNIPPET_STRETCH = 80
ELLIPSIS = "…"

# Where a sentence ends: a full stop, question or exclamation mark (and a closing
# quote or bracket) before a capital letter, or a line break (headings,
# paragraphs and decisions are separate lines). "jf. § 5", "kr. 10" and
# "f.eks. en" go on.
_SENTENCE_END = re.compile(r"([.!?][\"”»)]?)\s+(?=[\"“«(]?[A-ZÆØÅ])|\s*\n\s*")
_SPACE = re.compile(r"\s")
# How many places a compound's letters are looked for in one field before giving up.
_COMPOUND_TRIES = 20


class Excerpts:
    """Excerpts of the hits of one search, one searcher and one query."""

    def __init__(
        self,
        searcher: tantivy.Searcher,
        highlighted: tantivy.Query,
        compound_words: Sequence[str] = (),
    ) -> None:
        self.compound_words = tuple(compound_words)
        self.generators = []
        for field in SNIPPET_FIELDS:
            generator = tantivy.SnippetGenerator.create(searcher, highlighted, SCHEMA, field)
            generator.set_max_num_chars(SNIPPET_MAX_CHARS)
            self.generators.append(generator)

    def of(self, doc: tantivy.Document) -> str:
        """The excerpt of the first field where a word matched, "" if none did."""
        for field, generator in zip(SNIPPET_FIELDS, self.generators, strict=True):
            snippet = generator.snippet_from_doc(doc)
            if snippet.highlighted():
                return self._engine_excerpt(snippet, doc.get_first(field) or "")
        for field in SNIPPET_FIELDS:
            text = doc.get_first(field) or ""
            found = first_compound(text, self.compound_words)
            if found is not None:
                start, end = found
                return self._excerpt(text, start, end, [found])
        return ""

    def _engine_excerpt(self, snippet: tantivy.Snippet, text: str) -> str:
        fragment = snippet.fragment()
        fragment_bytes = fragment.encode()
        marks = [
            (len(fragment_bytes[: h.start].decode()), len(fragment_bytes[: h.end].decode()))
            for h in snippet.highlighted()
        ]
        span = snippet.fragment_range()
        data = text.encode()
        # The range is in bytes of the field's one stored value; should it not be
        # (a field with several values), the engine's fragment is shown as it is.
        if data[span.start : span.end] != fragment_bytes:
            return marked(fragment, marks, 0, len(fragment))
        start = len(data[: span.start].decode())
        shifted = [(start + mark_start, start + mark_end) for mark_start, mark_end in marks]
        return self._excerpt(text, start, start + len(fragment), shifted)

    def _excerpt(self, text: str, start: int, end: int, marks: list[tuple[int, int]]) -> str:
        keep = (min(mark[0] for mark in marks), max(mark[1] for mark in marks))
        start, end = whole_sentences(text, start, end, keep)
        if self.compound_words:
            marks = sorted({*marks, *compound_marks(text, start, end, self.compound_words)})
        return marked(text, marks, start, end)


def whole_sentences(
    text: str, start: int, end: int, keep: tuple[int, int] | None = None
) -> tuple[int, int]:
    """``text[start:end]`` widened to the sentences it starts and ends in, where they
    lie within SNIPPET_STRETCH characters; else narrowed to whole sentences inside
    it that still hold ``keep`` (the matched words); else cut at whitespace."""
    keep_start, keep_end = keep or (start, end)
    window_start = max(start - SNIPPET_STRETCH, 0)
    # Two characters beyond: the capital letter (and quote) that tells a sentence end.
    starts = [
        match.end()
        for match in _SENTENCE_END.finditer(text, window_start, min(keep_start + 2, len(text)))
        if match.end() <= keep_start
    ]
    before = [position for position in starts if position <= start]
    if before:
        new_start = before[-1]
    elif window_start == 0:
        new_start = 0
    elif starts:
        new_start = starts[0]  # a sentence starting inside the fragment, before the words
    else:
        new_start = _word_start(text, window_start, start)
    window_end = min(end + SNIPPET_STRETCH, len(text))
    ends = [
        match.start() + len(match.group(1) or "")
        for match in _SENTENCE_END.finditer(text, keep_end, min(window_end + 2, len(text)))
        if match.start() <= window_end
    ]
    after = [position for position in ends if position >= end]
    inside = [position for position in ends if position < end]
    if inside:
        new_end = inside[-1]  # the fragment's last whole sentence
        if after:
            new_end = after[0]  # unless the one it stops in ends within reach
    elif after:
        new_end = after[0]
    elif window_end == len(text):
        new_end = len(text)
    else:
        new_end = _word_end(text, end, window_end)
    return new_start, new_end


def shortened(text: str, length: int) -> str:
    """The beginning of ``text`` for a list row, about ``length`` characters, on one
    line: cut where a sentence ends (from half the length to SNIPPET_STRETCH past
    it), else after the last whole word, with "…" where the text goes on. Never
    mid-word, as Django's truncatechars cuts."""
    if len(text) <= length:
        return " ".join(text.split())
    shortest, longest = length // 2, min(length + SNIPPET_STRETCH, len(text))
    ends = [
        match.start() + len(match.group(1) or "")
        for match in _SENTENCE_END.finditer(text, shortest, min(longest + 2, len(text)))
        if match.start() <= longest
    ]
    if longest == len(text):
        ends.append(len(text))  # the end of the text ends a sentence too
    within = [position for position in ends if position <= length]
    if within or ends:
        end = within[-1] if within else ends[0]
    else:
        spaces = [match.start() for match in _SPACE.finditer(text, shortest, length + 1)]
        end = spaces[-1] if spaces else _word_end(text, length, longest)
    return marked(text, [], 0, end)


def _word_start(text: str, limit: int, position: int) -> int:
    """Where the word around ``position`` starts: after the last whitespace between
    ``limit`` and it (``limit`` if there is none)."""
    spaces = [match.end() for match in _SPACE.finditer(text, limit, position)]
    return spaces[-1] if spaces else limit


def _word_end(text: str, position: int, limit: int) -> int:
    """Where the word around ``position`` ends: at the first whitespace before ``limit``."""
    found = _SPACE.search(text, position, limit)
    return found.start() if found else limit


def is_compound_of(term: str, word: str) -> bool:
    """As the compound queries match: a longer analysed word beginning or ending with ``word``."""
    return len(term) > len(word) and (term.startswith(word) or term.endswith(word))


def compound_marks(text: str, start: int, end: int, words: Sequence[str]) -> list[tuple[int, int]]:
    """The words of ``text[start:end]`` that are compounds of ``words``."""
    return [
        (start + token.char_offset_from, start + token.char_offset_to)
        for token in ANALYZER.pre_tokenize(text[start:end]).tokens
        if any(is_compound_of(token.text, word) for word in words)
    ]


def first_compound(text: str, words: Sequence[str]) -> tuple[int, int] | None:
    """The first word of ``text`` that is a compound of one of ``words``, or None.

    Analysing a whole body costs milliseconds per hit, so the letters are found
    first (stemming only shortens a word's end, so a compound of "indsats"
    contains "indsats") and only the word around each place is analysed.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer: offsets differ
        return None
    found = []
    for word in words:
        position = lowered.find(word)
        for _try in range(_COMPOUND_TRIES):
            if position < 0:
                break
            word_start = _word_start(text, 0, position)
            word_end = _word_end(text, position, len(text))
            marks = compound_marks(text, word_start, word_end, [word])
            if marks:
                found.append(marks[0])
                break
            position = lowered.find(word, word_end)
    return min(found) if found else None


def marked(text: str, marks: list[tuple[int, int]], start: int, end: int) -> str:
    """``text[start:end]`` on one line, with markers around ``marks`` (character
    ranges into ``text``) and "…" where the text was cut."""
    parts = [ELLIPSIS + " "] if text[:start].strip() else []
    position = start
    for mark_start, mark_end in marks:
        if start <= mark_start and position <= mark_start and mark_end <= end:
            parts.append(text[position:mark_start])
            parts.append(MARK_START + text[mark_start:mark_end] + MARK_END)
            position = mark_end
    parts.append(text[position:end])
    if text[end:].strip():
        parts.append(" " + ELLIPSIS)
    # One line: the excerpt is shown inline under the title.
    return " ".join("".join(parts).split())
