"""Shared by the alert tests: real imports of the seeds, the mails, the links in them."""

import datetime as dt
import re

import pytest
from django.core import mail

from minutes.importing.batch import import_file
from minutes.models import Meeting
from tests.helpers import SEEDS

ADDRESS = "journalist@example.dk"

VESTHIMMERLAND_2026 = SEEDS / "000_59f6b2a94828c4c1.txt"
VESTHIMMERLAND_2022 = SEEDS / "001_a766cabc7b462376.txt"
HERNING = SEEDS / "002_4d730365fae17496.txt"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://referater.example.dk"


@pytest.fixture
def import_seed(django_capture_on_commit_callbacks):
    """Import a seed through the real import path, its search indexing included."""

    def run(path, **metadata) -> Meeting:
        with django_capture_on_commit_callbacks(execute=True):
            outcome = import_file(path.read_bytes(), filename=path.name, **metadata)
        assert outcome.meeting is not None
        return outcome.meeting

    return run


def import_herning(import_seed) -> Meeting:
    return import_seed(HERNING, municipality="Herning Kommune")


def import_vesthimmerland_2022(import_seed) -> Meeting:
    return import_seed(
        VESTHIMMERLAND_2022,
        municipality="Vesthimmerlands Kommune",
        committee="Beskæftigelsesudvalget",
        date=dt.date(2022, 5, 31),
    )


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def confirm_link() -> str:
    """The confirmation link of the newest mail (its path, for the test client)."""
    [link] = [url for url in links_in(mail.outbox[-1]) if "/besked/bekraeft/" in url]
    return link.removeprefix("https://referater.example.dk")


LEMVIG = SEEDS / "003_4412e2a01fa469b0.txt"
LEMVIG_CASE = "15.00.00-A21-1-25"


def import_lemvig(import_seed, date: dt.date = dt.date(2025, 12, 16)) -> Meeting:
    """Seed 003, one item of case 15.00.00-A21-1-25; another date is another meeting."""
    return import_seed(
        LEMVIG, municipality="Lemvig Kommune", committee="Kommunalbestyrelsen", date=date
    )


def subscribe(client, path: str, address: str = ADDRESS):
    """POST the subscribe form at ``path`` (the test client skips CSRF checks)."""
    return client.post(path, {"email": address})


def subscribe_and_confirm(client, path: str, address: str = ADDRESS) -> None:
    assert subscribe(client, path, address).status_code == 302
    assert client.post(confirm_link()).status_code == 302
