"""HTML to the parser's light text markup, read with lxml (libxml2's HTML parser).

HTML arrives as whole exports of an agenda, as publishing systems' web pages and
inside JSON agenda records (the "Html" field). Nothing of the markup may reach the
result, but its structure should: headings on lines of their own, paragraphs
separated by blank lines, "- " list items (indented two spaces per nesting level),
and tables as "| a | b |" rows. Scripts, styles and other non-content elements are
dropped.

``parse_html`` gives the document tree (for the HTML page layouts, layouts.HTML_LAYOUTS);
``element_blocks``/``html_blocks`` its structure as blocks (for layouts that read
headings, such as agenda records); ``html_to_text`` renders it as text for the text
layouts. lxml rather than html5lib: see docs/PARSER.md, "Input formats".
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

import lxml.etree
import lxml.html

from .errors import HTML_TOO_DEEP, MAX_HTML_DEPTH, ParseError, danish_number

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Their content is never minutes text.
SKIPPED_TAGS = frozenset(
    {"script", "style", "head", "noscript", "template", "svg", "iframe", "object", "button"}
)
# A web page's chrome, not its content: navigation, menus ("Hent som PDF", "Kopier
# link"), dialogs, footers, form fields, cookie banners, icons hidden from readers.
# Not <form>: ASP.NET pages wrap the whole page, minutes and all, in one.
CHROME_TAGS = frozenset({"nav", "footer", "dialog", "select", "textarea", "input", "label"})
CHROME_ROLES = frozenset(
    {"navigation", "menu", "menubar", "dialog", "alertdialog", "search", "toolbar", "contentinfo"}
)
_CHROME_NAME = re.compile(r"cookie|consent|gdpr", re.IGNORECASE)
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

_SPACES = re.compile(r"[ \t\r\n\f\v\xa0]+")

# huge_tree: libxml2 otherwise stops nesting silently at 256 levels; with it, at
# 2,048, so our own limit (MAX_HTML_DEPTH) decides and says so. No network, ever.
_PARSER = lxml.html.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
)


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


def parse_html(html: str) -> lxml.html.HtmlElement:
    """The document tree of an HTML document or fragment (always an ``<html>`` root).

    Raises ``ParseError`` for elements nested deeper than ``MAX_HTML_DEPTH``: every
    walk over the tree is then bounded, and such a file is no referat.
    """
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
    except lxml.etree.ParserError:  # "Document is empty": nothing but blanks or comments
        return lxml.html.document_fromstring("<html><body></body></html>")
    if _depth(root) > MAX_HTML_DEPTH:
        raise ParseError(HTML_TOO_DEEP.format(limit=danish_number(MAX_HTML_DEPTH)))
    return root


def _depth(root: lxml.etree._Element) -> int:
    depth = deepest = 0
    for event, _element in lxml.etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


class _BlockBuilder:
    """Blocks from the start, end and text events of a walk over the tree."""

    def __init__(self, *, keep_empty_headings: bool) -> None:
        self.blocks: list[Block] = []
        self._keep_empty_headings = keep_empty_headings
        self._text: list[str] = []
        self._kind = "paragraph"
        self._level = 0
        self._list_depth = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._class_stack: list[frozenset[str]] = []

    def _classes(self) -> frozenset[str]:
        return frozenset().union(*self._class_stack[-4:])

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self._text)).strip()
        # A <br> inside a paragraph is kept as a line break.
        text = "\n".join(part.strip() for part in text.split("\x00") if part.strip())
        self._text = []
        if text or (self._kind == "heading" and self._keep_empty_headings):
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

    def start(self, tag: str, classes: frozenset[str]) -> None:
        self._class_stack.append(classes)
        if tag == "br":
            self.data("\x00")
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

    def end(self, tag: str) -> None:
        self._class_stack.pop()
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

    def data(self, text: str | None) -> None:
        if text:
            (self._cell if self._cell is not None else self._text).append(text)

    def close(self) -> list[Block]:
        self._flush()
        self._flush_row()
        return self.blocks


def is_chrome(element: lxml.etree._Element) -> bool:
    """Whether an element is page chrome (``CHROME_TAGS`` and the like), never minutes."""
    if element.tag in CHROME_TAGS or element.get("role") in CHROME_ROLES:
        return True
    if element.get("aria-hidden") == "true":
        return True
    names = f"{element.get('id') or ''} {element.get('class') or ''}"
    return bool(_CHROME_NAME.search(names))


def element_blocks(
    root: lxml.etree._Element,
    *,
    skip: Collection[lxml.etree._Element] = (),
    keep_empty_headings: bool = False,
) -> list[Block]:
    """The blocks of an element's content, in document order.

    ``skip`` holds elements a layout reads on its own (an item's title, its
    attachment list): they and their content are left out, their tails are not.
    ``keep_empty_headings``: an empty heading still ends the part before it, as a
    publishing system prints one over a field that has no name.
    """
    builder = _BlockBuilder(keep_empty_headings=keep_empty_headings)
    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    skipped: set[lxml.etree._Element] = set()
    for event, element in walker:
        # The root is only a container: a table cell read alone is its text, not a row.
        tag = "div" if element is root else element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in SKIPPED_TAGS or element in skip or is_chrome(element):
                skipped.add(element)
                walker.skip_subtree()
                continue
            builder.start(tag, frozenset((element.get("class") or "").split()))
            builder.data(element.text)
        else:
            if element in skipped:
                skipped.discard(element)
            else:
                builder.end(tag)
            if element is not root:
                builder.data(element.tail)
    return builder.close()


def html_blocks(html: str) -> list[Block]:
    """The blocks of an HTML document or fragment, in order."""
    return element_blocks(parse_html(html))


def render_blocks(blocks: list[Block]) -> str:
    """Blocks as text: blank lines between paragraphs, lists and tables kept together."""
    out: list[str] = []
    previous = ""
    for block in blocks:
        if block.kind == "item":
            line = "  " * (max(block.level, 1) - 1) + "- " + block.text.replace("\n", " ")
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
