"""The one answer of the feeds and exports to a request they refuse: a plain-text Danish 400.

A feed reader or a script shows the body as it is, so the reason is plain text
("Ugyldige filtre: Ukendt kommune: atlantis."), not the HTML 400 page. The
syndication framework turns only ObjectDoesNotExist into an answer (a 404), so
``Feed.get_object`` raises ``Refused`` and the URL wraps the feed in
``answers_refusals``, as it wraps the export views.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

from ..public.filters import AgendaItemFilter


class Refused(Exception):
    """A request the feeds and exports will not answer; ``message`` is the Danish reason."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def valid_or_refused(filterset: AgendaItemFilter) -> AgendaItemFilter:
    """The bound filter, or ``Refused`` with its Danish message if a value is bad."""
    if not filterset.is_valid():
        raise Refused(filterset.error_message)
    return filterset


def answers_refusals(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The view, with ``Refused`` answered as a 400 with the reason as plain text."""

    @functools.wraps(view)
    def answering(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Refused as refusal:
            return HttpResponseBadRequest(refusal.message, content_type="text/plain; charset=utf-8")

    return answering
