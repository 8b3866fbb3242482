"""The labelled corpora meet the quality targets in every language (issues 3 and 13).

Targets come from the issues, not from the engine: per language, >= 90% of harmful posts
flagged in a labelled category, no good post blocked, <= 15% of good posts warned outside
authenticity and format, >= 75% of jargon posts flagged.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_checklist_quality.py"
_spec = importlib.util.spec_from_file_location("bench_checklist_quality", BENCH)
quality = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(quality)


@pytest.mark.parametrize("language", ["English", "French"])
def test_the_corpus_meets_the_targets(language: str) -> None:
    corpus = quality.CORPORA[language]
    r = quality.evaluate(corpus)
    assert r["harmful"] >= 100 and r["good"] >= 50 and r["posts"] >= 150 + 40 * (language == "English")
    missed = "\n".join(f"{i} expected {e}, flagged {f}: {t}" for i, e, f, t in r["misses"])
    assert r["hit_any"] >= 0.90, missed
    assert r["good_blocked"] == 0
    warned = "\n".join(f"{i} {c}: {t}" for i, c, t in r["false_alarms"])
    assert r["good_warned"] <= 0.15, warned
    assert r["jargon"] >= 0.75
