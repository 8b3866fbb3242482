"""Operations hygiene (issue 14 point 18): `.env` is really read, every test has a time limit."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _cli(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ENV_FILE_PATH")}
    clean.update(env, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], cwd=cwd, env=clean, capture_output=True, text=True, timeout=120
    )


def test_the_cli_reads_dot_env_in_the_working_directory(tmp_path):
    target = tmp_path / "from-dotenv.db"
    (tmp_path / ".env").write_text(f"# a comment\nDATABASE_URL=sqlite:///{target}\n")
    result = _cli(["db", "upgrade"], tmp_path, {})
    assert result.returncode == 0, result.stderr
    assert target.exists()  # the database named only in .env was created


def test_an_exported_variable_wins_over_dot_env(tmp_path):
    (tmp_path / ".env").write_text(f"DATABASE_URL=sqlite:///{tmp_path / 'dotenv.db'}\n")
    exported = tmp_path / "exported.db"
    result = _cli(["db", "upgrade"], tmp_path, {"DATABASE_URL": f"sqlite:///{exported}"})
    assert result.returncode == 0, result.stderr
    assert exported.exists()
    assert not (tmp_path / "dotenv.db").exists()


def test_env_file_path_names_another_file(tmp_path):
    other = tmp_path / "conf" / "assistant.env"
    other.parent.mkdir()
    target = tmp_path / "named.db"
    other.write_text(f"DATABASE_URL=sqlite:///{target}\n")
    result = _cli(["db", "upgrade"], tmp_path, {"ENV_FILE_PATH": str(other)})
    assert result.returncode == 0, result.stderr
    assert target.exists()


def test_the_app_entry_point_reads_dot_env_first():
    source = (ROOT / "app.py").read_text()
    load = source.index("config.load_env_file()")
    assert load < source.index("SCRIPT = "), "app.py must read .env before anything else runs"


def test_every_test_has_a_time_limit():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert int(options["timeout"]) > 0
    pins = (ROOT / "requirements-dev.txt").read_text()
    assert "pytest-timeout==" in pins


def test_the_set_up_script_refuses_another_python(tmp_path):
    fake = tmp_path / "python3.9"
    fake.write_text('#!/bin/sh\necho "3.9"\n')
    fake.chmod(0o755)
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "setup-venv.sh")],
        env={**os.environ, "PYTHON": str(fake)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "needs Python 3.11" in result.stderr and "python3.11-venv" in result.stderr


def test_every_setting_the_env_example_names_is_read_by_the_code():
    import re

    names = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert {"DATABASE_URL", "OPENAI_API_KEY", "AUDIT_CHECKPOINT_FILE"} <= names
    source = "\n".join(p.read_text() for p in (ROOT / "assistant").rglob("*.py"))
    unread = sorted(n for n in names if f'"{n}"' not in source)
    assert not unread, f".env.example names settings nothing reads: {unread}"
