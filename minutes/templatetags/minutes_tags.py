"""Template filters for reading minutes on the site.

``light_markup`` renders the parser's light markup (records.ParsedSection):
paragraphs separated by blank lines, "- " (or "•") list lines, indented by two
spaces per level, and "| a | b |" table rows. Every piece of document text is
escaped before it is wrapped in tags, so nothing in an uploaded file can become
HTML; this module is the only place that marks document-derived text safe.
"""

from __future__ import annotations

import re

from django import template
from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..public.filters import AgendaItemFilter
from ..public.pagination import PAGE_PARAMETER

register = template.Library()

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LIST_LINE = re.compile(r"^(?P<indent>[ \t]*)[-•–]\s+(?P<text>\S.*)$")
_TABLE_LINE = re.compile(r"^\s*\|(?P<cells>.*)\|\s*$")


def _kind(line: str) -> str:
    if _TABLE_LINE.match(line):
        return "table"
    if _LIST_LINE.match(line):
        return "list"
    return "text"


def _runs(block: str) -> list[tuple[str, list[str]]]:
    """Consecutive lines of one kind: ("text", [...]), ("list", [...]), ("table", [...])."""
    runs: list[tuple[str, list[str]]] = []
    for line in block.split("\n"):
        if not line.strip():
            continue
        kind = _kind(line)
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(line)
        else:
            runs.append((kind, [line]))
    return runs


def _paragraph(lines: list[str]) -> str:
    return "<p>" + "<br>".join(escape(line.strip()) for line in lines) + "</p>"


def _list(lines: list[str]) -> str:
    # A nested <ul> opens inside the previous <li>; deeper jumps than one level
    # are treated as one level, so badly indented input still nests correctly.
    parts: list[str] = []
    depth = -1
    for line in lines:
        match = _LIST_LINE.match(line)
        level = min(len(match.group("indent").expandtabs(2)) // 2, depth + 1)
        if level == depth + 1:
            parts.append("<ul>")
            depth = level
        else:
            parts.append("</li>")
            while depth > level:
                parts.append("</ul></li>")
                depth -= 1
        parts.append("<li>" + escape(match.group("text").strip()))
    parts.append("</li>")
    while depth > 0:
        parts.append("</ul></li>")
        depth -= 1
    parts.append("</ul>")
    return "".join(parts)


def _table(lines: list[str]) -> str:
    rows = []
    for line in lines:
        cells = _TABLE_LINE.match(line).group("cells").split("|")
        rows.append(
            "<tr>" + "".join(f"<td>{escape(cell.strip())}</td>" for cell in cells) + "</tr>"
        )
    # The wrapper scrolls sideways on a phone instead of widening the page.
    return '<div class="table-scroll"><table>' + "".join(rows) + "</table></div>"


_RENDER = {"text": _paragraph, "list": _list, "table": _table}


@register.filter
def light_markup(text: str | None) -> SafeString:
    """The parser's light markup as HTML paragraphs, lists and tables (escaped)."""
    html = []
    for block in _BLANK_LINE.split((text or "").replace("\r\n", "\n").strip()):
        for kind, lines in _runs(block):
            html.append(_RENDER[kind](lines))
    # Safe: every piece of text above went through escape() before tags were added.
    return mark_safe("\n".join(html))  # noqa: S308


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, number: int) -> str:
    """The current URL's query string with the page number set: pagination keeps the filters."""
    query = context["request"].GET.copy()
    query[PAGE_PARAMETER] = number
    return "?" + query.urlencode()


# The parameters that change what a list shows; anything else (tracking tags,
# "side=1") would only split one page into many in a search engine's eyes.
CANONICAL_PARAMS = (*AgendaItemFilter.base_filters, PAGE_PARAMETER)


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context) -> str:
    """This page's canonical absolute URL: the path, plus the filters of a list."""
    request = context.get("request")
    if request is None:
        return ""
    query = QueryDict(mutable=True)
    for name in CANONICAL_PARAMS:
        values = sorted(value for value in request.GET.getlist(name) if value)
        if name == PAGE_PARAMETER and values == ["1"]:
            continue
        if values:
            query.setlist(name, values)
    path = request.path + (f"?{query.urlencode()}" if query else "")
    return request.build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def absolute_url(context: template.Context, path: str) -> str:
    """An absolute URL for canonical links, Open Graph tags and the permanent link."""
    return context["request"].build_absolute_uri(path)


@register.filter
def is_web_url(url: str | None) -> bool:
    """True for an http(s) link: a "javascript:" link from a document is never an href."""
    return bool(url) and url.lower().startswith(("https://", "http://"))
