"""Pagination for lists that can hold over a million rows.

COUNT(*) over every agenda item in Denmark takes seconds; nobody needs to know
whether there are 1,204,311 or 1,204,312 items. The count stops at a cap: up to
1,000 it is exact, beyond that the page says "mere end 1.000" and offers the
first 50 pages (narrowing the filters finds the rest).

Why 1,000 and not 10,000: counting 10,001 public items reads 10,001 rows and
their meetings on every list view, 15-140 ms on the 1M-item benchmark corpus
depending on the filter, against a 50 ms budget for the whole page; 1,001 rows
cost 1-12 ms (docs/PERFORMANCE.md). The cap also bounds the OFFSET of the
deepest page.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 1_000


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
