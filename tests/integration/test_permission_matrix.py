"""Every guarded service action against every role: allowed exactly when the matrix says so.

Each scenario builds its own target (a post in the right state, a mention, a member) so an
allowed role succeeds for real and a forbidden one is stopped by the service itself.
"""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import pytest

import assistant.services.notifications as notifications
from assistant.clock import utcnow
from assistant.domain.roles import PERMISSIONS, Action, Role
from assistant.drafting import OfflineDrafter, learn_voice
from assistant.errors import PermissionDenied
from assistant.services import (
    audit,
    drafting,
    mentions,
    posts,
    privacy,
    publishing,
    replies,
    response_times,
    waiting,
    workspace,
)
from assistant.services.context import GUARDED
from assistant.storage.models import Mention

E, D, R, A = Role.EXECUTIVE, Role.DELEGATE, Role.REVIEWER, Role.ADMIN
# Who may do what, written from DESIGN.md's roles, independently of `assistant.domain.roles.PERMISSIONS`:
# a wrong entry there fails here instead of being enforced.
EXPECTED: dict[Action, set[Role]] = {
    Action.VIEW_POSTS: {E, D, R, A},  # everyone sees the posts
    Action.DRAFT_POST: {E, D},  # the executive writes, a delegate drafts for them
    Action.EDIT_POST: {E, D, R},  # a reviewer's edit is a new version, shown as a diff
    Action.SUBMIT_FOR_REVIEW: {E, D},
    Action.REVIEW_POST: {R},  # the comms lead approves, sends back or rejects
    Action.SIGN_CHECKLIST_ITEM: {E, R},  # the four readers test is signed by a person
    Action.SCHEDULE_POST: {R},  # the reviewer schedules
    Action.VIEW_MENTIONS: {E, D, R},
    Action.CLAIM_MENTION: {E, D},  # whoever answers holds the mention
    Action.DRAFT_REPLY: {E, D},
    Action.APPROVE_REPLY: {E, R},  # the delegation policy names the executive, a reviewer, or either
    Action.ESCALATE_MENTION: {D},  # a delegate hands it to the executive
    Action.DISMISS_MENTION: {E, D},
    Action.SET_SLA_CLASS: {E, R, A},  # the delegation policy reads the class: not the delegate's to lower
    Action.PROPOSE_SLA_CLASS: {D},  # a delegate proposes; a reviewer, the executive or an admin decides
    Action.MANAGE_SAVED_REPLIES: {E, D, R},  # the team that answers and the comms lead curate reply texts
    Action.VIEW_REPORTS: {E, D, R, A},  # everyone reads the responsiveness
    Action.IMPORT_MENTIONS: {A},
    Action.VIEW_MEMBERS: {A},
    Action.MANAGE_MEMBERS: {A},
    Action.MANAGE_POLICIES: {A},  # checklist, SLA, delegation, blackout calendar
    Action.EDIT_VOICE_PROFILE: {E, A},  # the executive's own material, or the admin setting it up
    Action.VIEW_AUDIT: {A},
    Action.MANAGE_PERSONAL_DATA: {A},  # a mention author's data (GDPR): exported or erased by an admin
    Action.MANAGE_OWN_NOTIFICATIONS: {E, D, R, A},  # everyone chooses what they are e-mailed about
}


def _post(db, team, state="draft"):
    author = team.actor(Role.EXECUTIVE)
    post = posts.create_draft(db, author, team.executive_id, "x", "A plain post about our week.")
    if state == "in_review":
        posts.submit_for_review(db, author, post.id)
    return post.id


def _mention(db, team):
    with db.writing() as session:
        m = Mention(
            workspace_id=team.workspace_id,
            executive_id=team.executive_id,
            x_post_id=str(utcnow().timestamp()),
            author_id="7",
            author_handle="someone",
            text="@testexec hello",
            posted_at=utcnow(),
            source="import",
            state="new",
        )
        session.add(m)
        session.flush()
        return m.id


