"""The rebuild_search_index management command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from minutes import search
from minutes.models import Meeting
from tests.factories import make_item, make_meeting

pytestmark = pytest.mark.django_db


def test_rebuild_indexes_every_public_item_and_reports_progress():
    meeting = make_meeting()
    for number in (1, 2, 3):
        make_item(meeting=meeting, number=number, sections=[{"heading": "", "text": "Budget."}])
    make_item(meeting=meeting, number=4, is_published=False)
    out = StringIO()

    call_command("rebuild_search_index", stdout=out)

    assert out.getvalue().splitlines() == [
        "3 af 3 punkter indekseret",
        "Søgeindekset er genopbygget: 3 punkter.",
    ]
    assert search.search("budget").total == 3
    assert Meeting.objects.get(pk=meeting.pk).is_search_indexed


def test_dry_run_counts_without_indexing():
    make_item(sections=[{"heading": "", "text": "Budget."}])
    out = StringIO()

    call_command("rebuild_search_index", "--dry-run", stdout=out)

    assert out.getvalue() == "1 punkter ville blive indekseret.\n"
    assert search.search("budget").total == 0


def test_a_held_writer_makes_the_command_fail_with_a_danish_message():
    make_item()
    with search.index_writer(), pytest.raises(CommandError, match="optaget af en anden skriver"):
        call_command("rebuild_search_index", "--lock-timeout", "0.05", stdout=StringIO())


def test_rebuild_replaces_an_index_with_an_old_schema(settings):
    import tantivy  # only to fake an index left by an older version of the search package

    old = tantivy.SchemaBuilder()
    old.add_integer_field("id", stored=True)
    settings.SEARCH_INDEX_DIR.mkdir(parents=True)
    tantivy.Index(old.build(), path=str(settings.SEARCH_INDEX_DIR))
    item = make_item(sections=[{"heading": "", "text": "Budget."}])
    assert not search.index_meeting(item.meeting_id)

    call_command("rebuild_search_index", stdout=StringIO())

    assert [hit.item_id for hit in search.search("budget").hits] == [item.pk]
