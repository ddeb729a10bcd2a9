"""/helse/: whether this instance can answer, for a load balancer or a monitor.

JSON, never cached: ``{"database": "ok", "search_index": "ok"}`` with 200, or the
part that is not ok ("fejl"; the index "outdated", "damaged" or "rebuilding") with
503. The search index heals with ``manage.py rebuild_search_index``.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from .. import search

logger = logging.getLogger(__name__)


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("health: database unavailable", exc_info=True)
        return "fejl"
    return "ok"


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    parts = {"database": database_state()}
    # The index's state reads the database when its folder is missing.
    parts["search_index"] = search.state() if parts["database"] == "ok" else "ukendt"
    healthy = all(value == "ok" for value in parts.values())
    return JsonResponse(parts, status=200 if healthy else 503)
