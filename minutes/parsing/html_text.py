"""HTML to the parser's light text markup, with the standard library's html.parser.

HTML arrives as whole exports of an agenda and inside JSON agenda records (the
"Html" field). Nothing of the markup may reach the result, but its structure
should: headings on lines of their own, paragraphs separated by blank lines,
"- " list items (indented two spaces per nesting level), and tables as
"| a | b |" rows. Scripts, styles and other non-content elements are dropped.

``html_blocks`` gives the structure (for layouts that read headings, such as
agenda records); ``html_to_text`` renders it as text for the text layouts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .errors import HTML_TOO_DEEP, MAX_HTML_DEPTH, ParseError, danish_number

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Their content is never minutes text.
SKIPPED_TAGS = frozenset(
    {"script", "style", "head", "noscript", "template", "svg", "iframe", "object", "button"}
)
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "blockquote",
        "pre",
        "dl",
        "dt",
        "dd",
        "ul",
        "ol",
        "figure",
        "figcaption",
        "address",
        "form",
        "fieldset",
        "hr",
        "body",
        "html",
        "caption",
        "center",
    }
)
VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "col", "area", "base", "wbr"})

# Elements that an unclosed sibling of their own kind closes, as browsers read them.
_SIBLING_CLOSES = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option"})

_SPACES = re.compile(r"[ \t\r\n\f\v\xa0]+")


@dataclass(frozen=True, slots=True)
class Block:
    """One block of an HTML document, in document order.

    ``kind`` is "heading" (``level`` 1-6), "paragraph", "item" (``level`` is the
    list depth, from 1) or "row" (``cells`` holds the table cells).
    ``classes`` are the CSS classes of the nearest enclosing elements, which
    some publishing systems use to mark what a block is ("fravaer").
    """

    kind: str
    text: str
    level: int = 0
    cells: tuple[str, ...] = ()
    classes: frozenset[str] = frozenset()


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._skip_depth = 0
        self._skip_stack: list[str] = []
        self._text: list[str] = []
        self._kind = "paragraph"
        self._level = 0
        self._list_depth = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._class_stack: list[tuple[str, frozenset[str]]] = []

    # -- helpers ---------------------------------------------------------
    def _classes(self) -> frozenset[str]:
        found: set[str] = set()
        for _tag, classes in self._class_stack[-4:]:
            found |= classes
        return frozenset(found)

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self._text)).strip()
        # A <br> inside a paragraph is kept as a line break.
        text = "\n".join(part.strip() for part in text.split("\x00") if part.strip())
        self._text = []
        if text:
            self.blocks.append(Block(self._kind, text, self._level, classes=self._classes()))
        self._kind, self._level = (
            ("item", self._list_depth)
            if self._list_depth and self._kind == "item"
            else ("paragraph", 0)
        )

    def _flush_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            text = _SPACES.sub(" ", "".join(self._cell).replace("\x00", " ")).strip()
            self._row.append(text.replace("|", "/"))
        self._cell = None

    def _flush_row(self) -> None:
        self._flush_cell()
        if self._row and any(self._row):
            self.blocks.append(
                Block("row", "| " + " | ".join(self._row) + " |", cells=tuple(self._row))
            )
        self._row = None

    # -- HTMLParser hooks ------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_depth:
            if tag == self._skip_stack[-1] and tag not in VOID_TAGS:
                self._skip_depth += 1
            return
        if tag in SKIPPED_TAGS:
            self._skip_depth = 1
            self._skip_stack.append(tag)
            return
        if tag not in VOID_TAGS:
            if tag in _SIBLING_CLOSES and self._class_stack and self._class_stack[-1][0] == tag:
                self._class_stack.pop()  # "<p>a<p>b": a browser closes the first <p> here
            if len(self._class_stack) >= MAX_HTML_DEPTH:
                # An end tag searches this stack: unbounded nesting would make it quadratic.
                raise ParseError(HTML_TOO_DEEP.format(limit=danish_number(MAX_HTML_DEPTH)))
            classes = frozenset(
                part for name, value in attrs if name == "class" for part in (value or "").split()
            )
            self._class_stack.append((tag, classes))
        if tag == "br":
            target = self._cell if self._cell is not None else self._text
            target.append("\x00")
        elif tag in ("td", "th"):
            if self._row is None:
                self._flush()
                self._row = []
            self._flush_cell()
            self._cell = []
        elif tag == "tr":
            self._flush()
            self._flush_row()
            self._row = []
        elif self._row is not None and self._cell is not None:
            return  # block tags inside a table cell stay in the cell
        elif tag in HEADING_TAGS:
            self._flush()
            self._kind, self._level = "heading", int(tag[1])
        elif tag == "li":
            self._flush()
            self._kind, self._level = "item", max(self._list_depth, 1)
        elif tag in ("ul", "ol"):
            self._flush()
            self._list_depth += 1
        elif tag in BLOCK_TAGS or tag == "table":
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self._skip_depth:
            target = self._cell if self._cell is not None else self._text
            target.append("\x00")

    def handle_endtag(self, tag: str) -> None:
        if self._skip_depth:
            if self._skip_stack and tag == self._skip_stack[-1]:
                self._skip_depth -= 1
                if not self._skip_depth:
                    self._skip_stack.pop()
            return
        if tag not in VOID_TAGS:
            # Pop to the matching start tag; browsers forgive unclosed tags and so do we.
            for index in range(len(self._class_stack) - 1, -1, -1):
                if self._class_stack[index][0] == tag:
                    del self._class_stack[index:]
                    break
        if tag in ("td", "th"):
            self._flush_cell()
        elif tag in ("tr", "table"):
            self._flush_row()
        elif self._row is not None and self._cell is not None:
            return
        elif tag in HEADING_TAGS:
            self._flush()
        elif tag == "li":
            self._flush()
            self._kind = "paragraph"
        elif tag in ("ul", "ol"):
            self._flush()
            self._list_depth = max(self._list_depth - 1, 0)
            self._kind = "item" if self._list_depth else "paragraph"
            self._level = self._list_depth
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if self._cell is not None:
            self._cell.append(data)
        else:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()
        self._flush_row()


def html_blocks(html: str) -> list[Block]:
    """The blocks of an HTML document or fragment, in order."""
    parser = _BlockParser()
    parser.feed(html)
    parser.close()
    return parser.blocks


def render_blocks(blocks: list[Block]) -> str:
    """Blocks as text: blank lines between paragraphs, lists and tables kept together."""
    out: list[str] = []
    previous = ""
    for block in blocks:
        if block.kind == "item":
            line = "  " * (max(block.level, 1) - 1) + "- " + block.text.replace("\n", " ")
        elif block.kind == "row":
            line = block.text
        else:
            line = block.text
        if out and not (block.kind == previous and block.kind in ("item", "row")):
            out.append("")
        out.append(line)
        previous = block.kind
    return "\n".join(out)


def html_to_text(html: str) -> str:
    """An HTML document or fragment as the parser's light text markup."""
    return render_blocks(html_blocks(html))


def looks_like_html(text: str) -> bool:
    """Whether a decoded file is an HTML document (or fragment), not text that mentions tags."""
    head = text.lstrip()[:256].lower()
    return bool(_HTML_START.match(head))


_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|h[1-6]|table|ul|ol|section|article)[\s>/]"
)
