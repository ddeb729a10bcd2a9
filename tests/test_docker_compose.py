"""No Docker engine runs here, so the compose file's structure is checked instead."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def load_compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_postgres_with_a_volume_and_a_healthcheck():
    compose = load_compose()
    db = compose["services"]["db"]
    assert db["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(volume.startswith("pgdata:") for volume in db["volumes"])
    assert "pgdata" in compose["volumes"]


def test_compose_web_waits_for_a_healthy_database_and_publishes_the_port():
    web = load_compose()["services"]["web"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert "8000:8000" in web["ports"]
    env = web["environment"]
    assert env["DATABASE_URL"].startswith("postgres://")
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "SEARCH_INDEX_DIR", "MEDIA_ROOT"):
        assert name in env
    assert any(volume.startswith("searchindex:") for volume in web["volumes"])


def test_the_image_migrates_collects_static_and_serves_with_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "migrate --noinput" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "gunicorn config.wsgi:application" in dockerfile
