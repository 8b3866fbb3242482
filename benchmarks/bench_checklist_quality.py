"""Checklist quality on the labelled corpora, per language: precision and recall per category.

Run: .venv/bin/python benchmarks/bench_checklist_quality.py
Writes benchmarks/results/checklist_quality.md; exits 1 when a target is missed.

A post is "flagged in a category" when it has a warn or block finding of that category
(info findings are hints, not flags). Targets (issues 3 and 13), for each language: >= 90%
of harmful posts flagged in (at least one of) their labelled categories, 0 good posts
blocked, <= 15% of good posts with a warning outside authenticity and format, >= 75% of
jargon posts (labelled authenticity) flagged in authenticity. The language of each post is
detected, as in the product; both languages' rules are loaded.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.checklist import CATEGORIES, check_text  # noqa: E402
from assistant.checklist.loader import load_config  # noqa: E402

CORPORA = {
    "English": ROOT / "tests" / "data" / "checklist_corpus.jsonl",
    "French": ROOT / "tests" / "data" / "checklist_corpus_fr.jsonl",
}
# Written by a separate session that never saw the word lists, after they were written, and never
# used to tune them: how the French rules do on wording nobody planned for. Reported, not a gate.
HELD_OUT = {"French, held-out": ROOT / "tests" / "data" / "checklist_corpus_fr_heldout.jsonl"}
RESULTS = ROOT / "benchmarks" / "results" / "checklist_quality.md"
STYLE = {"authenticity", "format"}


def evaluate(corpus: Path) -> dict:
    config = load_config()
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    per = {c: {"tp": 0, "fp": 0, "fn": 0} for c in CATEGORIES}
    harmful = hit_any = hit_all = good = good_blocked = good_warned = 0
    misses, false_alarms = [], []
    for row in rows:
        result = check_text(row["text"], row["platform"], config)
        flagged = {f.category for f in result.findings if f.severity in ("warn", "block")}
        expected = set(row["categories"])
        for c in CATEGORIES:
            if c in expected and c in flagged:
                per[c]["tp"] += 1
            elif c in expected:
                per[c]["fn"] += 1
            elif c in flagged:
                per[c]["fp"] += 1
        if row["label"] == "harmful":
            harmful += 1
            hit_any += bool(expected & flagged)
            hit_all += expected <= flagged
            if not expected & flagged:
                misses.append((row["id"], sorted(expected), sorted(flagged), row["text"]))
        else:
            good += 1
            good_blocked += result.verdict == "block"
            if flagged - STYLE:
                good_warned += 1
                false_alarms.append((row["id"], sorted(flagged - STYLE), row["text"]))
    jargon = per["authenticity"]
    return {
        "corpus": corpus.relative_to(ROOT).as_posix(),
        "jargon": jargon["tp"] / (jargon["tp"] + jargon["fn"]) if jargon["tp"] + jargon["fn"] else 1.0,
        "posts": len(rows),
        "harmful": harmful,
        "good": good,
        "per": per,
        "hit_any": hit_any / harmful,
        "hit_all": hit_all / harmful,
        "good_blocked": good_blocked,
        "good_warned": good_warned / good,
        "misses": misses,
        "false_alarms": false_alarms,
    }


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def report(language: str, r: dict, gate: bool = True) -> tuple[str, bool]:
    ok = r["hit_any"] >= 0.90 and r["good_blocked"] == 0 and r["good_warned"] <= 0.15 and r["jargon"] >= 0.75
    lines = [
        f"## {language}",
        "",
        f"Corpus: `{r['corpus']}`, {r['posts']} posts ({r['harmful']} harmful, {r['good']} good),"
        " default configuration. Flagged = a warn or block finding in the category.",
        "",
        "| target | measured | goal | met |",
        "|---|---|---|---|",
        f"| harmful posts flagged in a labelled category | {_pct(r['hit_any'])} | >= 90% | {r['hit_any'] >= 0.9} |",
        f"| harmful posts flagged in every labelled category | {_pct(r['hit_all'])} | (reported) | |",
        f"| good posts blocked | {r['good_blocked']} | 0 | {r['good_blocked'] == 0} |",
        f"| good posts with a warning outside authenticity/format | {_pct(r['good_warned'])} | <= 15% |"
        f" {r['good_warned'] <= 0.15} |",
        f"| jargon posts flagged in authenticity | {_pct(r['jargon'])} | >= 75% | {r['jargon'] >= 0.75} |",
        "",
        "| category | labelled | precision | recall |",
        "|---|---|---|---|",
    ]
    for c, m in r["per"].items():
        labelled = m["tp"] + m["fn"]
        precision = m["tp"] / (m["tp"] + m["fp"]) if m["tp"] + m["fp"] else 1.0
        recall = m["tp"] / labelled if labelled else 1.0
        lines.append(f"| {c} | {labelled} | {_pct(precision)} | {_pct(recall)} |")
    lines += ["", "Precision counts every post flagged in a category it is not labelled with as a false positive.", ""]
    lines += ["### Harmful posts missed", ""] + [
        f"- {i} expected {e}, flagged {f}: {t!r}" for i, e, f, t in r["misses"]
    ]
    lines += ["", "### Good posts warned (outside authenticity/format)", ""]
    lines += [f"- {i} {c}: {t!r}" for i, c, t in r["false_alarms"]]
    verdict = f"All {language} targets met" if gate else f"{language}: targets met (reported, not a gate)"
    lines += ["", f"{verdict}: **{ok}**", ""]
    return "\n".join(lines), ok


def main() -> int:
    sections, ok = ["# Checklist quality (labelled corpora, per language)", ""], True
    for language, corpus in CORPORA.items():
        if not corpus.exists():
            sections.append(f"## {language}\n\n`{corpus.name}` is missing.\n")
            ok = False
            continue
        section, met = report(language, evaluate(corpus))
        sections.append(section)
        ok = ok and met
    for language, corpus in HELD_OUT.items():
        if corpus.exists():
            sections.append(report(language, evaluate(corpus), gate=False)[0])
    sections.append(f"All targets met in every language: **{ok}**\n")
    text = "\n".join(sections)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
