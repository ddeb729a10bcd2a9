"""Subscribing, confirming and unsubscribing: what a reader does with an alert.

Double opt-in: a subscription mails nothing until its address has confirmed it by
the link in the confirmation mail, and an unconfirmed one is deleted after
UNCONFIRMED_KEPT. Subscribing again to the same list or case is the same
subscription (a confirmed one is left as it is, an unconfirmed one gets its
confirmation mail again). Confirmation mails are limited per address, so the form
cannot be used to flood someone's inbox: one per subscription per RESEND_AFTER,
and CONFIRMATIONS_PER_HOUR per address; and per client (``limits``), so one machine
cannot make the site mail many addresses. A refused subscription sends nothing
and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import AgendaItem, AlertSubscription, Municipality, normalise_email
from . import limits
from .following import describe
from .links import confirm_url

logger = logging.getLogger(__name__)

RESEND_AFTER = dt.timedelta(minutes=10)
CONFIRMATIONS_PER_HOUR = 5
UNCONFIRMED_KEPT = dt.timedelta(days=7)


class Refused(Exception):
    """The subscription was not made; ``user_message`` says why, in Danish.

    ``status``: the page's HTTP status (429 for too many mails, 503 when the mail
    server did not answer).
    """

    def __init__(self, user_message: str, *, status: int = 400) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.status = status


def subscribe(
    address: str,
    *,
    query: str = "",
    municipality: Municipality | None = None,
    case_number: str = "",
    request: HttpRequest | None = None,
) -> AlertSubscription:
    """The subscription of ``address`` to a list (``query``) or a case; raises Refused.

    Mails the confirmation link unless the subscription is confirmed already or its
    link was mailed less than RESEND_AFTER ago. A new subscription whose mail could
    not be sent is not kept.
    """
    email = normalise_email(address)
    now = timezone.now()
    mine = AlertSubscription.objects.for_address(email)
    following = {"query": query, "municipality": municipality, "case_number": case_number}
    subscription = mine.following(**following).first()
    if subscription is not None and (
        subscription.is_confirmed
        or (
            subscription.confirmation_sent_at is not None
            and now - subscription.confirmation_sent_at < RESEND_AFTER
        )
    ):
        return subscription
    if mine.filter(confirmation_sent_at__gte=now - dt.timedelta(hours=1)).count() >= (
        CONFIRMATIONS_PER_HOUR
    ):
        raise Refused(
            "Der er sendt mange bekræftelsesmails til denne adresse den seneste time. "
            "Prøv igen om en time.",
            status=429,
        )
    if subscription is None:
        limit = settings.ALERTS_MAX_PER_ADDRESS
        if mine.count() >= limit:
            raise Refused(
                f"Denne adresse har allerede {limit} beskeder, det højeste antal. Afmeld en "
                "af dem med linket i dens mails, før du tilføjer en ny."
            )
    try:
        with limits.counted_mail(request):
            return _mail_confirmation(subscription, email, following, request=request, now=now)
    except limits.ClientOverLimit:
        logger.info("alert confirmation refused: the client's hourly limit")
        raise Refused(
            "Der er bedt om mange e-mailbeskeder fra din netværksadresse den seneste time, "
            "så vi sender ikke flere bekræftelsesmails herfra lige nu. Prøv igen om en time.",
            status=429,
        ) from None


def _mail_confirmation(
    subscription: AlertSubscription | None,
    email: str,
    following: dict,
    *,
    request: HttpRequest | None,
    now: dt.datetime,
) -> AlertSubscription:
    """Mail the confirmation link of the subscription, made first if None; raises Refused."""
    created = False
    if subscription is None:
        try:
            with transaction.atomic():  # a savepoint: a twin request's row wins
                subscription = AlertSubscription.objects.create(email=email, **following)
        except IntegrityError:
            return AlertSubscription.objects.for_address(email).following(**following).get()
        created = True
    try:
        send_confirmation(subscription, request)
    except (smtplib.SMTPException, OSError):
        logger.exception("alert confirmation not sent subscription=%s", subscription.pk)
        if created:
            subscription.delete()
        raise Refused("Mailen kunne ikke sendes lige nu. Prøv igen om lidt.", status=503) from None
    AlertSubscription.objects.filter(pk=subscription.pk).update(confirmation_sent_at=now)
    logger.info("alert confirmation sent subscription=%s new=%s", subscription.pk, created)
    return subscription


def send_confirmation(subscription: AlertSubscription, request: HttpRequest | None) -> None:
    body = render_to_string(
        "minutes/alerts/mail/confirm.txt",
        {
            "following": describe(subscription),
            "confirm_url": confirm_url(subscription, request),
            "kept_days": UNCONFIRMED_KEPT.days,
        },
    )
    EmailMessage(
        subject="Bekræft din e-mailbesked fra Referater",
        body=body,
        to=[subscription.email],
        headers={"Auto-Submitted": "auto-generated"},
    ).send()


def awaiting_confirmation(token: str) -> AlertSubscription | None:
    """The subscription the confirmation link ``token`` belongs to, if it still counts.

    A confirmed one is found too (the link clicked twice); an unconfirmed one older
    than UNCONFIRMED_KEPT is not (the digest deletes it).
    """
    fresh = Q(confirmed_at__isnull=False) | Q(created_at__gte=timezone.now() - UNCONFIRMED_KEPT)
    return (
        AlertSubscription.objects.filter(fresh, confirm_token=token)
        .select_related("municipality")
        .first()
    )


def confirm(subscription: AlertSubscription) -> None:
    """Start mailing: items from the newest one there is now on (none of the old ones)."""
    if subscription.is_confirmed:
        return
    newest = AgendaItem.objects.aggregate(newest=Max("pk"))["newest"] or 0
    AlertSubscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), last_item_id=newest
    )
    logger.info("alert confirmed subscription=%s", subscription.pk)


def by_unsubscribe_token(token: str) -> AlertSubscription | None:
    return (
        AlertSubscription.objects.filter(unsubscribe_token=token)
        .select_related("municipality")
        .first()
    )


def unsubscribe(subscription: AlertSubscription, *, every_alert: bool = False) -> int:
    """Delete the subscription (or every one of its address); how many were deleted.

    Deleted, not marked: an address that wants no mail is not kept.
    """
    doomed = AlertSubscription.objects.filter(pk=subscription.pk)
    if every_alert:
        doomed = AlertSubscription.objects.filter(email=subscription.email)
    deleted, _ = doomed.delete()
    logger.info("alert unsubscribed subscription=%s deleted=%d", subscription.pk, deleted)
    return deleted


def delete_expired_unconfirmed() -> int:
    """Delete subscriptions never confirmed within UNCONFIRMED_KEPT; how many."""
    expired = AlertSubscription.objects.unconfirmed().filter(
        created_at__lt=timezone.now() - UNCONFIRMED_KEPT
    )
    deleted, _ = expired.delete()
    return deleted
