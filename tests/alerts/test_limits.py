"""The per-client limit of subscribing (minutes/alerts/limits.py), through the subscribe page."""

import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from minutes.alerts import limits
from minutes.alerts.subscriptions import CONFIRMATIONS_PER_HOUR
from minutes.models import AlertSubscription

from .conftest import subscribe

pytestmark = pytest.mark.django_db

REFUSED = (
    "Der er bedt om mange e-mailbeskeder fra din netværksadresse den seneste time, "
    "så vi sender ikke flere bekræftelsesmails herfra lige nu. Prøv igen om en time."
)

LIMIT = 3


@pytest.fixture(autouse=True)
def _low_limit(monkeypatch):
    monkeypatch.setattr(limits, "CONFIRMATIONS_PER_CLIENT_PER_HOUR", LIMIT)


def from_address(address: str, **headers) -> Client:
    return Client(REMOTE_ADDR=address, **headers)


def fill_the_hour(client: Client) -> None:
    for number in range(LIMIT):
        answer = subscribe(client, "/besked/punkter/?q=jobcamp", f"laeser{number}@example.dk")
        assert answer.status_code == 302


def test_one_client_may_have_a_few_confirmations_mailed_an_hour_then_is_refused():
    client = from_address("203.0.113.7")
    fill_the_hour(client)
    cached = cache.get("alerts:confirmations-from:203.0.113.7")

    answer = subscribe(client, "/besked/punkter/?q=jobcamp", "en.til@example.dk")

    assert answer.status_code == 429
    assert REFUSED in answer.text
    assert 'name="email"' in answer.text  # the form, to try again later
    assert "en.til@example.dk" not in answer.text
    assert len(mail.outbox) == LIMIT
    assert not AlertSubscription.objects.filter(email="en.til@example.dk").exists()
    # A refused request writes nothing, so refreshing does not push the hour further.
    assert cache.get("alerts:confirmations-from:203.0.113.7") == cached


def test_another_client_is_not_limited_by_the_first():
    fill_the_hour(from_address("203.0.113.7"))
    answer = subscribe(from_address("203.0.113.8"), "/besked/punkter/?q=jobcamp")
    assert answer.status_code == 302
    assert len(mail.outbox) == LIMIT + 1


def test_the_per_address_limit_still_holds_for_mails_from_many_clients(monkeypatch):
    monkeypatch.setattr(limits, "CONFIRMATIONS_PER_CLIENT_PER_HOUR", 100)
    for number in range(CONFIRMATIONS_PER_HOUR):
        client = from_address(f"198.51.100.{number}")
        assert subscribe(client, f"/besked/punkter/?q=ord{number}").status_code == 302
    answer = subscribe(from_address("198.51.100.200"), "/besked/punkter/?q=endnu")
    assert answer.status_code == 429
    assert "Der er sendt mange bekræftelsesmails til denne adresse den seneste time." in (
        answer.text
    )


def test_requests_that_mail_nothing_are_not_counted():
    client = from_address("203.0.113.7")
    for _ in range(LIMIT + 2):
        # The same alert again within ten minutes: no second mail, so not counted.
        assert subscribe(client, "/besked/punkter/?q=jobcamp").status_code == 302
    assert len(mail.outbox) == 1
    assert subscribe(client, "/besked/punkter/?q=budget").status_code == 302


def test_a_mail_that_could_not_be_sent_is_not_counted(settings):
    client = from_address("203.0.113.7")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    for _ in range(LIMIT + 1):
        assert subscribe(client, "/besked/punkter/?q=jobcamp").status_code == 503
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    fill_the_hour(client)


def test_mails_older_than_an_hour_no_longer_count():
    hour_ago = time.time() - limits.WINDOW.total_seconds() - 1
    for _ in range(LIMIT):
        assert limits.claim("203.0.113.7", now=hour_ago) is not None
    assert subscribe(from_address("203.0.113.7"), "/besked/punkter/?q=jobcamp").status_code == 302


def test_a_forwarded_for_header_does_not_make_another_client():
    # No proxy is configured for django-axes, so the header is the client's own word.
    for number in range(LIMIT):
        client = from_address("203.0.113.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
        assert (
            subscribe(client, "/besked/punkter/?q=jobcamp", f"l{number}@example.dk").status_code
            == 302
        )
    client = from_address("203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert subscribe(client, "/besked/punkter/?q=jobcamp").status_code == 429


def test_the_client_is_who_django_axes_says_it_is(settings):
    # One rule for the login throttle and this limit: a proxy set up for one is for both.
    settings.AXES_CLIENT_IP_CALLABLE = lambda request: request.META["HTTP_X_REAL_IP"]
    for number in range(LIMIT):
        client = from_address("10.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
        assert (
            subscribe(client, "/besked/punkter/?q=jobcamp", f"l{number}@example.dk").status_code
            == 302
        )
    behind_the_same_proxy = from_address("10.0.0.1", HTTP_X_REAL_IP="203.0.113.8")
    assert subscribe(behind_the_same_proxy, "/besked/punkter/?q=jobcamp").status_code == 302
    client = from_address("10.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    assert subscribe(client, "/besked/punkter/?q=budget").status_code == 429


def test_behind_a_proxy_the_client_is_the_address_the_proxy_appended(settings):
    # What config/settings.py sets with BEHIND_PROXY: the proxy appends the address it
    # saw to X-Forwarded-For; what the client wrote before it is not believed.
    settings.PROXY_COUNT = 1
    settings.AXES_CLIENT_IP_CALLABLE = "minutes.middleware.client_address"
    for number in range(LIMIT):
        client = from_address("10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.7")
        assert (
            subscribe(client, "/besked/punkter/?q=jobcamp", f"l{number}@example.dk").status_code
            == 302
        )
    another_reader = from_address("10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert subscribe(another_reader, "/besked/punkter/?q=jobcamp").status_code == 302
    forged = from_address("10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.7")
    assert subscribe(forged, "/besked/punkter/?q=budget").status_code == 429


def test_an_ipv6_client_counts_by_its_64_network():
    fill_the_hour(from_address("2001:db8:1:2::10"))
    same_network = from_address("2001:db8:1:2:ffff::1")
    assert subscribe(same_network, "/besked/punkter/?q=budget").status_code == 429
    other_network = from_address("2001:db8:1:3::10")
    assert subscribe(other_network, "/besked/punkter/?q=budget").status_code == 302


def test_the_limit_holds_in_the_database_cache_every_worker_shares(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "minutes_cache",
        }
    }
    cache.clear()
    client = from_address("203.0.113.7")
    fill_the_hour(client)
    assert subscribe(client, "/besked/punkter/?q=budget").status_code == 429
    cache.clear()
