"""Pagination for lists that can hold over a million rows.

COUNT(*) over every agenda item in Denmark takes seconds; nobody needs to know
whether there are 1,204,311 or 1,204,312 items. The count stops at a cap: up to
1,000 it is exact, beyond that the page says "mere end 1.000". Paging goes on
past the cap: whether there is a next page is told by fetching one row more than
the page shows, so no count over the whole list is ever needed.

Why 1,000 and not 10,000: counting 10,001 public items reads 10,001 rows and
their meetings on every list view, 15-140 ms on the 1M-item benchmark corpus
depending on the filter, against a 50 ms budget for the whole page; 1,001 rows
cost 1-12 ms (docs/PERFORMANCE.md).
"""

from __future__ import annotations

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 1_000

# The page number's GET parameter on every public list ("side" is Danish for page).
PAGE_PARAMETER = "side"


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

    def validate_number(self, number) -> int:
        if not self.is_capped:
            return super().validate_number(number)
        # Past the cap the last page is unknown; any positive page may be asked for.
        try:
            number = int(number)
        except (TypeError, ValueError) as err:
            raise PageNotAnInteger("Sidetallet er ikke et helt tal.") from err
        if number < 1:
            raise EmptyPage("Sidetallet er mindre end 1.")
        return number

    def page(self, number) -> Page:
        number = self.validate_number(number)
        if not self.is_capped:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        return CappedPage(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)


class CappedPage(Page):
    """A page of a capped list: it knows whether a next page exists from one extra row."""

    def __init__(self, object_list, number: int, paginator: Paginator, *, has_more: bool) -> None:
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self) -> bool:
        return self.has_more
