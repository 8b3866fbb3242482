"""Posts and their versions: drafting, editing (a reviewer's edit is a new version), submitting."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.checklist import MAX_POST_CHARS, check_text
from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action, Role
from assistant.domain.states import PostState, check_post_transition, state_word
from assistant.errors import InvalidInput, InvalidTransition
from assistant.formatting import number
from assistant.i18n import _
from assistant.services.audit.log import record_action
from assistant.services.context import Actor, ensure_allowed, in_workspace, requires
from assistant.services.posts.threads import choose_thread
from assistant.services.posts.views import PostView, _post_view
from assistant.services.workspace.policies import checklist_config, with_ai_disclosure
from assistant.storage.db import Database
from assistant.storage.models import Executive, Post, PostSubmission, PostVersion

PLATFORMS = ("x", "linkedin")
# What Compose lists as the author's own work in progress.
REOPENABLE = (PostState.DRAFT.value, PostState.CHANGES_REQUESTED.value)
MAX_TEXT = MAX_POST_CHARS  # the hard bound of issue 14 (assistant/domain/limits.py says why)
MAX_SUBMISSION_KEY = 64


def _checklist(session: Session, post: Post, text: str) -> tuple[str | None, list[dict]]:
    """Findings of the workspace's checklist for this text, stored on the version."""
    config = checklist_config(session, post.workspace_id)

    result = check_text(text, post.platform, config, at=post.scheduled_at)
    return result.verdict, [f.to_dict() for f in result.findings]


def _check_text(text: str, platform: str) -> str:
    if platform not in PLATFORMS:
        raise InvalidInput(
            _(
                "unknown platform '{platform}'; choose one of {platforms}",
                platform=platform,
                platforms=", ".join(PLATFORMS),
            )
        )
    text = text.strip()
    if not text:
        raise InvalidInput(_("the post is empty; write something first"))
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            _(
                "the post has {count} characters; the limit here is {limit}",
                count=number(len(text)),
                limit=number(MAX_TEXT),
            )
        )
    return text


def _authorship(actor: Actor, ai_assisted: bool) -> str:
    if ai_assisted:
        return "ai_assisted"
    if Role.EXECUTIVE in actor.roles:
        return "executive"
    return "delegate" if Role.DELEGATE in actor.roles else "reviewer"


def _audit(session: Session, actor: Actor, action: AuditAction, post: Post, before: dict | None, after: dict) -> None:
    record_action(session, actor, action, "post", post.id, before, after)


def _add_version(
    session: Session, actor: Actor, post: Post, text: str, *, authorship: str, ai: dict | None = None
) -> PostVersion:
    number = (max((v.number for v in post.versions), default=0)) + 1
    ai = ai or {}
    verdict, findings = _checklist(session, post, text)
    version = PostVersion(
        post_id=post.id,
        number=number,
        text=text,
        authorship=authorship,
        author_id=actor.member_id,
        ai_provider=ai.get("provider"),
        ai_model=ai.get("model"),
        prompt_name=ai.get("prompt_name"),
        prompt_version=ai.get("prompt_version"),
        edited_ratio=ai.get("edited_ratio"),
        verdict=verdict,
        findings=findings,
        created_at=utcnow(),
    )
    session.add(version)
    post.versions.append(version)
    post.updated_at = version.created_at
    return version


@requires(Action.DRAFT_POST)
def create_draft(
    db: Database, actor: Actor, executive_id: int, platform: str, text: str, *, title: str = "", ai: dict | None = None
) -> PostView:
    """Start a post. `ai` names provider/model/prompt when the text came from a model."""
    text = _check_text(text, platform)
    with db.writing() as session:
        post = _new_post(session, actor, executive_id, platform, text, title=title, ai=ai)
        session.flush()
        return _post_view(session, post)


@requires(Action.DRAFT_POST)
def compose_post(
    db: Database,
    actor: Actor,
    executive_id: int,
    platform: str,
    text: str,
    *,
    ai: dict | None = None,
    as_thread: bool = False,
    submit: bool = False,
    submission_key: str = "",
) -> PostView:
    """Compose's Save and Submit: the new post, its first version, the thread choice and (with `submit`)
    the submission for review, in one transaction, so a failure never leaves half a post.

    `submission_key` names one Compose form: the same key again (a double click, a rerun, another
    process) returns the post it already made instead of a second one; the unique
    (workspace, key) row decides the race, even between processes."""
    if submit:
        ensure_allowed(db, actor, Action.SUBMIT_FOR_REVIEW)
    text = _check_text(text, platform)
    key = _submission_key(submission_key)
    if key and (earlier := _submitted(db, actor, key)) is not None:
        return earlier
    try:
        with db.writing() as session:
            post = _new_post(session, actor, executive_id, platform, text, title="", ai=ai)
            if as_thread:
                choose_thread(session, actor, post, True)
            if submit:
                _move(
                    session,
                    actor,
                    post,
                    PostState.IN_REVIEW,
                    AuditAction.POST_SUBMITTED,
                    version=post.versions[-1].number,
                )
            if key:
                session.add(
                    PostSubmission(workspace_id=actor.workspace_id, key=key, post_id=post.id, created_at=utcnow())
                )
            session.flush()
            return _post_view(session, post)
    except IntegrityError:
        # Another request with this key committed first: its post is the one; ours was rolled back whole.
        earlier = _submitted(db, actor, key) if key else None
        if earlier is None:
            raise
        return earlier


def _submission_key(key: str) -> str:
    key = (key or "").strip()
    if len(key) > MAX_SUBMISSION_KEY:
        raise InvalidInput(
            _("the submission key has {count} characters; at most {limit}", count=len(key), limit=MAX_SUBMISSION_KEY)
        )
    return key


