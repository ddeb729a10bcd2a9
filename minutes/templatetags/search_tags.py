"""The search excerpt filter (escaped document text with the matched words in <mark>),
and ``shorten``, a decision cut for a list row the way excerpts are cut."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..search import MARK_END, MARK_START, shortened

register = template.Library()


@register.filter
def highlight(snippet: str) -> SafeString:
    """Escape the excerpt first, then turn the search engine's markers into <mark>.

    The project's only mark_safe: everything from the document has been escaped
    by then, and the markers are private-use characters that minutes/search/ strips
    from document text, so a document cannot open or close a <mark> itself.
    """
    escaped = escape(snippet)
    return mark_safe(  # noqa: S308 - escaped above; only our own markers become tags
        escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )


@register.filter
def shorten(text: str | None, length: int) -> str:
    """``text`` cut near ``length`` characters at a sentence or word boundary, with "…".

    Plain text, escaped by the template as usual (no markers: nothing is highlighted).
    """
    return shortened(text or "", int(length))
