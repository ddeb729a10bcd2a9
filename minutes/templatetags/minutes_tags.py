"""Template filters for reading minutes on the site.

``light_markup`` renders the parser's light markup (records.ParsedSection):
paragraphs separated by blank lines, "- " (or "•") list lines, indented by two
spaces per level, and "| a | b |" table rows. Every piece of document text is
escaped before it is wrapped in tags, so nothing in an uploaded file can become
HTML; this module is the only place that marks document-derived text safe.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from django import template
from django.forms import BoundField
from django.http import QueryDict
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from ..public.links import item_links, meeting_links
from .search_tags import highlight

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
    if not text:
        return mark_safe("")
    html = []
    for block in _BLANK_LINE.split(text.replace("\r\n", "\n").strip()):
        for kind, lines in _runs(block):
            html.append(_RENDER[kind](lines))
    # Safe: every piece of text above went through escape() before tags were added.
    return mark_safe("\n".join(html))  # noqa: S308


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, number: int) -> str:
    """The current URL's query string with ``side`` set: pagination keeps the filters."""
    query = context["request"].GET.copy()
    query["side"] = number
    return "?" + query.urlencode()


# The parameters that change what a list shows; anything else (tracking tags,
# "side=1") would only split one page into many in a search engine's eyes.
CANONICAL_PARAMS = ("kommune", "udvalg", "sagsnummer", "fra", "til", "q", "orden", "side")


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context) -> str:
    """This page's canonical absolute URL: the path, plus the filters of a list."""
    request = context.get("request")
    if request is None:
        return ""
    query = QueryDict(mutable=True)
    for name in CANONICAL_PARAMS:
        values = sorted(value for value in request.GET.getlist(name) if value)
        if name == "side" and values == ["1"]:
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


# Row links come from minutes/public/links.py (one reversed prefix, not a reverse() per link).
register.filter("item_links", item_links)
register.filter("meeting_links", meeting_links)


def _selected(field: BoundField) -> list[str]:
    value = field.value()
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


_CHECKBOX = '<label class="choice"><input type="checkbox" name="kommune" value="{}"{}> {}</label>'
_OPTION = '<option value="{}"{}>{}</option>'


@functools.lru_cache(maxsize=8)
def _choice_markup(pattern: str, mark: str, choices: tuple) -> tuple[tuple[str, str, str], ...]:
    """(value, markup, markup when chosen) per choice, escaped once per set of choices.

    Keyed by the choices themselves, so a changed list is formatted anew.
    """
    return tuple(
        (value, format_html(pattern, value, "", label), format_html(pattern, value, mark, label))
        for value, label in choices
    )


def _choices_html(field: BoundField, pattern: str, mark: str) -> str:
    selected = set(_selected(field))
    markup = _choice_markup(pattern, mark, tuple(field.field.choices))
    # Safe: format_html() escaped every value and label.
    return mark_safe(  # noqa: S308
        "".join(chosen if value in selected else plain for value, plain, chosen in markup)
    )


@register.simple_tag
def kommune_checkboxes(field: BoundField) -> str:
    """The kommune checkboxes (98 of them), built here rather than by a template loop."""
    html = _choices_html(field, _CHECKBOX, " checked")
    return html or mark_safe("<p>Ingen kommuner endnu.</p>")


@register.simple_tag
def udvalg_options(field: BoundField) -> str:
    """The udvalg <option>s after "Alle udvalg", built here rather than by a template loop."""
    return _choices_html(field, _OPTION, " selected")


# List rows. A template loop over 20 rows costs ~900 variable lookups a page (and
# a dir() of the model for each lookup that misses, such as item.snippet outside
# a search); built here, as the admin's result_list builds its rows, a page of
# rows costs a few format_html() calls. The markup is exactly what the row
# templates gave (tests/test_views_rendering.py compares them).

_ITEM_ROW = (
    '<li class="row">\n'
    '  <p class="row__meta">\n'
    '    <a href="{}">{}</a>\n'
    '    <span aria-hidden="true">·</span> <a href="{}">{}</a>\n'
    '    <span aria-hidden="true">·</span> <time datetime="{}">{}</time>\n'
    "  </p>\n"
    '  <h3 class="row__title"><a href="{}"><span class="row__number">Punkt {}</span> {}</a></h3>\n'
    "  {}\n"
    "  {}\n"
    "  {}\n"
    "</li>\n"
)
_CLOSED = mark_safe(
    '\n    <p class="row__detail"><span class="tag tag--closed">Lukket punkt</span></p>\n  '
)
_DECISION = '<p class="row__decision"><span class="row__label">Beslutning:</span> {}</p>'
_CASE = '<p class="row__detail">Sag <a class="case-number" href="{}">{}</a></p>'
_MEETING_ROW = (
    '<li class="row">\n'
    '  <p class="row__meta"><a href="{}">{}</a></p>\n'
    '  <h3 class="row__title"><a href="{}">{}, <time datetime="{}">{}</time></a></h3>\n'
    "  {}\n"
    "</li>\n"
)
_LOCATION = '<p class="row__detail">{}</p>'


class _Dates(dict):
    """A day's datetime attribute and Danish label ("13. januar 2026"), formatted once a page."""

    def __missing__(self, day: dt.date) -> tuple[str, str]:
        self[day] = (date_filter(day, "Y-m-d"), date_filter(day, "j. F Y"))
        return self[day]


def _item_row(item, dates: _Dates) -> str:
    links = item_links(item)
    snippet = getattr(item, "snippet", "")
    if item.is_closed:
        body = _CLOSED
    else:
        decision = ""
        if not snippet and item.current_decision:
            decision = format_html(_DECISION, truncatechars(item.current_decision, 260))
        body = format_html("\n    {}\n  ", decision)
    return format_html(
        _ITEM_ROW,
        links["municipality"],
        item.municipality.name,
        links["committee"],
        item.committee.name,
        *dates[item.meeting_date],
        links["item"],
        item.number,
        item.title,
        format_html('<p class="row__snippet">{}</p>', highlight(snippet)) if snippet else "",
        body,
        format_html(_CASE, links["case"], item.case_number) if item.case_number else "",
    )


@register.simple_tag
def item_rows(items) -> str:
    """The <li> rows of /punkter/ (``with_current_decision_text()``; ``snippet`` when searched)."""
    dates = _Dates()
    # Safe: format_html() escaped every value taken from the rows.
    return mark_safe("".join(_item_row(item, dates) for item in items))  # noqa: S308


@register.simple_tag
def meeting_rows(meetings) -> str:
    """The <li> rows of /moeder/, as minutes/_meeting_row.html renders each one."""
    dates = _Dates()
    rows = []
    for meeting in meetings:
        links = meeting_links(meeting)
        rows.append(
            format_html(
                _MEETING_ROW,
                links["municipality"],
                meeting.municipality.name,
                links["meeting"],
                meeting.committee.name,
                *dates[meeting.date],
                format_html(_LOCATION, meeting.location) if meeting.location else "",
            )
        )
    # Safe: format_html() escaped every value taken from the rows.
    return mark_safe("".join(rows))  # noqa: S308
