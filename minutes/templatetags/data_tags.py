"""Links from the list pages to their feed and exports, keeping the list's filters;
the paragraphs of a feed entry's summary."""

from django import template
from django.urls import reverse

from ..public.pagination import PAGE_PARAMETER

register = template.Library()


@register.simple_tag(takes_context=True)
def with_filters(context: template.Context, url_name: str) -> str:
    """``url_name``'s URL with the current request's filters (the page number dropped)."""
    query = context["request"].GET.copy()
    query.pop(PAGE_PARAMETER, None)
    encoded = query.urlencode()
    return reverse(url_name) + (f"?{encoded}" if encoded else "")


@register.filter
def paragraphs(text: str | None) -> list[str]:
    """The text's paragraphs (split at blank lines), stripped, the empty ones dropped."""
    return [part.strip() for part in (text or "").split("\n\n") if part.strip()]
