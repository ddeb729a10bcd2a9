"""The compose file runs send_alerts daily, with the mail settings (no Docker engine here)."""

import yaml

from tests.test_docker_compose import ROOT


def services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_the_alerts_service_runs_send_alerts_once_a_day_after_the_migrations():
    alerts = services()["alerts"]
    script = alerts["command"][-1]
    assert alerts["command"][:2] == ["sh", "-c"]
    assert script.index("migrate --check") < script.index("python manage.py send_alerts")
    assert "sleep 86400" in script
    assert alerts["depends_on"]["db"]["condition"] == "service_healthy"
    assert any(volume.startswith("searchindex:") for volume in alerts["volumes"])


def test_web_and_alerts_both_have_the_mail_settings_and_the_same_database():
    web, alerts = services()["web"]["environment"], services()["alerts"]["environment"]
    for name in ("SITE_URL", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD"):
        assert web[name] == alerts[name]
    for name in ("DATABASE_URL", "SECRET_KEY", "SEARCH_INDEX_DIR"):
        assert web[name] == alerts[name]
    assert alerts["DEBUG"] == "false"
