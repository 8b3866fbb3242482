"""Who must approve a post, and what blocks it: pure rules over a version's findings and the review policy."""

from __future__ import annotations

from assistant.domain.policies import ReviewPolicy


def block_findings(findings: list[dict], as_thread: bool = False) -> list[dict]:
    """Blocking findings; a post going out as a thread is not blocked by its overall length."""
    return [
        f
        for f in findings or ()
        if f.get("severity") == "block" and not (as_thread and f.get("rule") == "format.length")
    ]


def approvals_needed(policy: ReviewPolicy, findings: list[dict]) -> int:
    """A second approver when the version has a warn/block finding in a sensitive category."""
    flagged = any(
        f.get("category") in policy.second_approver_categories and f.get("severity") in ("block", "warn")
        for f in findings or ()
    )
    return policy.approvals_required + (1 if flagged else 0)
