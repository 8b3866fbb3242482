"""`python -m assistant check`, run as a real process, as tools outside the project do."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "check", *args], input=stdin, cwd=ROOT, capture_output=True, timeout=120
    )


def test_human_output_explains_a_blocked_post_and_exits_3() -> None:
    done = run(stdin=b"Am considering taking Tesla private at $420. Funding secured.\n")
    out = done.stdout.decode()
    assert done.returncode == 3
    assert "verdict: block" in out and "disclosure" in out and "Funding secured" in out


def test_json_output_for_a_good_post_exits_0(tmp_path: Path) -> None:
    post = tmp_path / "post.txt"
    post.write_text("Thank you to everyone who came to our meetup last night.", encoding="utf-8")
    done = run("--json", str(post))
    result = json.loads(done.stdout)
    assert done.returncode == 0
    assert result["verdict"] == "ok" and result["length"] == {"weighted": 56, "limit": 280, "valid": True}


def test_linkedin_platform_uses_its_own_limit() -> None:
    done = run("--platform", "linkedin", "--json", "-", stdin=("word " * 400).encode())
    assert json.loads(done.stdout)["length"]["limit"] == 3000


def test_jsonl_batch_writes_one_line_per_input_and_survives_bad_lines() -> None:
    lines = [
        json.dumps({"id": "a", "text": "Thanks team!", "platform": "x"}).encode(),
        b"this is not json",
        json.dumps({"id": "c"}).encode(),
        b'{"id": "d", "text": "caf\xe9"}',
        json.dumps({"id": "e", "text": "Funding secured.", "platform": "linkedin"}).encode(),
    ]
    done = run("--jsonl", stdin=b"\n".join(lines) + b"\n")
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(out) == 5 and done.returncode == 4
    assert out[0]["id"] == "a" and out[0]["verdict"] == "ok" and out[0]["length"]["limit"] == 280
    assert set(out[0]) == {"id", "verdict", "findings", "length"}
    assert out[1]["line"] == 2 and "not JSON" in out[1]["error"]
    assert out[2]["id"] == "c" and "text" in out[2]["error"]
    assert out[3]["line"] == 4 and "UTF-8" in out[3]["error"]
    assert out[4]["id"] == "e" and out[4]["verdict"] == "block" and out[4]["length"]["limit"] == 3000
    assert {"rule", "category", "severity", "message", "start", "end"} == set(out[4]["findings"][0])


def test_jsonl_exit_code_is_the_worst_verdict_when_every_line_is_valid() -> None:
    done = run("--jsonl", stdin=b'{"id": 1, "text": "Revenue is up"}\n{"id": 2, "text": "hello"}\n')
    assert done.returncode == 1


def test_missing_file_is_a_usage_error_naming_the_file() -> None:
    done = run("/no/such/post.txt")
    assert done.returncode == 2 and "/no/such/post.txt" in done.stderr.decode()
