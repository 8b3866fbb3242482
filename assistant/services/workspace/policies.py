"""Workspace policies an admin sets: checklist, review, threads, delegation, AI disclosure.

Each is stored under its own key of `Workspace.settings`, parsed and validated by
`assistant.domain.policies`, and changed only here, with an audit event `policy.<name>_changed`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from assistant import i18n
from assistant.checklist import ChecklistConfig
from assistant.checklist.loader import config_from_mapping, default_config
from assistant.domain import policies as parse
from assistant.domain.audit_actions import AuditAction
from assistant.domain.policies import DelegationPolicy, DraftingPolicy, RetentionPolicy, ReviewPolicy, ThreadPolicy
from assistant.domain.roles import Action
from assistant.errors import InvalidInput, NotFound
from assistant.i18n import _
from assistant.services.audit.log import record_action
from assistant.services.context import Actor, requires
from assistant.storage.db import Database
from assistant.storage.models import Workspace

P = TypeVar("P")
# The choices Settings offers for the delegation policy (validated by the domain parser).
DELEGATION_CLASS_RULES = parse.CLASS_RULES
REPLY_APPROVERS = parse.APPROVERS


def _settings(session: Session, workspace_id: int) -> Mapping[str, Any] | None:
    workspace = session.get(Workspace, workspace_id)
    return workspace.settings if workspace else None


def load(session: Session, workspace_id: int, policy: Callable[[Mapping[str, Any] | None], P]) -> P:
    """One policy of the workspace, typed: `load(session, ws, parse.review_policy)`."""
    return policy(_settings(session, workspace_id))


def review_policy_of(session: Session, workspace_id: int) -> ReviewPolicy:
    return load(session, workspace_id, parse.review_policy)


def thread_policy_of(session: Session, workspace_id: int) -> ThreadPolicy:
    return load(session, workspace_id, parse.thread_policy)


def delegation_policy_of(session: Session, workspace_id: int) -> DelegationPolicy:
    return load(session, workspace_id, parse.delegation_policy)


def drafting_policy_of(session: Session, workspace_id: int) -> DraftingPolicy:
    return load(session, workspace_id, parse.drafting_policy)


def retention_policy_of(session: Session, workspace_id: int) -> RetentionPolicy:
    return load(session, workspace_id, parse.retention_policy)


@lru_cache(maxsize=32)
def _config(serialised: str) -> ChecklistConfig:
    settings = json.loads(serialised)
    return config_from_mapping(settings) if settings else default_config()


def checklist_config(session: Session, workspace_id: int) -> ChecklistConfig:
    """The workspace's checklist: the shipped defaults plus its own settings (built once per settings)."""
    overrides = load(session, workspace_id, parse.checklist_policy).to_dict()
    return _config(json.dumps(overrides, sort_keys=True))


def _store(
    session: Session, actor: Actor, key: str, value: dict[str, Any], action: AuditAction
) -> dict[str, Any] | None:
    """Replace one policy's settings and audit it; returns what was stored before."""
    workspace = session.get(Workspace, actor.workspace_id)
    if workspace is None:
        raise NotFound("this workspace no longer exists")
    before = (workspace.settings or {}).get(key)
    workspace.settings = {**(workspace.settings or {}), key: value}
    record_action(
        session,
        actor,
        action=action,
        entity_type="workspace",
        entity_id=workspace.id,
        before=before,
        after=value,
    )
    return before


# -- checklist -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleRow:
    rule: str
    category: str
    severity: str
    enabled: bool
    description: str = ""  # one line, from the rule's own message (what it looks for and why)


# How a message template's placeholders read in a summary that has no match to show
# (English wording first; in other languages a leftover placeholder reads "…").
_PLACEHOLDERS = (
    (r"\s*\(\{match\}\)", ""),
    (r"^'\{match\}'", "…"),
    (r"'\{plain\}'", "…"),
)
_ENGLISH_PLACEHOLDERS = (
    (r"\s*\(\{match\}\)", ""),
    (r"^\{match\} ", "Too many "),
    (r" for \{match\}", " for the platform"),
    (r"~\{match\}", "few hundred"),
    (r" \{match\}:", ":"),
    (r"^'\{match\}'", "A phrase"),
    (r" '\{match\}'", ""),
    (r"'\{plain\}'", "the plain word"),
)


def rule_description(message: str, language: str = "en") -> str:
    """The one-line summary of a rule from its message template, placeholders worded:
    'Guarantee or promise ({match}): it can be binding; remove it…' → 'Guarantee or promise: it can be binding'."""
    text = message.split(";", 1)[0]
    patterns = _ENGLISH_PLACEHOLDERS if language == "en" else _PLACEHOLDERS
    for pattern, words in patterns:
        text = re.sub(pattern, words, text)
    return text.replace("{match}", "…").replace("{plain}", "…").strip().rstrip(".")


