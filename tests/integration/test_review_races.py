"""Two reviewers acting on one post at the same moment: exactly one decision lands."""

from __future__ import annotations

import threading

from assistant.domain.roles import Role
from assistant.errors import AssistantError
from assistant.services import posts


def test_two_reviewers_deciding_at_once_leave_one_decision(db, team):
    author = team.actor(Role.EXECUTIVE)
    first, second = team.actor(Role.REVIEWER), team.actor(Role.REVIEWER)
    for _ in range(3):  # a few rounds: the race has to be decided the same way every time
        post = posts.create_draft(db, author, team.executive_id, "x", "Visited the Dayton crews today.")
        posts.submit_for_review(db, author, post.id)
        barrier = threading.Barrier(2)
        outcomes: dict[str, str] = {}

        def act(name, reviewer, decision, comment, post_id=post.id, barrier=barrier, outcomes=outcomes):
            barrier.wait()
            try:
                posts.review_post(db, reviewer, post_id, decision, comment)
                outcomes[name] = "done"
            except AssistantError as exc:
                outcomes[name] = type(exc).__name__

        threads = [
            threading.Thread(target=act, args=("approve", first, "approve", "")),
            threading.Thread(target=act, args=("reject", second, "reject", "not now")),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(outcomes.values()) == ["InvalidTransition", "done"], outcomes
        final = posts.get_post(db, author, post.id).state
        winner = next(name for name, result in outcomes.items() if result == "done")
        assert final == {"approve": "approved", "reject": "rejected"}[winner]