def _import(db, team, actor):
    path = Path(tempfile.mkdtemp()) / "mentions.csv"
    path.write_text(
        "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
        "1,7,True,Tue Oct 31 22:10:47 +0000 2017,@testexec hello,,\n"
    )
    return mentions.import_mentions(db, actor, path, "testexec")


SCENARIOS = {
    "assistant.services.mentions.set_sla_class": lambda db, t, a: mentions.set_sla_class(db, a, _mention(db, t), "vip"),
    "assistant.services.workspace.invite_member": lambda db, t, a: workspace.invite_member(
        db, a, f"i{utcnow().timestamp()}@t.example", "I", frozenset({Role.REVIEWER})
    ),
    "assistant.services.mentions.sync_from_x": lambda db, t, a: _sync_from_x(db, t, a),
    "assistant.services.workspace.set_ai_disclosure": lambda db, t, a: workspace.set_ai_disclosure(
        db, a, "Drafted with AI, edited by me"
    ),
    "assistant.services.workspace.ai_disclosure": lambda db, t, a: workspace.ai_disclosure(db, a),
    "assistant.services.workspace.learn_voice_from_x": lambda db, t, a: _learn_from_x(db, t, a),
    "assistant.services.audit.audit_events": lambda db, t, a: audit.audit_events(db, a),
    "assistant.services.audit.export_audit_csv": lambda db, t, a: audit.export_audit_csv(db, a),
    "assistant.services.audit.check_chain": lambda db, t, a: audit.check_chain(db, a),
    "assistant.services.workspace.checklist_rules": lambda db, t, a: workspace.checklist_rules(db, a),
    "assistant.services.workspace.checklist_settings": lambda db, t, a: workspace.checklist_settings(db, a),
    "assistant.services.workspace.set_checklist_settings": lambda db, t, a: workspace.set_checklist_settings(
        db, a, {"rules": {"legal.guarantee": "info"}}
    ),
    "assistant.services.workspace.checklist_word_lists": lambda db, t, a: workspace.checklist_word_lists(db, a),
    "assistant.services.workspace.add_checklist_words": lambda db, t, a: workspace.add_checklist_words(
        db, a, "fr", "codenames", ["Projet Faucon"]
    ),
    "assistant.services.workspace.voice_profile": lambda db, t, a: workspace.voice_profile(db, a, t.executive_id),
    "assistant.services.drafting.check_post_text": lambda db, t, a: drafting.check_post_text(db, a, "Hello", "x"),
    "assistant.services.drafting.draft_posts": lambda db, t, a: drafting.draft_posts(
        db, a, OfflineDrafter(), t.executive_id, "Our week", "x"
    ),
    "assistant.services.drafting.start_draft_stream": lambda db, t, a: drafting.start_draft_stream(
        db, a, OfflineDrafter(), t.executive_id, "Our week", "x"
    ),
    "assistant.services.drafting.finish_draft_stream": lambda db, t, a: _finished_stream(db, t, a),
    "assistant.services.drafting.rewrite_text": lambda db, t, a: drafting.rewrite_text(
        db, a, OfflineDrafter(), t.executive_id, "Our week.", "shorter", "x"
    ),
    "assistant.services.workspace.set_voice_material": lambda db, t, a: workspace.set_voice_material(
        db, a, t.executive_id, ["A post of mine."], {"sign_off": "M"}
    ),
    "assistant.services.posts.create_draft": lambda db, t, a: posts.create_draft(db, a, t.executive_id, "x", "Hi"),
    "assistant.services.posts.compose_post": lambda db, t, a: posts.compose_post(
        db, a, t.executive_id, "x", "Hi", submit=True
    ),
    "assistant.services.posts.edit_post": lambda db, t, a: posts.edit_post(db, a, _post(db, t), "New text"),
    "assistant.services.posts.submit_for_review": lambda db, t, a: posts.submit_for_review(db, a, _post(db, t)),
    "assistant.services.posts.review_post": lambda db, t, a: posts.review_post(
        db, a, _post(db, t, "in_review"), "request_changes", "shorter"
    ),
    "assistant.services.posts.list_posts": lambda db, t, a: posts.list_posts(db, a),
    "assistant.services.posts.get_post": lambda db, t, a: posts.get_post(db, a, _post(db, t)),
    "assistant.services.posts.count_posts_by_state": lambda db, t, a: posts.count_posts_by_state(db, a),
    "assistant.services.mentions.list_mentions": lambda db, t, a: mentions.list_mentions(db, a),
    "assistant.services.mentions.count_mentions_by_state": lambda db, t, a: mentions.count_mentions_by_state(db, a),
    "assistant.services.mentions.claim_mention": lambda db, t, a: mentions.claim_mention(db, a, _mention(db, t)),
    "assistant.services.mentions.release_claim": lambda db, t, a: _claim_then_release(db, t, a),
    "assistant.services.mentions.escalate_mention": lambda db, t, a: mentions.escalate_mention(db, a, _mention(db, t)),
    "assistant.services.mentions.dismiss_mention": lambda db, t, a: mentions.dismiss_mention(db, a, _mention(db, t)),
    "assistant.services.workspace.list_members": lambda db, t, a: workspace.list_members(db, a),
    "assistant.services.workspace.add_member": lambda db, t, a: workspace.add_member(
        db, a, f"n{utcnow().timestamp()}@t.example", "N", frozenset({Role.DELEGATE})
    ),
    "assistant.services.workspace.set_roles": lambda db, t, a: workspace.set_roles(
        db, a, t.actor(Role.DELEGATE).member_id, frozenset({Role.REVIEWER})
    ),
    "assistant.services.workspace.deactivate_member": lambda db, t, a: workspace.deactivate_member(
        db, a, t.actor(Role.DELEGATE).member_id
    ),
    "assistant.services.workspace.list_executives": lambda db, t, a: workspace.list_executives(db, a),
    "assistant.services.workspace.update_executive_profile": lambda db, t, a: workspace.update_executive_profile(
        db, a, t.executive_id, timezone="Europe/Berlin"
    ),
    "assistant.services.response_times.response_time_report": lambda db, t, a: response_times.response_time_report(
        db, a, t.executive_id
    ),
    "assistant.services.mentions.import_mentions": _import,
    "assistant.services.response_times.response_times_dashboard": lambda db, t, a: (
        response_times.response_times_dashboard(db, a, t.executive_id)
    ),
}


