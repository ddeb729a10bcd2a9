"""Danish error pages that say what went wrong: 400, the CSRF 403, 413.

Django renders 400.html without any context, and its CSRF page in English; these
views hand the templates the kind of problem, never the request's own text. The
templates are standalone (templates/error_base.html): a bad Host header or a body
refused unread must not depend on the database or on building absolute links.
"""

import logging

from django.conf import settings
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: the reason in Danish; a body too large for the form data is a 413."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE, upload=False)
    if isinstance(exception, DisallowedHost):
        problem = "host"
    elif isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        problem = "fields"
    elif isinstance(exception, MultiPartParserError):
        problem = "body"
    else:
        problem = "other"
    return HttpResponse(render_to_string("400.html", {"problem": problem}), status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: which of the form's safeguards failed, and what to do about it."""
    if reason == REASON_NO_CSRF_COOKIE:
        problem = "cookie"
    elif reason.startswith("Referer checking failed"):
        problem = "referer"
    elif reason.startswith("Origin checking failed"):
        problem = "origin"
    else:  # the form's token missing or not matching: an old page, or a login in between
        problem = "token"
    logger.warning("csrf failure path=%s problem=%s", request.path, problem)
    return HttpResponse(render_to_string("403_csrf.html", {"problem": problem}), status=403)


def request_too_large(*, limit: int, upload: bool) -> HttpResponse:
    """The 413 page: the body was larger than ``limit`` bytes and was not read."""
    body = render_to_string("413.html", {"limit": limit, "upload": upload})
    return HttpResponse(body, status=413)


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the 429 page for a login refused after too many wrong passwords."""
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": (credentials or {}).get("username") or request.POST.get("username", ""),
        "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
    }
    return HttpResponse(render_to_string("429.html", context), status=429)
