"""A short Danish "try again" page while the database or the search index is unavailable.

During a database restart every request fails with an OperationalError; a visitor
should see a 503 that says to try again, not a traceback or a generic 500. The
persistent connection is health-checked (CONN_HEALTH_CHECKS), so the site recovers
by itself once the database is back. The same holds for searches between a
deployment that changed the index's schema and the end of ``rebuild_search_index``.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .search import IndexOutdated

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError | InterfaceError):
            logger.warning("database unavailable path=%s error=%s", request.path, exception)
            unavailable = "database"
        elif isinstance(exception, IndexOutdated):
            logger.error("search index outdated: run rebuild_search_index path=%s", request.path)
            unavailable = "search"
        else:
            return None
        # Rendered without context processors: they might query the database too.
        body = render_to_string("503.html", {"unavailable": unavailable})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "5"
        return response
