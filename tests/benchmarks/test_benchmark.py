"""benchmark: a smoke run on a tiny corpus, and the report's arithmetic."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from benchmarks.pages import BENCHMARK_MUNICIPALITY, Measurement, markdown_table
from minutes.models import Meeting, Municipality, SourceDocument

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
    assert not Municipality.objects.filter(name=BENCHMARK_MUNICIPALITY).exists()
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
    assert not Municipality.objects.filter(name=BENCHMARK_MUNICIPALITY).exists()


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
