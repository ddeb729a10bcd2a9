"""benchmark: a smoke run on a tiny corpus, and the report's arithmetic."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from benchmarks.pages import UPLOAD_COMMITTEE, Measurement, markdown_table
from minutes.models import Committee, Meeting, SourceDocument

EVERY_ROW = [
    "home",
    *(
        f"{page}: {variant}"
        for page in ("meeting list", "item list")
        for variant in (
            "no filter",
            "kommune",
            "udvalg",
            "sagsnummer prefix",
            "sagsnummer whole",
            "fra/til",
            "kommune + udvalg",
            "3 kommuner + fra/til",
            "kommune + sagsnummer + fra/til",
            "deep page",
            "far page (efter=)",
            "far page back (foer=)",
            "kommune, far page (efter=)",
        )
    ),
    "meeting page",
    "item page",
    "case page",
    "search: rare word",
    "search: common word",
    "search: stemmed word",
    "search: phrase",
    "search: common word + kommune + fra/til",
    "search: common word, newest",
    "search: rare word, newest, udvalg",
    "search: phrase + kommune + fra/til",
    "search: phrase, newest",
    "search: common word, pages 2-5",
    "facets: whole year (cached table)",
    "facets: udvalg + sagsnummer prefix (newest rows)",
    "facets: search, common word + year (best hits)",
    "feed: item list",
    "feed: item list, kommune",
    "feed: municipality",
    "feed: case",
    "api: items, first page",
    "api: items, kommune",
    "api: meetings, first page",
    "api: cases of a kommune",
    "api: one case",
    "coverage (cached)",
    "naive icontains scan: rare word",
    "naive icontains scan: common word",
    "admin: upload preview (seed 000)",
    "admin: save after preview (seed 000)",
    "import_minutes (seed 000), one run per meeting",
    "import_minutes (seed 000), 2 meetings in one run",
]


@pytest.mark.django_db
def test_benchmark_reports_every_page_and_cleans_up(tmp_path):
    call_command("generate_corpus", size=300, stdout=StringIO())
    meetings = Meeting.objects.count()
    report_file = tmp_path / "report.md"
    out = StringIO()
    call_command("benchmark", requests=2, output=str(report_file), stdout=out)
    report = report_file.read_text()
    rows = {
        line.split(" | ")[0].lstrip("| ") for line in report.splitlines() if line.startswith("| ")
    }
    assert rows - {"page"} == set(EVERY_ROW)
    assert "meetings/s" in report
    # Every request answered, and none failed: a 500 would show as "errors".
    assert "errors" not in report
    # The upload and import rows leave nothing behind.
    assert Meeting.objects.count() == meetings
    assert not Committee.objects.filter(name=UPLOAD_COMMITTEE).exists()
    assert not SourceDocument.objects.exists()


def rows_reported_with_only(*texts: str) -> set[str]:
    """The report's row names of a 2-request ``benchmark --only`` run on a small corpus."""
    call_command("generate_corpus", size=300, stdout=StringIO())
    out = StringIO()
    call_command("benchmark", requests=2, only=list(texts), stdout=out)
    rows = {line.split(" | ")[0].lstrip("| ") for line in out.getvalue().splitlines()}
    return rows & set(EVERY_ROW)


@pytest.mark.django_db
def test_benchmark_only_measures_the_rows_asked_for():
    wanted = {row for row in EVERY_ROW if "feed:" in row or "naive" in row}
    assert len(wanted) == 6
    assert rows_reported_with_only("feed:", "naive") == wanted


@pytest.mark.django_db
def test_benchmark_only_reports_the_write_rows_asked_for():
    assert rows_reported_with_only("upload preview", "in one run") == {
        "admin: upload preview (seed 000)",
        "import_minutes (seed 000), 2 meetings in one run",
    }
    assert not Committee.objects.filter(name=UPLOAD_COMMITTEE).exists()


@pytest.mark.django_db
def test_benchmark_needs_a_corpus():
    with pytest.raises(CommandError, match="generate_corpus"):
        call_command("benchmark", requests=2, stdout=StringIO())


