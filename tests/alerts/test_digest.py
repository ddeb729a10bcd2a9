"""send_alerts and minutes/alerts/digest.py: what goes into the daily mail, and when."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from minutes import search
from minutes.alerts import digest as digest_module
from minutes.alerts import following
from minutes.importing.batch import import_file
from minutes.models import AgendaItem, AlertSubscription
from tests.factories import make_item, make_meeting

from .conftest import (
    ADDRESS,
    HERNING,
    LEMVIG_CASE,
    confirm_link,
    import_herning,
    import_lemvig,
    links_in,
    subscribe_and_confirm,
)

pytestmark = pytest.mark.django_db

SITE = "https://referater.example.dk"


def send_alerts(*args: str) -> str:
    out = StringIO()
    call_command("send_alerts", *args, stdout=out)
    return out.getvalue()


def digests() -> list:
    return [message for message in mail.outbox if "List-Unsubscribe" in message.extra_headers]


def item_links(message) -> list[str]:
    return [link for link in links_in(message) if "/punkt-" in link]


def url(item: AgendaItem) -> str:
    return SITE + item.get_absolute_url()


def test_a_search_alert_mails_what_the_search_finds(client, import_seed):
    subscribe_and_confirm(client, "/besked/punkter/?q=jobcamp")
    meeting = import_herning(import_seed)
    assert "1 adresse med nyt: 1 mail sendt (1 punkt)" in send_alerts()
    [digest] = digests()
    assert digest.subject == "Referater: 1 nyt punkt"
    assert item_links(digest) == [url(meeting.items.get(number=9))]
    assert "Søg: “jobcamp”" in digest.body


def test_one_mail_per_address_with_a_part_per_alert(client, import_seed):
    subscribe_and_confirm(client, "/besked/punkter/?q=jobcamp")
    subscribe_and_confirm(client, "/besked/punkter/?kommune=herning-kommune&sagsnummer=15.00")
    subscribe_and_confirm(client, "/besked/punkter/?q=jobcamp", "redaktion@example.dk")
    meeting = import_herning(import_seed)
    send_alerts()
    mine = [message for message in digests() if message.to == [ADDRESS]]
    assert len(mine) == 1 and len(digests()) == 2
    [digest] = mine
    case_items = list(meeting.items.filter(case_number__startswith="15.00").order_by("number"))
    assert case_items
    assert item_links(digest) == [url(meeting.items.get(number=9))] + [
        url(item) for item in case_items
    ]
    alerts = AlertSubscription.objects.filter(email=ADDRESS)
    for alert in alerts:
        assert f"{SITE}/besked/afmeld/{alert.unsubscribe_token}/" in links_in(digest)
        assert alert.last_sent_at is not None


def test_only_public_items_are_mailed(client, import_seed):
    subscribe_and_confirm(client, "/besked/punkter/?kommune=herning-kommune")
    meeting = import_herning(import_seed)
    hidden = meeting.items.get(number=9)
    AgendaItem.objects.filter(pk=hidden.pk).update(is_published=False)
    send_alerts()
    [digest] = digests()
    assert url(hidden) not in item_links(digest)
    assert len(item_links(digest)) == meeting.items.count() - 1
    # Published again later, it is not new.
    AgendaItem.objects.filter(pk=hidden.pk).update(is_published=True)
    send_alerts()
    assert len(digests()) == 1


def test_a_case_alert_mails_the_case_when_it_returns(client, import_seed):
    import_lemvig(import_seed)
    subscribe_and_confirm(client, f"/besked/kommuner/lemvig-kommune/sager/{LEMVIG_CASE}/")
    assert send_alerts().startswith("0 adresser")
    later = import_lemvig(import_seed, date=dt.date(2026, 2, 3))
    send_alerts()
    [digest] = digests()
    assert item_links(digest) == [url(later.items.get())]
    assert f"{SITE}/kommuner/lemvig-kommune/sager/{LEMVIG_CASE}/" in links_in(digest)
    assert f"Sag: {LEMVIG_CASE}" in digest.body


def test_a_search_alert_waits_for_the_index_and_a_list_alert_does_not(client, settings):
    subscribe_and_confirm(client, "/besked/punkter/?q=jobcamp")
    subscribe_and_confirm(client, "/besked/punkter/?kommune=herning-kommune")
    # Imported, but its re-index (after the commit) has not run: not searchable yet.
    meeting = import_file(
        HERNING.read_bytes(), filename="referat.txt", municipality="Herning Kommune"
    ).meeting
    send_alerts()
    [digest] = digests()
    assert "Søg" not in digest.body
    assert len(item_links(digest)) == meeting.items.count()

    search.index_meeting(meeting.pk)
    send_alerts()
    assert len(digests()) == 2
    assert item_links(digests()[1]) == [url(meeting.items.get(number=9))]


def test_a_dry_run_sends_and_moves_nothing(client, import_seed):
    subscribe_and_confirm(client, "/besked/punkter/?q=jobcamp")
    import_herning(import_seed)
    marks = list(AlertSubscription.objects.values_list("last_item_id", flat=True))
    assert "1 mail ville blive sendt (1 punkt)" in send_alerts("--dry-run")
    assert digests() == []
    assert list(AlertSubscription.objects.values_list("last_item_id", flat=True)) == marks
    send_alerts()
    assert len(digests()) == 1


def test_a_refused_digest_is_sent_by_the_next_run(client, import_seed, settings):
    subscribe_and_confirm(client, "/besked/punkter/?q=jobcamp")
    import_herning(import_seed)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with pytest.raises(
        CommandError, match=r"1 mail kunne ikke sendes; de sendes ved næste kørsel\."
    ):
        send_alerts()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_alerts()
    assert len(digests()) == 1


def test_a_subscription_another_run_has_claimed_is_not_mailed_twice(client, import_seed):
    subscribe_and_confirm(client, "/besked/punkter/?q=jobcamp")
    import_herning(import_seed)
    from minutes.alerts import digest

    alert = AlertSubscription.objects.get()
    newest, _ = digest.high_water_marks()
    # Another run moved the mark after this one read the subscription.
    AlertSubscription.objects.update(last_item_id=newest)
    assert digest._section(alert, newest, claim=True) is None


def test_without_site_url_the_digest_stops_before_anything(client, import_seed, settings):
    subscribe_and_confirm(client, "/besked/punkter/?q=jobcamp")
    import_herning(import_seed)
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="SITE_URL er ikke sat"):
        send_alerts()
    assert digests() == []
    assert confirm_link()  # the confirmation mail was sent while answering the request


def test_the_html_part_escapes_the_record_and_the_text_part_keeps_it_as_written(
    client, import_seed
):
    subscribe_and_confirm(client, "/besked/punkter/?q=jobcamp")
    meeting = import_herning(import_seed)
    item = meeting.items.get(number=9)
    AgendaItem.objects.filter(pk=item.pk).update(title="Jobcamp <script>alert(1)</script> & mere")
    send_alerts()
    [digest] = digests()
    [(html, mimetype)] = digest.alternatives
    assert mimetype == "text/html"
    assert f'<a href="{url(item)}"' in html
    assert "Jobcamp &lt;script&gt;alert(1)&lt;/script&gt; &amp; mere" in html
    assert "<script>" not in html
    assert "Jobcamp <script>alert(1)</script> & mere (punkt 9)" in digest.body
    assert "/besked/afmeld/" in html


def rygestop_meeting(date: dt.date, *, items: int, title: str) -> list[AgendaItem]:
    """A meeting of ``items`` items about rygestop, in the search index."""
    meeting = make_meeting(date=date)
    made = [
        make_item(meeting=meeting, number=number, title=title) for number in range(1, items + 1)
    ]
    assert search.index_meeting(meeting.pk)
    return made


def test_a_search_alert_finds_every_new_match_however_many_old_ones_rank_above_them(
    client, monkeypatch
):
    # More old matches than the engine is read for at a time, each better by relevance
    # (the word three times in its title) and by date than every new one: a search of
    # all matches read from the top would reach none of the new ones.
    monkeypatch.setattr(following, "SEARCH_HITS_PER_READ", 2)
    rygestop_meeting(dt.date(2026, 3, 3), items=5, title="Rygestop, rygestop og rygestop")
    subscribe_and_confirm(client, "/besked/punkter/?q=rygestop")
    # New since the confirmation, from an older meeting (minutes uploaded late).
    new = rygestop_meeting(dt.date(2025, 1, 10), items=5, title="Tilbud om rygestop")
    make_item(meeting=new[0].meeting, number=6, title="Budgetopfølgning")
    # The first engine read's two unpublished since they were indexed: the engine
    # still has them, the database leaves them out, and the next read follows.
    unpublished = new[:2]
    AgendaItem.objects.filter(pk__in=[item.pk for item in unpublished]).update(is_published=False)

    assert "1 adresse med nyt: 1 mail sendt (3 punkter)" in send_alerts()
    [digest] = digests()
    assert item_links(digest) == [url(item) for item in new[2:]]  # in agenda order
    assert "… og flere" not in digest.body
    send_alerts()
    assert len(digests()) == 1


def test_more_new_items_than_a_digest_lists_end_with_og_flere_and_the_whole_search(
    client, monkeypatch
):
    monkeypatch.setattr(digest_module, "ITEMS_PER_SUBSCRIPTION", 3)
    subscribe_and_confirm(client, "/besked/punkter/?q=rygestop")
    new = rygestop_meeting(dt.date(2026, 3, 3), items=5, title="Tilbud om rygestop")

    assert "(3 punkter)" in send_alerts()
    [digest] = digests()
    assert item_links(digest) == [url(item) for item in new[:3]]
    whole_search = f"{SITE}/punkter/?q=rygestop&orden=nyeste"
    assert (
        f"… og flere nye punkter end de 3 her. Se hele listen, nyeste først: {whole_search}"
        in digest.body
    )
    [(html, _mimetype)] = digest.alternatives
    assert "… og flere nye punkter end de 3 her." in html
    escaped = whole_search.replace("&", "&amp;")
    assert f'<a href="{escaped}">Se hele listen, nyeste først</a>' in html
    # The mark moved past every new item: the two not listed are not mailed tomorrow.
    send_alerts()
    assert len(digests()) == 1


def test_the_search_reads_only_items_added_since_the_mark(client):
    old = rygestop_meeting(dt.date(2026, 3, 3), items=2, title="Rygestop")
    subscribe_and_confirm(client, "/besked/punkter/?q=rygestop")
    new = rygestop_meeting(dt.date(2026, 3, 4), items=2, title="Rygestop")
    alert = AlertSubscription.objects.get()
    assert alert.last_item_id == old[-1].pk
    found = following.new_items(alert, after=alert.last_item_id, up_to=new[-1].pk, limit=10)
    assert found == new
    assert following.new_items(alert, after=old[0].pk, up_to=new[0].pk, limit=10) == [
        new[0],
        old[1],
    ]
