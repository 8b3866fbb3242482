"""`python -m assistant privacy export --author HANDLE` and `privacy erase --author HANDLE [--as EMAIL]`.

Without --as, the command line acts as the operator (whoever holds DATABASE_URL already reads every
workspace) over every workspace, recorded as "system (command line)"; with --as, as that member, who
must be an admin (the permission matrix), in their workspace. Both are audited, without the handle.

`housekeeping` is the worker's daily step: mention-text retention, then an audit checkpoint when
AUDIT_CHECKPOINT_FILE is set.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

from assistant.clock import utcnow
from assistant.config import database
from assistant.errors import InvalidInput
from assistant.services.context import Actor
from assistant.services.privacy import (
    apply_retention,
    erase_author_data,
    erase_author_everywhere,
    export_author_data,
    export_author_everywhere,
)
from assistant.storage.db import Database

log = logging.getLogger("assistant.worker")
DAY = timedelta(days=1)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("privacy", help="personal data of mention authors (GDPR)")
    sub = parser.add_subparsers(dest="privacy_command", required=True)
    export = sub.add_parser("export", help="JSON of everything stored about a mention author")
    export.add_argument("--author", required=True, help="the author's X handle (with or without @) or user id")
    export.add_argument("--output", help="write the JSON to this file (default: standard output)")
    export.add_argument("--as", dest="as_email", help="act as this admin, in their workspace")
    export.set_defaults(func=run_export)
    erase = sub.add_parser("erase", help="replace a mention author's text and handle, keeping the figures")
    erase.add_argument("--author", required=True, help="the author's X handle (with or without @) or user id")
    erase.add_argument("--as", dest="as_email", help="act as this admin, in their workspace")
    erase.set_defaults(func=run_erase)


def _actor(db: Database, email: str | None) -> Actor | None:
    if not email:
        return None
    from assistant.services.workspace import actor_for_email

    actor = actor_for_email(db, email)
    if actor is None:
        raise InvalidInput(f"no active member {email}")
    return actor


def run_export(args: argparse.Namespace) -> int:
    db = database()
    actor = _actor(db, args.as_email)
    data = export_author_data(db, actor, args.author) if actor else export_author_everywhere(db, args.author)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        print(
            f"exported {len(data['mentions'])} mention(s), {len(data['replies'])} reply(ies), "
            f"{len(data['notifications'])} notification(s), {len(data['audit_events'])} audit event(s) "
            f"to {args.output}",
            file=sys.stderr,
        )
    else:
        print(text)
    return 0


def run_erase(args: argparse.Namespace) -> int:
    db = database()
    actor = _actor(db, args.as_email)
    done = erase_author_data(db, actor, args.author) if actor else erase_author_everywhere(db, args.author)
    if not done.workspaces:
        print("nothing stored about this author; nothing erased")
        return 0
    print(
        f"erased {done.mentions} mention(s), {done.replies} reply(ies), {done.notifications} notification(s) "
        f"and {done.audit_events} audit event(s) in workspace(s) {', '.join(map(str, done.workspaces))}; "
        "figures kept, the audit chain still verifies"
    )
    return 0


def housekeeping(db: Database, last: datetime | None, *, now: datetime | None = None) -> datetime | None:
    """Once a day per worker: blank mention text past each workspace's retention, then append an audit
    checkpoint to $AUDIT_CHECKPOINT_FILE when set. Returns when it last ran (pass it back next time)."""
    now = now or utcnow()
    if last is not None and now - last < DAY:
        return last
    for done in apply_retention(db, now=now):
        log.info(
            "retention: workspace %s, text of %s mention(s) and %s notification(s) older than %s day(s) blanked",
            done.workspace_id,
            done.mentions,
            done.notifications,
            done.days,
        )
    path = os.environ.get("AUDIT_CHECKPOINT_FILE")
    if path:
        from assistant.commands.audit import append_checkpoint

        line, report = append_checkpoint(db, path)
        if report.broken is not None:
            log.error(
                "audit chain BROKEN at event %s: %s; no checkpoint written",
                report.broken.event_id,
                report.broken.reason,
            )
        elif line:
            log.info("audit checkpoint appended to %s: %s", path, line)
    return now
