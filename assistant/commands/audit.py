"""`python -m assistant audit verify [--expect-head HASH] [--checkpoints FILE]` and `audit checkpoint`.

`verify` walks the hash chain, prints the head hash and exits 0 when intact, 1 naming the first broken
event. A hash kept outside the database proves more than the database can about itself: `--expect-head`
(the head must be exactly this: no event cut, no chain rebuilt) and `--checkpoints FILE` (every line's
hash must be found at its event). `audit checkpoint` (for cron; the worker does it daily when
AUDIT_CHECKPOINT_FILE is set) verifies, then prints the line '<time> <event id> <hash>' and appends it
to the file.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from assistant.config import database
from assistant.domain.audit_chain import parse_checkpoints
from assistant.errors import InvalidInput
from assistant.services.audit import ChainReport, make_checkpoint, verify_report
from assistant.storage.db import Database

CHECKPOINT_ENV = "AUDIT_CHECKPOINT_FILE"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("audit", help="the audit trail")
    sub = parser.add_subparsers(dest="audit_command", required=True)
    check = sub.add_parser("verify", help="exit 0 when the chain is intact, 1 naming the first broken event")
    check.add_argument("--expect-head", metavar="HASH", help="the head hash kept outside the database")
    check.add_argument(
        "--checkpoints", metavar="FILE", help="lines '<time> <event id> <hash>' (from `audit checkpoint`)"
    )
    check.set_defaults(func=run_verify)
    point = sub.add_parser("checkpoint", help="verify, then print and append '<time> <event id> <head hash>'")
    point.add_argument("--file", help=f"the file to append to (default: ${CHECKPOINT_ENV}; none: print only)")
    point.set_defaults(func=run_checkpoint)


def _head_line(report: ChainReport) -> str:
    if report.last_event_id is None:
        return "head: none (no event recorded yet)"
    return f"head: {report.head} (event {report.last_event_id})"


def run_verify(args: argparse.Namespace) -> int:
    points = []
    if args.checkpoints:
        try:
            points = parse_checkpoints(Path(args.checkpoints).read_text(encoding="utf-8"))
        except OSError as exc:
            raise InvalidInput(f"cannot read the checkpoints file {args.checkpoints}: {exc.strerror}") from None
        except ValueError as exc:
            raise InvalidInput(f"{args.checkpoints}: {exc}") from None
    report = verify_report(database(), expect_head=args.expect_head, checkpoints=points)
    if report.broken is None:
        extra = f"; {report.erased} erased by a recorded erasure" if report.erased else ""
        print(f"audit chain intact: {report.count} event(s) verified{extra}")
        print(_head_line(report))
        if args.expect_head:
            print("head matches the expected hash")
        if points:
            print(f"{len(points)} checkpoint(s) found on the chain")
        return 0
    where = f" at event {report.broken.event_id}" if report.broken.event_id else ""
    print(f"audit chain BROKEN{where}: {report.broken.reason}")
    print(f"{report.count} event(s) read; {_head_line(report)}")
    return 1


def append_checkpoint(db: Database, path: str | os.PathLike[str] | None) -> tuple[str | None, ChainReport]:
    """Verify, then append the checkpoint line to `path` (if any); returns (line or None, report)."""
    point, report = make_checkpoint(db)
    if point is None:
        return None, report
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(point.line() + "\n")
    return point.line(), report


def run_checkpoint(args: argparse.Namespace) -> int:
    line, report = append_checkpoint(database(), args.file or os.environ.get(CHECKPOINT_ENV) or None)
    if report.broken is not None:
        print(f"no checkpoint: the chain is BROKEN at event {report.broken.event_id}: {report.broken.reason}")
        return 1
    if line is None:
        print("no checkpoint: the audit log has no event yet", file=sys.stderr)
        return 0
    print(line)
    return 0
