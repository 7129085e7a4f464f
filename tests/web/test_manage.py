"""``manage.py`` works: the system checks pass and the migrations match the models."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = f"sqlite:///{cwd / 'check.sqlite3'}"
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


def test_the_system_checks_pass(tmp_path: Path) -> None:
    done = manage("check", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_the_migrations_match_the_models(tmp_path: Path) -> None:
    done = manage("makemigrations", "--check", "--dry-run", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
