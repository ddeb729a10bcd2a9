"""Pagination for lists that can hold over a million rows.

COUNT(*) over every agenda item in Denmark takes seconds; nobody needs to know
whether there are 1,204,311 or 1,204,312 items. The count stops at a cap: up to
1,000 it is exact, beyond that the page says "mere end 1.000". Whether there is a
next page is told by fetching one row more than the page shows, so no count over
the whole list is ever needed.

Why 1,000 and not 10,000: counting 10,001 public items reads 10,001 rows and
their meetings on every list view, which at national scale takes most of a list
page's budget; 1,001 rows take a small share of it (figures in docs/PERFORMANCE.md).

Paging past the cap is by cursor, not by offset: ``?efter=<cursor>`` shows the
rows after the row the cursor names, ``?foer=<cursor>`` the rows before it, in the
list's own order. The cursor is the row's ordering key ("2024-05-01_8812_3" for an
item: its meeting date, meeting id and number), so the database starts reading at
that key in the list's index and a page 40,000 pages deep costs what page 1
costs. An OFFSET walks every skipped row through the joins (``?side=40000`` took
2 s at 1M items). The numbered pages (``?side=``) stay for the rows the count
covers, up to the cap, and read only ids for the rows they skip.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.db.models import Field, Q, QuerySet
from django.http import QueryDict
from django.utils.functional import cached_property

COUNT_CAP = 1_000

# The page number's GET parameter on every public list ("side" is Danish for page).
PAGE_PARAMETER = "side"
# The cursor parameters: the rows after / before ("før") the row the cursor names.
AFTER_PARAMETER = "efter"
BEFORE_PARAMETER = "foer"
CURSOR_SEPARATOR = "_"


@dataclass(frozen=True)
class Keyset:
    """A QuerySet's ordering as a cursor: the ordering fields and their direction.

    The ordering must be total (it ends in a unique key), as the lists' are:
    items by (meeting date, meeting, number), meetings by (date, sequence, id).
    """

    fields: tuple[tuple[Field, bool], ...]  # (field, descending)

    @classmethod
    def of(cls, queryset: QuerySet) -> Keyset | None:
        """The keyset of the QuerySet's ordering, or None when it is not plain columns."""
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        fields = []
        for name in ordering:
            if not isinstance(name, str) or "__" in name.lstrip("-") or name.startswith("?"):
                return None
            descending, name = name.startswith("-"), name.lstrip("-")
            meta = queryset.model._meta
            field = meta.pk if name == "pk" else meta.get_field(name)
            if field.is_relation and not field.many_to_one:
                return None
            fields.append((field, descending))
        return cls(tuple(fields)) if fields else None

    def cursor(self, row) -> str:
        """The cursor that names ``row``."""
        parts = []
        for field, _descending in self.fields:
            value = getattr(row, field.attname)
            parts.append(value.isoformat() if isinstance(value, dt.date) else str(value))
        return CURSOR_SEPARATOR.join(parts)

    def parse(self, cursor: str) -> tuple | None:
        """The ordering values a cursor names; None for anything that is not a cursor."""
        parts = cursor.split(CURSOR_SEPARATOR)
        if len(parts) != len(self.fields):
            return None
        values = []
        for (field, _descending), part in zip(self.fields, parts, strict=True):
            target = field.target_field if field.is_relation else field
            try:
                value = target.to_python(part)
            except ValidationError:
                return None
            if value is None or (isinstance(value, int) and value < 0):
                return None
            values.append(value)
        return tuple(values)

    def beyond(self, values: tuple, *, forward: bool) -> Q:
        """Rows after (``forward``) or before the row with these values, in list order.

        The first field's bound stands on its own (``meeting_date <= d``) so that the
        database starts its index scan there; the rest orders the rows of that value.
        """

        def lookup(descending: bool) -> str:
            return "lt" if descending == forward else "gt"

        (first, first_descending), first_value = self.fields[0], values[0]
        bound = Q(**{f"{first.attname}__{lookup(first_descending)}e": first_value})
        strictly = Q()
        for depth, ((field, descending), value) in enumerate(zip(self.fields, values, strict=True)):
            equal = {f.attname: v for (f, _), v in zip(self.fields[:depth], values, strict=False)}
            strictly |= Q(**equal, **{f"{field.attname}__{lookup(descending)}": value})
        return bound & strictly


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

    @cached_property
    def last_numbered_page(self) -> int:
        """The deepest ``?side=`` of a capped list: the pages the count covers."""
        return max(1, self.cap // self.per_page)

    @cached_property
    def keyset(self) -> Keyset | None:
        if not isinstance(self.object_list, QuerySet):
            return None
        return Keyset.of(self.object_list)

    def validate_number(self, number) -> int:
        if not self.is_capped:
            return super().validate_number(number)
        number = _positive(number)
        if self.keyset is None:
            # Search results: the engine pages at any depth.
            return number
        # Deeper than the count reaches, the list goes on by cursor (Næste): a higher
        # ?side= shows the deepest numbered page, as an out-of-range number does.
        return min(number, self.last_numbered_page)

    def _get_page(self, *args, **kwargs) -> Page:
        return NumberedPage(*args, **kwargs)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        if not self.is_capped:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = self._rows(self.object_list, bottom, self.per_page + 1)
        return CappedPage(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)

    def _rows(self, queryset, bottom: int, limit: int) -> list:
        """``limit`` rows from ``bottom`` on; past the first page, the skipped rows as ids only.

        An OFFSET over the whole row computes every skipped row's joins and columns
        (a per-row subquery among them) only to throw it away; over ``pk`` alone the
        database walks the list's index, and the page's rows are then read by id.
        """
        if bottom == 0 or not isinstance(queryset, QuerySet):
            return list(queryset[bottom : bottom + limit])
        ids = queryset.values("pk")[bottom : bottom + limit]
        return list(queryset.filter(pk__in=ids))

    def page_for(self, query: QueryDict) -> Page:
        """The page a list's GET parameters ask for: by cursor, or by number.

        A cursor that does not parse, or one that reaches past the start of the
        list, shows the first page, as a bad page number shows the nearest page.
        """
        if self.keyset is not None:
            for parameter, forward in ((AFTER_PARAMETER, True), (BEFORE_PARAMETER, False)):
                if cursor := query.get(parameter):
                    values = self.keyset.parse(cursor)
                    if values is not None:
                        page = self._cursor_page(values, forward=forward)
                        if page is not None:
                            return page
                    return self.get_page(1)
        return self.get_page(query.get(PAGE_PARAMETER))

    def _cursor_page(self, values: tuple, *, forward: bool) -> CursorPage | None:
        beyond = self.object_list.filter(self.keyset.beyond(values, forward=forward))
        if forward:
            rows = list(beyond[: self.per_page + 1])
            return CursorPage(
                rows[: self.per_page], self, has_more=len(rows) > self.per_page, has_less=True
            )
        rows = list(beyond.reverse()[: self.per_page + 1])
        if len(rows) <= self.per_page:
            # Back at the start of the list: its first page, full and numbered.
            return None
        return CursorPage(rows[: self.per_page][::-1], self, has_more=True, has_less=True)


def _positive(number) -> int:
    try:
        number = int(number)
    except (TypeError, ValueError) as err:
        raise PageNotAnInteger("Sidetallet er ikke et helt tal.") from err
    if number < 1:
        raise EmptyPage("Sidetallet er mindre end 1.")
    return number


class NumberedPage(Page):
    """A page by number, with the numbers to link around it."""

    is_cursor_page = False
    next_cursor = None

    def links(self) -> list[int | None]:
        """The page numbers to link: the first, two either side of this one, the last.

        None stands for the numbers left out (shown as "…").
        """
        return [
            None if number == self.paginator.ELLIPSIS else number
            for number in self.paginator.get_elided_page_range(
                self.number, on_each_side=2, on_ends=1
            )
        ]


class CappedPage(NumberedPage):
    """A numbered page of a capped list: whether a next page exists, from one extra row."""

    def __init__(self, object_list, number: int, paginator: Paginator, *, has_more: bool) -> None:
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self) -> bool:
        return self.has_more

    @property
    def next_cursor(self) -> str | None:
        """From the deepest numbered page on, Næste goes by cursor."""
        keyset = self.paginator.keyset
        if keyset is None or self.number < self.paginator.last_numbered_page:
            return None
        return keyset.cursor(self.object_list[-1]) if self.object_list else None


class CursorPage(Page):
    """A page reached by cursor: it knows its neighbours' cursors, not its number."""

    is_cursor_page = True

    def __init__(self, object_list, paginator: CappedPaginator, *, has_more: bool, has_less: bool):
        # Django's Page wants a number; a cursor page's is unknown and never shown.
        super().__init__(object_list, 0, paginator)
        self.has_more, self.has_less = has_more, has_less

    def has_next(self) -> bool:
        return self.has_more and bool(self.object_list)

    def has_previous(self) -> bool:
        return self.has_less

    def next_page_number(self) -> int:
        raise InvalidPage("En side fundet med markør har intet sidetal.")

    previous_page_number = next_page_number

    @property
    def next_cursor(self) -> str:
        return self.paginator.keyset.cursor(self.object_list[-1])

    @property
    def previous_cursor(self) -> str:
        return self.paginator.keyset.cursor(self.object_list[0])

    def links(self) -> list[int | None]:
        """The numbered pages' first and last."""
        return NumberedPage([], 1, self.paginator).links()
