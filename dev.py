#!/usr/bin/env python3
"""The two set-up commands of the README, for a fresh machine with Python 3.11+.

    python3 dev.py run    create .venv, install, migrate, load the demo minutes, serve :8000
    python3 dev.py test   create .venv, install the dev requirements, run the whole test suite

Only the standard library is used here: this runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    subprocess.run([str(arg) for arg in args], cwd=ROOT, env=env, check=True)


def ensure_environment(requirements: str) -> None:
    """Create .venv and install the requirements, skipping the install when nothing changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - runs under any python3 before .venv exists
        sys.exit("Python 3.11 or newer is needed.")
    if not PYTHON.exists():
        say("Creating the virtual environment in .venv")
        venv.create(VENV, with_pip=True)
    wanted = hashlib.sha256()
    for name in ("requirements.txt", requirements):
        wanted.update((ROOT / name).read_bytes())
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == wanted.hexdigest():
        return
    say(f"Installing {requirements}")
    run(
        PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements
    )
    stamp.write_text(wanted.hexdigest())


def development_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DEBUG", "1")
    return env


def command_run() -> None:
    ensure_environment("requirements.txt")
    env = development_env()
    say("Migrating the database")
    run(PYTHON, "manage.py", "migrate", "--noinput", env=env)
    say("Loading the five seed minutes as demo data")
    run(PYTHON, "manage.py", "load_demo_data", env=env)
    say("Admin login: create one with  .venv/bin/python manage.py createsuperuser")
    say("(run it with DEBUG=1 in the environment), then open http://127.0.0.1:8000/admin/")
    say("Serving on http://127.0.0.1:8000  (Ctrl+C stops)")
    run(PYTHON, "manage.py", "runserver", "127.0.0.1:8000", env=env)


def command_test(pytest_args: list[str]) -> None:
    ensure_environment("requirements-dev.txt")
    env = dict(os.environ)
    database = env.get("DATABASE_URL", "SQLite (default)")
    say(f"Running the test suite on {database.split('@')[-1]}")
    result = subprocess.run([str(PYTHON), "-m", "pytest", *pytest_args], cwd=ROOT, env=env)
    sys.exit(result.returncode)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "test"):
        sys.exit(__doc__)
    try:
        if sys.argv[1] == "run":
            command_run()
        else:
            command_test(sys.argv[2:])
    except subprocess.CalledProcessError as err:
        sys.exit(err.returncode)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
