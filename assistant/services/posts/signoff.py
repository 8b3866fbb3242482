"""Signed checklist items: a person signs each item on one version of a post (who, when)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant import i18n
from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Action
from assistant.domain.states import PostState, state_word
from assistant.errors import InvalidInput, InvalidTransition
from assistant.i18n import _
from assistant.services.audit.log import record_action
from assistant.services.context import Actor, in_workspace, requires
from assistant.services.workspace.policies import checklist_config
from assistant.storage.db import Database
from assistant.storage.models import Attestation, Post, PostVersion


@dataclass(frozen=True)
class AttestedItem:
    key: str
    label: str
    help: str = ""
    required: bool = True


# Used only if the checklist package cannot give its list.
FALLBACK_ITEMS = (
    AttestedItem("reader_best_customer", "Read it as your best customer"),
    AttestedItem("reader_angriest_customer", "Read it as your angriest customer"),
    AttestedItem("reader_employee", "Read it as an employee"),
    AttestedItem("reader_family", "Read it as the executive's family"),
    AttestedItem("facts_checked", "Facts and figures checked"),
    AttestedItem("links_opened", "Links opened"),
    AttestedItem("tags_intended", "Tags intended"),
)
_SIGNABLE = {PostState.DRAFT, PostState.IN_REVIEW, PostState.CHANGES_REQUESTED}


def items_for(session: Session, workspace_id: int) -> tuple[AttestedItem, ...]:
    """The configurable list: the checklist's attested items (a workspace may replace them),
    labelled in the member's language."""
    config = checklist_config(session, workspace_id)
    items = config.language(i18n.current_language()).attested_items if config is not None else ()
    if not items:
        return FALLBACK_ITEMS
    return tuple(AttestedItem(i.key, i.label, i.help, i.required) for i in items)


def missing_required(session: Session, version: PostVersion, workspace_id: int) -> list[AttestedItem]:
    signed = set(session.scalars(select(Attestation.item_key).where(Attestation.version_id == version.id)))
    return [i for i in items_for(session, workspace_id) if i.required and i.key not in signed]


@requires(Action.VIEW_POSTS)
def attested_items(db: Database, actor: Actor) -> tuple[AttestedItem, ...]:
    with db.reading() as session:
        return items_for(session, actor.workspace_id)


@requires(Action.SIGN_CHECKLIST_ITEM)
def sign_item(db: Database, actor: Actor, post_id: int, item_key: str) -> tuple[str, ...]:
    """Sign one item on the latest version; returns the keys signed on it. Signing twice is harmless."""
    with db.writing() as session:
        return _sign(session, actor, post_id, [item_key])


@requires(Action.SIGN_CHECKLIST_ITEM)
def sign_all_items(db: Database, actor: Actor, post_id: int, item_keys: Sequence[str] | None = None) -> tuple[str, ...]:
    """Sign several items of the latest version in one act ("I have read it as all four readers and
    checked facts, links, tags"): one attestation and one audit event per item newly signed, all in
    one transaction, so an unknown key or a post past review signs none. `None` means every item."""
    with db.writing() as session:
        keys = [i.key for i in items_for(session, actor.workspace_id)] if item_keys is None else list(item_keys)
        if not keys:
            raise InvalidInput(_("choose at least one checklist item to sign"))
        return _sign(session, actor, post_id, keys)


def _sign(session: Session, actor: Actor, post_id: int, item_keys: list[str]) -> tuple[str, ...]:
    post: Post = in_workspace(session, actor, Post, post_id)
    known = {i.key for i in items_for(session, actor.workspace_id)}
    unknown = [k for k in item_keys if k not in known]
    if unknown:
        raise InvalidInput(
            _(
                "unknown checklist item(s) {unknown}; items are: {known}",
                unknown=", ".join(map(repr, unknown)),
                known=", ".join(sorted(known)),
            )
        )
    if PostState(post.state) not in _SIGNABLE:
        raise InvalidTransition(
            _(
                "post {id} is {state}; items are signed before approval",
                id=post.id,
                state=state_word(post.state, spaced=False),
            )
        )
    version = post.versions[-1]
    signed = set(session.scalars(select(Attestation.item_key).where(Attestation.version_id == version.id)))
    now = utcnow()
    for item_key in dict.fromkeys(item_keys):  # in the order given, each once
        if item_key in signed:
            continue
        session.add(Attestation(version_id=version.id, item_key=item_key, signed_by_id=actor.member_id, signed_at=now))
        record_action(
            session,
            actor,
            action=AuditAction.POST_ITEM_SIGNED,
            entity_type="post",
            entity_id=post.id,
            before=None,
            after={"version": version.number, "item": item_key},
        )
        signed.add(item_key)
    session.flush()
    return tuple(sorted(session.scalars(select(Attestation.item_key).where(Attestation.version_id == version.id))))
