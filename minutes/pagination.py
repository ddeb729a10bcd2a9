"""Pagination for lists that can hold over a million rows.

COUNT(*) over every agenda item in Denmark takes seconds; nobody needs to know
whether there are 1,204,311 or 1,204,312 items. The count stops at a cap: up to
10,000 it is exact, beyond that the page says "mere end 10.000".
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A Paginator whose count is exact up to ``COUNT_CAP`` and capped beyond it."""

    cap = COUNT_CAP

    @cached_property
    def counted(self) -> int:
        """The number of rows, counting at most cap + 1 of them.

        COUNT over a LIMITed subquery: the database stops after cap + 1 rows
        instead of visiting all of them. Ordering is dropped as it cannot change
        a count.
        """
        if not isinstance(self.object_list, QuerySet):
            # Search results: the engine counts exactly and cheaply.
            return self.object_list.count()
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def is_capped(self) -> bool:
        return self.counted > self.cap