def _submitted(db: Database, actor: Actor, key: str) -> PostView | None:
    """The post a form with this key already made in the actor's workspace, if any."""
    with db.reading() as session:
        post_id = session.scalar(
            select(PostSubmission.post_id).where(
                PostSubmission.workspace_id == actor.workspace_id, PostSubmission.key == key
            )
        )
        return None if post_id is None else _post_view(session, in_workspace(session, actor, Post, post_id))


def _new_post(
    session: Session, actor: Actor, executive_id: int, platform: str, text: str, *, title: str, ai: dict | None
) -> Post:
    """A draft with its first version (checked, AI disclosure added), audited, in the caller's transaction."""
    in_workspace(session, actor, Executive, executive_id)
    text = with_ai_disclosure(session, actor.workspace_id, text, ai)
    now = utcnow()
    post = Post(
        workspace_id=actor.workspace_id,
        executive_id=executive_id,
        platform=platform,
        state=PostState.DRAFT.value,
        title=title.strip()[:200] or text[:60],
        created_by_id=actor.member_id,
        created_at=now,
        updated_at=now,
    )
    session.add(post)
    session.flush()
    version = _add_version(session, actor, post, text, authorship=_authorship(actor, bool(ai)), ai=ai)
    _audit(
        session,
        actor,
        AuditAction.POST_DRAFTED,
        post,
        None,
        {"state": post.state, "version": version.number, "authorship": version.authorship},
    )
    return post


@requires(Action.EDIT_POST)
def edit_post(db: Database, actor: Actor, post_id: int, text: str) -> PostView:
    """A new version. A reviewer's edit during review is recorded as theirs and shown to the author
    as a diff; editing an approved, scheduled, failed or expired text voids the approval (back to draft)."""
    with db.writing() as session:
        post = in_workspace(session, actor, Post, post_id, lock=True)
        text = _check_text(text, post.platform)
        if post.state in (PostState.PUBLISHING, PostState.PUBLISHED, PostState.REJECTED):
            raise InvalidTransition(
                _(
                    "post {id} is {state} and can no longer be edited",
                    id=post.id,
                    state=state_word(post.state, spaced=False),
                )
            )
        if text == post.versions[-1].text:
            raise InvalidInput(_("nothing changed; edit the text first"))
        before = post.state
        authorship = (
            "reviewer"
            if Role.REVIEWER in actor.roles and post.state == PostState.IN_REVIEW
            else _authorship(actor, False)
        )
        version = _add_version(session, actor, post, text, authorship=authorship)
        if post.state in (PostState.APPROVED, PostState.SCHEDULED, PostState.FAILED, PostState.EXPIRED):
            check_post_transition(PostState(post.state), PostState.DRAFT)
            if post.state == PostState.EXPIRED:
                post.scheduled_at = None  # its time has passed; the reviewer sets a new one
            post.state = PostState.DRAFT.value
            post.publish_attempts, post.publish_started_at, post.next_attempt_at = 0, None, None
            post.last_error = None
        _audit(
            session,
            actor,
            AuditAction.POST_EDITED,
            post,
            {"state": before},
            {"state": post.state, "version": version.number, "authorship": authorship},
        )
        session.flush()
        return _post_view(session, post)


def _move(session: Session, actor: Actor, post: Post, target: PostState, action: AuditAction, **extra: object) -> None:
    current = PostState(post.state)
    check_post_transition(current, target)
    post.state = target.value
    post.updated_at = utcnow()
    _audit(session, actor, action, post, {"state": current.value}, {"state": target.value, **extra})


@requires(Action.SUBMIT_FOR_REVIEW)
def submit_for_review(db: Database, actor: Actor, post_id: int) -> PostView:
    with db.writing() as session:
        post = in_workspace(session, actor, Post, post_id, lock=True)
        _move(session, actor, post, PostState.IN_REVIEW, AuditAction.POST_SUBMITTED, version=post.versions[-1].number)
        return _post_view(session, post)


@requires(Action.EDIT_POST)
def revise_post(
    db: Database, actor: Actor, post_id: int, text: str, *, as_thread: bool | None = None, submit: bool = False
) -> PostView:
    """Compose's Save and Resubmit for a reopened draft or a post sent back for changes: a new version of
    the same post when the text changed, the thread choice, and (with `submit`) back to review, in one
    transaction. Sending the same text again once it is in review (a double click) changes nothing."""
    if submit:
        ensure_allowed(db, actor, Action.SUBMIT_FOR_REVIEW)
    with db.writing() as session:
        post = in_workspace(session, actor, Post, post_id, lock=True)
        text = _check_text(text, post.platform)
        latest = post.versions[-1]
        if submit and post.state == PostState.IN_REVIEW and text == latest.text:
            return _post_view(session, post)  # already resubmitted by the first click
        if post.state not in REOPENABLE:
            raise InvalidTransition(
                _(
                    "post {id} is {state}; only drafts and posts sent back for changes"
                    " are edited here (a post in review is edited on the Review page)",
                    id=post.id,
                    state=state_word(post.state),
                )
            )
        if text != latest.text:
            before = post.state
            version = _add_version(session, actor, post, text, authorship=_authorship(actor, False))
            _audit(
                session,
                actor,
                AuditAction.POST_EDITED,
                post,
                {"state": before},
                {"state": post.state, "version": version.number, "authorship": version.authorship},
            )
        elif not submit and as_thread is None:
            raise InvalidInput(_("nothing changed; edit the text first"))
        if as_thread is not None and post.platform == "x":
            choose_thread(session, actor, post, as_thread)
        if submit:
            _move(
                session, actor, post, PostState.IN_REVIEW, AuditAction.POST_SUBMITTED, version=post.versions[-1].number
            )
        session.flush()
        return _post_view(session, post)
