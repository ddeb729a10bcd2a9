"""Absolute links for the mails: a mail has no request to build them from.

``SITE_URL`` (settings) is the site's public address. A confirmation mail sent
while answering a request may fall back on the request's own host (checked against
ALLOWED_HOSTS); the daily digest has no request and needs ``SITE_URL``.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from ..models import AlertSubscription


class SiteUrlMissing(Exception):
    """SITE_URL is not set, and there is no request to take the address from."""


def absolute(path: str, request: HttpRequest | None = None) -> str:
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/") + path
    if request is None:
        raise SiteUrlMissing(
            "SITE_URL er ikke sat: mails skal have sidens offentlige adresse, "
            "fx SITE_URL=https://referater.example.dk."
        )
    return request.build_absolute_uri(path)


def confirm_url(subscription: AlertSubscription, request: HttpRequest | None = None) -> str:
    return absolute(reverse("alerts:confirm", args=[subscription.confirm_token]), request)


def unsubscribe_url(subscription: AlertSubscription) -> str:
    return absolute(reverse("alerts:unsubscribe", args=[subscription.unsubscribe_token]))


def unsubscribe_all_url(subscription: AlertSubscription) -> str:
    """Every alert of the subscription's address: the digest's List-Unsubscribe."""
    return absolute(reverse("alerts:unsubscribe_all", args=[subscription.unsubscribe_token]))
