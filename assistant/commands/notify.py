"""`python -m assistant notify`: one notification pass (for cron); the worker runs the same pass in its loop.

Safe in several processes at once: every item is claimed with a conditional update before it is sent.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from assistant import bootstrap
from assistant.config import database, settings_mapping
from assistant.services.notifications import NotifyReport, run_notifications


def register(subparsers: argparse._SubParsersAction) -> None:
    once = subparsers.add_parser(
        "notify", help="e-mail each member what waits for them, and post to workspace webhooks, once (for cron)"
    )
    once.add_argument("--json", action="store_true", help="print the pass as JSON")
    once.set_defaults(func=run_notify)


def describe(report: NotifyReport, smtp: bool) -> str:
    mail = f"e-mails {len(report.emails)}" if smtp else "e-mail off (SMTP_URL is not set)"
    parts = [mail, f"webhook messages {report.webhooks}", f"items {report.items_sent}"]
    if report.held:
        parts.append(f"held for quiet hours {len(report.held)}")
    if report.failed:
        parts.append(f"failed {len(report.failed)}: " + "; ".join(report.failed))
    return "notifications: " + ", ".join(parts)


def notify_once(settings: dict[str, str]) -> tuple[NotifyReport, bool]:
    n = bootstrap.notifier(settings)
    return run_notifications(database(), n.mailer, n.webhook, app_url=n.app_url), n.mailer is not None


def run_notify(args: argparse.Namespace) -> int:
    report, smtp = notify_once(dict(settings_mapping()))
    if args.json:
        print(json.dumps({**asdict(report), "smtp": smtp}))
    else:
        print(describe(report, smtp))
    return 1 if report.failed else 0