def _learn_from_x(db, team, actor):
    from assistant.x_types import XPage, XPost

    class Timeline:  # an account whose own posts are two originals and a reply
        def own_posts(self, user_id, max_pages=3):
            at = utcnow()
            yield XPage(
                posts=[
                    XPost("1", user_id, "First post of mine.", at),
                    XPost("2", user_id, "Another one.", at),
                    XPost("3", user_id, "@someone thanks", at, replied_to_id="9"),
                ]
            )

    with db.writing() as session:
        from assistant.storage.models import Executive

        session.get(Executive, team.executive_id).x_user_id = "42"
    return workspace.learn_voice_from_x(db, actor, team.executive_id, Timeline())


def _sync_from_x(db, team, actor):
    from assistant.x import XAccount, XCredentials
    from tests.x_replay import Replay

    with db.writing() as session:
        from assistant.storage.models import Executive

        session.get(Executive, team.executive_id).x_user_id = "42"
    account = XAccount(XCredentials(bearer_token="bearer-not-real"), sleep=lambda s: None)
    Replay().mount_on(account.session).respond(200, {"meta": {"result_count": 0}}).respond(
        200, {"meta": {"result_count": 0}}
    )
    return mentions.sync_from_x(db, actor, account, team.executive_id)


def _finished_stream(db, team, actor):
    stream = OfflineDrafter().stream_draft("Our week", "x", learn_voice([]))
    list(stream)
    return drafting.finish_draft_stream(db, actor, stream, team.executive_id)