def test_benchmark_needs_two_requests():
    with pytest.raises(CommandError, match="mindst 2"):
        call_command("benchmark", requests=1, stdout=StringIO())


def test_percentiles_are_measured_values():
    measurement = Measurement("x", "list", times_ms=[float(n) for n in range(1, 101)])
    assert measurement.percentile(50) == 50
    assert measurement.percentile(95) == 95
    assert measurement.percentile(99) == 99


def test_only_the_absolute_targets_decide_a_miss():
    # 20 times its SQL but within 50 ms: the ratio is reported, not judged.
    fast_sql = Measurement("a", "list", times_ms=[40.0] * 20, bare_ms=[2.0] * 20)
    assert fast_sql.verdict == "ok"
    assert "| a | 20 | 40.0 | 40.0 | 40.0 | 0 | 2.0 | 20.0 | ≤ 50 | ok |" in markdown_table(
        [fast_sql]
    )
    slow = Measurement("b", "list", times_ms=[60.0] * 20, bare_ms=[30.0] * 20)
    assert slow.verdict == "MISS: p95 > 50 ms"
    slow_engine = Measurement("d", "search", times_ms=[45.0] * 20, bare_ms=[55.0] * 20)
    assert slow_engine.verdict == "MISS: engine + rows p95 > 50 ms"
    good = Measurement("c", "detail", times_ms=[5.0] * 20)
    assert good.verdict == "ok"
    assert "| c | 20 | 5.0 | 5.0 | 5.0 |" in markdown_table([good])


@pytest.mark.django_db
def test_explain_lists_compares_two_runs(tmp_path):
    call_command("generate_corpus", size=300, stdout=StringIO())
    saved = tmp_path / "plans.json"
    out = StringIO()
    call_command("explain_lists", output=str(saved), stdout=out)
    assert "== item list: far page by cursor" in out.getvalue()
    compared = StringIO()
    call_command("explain_lists", compare=[str(saved), str(saved)], stdout=compared)
    rows = [line for line in compared.getvalue().splitlines() if line.startswith("| item list")]
    assert rows and all("| yes |" in row for row in rows)
    assert "27 of 27 rows have the same plan." in compared.getvalue()


def test_plan_shapes_leave_out_estimates_and_values():
    from benchmarks.plans import shape

    plan = [
        "Limit  (cost=0.42..7.1 rows=21 width=8)",
        "  ->  Index Scan using item_newest_idx on minutes_agendaitem  (cost=0.42..9 rows=1)",
        "        Index Cond: (meeting_date <= '2020-12-31'::date)",
        "        Filter: (meeting_id < 4150)",
        "Planning Time: 0.2 ms",
    ]
    assert shape(plan) == [
        "Limit",
        "  ->  Index Scan using item_newest_idx on minutes_agendaitem",
        "        Index Cond: (meeting_date <= ?::date)",
        "        Filter: (meeting_id < N)",
    ]


def test_growth_merges_rounds_and_reports_the_ratio():
    from benchmarks.growth import merged, parse_corpus, table

    def run(times):
        return {
            "rows": [
                {
                    "name": "item page",
                    "kind": "detail",
                    "times_ms": times,
                    "bare_ms": [],
                    "queries": [4] * len(times),
                    "statuses": {"200": len(times)},
                    "note": "",
                }
            ]
        }

    small = merged([run([5.0, 6.0]), run([7.0, 8.0])])
    large = merged([run([10.0, 12.0]), run([14.0, 16.0])])
    assert small["item page"].times_ms == [5.0, 6.0, 7.0, 8.0]
    report = table(["100k", "1M"], {"100k": small, "1M": large})
    assert (
        "| item page | 6.0 | 8.0 | 8.0 | 12.0 | 16.0 | 16.0 | 2.00 (> 1.5) | 4 | 4 | ≤ 20 |"
        in report
    )
    assert parse_corpus("1M=postgres://x/y|/var/tmp/z")[0] == "1M"
    with pytest.raises(ValueError, match="label=DATABASE_URL"):
        parse_corpus("no-folder")
