"""A short Danish "try again" page while the database is unreachable.

During a database restart every request fails with an OperationalError; a visitor
should see a 503 that says to try again, not a traceback or a generic 500. The
persistent connection is health-checked (CONN_HEALTH_CHECKS), so the site recovers
by itself once the database is back.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable path=%s error=%s", request.path, exception)
        # Rendered without context processors: they might query the database too.
        body = render_to_string("503.html")
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "5"
        return response