def _approved(db, team, platform="x"):
    from tests.publishing_helpers import approved_post

    return approved_post(db, team, platform=platform)


def _failed_post(db, team):
    from datetime import timedelta

    from assistant.storage.models import Post
    from tests.publishing_helpers import scheduled_post

    post_id, _ = scheduled_post(db, team, at=utcnow() + timedelta(hours=1))
    with db.writing() as session:
        session.get(Post, post_id).state = "failed"
    return post_id


def _in_an_hour():
    from datetime import timedelta

    return utcnow() + timedelta(hours=1)


SCENARIOS.update(
    {
        "assistant.services.workspace.get_review_policy": lambda db, t, a: workspace.get_review_policy(db, a),
        "assistant.services.workspace.set_review_policy": lambda db, t, a: workspace.set_review_policy(
            db, a, approvals_required=2
        ),
        "assistant.services.posts.review_queue": lambda db, t, a: posts.review_queue(db, a),
        "assistant.services.posts.review_detail": lambda db, t, a: posts.review_detail(db, a, _post(db, t)),
        "assistant.services.posts.attested_items": lambda db, t, a: posts.attested_items(db, a),
        "assistant.services.posts.sign_item": lambda db, t, a: posts.sign_item(
            db, a, _post(db, t, "in_review"), "facts_checked"
        ),
        "assistant.services.posts.sign_all_items": lambda db, t, a: posts.sign_all_items(
            db, a, _post(db, t, "in_review")
        ),
        "assistant.services.publishing.content_calendar": lambda db, t, a: publishing.content_calendar(db, a, "month"),
        "assistant.services.publishing.schedule_post": lambda db, t, a: publishing.schedule_post(
            db, a, _approved(db, t), _in_an_hour()
        ),
        "assistant.services.publishing.retry_publishing": lambda db, t, a: publishing.retry_publishing(
            db, a, _failed_post(db, t)
        ),
        "assistant.services.publishing.publish_due_now": lambda db, t, a: publishing.publish_due_now(db, a, _dry()),
        "assistant.services.publishing.linkedin_export": lambda db, t, a: publishing.linkedin_export(
            db, a, _approved(db, t, "linkedin")
        ),
        "assistant.services.publishing.mark_posted_by_hand": lambda db, t, a: publishing.mark_posted_by_hand(
            db, a, _approved(db, t, "linkedin")
        ),
    }
)


def _claim_then_release(db, team, actor):
    mention_id = _mention(db, team)
    with db.writing() as session:  # the actor holds it, whether or not they could have claimed it
        m = session.get(Mention, mention_id)
        m.claimed_by_id, m.state = actor.member_id, "claimed"
    return mentions.release_claim(db, actor, mention_id)


def _held(db, team, actor):
    from datetime import timedelta

    mention_id = _mention(db, team)
    with db.writing() as session:  # the actor holds it, whether or not they could have claimed it
        m = session.get(Mention, mention_id)
        m.claimed_by_id, m.state, m.claim_expires_at = actor.member_id, "claimed", utcnow() + timedelta(minutes=5)
    return mention_id


def _reply(db, team, state):
    from assistant.storage.models import Reply

    writer = team.actor(Role.DELEGATE)
    mention_id = _held(db, team, writer)
    with db.writing() as session:
        r = Reply(
            mention_id=mention_id,
            executive_id=team.executive_id,
            text="Thanks! ^DL",
            state=state,
            authorship="delegate",
            written_by_id=writer.member_id,
            findings=[],
            created_at=utcnow(),
            updated_at=utcnow(),
        )
        session.add(r)
        session.flush()
        return r.id


def _dry():
    from assistant.x_types import DryRunX

    return DryRunX()


