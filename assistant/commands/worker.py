"""`python -m assistant publish-due` (one pass, for cron) and `python -m assistant worker` (a loop:
publish, recover replies, sync mentions, then notify members of what waits; see commands/notify.py).

Both are safe to run in several processes at once: claims are conditional updates in the
shared database, and a post is written `publishing` before X is called.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import asdict

from assistant import bootstrap
from assistant.commands.notify import describe as describe_notifications
from assistant.commands.notify import notify_once
from assistant.commands.privacy import housekeeping
from assistant.config import database, settings_mapping
from assistant.errors import AssistantError
from assistant.ports import Platform
from assistant.services.mentions import sync_all
from assistant.services.publishing import PublishReport, publish_due
from assistant.services.replies import recover_stuck_replies, send_due_replies
from assistant.storage.db import Database

log = logging.getLogger("assistant.worker")


def register(subparsers: argparse._SubParsersAction) -> None:
    once = subparsers.add_parser("publish-due", help="publish the posts that are due, once (for cron)")
    once.add_argument("--json", action="store_true", help="print the pass as JSON")
    once.set_defaults(func=run_publish_due)
    loop = subparsers.add_parser("worker", help="loop: publish due posts, expire overdue ones, sync mentions, notify")
    loop.add_argument("--interval", type=float, default=60.0, help="seconds between passes (default 60)")
    loop.add_argument("--passes", type=int, default=0, help="stop after this many passes (0: run until stopped)")
    loop.set_defaults(func=run_worker)


def _describe(report: PublishReport, mode: str) -> str:
    label = "DRY RUN (no X credentials: nothing is sent to X)" if mode == "dry-run" else mode
    parts = [
        f"{name} {len(ids)}" + (f" {ids}" if ids else "")
        for name, ids in (
            ("published", report.published),
            ("reconciled", report.reconciled),
            ("failed", report.failed),
            ("recovered", report.recovered),
            ("expired", report.expired),
        )
    ]
    return f"publisher [{label}]: " + ", ".join(parts)


def run_publish_due(args: argparse.Namespace) -> int:
    settings = dict(settings_mapping())
    report, mode = publish_due(database(), bootstrap.platform(settings)), bootstrap.publisher_mode(settings)
    if args.json:
        print(json.dumps({**asdict(report), "mode": mode}))
    else:
        print(_describe(report, mode))
    return 1 if report.failed else 0


def deliver_due(db: Database, x: Platform, mode: str, *, limit: int = 50) -> int:
    """Publish the due posts and send the due replies (approved and not started, retries, stuck past the
    lease) until none is left; several workers share them (SKIP LOCKED). Returns how many were taken."""
    taken = 0
    while True:
        report = publish_due(db, x, limit=limit)
        log.info(_describe(report, mode))
        # Replies left `sending` by a crash: found on the timeline, or sent once more.
        recovered = recover_stuck_replies(db, x, limit=limit)
        if recovered:
            log.info("replies recovered after an interrupted send: %s", recovered)
        replies = recovered + send_due_replies(db, x, limit=limit)
        if len(replies) > len(recovered):
            log.info("replies sent or retried: %s", replies[len(recovered) :])
        posts = len(report.published) + len(report.reconciled) + len(report.failed)
        taken += posts + len(replies)
        if posts < limit and len(replies) < limit:
            return taken


def run_worker(args: argparse.Namespace, sleep: Callable[[float], None] = time.sleep) -> int:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"), format="%(asctime)s %(name)s %(message)s")
    db, settings = database(), dict(settings_mapping())
    x, mode = bootstrap.platform(settings), bootstrap.publisher_mode(settings)
    sync = sync_all if getattr(x, "can_read", False) else None
    if sync is None:
        log.info("mentions are not synced by this worker (X is not readable with these settings)")
    done = 0
    housekept = None  # once a day: mention-text retention and the audit checkpoint (commands/privacy.py)
    while True:
        try:
            deliver_due(db, x, mode)
            if sync is not None:
                sync(db, x)
            housekept = housekeeping(db, housekept)
            # Last: what the steps above changed (a failed publish) is in this pass's e-mails.
            notified, smtp = notify_once(settings)
            if notified.items_sent or notified.failed or notified.held:
                log.info(describe_notifications(notified, smtp))
        except AssistantError as exc:  # keep looping: the next pass may succeed (X or the database back)
            log.error("worker pass failed: %s", exc)
        done += 1
        if args.passes and done >= args.passes:
            return 0
        sleep(max(1.0, args.interval))
