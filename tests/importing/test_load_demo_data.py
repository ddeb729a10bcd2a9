"""manage.py load_demo_data: the five seeds through the import path, rerun-safe."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from minutes import search
from minutes.models import AgendaItem, Attachment, Decision, Meeting, SourceDocument
from tests.helpers import make_outdated_index

pytestmark = pytest.mark.django_db


def load() -> str:
    stdout = StringIO()
    call_command("load_demo_data", stdout=stdout)
    return stdout.getvalue()


def snapshot() -> dict:
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Meeting, AgendaItem, Decision, Attachment, SourceDocument)
    }


def test_demo_data_holds_the_five_seed_meetings_with_domain_metadata():
    output = load()
    assert output.splitlines()[-1] == (
        "Demodata: 5 filer: 5 importeret, 0 opdateret, 0 uændret, 0 fejlet"
    )
    meetings = {
        (m.municipality.name, m.committee.name, m.date)
        for m in Meeting.objects.select_related("municipality", "committee")
    }
    assert meetings == {
        ("Vesthimmerlands Kommune", "Beskæftigelsesudvalget", dt.date(2026, 5, 5)),
        ("Vesthimmerlands Kommune", "Beskæftigelsesudvalget", dt.date(2022, 5, 31)),
        ("Herning Kommune", "Beskæftigelsesudvalget", dt.date(2026, 1, 13)),
        ("Lemvig Kommune", "Kommunalbestyrelsen", dt.date(2025, 12, 16)),
        ("Holstebro Kommune", "Arbejdsmarkedsudvalget", dt.date(2025, 6, 10)),
    }
    # Both Vesthimmerland seeds land in one committee, not two spellings of it.
    assert (
        Meeting.objects.filter(municipality__name="Vesthimmerlands Kommune")
        .values("committee")
        .distinct()
        .count()
        == 1
    )
    assert AgendaItem.objects.count() == 13 + 15 + 9 + 1 + 13
    assert set(SourceDocument.objects.values_list("status", flat=True)) == {"imported"}


def test_rerunning_changes_nothing():
    load()
    before = snapshot()
    output = load()
    assert output.splitlines()[-1] == (
        "Demodata: 5 filer: 0 importeret, 0 opdateret, 5 uændret, 0 fejlet"
    )
    assert snapshot() == before


def test_an_index_from_an_older_schema_is_rebuilt_so_the_demo_is_searchable(settings):
    load()
    # The index a developer had before pulling a schema change.
    make_outdated_index(settings)
    assert search.is_outdated()

    output = load()

    assert "Søgeindekset er fra en ældre version" in output
    assert not search.is_outdated()
    assert search.search("beskæftigelse").total > 0
    assert not Meeting.objects.filter(is_search_indexed=False).exists()