@requires(Action.VIEW_POSTS)
def checklist_rules(db: Database, actor: Actor) -> list[RuleRow]:
    """The rules as they run in this workspace (defaults plus its settings), each described in the
    member's language when that language has the rule."""
    with db.reading() as session:
        config = checklist_config(session, actor.workspace_id)
    pack = config.language(i18n.current_language())
    rows = []
    for rule, spec in config.rules.items():
        worded = pack.rules.get(rule, spec)
        language = pack.language if rule in pack.rules else config.source.language
        rows.append(
            RuleRow(rule, spec.category, spec.severity, spec.enabled, rule_description(worded.message, language))
        )
    return sorted(rows, key=lambda r: (r.category, r.rule))


@requires(Action.VIEW_POSTS)
def checklist_settings(db: Database, actor: Actor) -> dict[str, Any]:
    with db.reading() as session:
        return load(session, actor.workspace_id, parse.checklist_policy).to_dict()


@requires(Action.MANAGE_POLICIES)
def set_checklist_settings(db: Database, actor: Actor, settings: dict[str, Any]) -> dict[str, Any]:
    """Validate first (an error names the bad rule or date), then store and audit."""
    config_from_mapping(parse.checklist_policy({"checklist": settings}).to_dict())
    with db.writing() as session:
        _store(session, actor, "checklist", settings, AuditAction.POLICY_CHECKLIST_CHANGED)
    return settings


@dataclass(frozen=True)
class WordList:
    """One of the checklist's word lists, as it runs in this workspace."""

    language: str
    name: str
    entries: int  # how many entries run (shipped plus the workspace's)
    added: tuple[str, ...]  # what this workspace added


# Entries with a special meaning in the data files (regular expressions, checked numbers) are for the
# shipped data: from Settings, every entry is a plain word or phrase.
_SPECIAL_ENTRY = re.compile(r"^(re|luhn|nir|iban):")


def _added(settings: Mapping[str, Any], language: str, name: str) -> tuple[str, ...]:
    change = (((settings.get("languages") or {}).get(language) or {}).get("lexicons") or {}).get(name)
    if isinstance(change, list):
        return tuple(change)
    return tuple((change or {}).get("add", ())) if isinstance(change, Mapping) else ()


@requires(Action.VIEW_POSTS)
def checklist_word_lists(db: Database, actor: Actor) -> list[WordList]:
    """Every language's word lists (disclosure figures, code names, insults, jargon...), with the
    workspace's additions per language."""
    with db.reading() as session:
        config = checklist_config(session, actor.workspace_id)
        settings = load(session, actor.workspace_id, parse.checklist_policy).to_dict()
    lists = []
    for qualified, entries in config.lexicons.items():
        language, name = qualified.split(":", 1)
        lists.append(WordList(language, name, len(entries), _added(settings, language, name)))
    return sorted(lists, key=lambda w: (w.language, w.name))


@requires(Action.MANAGE_POLICIES)
def add_checklist_words(db: Database, actor: Actor, language: str, name: str, words: list[str]) -> tuple[str, ...]:
    """Add words or phrases to one language's word list for this workspace (e.g. French code names);
    returns what the workspace has added to that list. Validated, stored and audited like any checklist change."""
    shipped = default_config()
    if language not in shipped.codes:
        raise InvalidInput(
            _(
                "The checklist has no rules in {code}: use one of {choices}.",
                code=language,
                choices=", ".join(shipped.codes),
            )
        )
    if f"{language}:{name}" not in shipped.lexicons:
        raise InvalidInput(_("'{name}' is not a word list of the checklist: pick one from the list.", name=name))
    clean = [" ".join(w.split()) for w in words if w.strip()]
    if not clean:
        raise InvalidInput(_("Write at least one word or phrase, one per line."))
    special = [w for w in clean if _SPECIAL_ENTRY.match(w)]
    if special:
        raise InvalidInput(
            _("'{entry}' is not a plain word or phrase: write the words as they appear in a post.", entry=special[0])
        )
    with db.writing() as session:
        settings = dict(load(session, actor.workspace_id, parse.checklist_policy).to_dict())
        added = list(_added(settings, language, name))
        seen = {a.lower() for a in added}
        for word in clean:  # case-insensitive, as the lists match
            if word.lower() not in seen:
                seen.add(word.lower())
                added.append(word)
        languages = {k: dict(v or {}) for k, v in (settings.get("languages") or {}).items()}
        own = languages.setdefault(language, {})
        own["lexicons"] = {**(own.get("lexicons") or {}), name: {"add": added}}
        settings["languages"] = languages
        config_from_mapping(parse.checklist_policy({"checklist": settings}).to_dict())
        _store(session, actor, "checklist", settings, AuditAction.POLICY_CHECKLIST_CHANGED)
    return tuple(added)


