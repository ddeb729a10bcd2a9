"""Fixtures the public page tests share: the five seed minutes, imported once per module."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from minutes.models import Committee, Meeting, Municipality, SourceDocument


@pytest.fixture(scope="module")
def seeds(django_db_setup, django_db_blocker, tmp_path_factory):
    """The media and search index directories of the imported seeds."""
    base = tmp_path_factory.mktemp("seeds")
    with (
        override_settings(MEDIA_ROOT=base / "media", SEARCH_INDEX_DIR=base / "index"),
        django_db_blocker.unblock(),
    ):
        # The 98 kommuner the migrations load stay for the tests that run later.
        kommuner = set(Municipality.objects.values_list("pk", flat=True))
        call_command("load_demo_data", stdout=StringIO())
        yield base
        SourceDocument.objects.all().delete()
        Meeting.objects.all().delete()
        Committee.objects.all().delete()
        Municipality.objects.exclude(pk__in=kommuner).delete()


@pytest.fixture
def seeded(seeds, settings):
    # The seeds' stored files and search index, instead of conftest's empty ones.
    settings.MEDIA_ROOT = seeds / "media"
    settings.SEARCH_INDEX_DIR = seeds / "index"
