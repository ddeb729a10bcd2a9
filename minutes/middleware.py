"""The edges of every request: bodies capped before they are read, and a short Danish
"try again" page while the database or the search index is unavailable.

A request body is refused by its Content-Length, unread, when it is larger than
the one who sends it may send: only a logged-in clerk's upload form may carry a
whole document. Django itself never reads more than the Content-Length says, and
nothing without one, so the header is all there is to check.

During a database restart every request fails with an OperationalError; a visitor
should see a 503 that says to try again, not a traceback or a generic 500. The
persistent connection is health-checked (CONN_HEALTH_CHECKS), so the site recovers
by itself once the database is back. The same holds for searches between a
deployment that changed the index's schema and the end of ``rebuild_search_index``.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

from .error_pages import request_too_large
from .search import IndexOutdated

logger = logging.getLogger(__name__)

# The views that take a whole document, and the room for the form fields around it.
UPLOAD_VIEW_NAMES = frozenset({"admin:minutes_meeting_upload"})
UPLOAD_FORM_MARGIN_BYTES = 1024 * 1024


class RequestBodyLimitMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = declared_length(request)
        if length > settings.MINUTES_ANONYMOUS_BODY_MAX_BYTES:
            limit, upload = body_limit(request)
            if length > limit:
                logger.warning(
                    "request body refused path=%s length=%d limit=%d", request.path, length, limit
                )
                return request_too_large(
                    limit=settings.MINUTES_UPLOAD_MAX_BYTES if upload else limit, upload=upload
                )
        return self.get_response(request)


def declared_length(request: HttpRequest) -> int:
    """The Content-Length as Django reads it: a missing or malformed one means no body."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def body_limit(request: HttpRequest) -> tuple[int, bool]:
    """The largest body this request may have, and whether it is a clerk's upload."""
    user = request.user  # reads the session and the user: only for bodies above the small cap
    if not (user.is_active and user.is_staff):
        return settings.MINUTES_ANONYMOUS_BODY_MAX_BYTES, False
    try:
        view_name = resolve(request.path_info).view_name
    except Resolver404:
        view_name = ""
    if view_name in UPLOAD_VIEW_NAMES:
        return settings.MINUTES_UPLOAD_MAX_BYTES + UPLOAD_FORM_MARGIN_BYTES, True
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE, False


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
            # IndexDamaged too: a kind of IndexOutdated, healed by the same command.
            logger.error(
                "search index unusable (%s): run rebuild_search_index path=%s",
                exception,
                request.path,
            )
            unavailable = "search"
        else:
            return None
        # Rendered without context processors: they might query the database too.
        body = render_to_string("503.html", {"unavailable": unavailable})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "5"
        return response


def client_address(request: HttpRequest) -> str | None:
    """The client's address behind our proxies (settings.AXES_CLIENT_IP_CALLABLE).

    Each proxy appends the address it saw to X-Forwarded-For, so the entry
    PROXY_COUNT from the right is the one the first proxy saw; entries further left
    are the client's own word. Without the header, the connection's address.
    """
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) >= settings.PROXY_COUNT:
        return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")