def rule_changes(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Only what differs from the shipped defaults, in the settings' own form."""
    by_rule = dict(default_config().rules)
    changes: dict[str, Any] = {}
    for row in rows:
        base = by_rule.get(row["rule"])
        if base is None:
            continue
        change = {}
        if bool(row["enabled"]) != base.enabled:
            change["enabled"] = bool(row["enabled"])
        if row["severity"] != base.severity:
            change["severity"] = row["severity"]
        if change:
            changes[row["rule"]] = change
    return changes


# -- drafting: the AI disclosure -----------------------------------------------------------


def with_ai_disclosure(session: Session, workspace_id: int, text: str, ai: dict | None) -> str:
    """The workspace may ask AI-assisted posts to say so (e.g. "Drafted with AI, edited by me")."""
    disclosure = drafting_policy_of(session, workspace_id).ai_disclosure
    if not ai or not disclosure or disclosure in text:
        return text
    return f"{text}\n\n{disclosure}"


@requires(Action.MANAGE_POLICIES)
def set_ai_disclosure(db: Database, actor: Actor, disclosure: str) -> str:
    """The line added to AI-assisted posts, or "" for none."""
    with db.writing() as session:
        workspace = session.get(Workspace, actor.workspace_id)
        drafting = dict((workspace.settings or {}).get("drafting") or {}) if workspace else {}
        policy = parse.drafting_policy({"drafting": {**drafting, "ai_disclosure": disclosure}})
        _store(session, actor, "drafting", {**drafting, **policy.to_dict()}, AuditAction.POLICY_AI_DISCLOSURE_CHANGED)
    return policy.ai_disclosure


@requires(Action.VIEW_POSTS)
def ai_disclosure(db: Database, actor: Actor) -> str:
    with db.reading() as session:
        return drafting_policy_of(session, actor.workspace_id).ai_disclosure


# -- review and threads ------------------------------------------------------------------------


@requires(Action.VIEW_POSTS)
def get_review_policy(db: Database, actor: Actor) -> ReviewPolicy:
    with db.reading() as session:
        return review_policy_of(session, actor.workspace_id)


@requires(Action.MANAGE_POLICIES)
def set_review_policy(db: Database, actor: Actor, **changes: object) -> ReviewPolicy:
    unknown = set(changes) - set(ReviewPolicy.__dataclass_fields__)
    if unknown:
        raise InvalidInput(f"unknown review policy field(s): {', '.join(sorted(unknown))}")
    with db.writing() as session:
        before = review_policy_of(session, actor.workspace_id)
        policy = parse.review_policy({"review": {**before.to_dict(), **changes}})
        _store(session, actor, "review", policy.to_dict(), AuditAction.POLICY_REVIEW_CHANGED)
        return policy


@requires(Action.MANAGE_POLICIES)
def set_thread_policy(db: Database, actor: Actor, thread_long_x_posts: bool) -> None:
    with db.writing() as session:
        workspace = session.get(Workspace, actor.workspace_id)
        publishing = dict((workspace.settings or {}).get("publishing") or {}) if workspace else {}
        policy = ThreadPolicy(bool(thread_long_x_posts))
        _store(session, actor, "publishing", {**publishing, **policy.to_dict()}, AuditAction.POLICY_THREADS_CHANGED)


# -- delegation --------------------------------------------------------------------------------


@requires(Action.VIEW_POSTS)  # every role reads it; the settings page shows it to admins
def delegation_policy(db: Database, actor: Actor) -> DelegationPolicy:
    with db.reading() as session:
        return delegation_policy_of(session, actor.workspace_id)


@requires(Action.MANAGE_POLICIES)
def set_delegation_policy(db: Database, actor: Actor, settings: dict[str, Any]) -> DelegationPolicy:
    policy = parse.delegation_from_mapping(settings)  # validate before anything is stored
    with db.writing() as session:
        _store(session, actor, "delegation", policy.to_dict(), AuditAction.POLICY_DELEGATION_CHANGED)
    return policy


# -- privacy: how long mention text is kept ------------------------------------------------------


@requires(Action.VIEW_POSTS)
def mention_retention(db: Database, actor: Actor) -> RetentionPolicy:
    with db.reading() as session:
        return retention_policy_of(session, actor.workspace_id)


@requires(Action.MANAGE_POLICIES)
def set_mention_retention(db: Database, actor: Actor, days: int | None) -> RetentionPolicy:
    """Blank mention text this many days after posting (None: keep it); the worker applies it daily."""
    policy = parse.retention_from_days(days)  # validate before anything is stored
    with db.writing() as session:
        workspace = session.get(Workspace, actor.workspace_id)
        privacy = dict((workspace.settings or {}).get("privacy") or {}) if workspace else {}
        _store(session, actor, "privacy", {**privacy, **policy.to_dict()}, AuditAction.POLICY_RETENTION_CHANGED)
    return policy