SCENARIOS.update(
    {
        "assistant.services.mentions.mention_detail": lambda db, t, a: mentions.mention_detail(db, a, _mention(db, t)),
        "assistant.services.workspace.delegation_policy": lambda db, t, a: workspace.delegation_policy(db, a),
        "assistant.services.workspace.set_delegation_policy": (
            lambda db, t, a: workspace.set_delegation_policy(db, a, {"signature": "^CM"})
        ),
        "assistant.services.replies.draft_replies": lambda db, t, a: replies.draft_replies(
            db, a, OfflineDrafter(), _held(db, t, a)
        ),
        "assistant.services.replies.submit_reply": lambda db, t, a: replies.submit_reply(
            db, a, _held(db, t, a), "Thanks for writing.", _dry()
        ),
        "assistant.services.replies.approve_reply": lambda db, t, a: replies.approve_reply(
            db, a, _reply(db, t, "pending_approval"), _dry()
        ),
        "assistant.services.replies.reject_reply": lambda db, t, a: replies.reject_reply(
            db, a, _reply(db, t, "pending_approval")
        ),
        "assistant.services.replies.retry_reply": lambda db, t, a: replies.retry_reply(
            db, a, _reply(db, t, "failed"), _dry()
        ),
        "assistant.services.replies.withdraw_reply": lambda db, t, a: replies.withdraw_reply(
            db, a, _reply(db, t, "failed")
        ),
        "assistant.services.replies.approval_queue": lambda db, t, a: replies.approval_queue(db, a),
        "assistant.services.replies.list_replies": lambda db, t, a: replies.list_replies(db, a),
        "assistant.services.replies.said_on_my_behalf": lambda db, t, a: replies.said_on_my_behalf(db, a),
    }
)


# Readers review (issue 3): a model client against a mock transport; lazily imported.
def _readers(db, team, actor):
    import httpx2

    from assistant.llm import LLMClient, LLMSettings
    from tests.integration.test_llm_mock import READERS, FakeModel

    client = LLMClient(
        LLMSettings.from_mapping({"OPENAI_API_KEY": "sk-test", "LLM_MAX_RETRIES": "0"}),
        httpx2.Client(transport=httpx2.MockTransport(FakeModel(READERS))),
    )
    return drafting.readers_review(db, actor, client, team.executive_id, "Our week in Dayton.", "x")


SCENARIOS["assistant.services.drafting.readers_review"] = _readers

SCENARIOS.update(
    {
        "assistant.services.workspace.set_thread_policy": lambda db, t, a: workspace.set_thread_policy(db, a, True),
        "assistant.services.posts.revise_post": lambda db, t, a: posts.revise_post(db, a, _post(db, t), "Better"),
        "assistant.services.posts.reopen_post": lambda db, t, a: posts.reopen_post(db, a, _post(db, t)),
        "assistant.services.posts.reopenable_posts": lambda db, t, a: posts.reopenable_posts(db, a),
        "assistant.services.posts.set_publish_as_thread": lambda db, t, a: posts.set_publish_as_thread(
            db, a, _post(db, t), True
        ),
        "assistant.services.posts.thread_preview": lambda db, t, a: posts.thread_preview(db, a, _post(db, t)),
        "assistant.services.waiting.what_waits_for": lambda db, t, a: waiting.what_waits_for(db, a),
        "assistant.services.notifications.notification_preferences": lambda db, t, a: (
            notifications.notification_preferences(db, a)
        ),
        "assistant.services.notifications.set_notification_preferences": lambda db, t, a: (
            notifications.set_notification_preferences(db, a, enabled=True, kinds=["escalation"])
        ),
        "assistant.services.notifications.workspace_webhook": lambda db, t, a: notifications.workspace_webhook(db, a),
        "assistant.services.notifications.set_workspace_webhook": lambda db, t, a: notifications.set_workspace_webhook(
            db, a, "https://hooks.example.com/services/T/B/x"
        ),
    }
)


def _saved(db, team):
    from assistant.storage.models import SavedReply

    with db.writing() as session:
        title = f"s{utcnow().timestamp()}"
        row = SavedReply(workspace_id=team.workspace_id, title=title, text="Hi", created_at=utcnow())
        session.add(row)
        session.flush()
        return row.id


