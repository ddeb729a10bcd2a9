"""No Docker engine runs here, so the compose file's structure is checked instead."""

import re
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


def test_compose_ships_no_secret_key_and_refuses_to_start_without_one():
    env = load_compose()["services"]["web"]["environment"]
    # ${NAME:?message}: compose stops with the message when NAME is unset or empty, in
    # the environment and in .env alike.
    required = re.fullmatch(r"\$\{SECRET_KEY:\?(?P<message>[^}]+)\}", env["SECRET_KEY"])
    assert required, env["SECRET_KEY"]
    assert "SECRET_KEY is not set" in required["message"]
    assert env["DEBUG"] == "false"


def test_the_env_file_for_compose_is_never_committed_nor_copied_into_the_image():
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in (ROOT / ".dockerignore").read_text().splitlines()
    example = (ROOT / ".env.example").read_text().splitlines()
    assert "SECRET_KEY=" in example  # an empty value, which compose refuses


def test_https_is_a_documented_switch_off_only_by_default_for_localhost():
    compose = (ROOT / "docker-compose.yml").read_text()
    env = load_compose()["services"]["web"]["environment"]
    assert env["SECURE_HTTPS"] == "${SECURE_HTTPS:-false}"
    assert env["BEHIND_PROXY"] == "${BEHIND_PROXY:-false}"
    assert "SECURE_HTTPS=true" in compose


def test_the_image_migrates_collects_static_and_serves_with_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "migrate --noinput" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "gunicorn config.wsgi:application" in dockerfile


def test_compose_holds_the_search_index_in_memory_with_the_right_to_lock_it():
    holder = load_compose()["services"]["search-holder"]
    assert holder["command"][-1] == "hold_search_index"
    assert "IPC_LOCK" in holder["cap_add"]
    assert holder["ulimits"]["memlock"] == -1
    assert "searchindex:/data/search-index:ro" in holder["volumes"]
    assert holder["environment"]["SEARCH_INDEX_DIR"] == "/data/search-index"
