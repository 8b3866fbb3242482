"""`python -m assistant audit verify`: check the hash chain of the audit log."""

from __future__ import annotations

import argparse

from assistant.config import database
from assistant.services.audit import verify


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("audit", help="the audit trail")
    sub = parser.add_subparsers(dest="audit_command", required=True)
    check = sub.add_parser("verify", help="exit 0 when the chain is intact, 1 naming the first broken event")
    check.set_defaults(func=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    count, broken = verify(database())
    if broken is None:
        print(f"audit chain intact: {count} event(s) verified")
        return 0
    print(f"audit chain BROKEN at event {broken.event_id}: {broken.reason}")
    return 1