# Issue 12 (inbox): bulk actions gated like their one-mention counterparts, the policy preview, saved replies.
SCENARIOS.update(
    {
        "assistant.services.mentions.dismiss_mentions": lambda db, t, a: mentions.dismiss_mentions(
            db, a, [_mention(db, t)]
        ),
        "assistant.services.mentions.assign_mentions": lambda db, t, a: mentions.assign_mentions(
            db, a, [_mention(db, t)], t.actor(Role.DELEGATE).member_id
        ),
        "assistant.services.mentions.set_sla_classes": lambda db, t, a: mentions.set_sla_classes(
            db, a, [_mention(db, t)], "press"
        ),
        "assistant.services.mentions.assignable_members": lambda db, t, a: mentions.assignable_members(db, a),
        "assistant.services.replies.reply_policy": lambda db, t, a: replies.reply_policy(db, a, _mention(db, t)),
        "assistant.services.replies.list_saved_replies": lambda db, t, a: replies.list_saved_replies(db, a),
        "assistant.services.replies.create_saved_reply": lambda db, t, a: replies.create_saved_reply(
            db, a, f"t{utcnow().timestamp()}", "Thanks for writing."
        ),
        "assistant.services.replies.delete_saved_reply": lambda db, t, a: replies.delete_saved_reply(
            db, a, _saved(db, t)
        ),
    }
)


def _proposed(db, team):
    mention_id = _mention(db, team)
    mentions.propose_sla_class(db, team.actor(Role.DELEGATE), mention_id, "vip")
    return mention_id


# Issue 14 (finding 1): class proposals by delegates, decided by a reviewer, the executive or an admin.
SCENARIOS.update(
    {
        "assistant.services.mentions.propose_sla_class": lambda db, t, a: mentions.propose_sla_class(
            db, a, _mention(db, t), "vip"
        ),
        "assistant.services.mentions.propose_sla_classes": lambda db, t, a: mentions.propose_sla_classes(
            db, a, [_mention(db, t)], "vip"
        ),
        "assistant.services.mentions.decide_sla_class_proposal": lambda db, t, a: mentions.decide_sla_class_proposal(
            db, a, _proposed(db, t), accept=True
        ),
        "assistant.services.mentions.sla_class_proposals": lambda db, t, a: mentions.sla_class_proposals(db, a),
    }
)


# Issue 14 (point 17): personal data of mention authors, and how long mention text is kept.
SCENARIOS.update(
    {
        "assistant.services.privacy.export_author_data": lambda db, t, a: privacy.export_author_data(db, a, "someone"),
        "assistant.services.privacy.erase_author_data": lambda db, t, a: privacy.erase_author_data(db, a, "someone"),
        "assistant.services.workspace.mention_retention": lambda db, t, a: workspace.mention_retention(db, a),
        "assistant.services.workspace.set_mention_retention": lambda db, t, a: workspace.set_mention_retention(
            db, a, 90
        ),
    }
)


def test_every_guarded_service_has_a_scenario():
    assert set(GUARDED) == set(SCENARIOS), "add a scenario for each new guarded service"


def test_the_implementation_enforces_the_expected_matrix():
    assert {action: set(roles) for action, roles in PERMISSIONS.items()} == EXPECTED


@pytest.mark.parametrize(("name", "role"), list(itertools.product(sorted(SCENARIOS), list(Role))))
def test_service_allows_exactly_the_roles_of_the_matrix(db, team, name, role):
    action, _ = GUARDED[name]
    actor = team.actor(role)
    if role in EXPECTED[action]:
        SCENARIOS[name](db, team, actor)  # must succeed for real
    else:
        with pytest.raises(PermissionDenied):
            SCENARIOS[name](db, team, actor)


def test_matrix_size_is_recorded():
    # 97 guarded services x 4 roles; update this (and SECURITY.md) when a service is added or removed.
    assert len(SCENARIOS) == 97
    assert len(SCENARIOS) * len(Role) == 388
    assert {a for a, _ in GUARDED.values()} <= set(Action)
