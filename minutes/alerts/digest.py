"""The daily digest (``manage.py send_alerts``): one mail per address with every new item.

"New" is by the high-water mark: each confirmed subscription remembers the
highest item id it has covered (``last_item_id``); a run covers the items above
it, up to the newest item there is, and moves the mark there. Run twice, the
second run finds nothing new and sends nothing. Only public items are mailed;
one that is unpublished before the run is not, and one published again later is
not new.

Two runs at once do not mail twice: a run claims each subscription by moving its
mark with a conditional UPDATE before mailing, and a subscription another run
has claimed is skipped. A mail the server refuses puts the marks back, so the
next run tries again; a run killed between the claim and the mail loses that
digest (at most once, rather than twice).

Search subscriptions (a ``q`` filter) ask the engine for the items above the mark
only (``following.new_items``), so a new match is found however many older ones
the search has. They stop below the first item whose meeting is not yet in the
search index (a failed index update): the index cannot find it yet, and moving
past it would lose it once the index has caught up.

An item whose import committed after a later one's (two imports at once) can
get the lower id after the run has passed it; it is then not mailed. The import
transaction is short (``importing.save``), so this needs a run at that moment.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from itertools import groupby

from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db.models import Max, Min
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import AgendaItem, AlertSubscription
from .following import describe, list_url, needs_search, new_items
from .links import absolute, unsubscribe_all_url, unsubscribe_url
from .subscriptions import delete_expired_unconfirmed

logger = logging.getLogger(__name__)

# A digest lists at most this many items per subscription; beyond them it says there
# are more ("… og flere") and links to the whole list, newest first.
ITEMS_PER_SUBSCRIPTION = 50


@dataclass
class Section:
    """One subscription's part of a digest."""

    subscription: AlertSubscription
    items: list[AgendaItem]
    has_more: bool
    covered_from: int  # the mark before this run, put back if the mail fails
    covered_to: int


@dataclass
class DigestReport:
    addresses: int = 0
    mails: int = 0
    items: int = 0
    failed: int = 0
    expired: int = 0

    def summary(self, *, dry_run: bool = False) -> str:
        sent = "ville blive sendt" if dry_run else "sendt"
        addresses = "adresse" if self.addresses == 1 else "adresser"
        mails = "mail" if self.mails == 1 else "mails"
        items = "punkt" if self.items == 1 else "punkter"
        return (
            f"{self.addresses} {addresses} med nyt: {self.mails} {mails} {sent} "
            f"({self.items} {items}), {self.failed} fejlet; "
            f"{self.expired} ubekræftede beskeder slettet"
        )


def high_water_marks() -> tuple[int, int]:
    """(the newest item id, the newest id below every item the index has yet to take)."""
    newest = AgendaItem.objects.aggregate(newest=Max("pk"))["newest"] or 0
    waiting = AgendaItem.objects.filter(meeting__is_search_indexed=False).aggregate(
        first=Min("pk")
    )["first"]
    return newest, newest if waiting is None else min(newest, waiting - 1)


def send_digests(*, dry_run: bool = False) -> DigestReport:
    """Mail every confirmed address its new items; raises links.SiteUrlMissing first.

    ``dry_run``: count what would be sent; nothing is mailed, moved or deleted.
    """
    absolute("/")  # no SITE_URL: stop before anything is claimed
    report = DigestReport()
    if not dry_run:
        report.expired = delete_expired_unconfirmed()
    newest, searchable = high_water_marks()
    pending = (
        AlertSubscription.objects.confirmed()
        .filter(last_item_id__lt=newest)
        .select_related("municipality")
        .order_by("email", "pk")
    )
    connection = get_connection()
    try:
        # A list, not iterator(): the loop updates the rows it reads, which SQLite's
        # chunked reading of one connection does not isolate.
        for email, subscriptions in groupby(list(pending), key=lambda s: s.email):
            sections = []
            for subscription in subscriptions:
                up_to = searchable if needs_search(subscription) else newest
                section = _section(subscription, up_to, claim=not dry_run)
                if section is not None and section.items:
                    sections.append(section)
            if not sections:
                continue
            report.addresses += 1
            count = sum(len(section.items) for section in sections)
            if not dry_run and not _send(connection, _digest_mail(email, sections, count)):
                logger.error("alert digest not sent subscriptions=%s", _ids(sections))
                _put_marks_back(sections)
                report.failed += 1
                continue
            if not dry_run:
                AlertSubscription.objects.filter(pk__in=_ids(sections)).update(
                    last_sent_at=timezone.now()
                )
                logger.info("alert digest sent subscriptions=%s items=%d", _ids(sections), count)
            report.mails += 1
            report.items += count
    finally:
        connection.close()
    return report


def _send(connection, message: EmailMessage) -> bool:
    """Send on the run's one connection (opened at the first mail); False if refused."""
    try:
        connection.open()  # a no-op once open
        return connection.send_messages([message]) == 1
    except (smtplib.SMTPException, OSError):
        logger.exception("mail server refused the digest")
        connection.close()  # the next address opens a new one
        return False


def _section(subscription: AlertSubscription, up_to: int, *, claim: bool) -> Section | None:
    """The subscription's new items up to ``up_to``; None if another run claimed them."""
    covered_from = subscription.last_item_id
    if up_to <= covered_from:
        return None
    found = new_items(
        subscription, after=covered_from, up_to=up_to, limit=ITEMS_PER_SUBSCRIPTION + 1
    )
    if claim:
        claimed = AlertSubscription.objects.filter(
            pk=subscription.pk, last_item_id=covered_from
        ).update(last_item_id=up_to)
        if not claimed:
            return None
    return Section(
        subscription=subscription,
        items=found[:ITEMS_PER_SUBSCRIPTION],
        has_more=len(found) > ITEMS_PER_SUBSCRIPTION,
        covered_from=covered_from,
        covered_to=up_to,
    )


def _put_marks_back(sections: list[Section]) -> None:
    for section in sections:
        AlertSubscription.objects.filter(
            pk=section.subscription.pk, last_item_id=section.covered_to
        ).update(last_item_id=section.covered_from)


def _ids(sections: list[Section]) -> list[int]:
    return [section.subscription.pk for section in sections]


def _digest_mail(email: str, sections: list[Section], count: int) -> EmailMultiAlternatives:
    """One address's digest, text and HTML; its List-Unsubscribe (RFC 8058) stops every
    alert of the address."""
    stop_all = unsubscribe_all_url(sections[0].subscription)
    context = {
        "sections": [
            {
                "following": describe(section.subscription),
                "items": [
                    {"item": item, "url": absolute(item.get_absolute_url())}
                    for item in section.items
                ],
                "has_more": section.has_more,
                "list_url": absolute(list_url(section.subscription)),
                "unsubscribe_url": unsubscribe_url(section.subscription),
            }
            for section in sections
        ],
        "unsubscribe_all_url": stop_all,
        "site_url": absolute("/"),
    }
    subject = "1 nyt punkt" if count == 1 else f"{count} nye punkter"
    message = EmailMultiAlternatives(
        subject=f"Referater: {subject}",
        body=render_to_string("minutes/alerts/mail/digest.txt", context),
        to=[email],
        headers={
            "List-Unsubscribe": f"<{stop_all}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string("minutes/alerts/mail/digest.html", context), "text/html"
    )
    return message
