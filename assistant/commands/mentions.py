"""`python -m assistant mentions import FILE --account HANDLE_OR_ID [--format x-v2|twcs] [--strict]` and `sync`."""

from __future__ import annotations

import argparse
import sys

from assistant import bootstrap, config
from assistant.services.mentions import FORMATS, SyncProgress, import_file, sync_all

MAX_ERRORS_SHOWN = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("mentions", help="mentions of an executive's X account")
    sub = parser.add_subparsers(dest="mentions_command", required=True)
    imp = sub.add_parser("import", help="import X API v2 pages (.json/.jsonl) or a twcs CSV, all or nothing")
    imp.add_argument("file", help="the file to import")
    imp.add_argument("--account", required=True, help="the executive's X handle or numeric user id")
    imp.add_argument("--format", choices=FORMATS, help="default: from the file name (.csv = twcs) or its content")
    imp.add_argument("--strict", action="store_true", help="refuse the whole file at the first malformed row")
    imp.set_defaults(func=run_import)

    sync = subparsers.add_parser("sync", help="read new mentions and the accounts' own replies from X")
    sync.add_argument("--max-pages", type=int, default=10, help="pages per stream and run (default 10)")
    sync.set_defaults(func=run_sync)


def run_import(args: argparse.Namespace) -> int:
    outcome = import_file(config.database(), args.file, args.account, fmt=args.format, strict=args.strict)
    if outcome.created_executive:
        print(
            f"created executive {outcome.executive_id} for the new account {args.account!r} "
            "(set its time zone and business hours in Settings)"
        )
    print(
        f"imported {outcome.imported} new mention(s) of {args.account} from {args.file} ({outcome.format}): "
        f"{outcome.mentions_in_file} in the file, {outcome.answered_in_file} answered, "
        f"{outcome.mentions_in_file - outcome.imported} already present, "
        f"{outcome.responses_filled} answer(s) filled in; {outcome.seconds:.2f} s"
    )
    if outcome.errors:
        print(f"skipped {len(outcome.errors)} malformed row(s):", file=sys.stderr)
        for error in outcome.errors[:MAX_ERRORS_SHOWN]:
            print(f"  line {error.line}: {error.reason}", file=sys.stderr)
        if len(outcome.errors) > MAX_ERRORS_SHOWN:
            print(
                f"  ... and {len(outcome.errors) - MAX_ERRORS_SHOWN} more (use --strict to refuse the file)",
                file=sys.stderr,
            )
    return 0


def run_sync(args: argparse.Namespace) -> int:
    x = bootstrap.platform(config.settings_mapping())
    if not getattr(x, "can_read", False):
        print("X is not configured: set X_BEARER_TOKEN (or the four user tokens) to sync mentions.", file=sys.stderr)
        return 2

    def show(progress: SyncProgress) -> None:
        print(
            f"  executive {progress.executive_id} {progress.stream}: page {progress.page}, "
            f"{progress.posts} post(s) read, {progress.stored} stored"
        )

    outcomes = sync_all(config.database(), x, max_pages=args.max_pages, progress=show)
    if not outcomes:
        print("no executive has an X handle or user id; set one in Settings")
    for outcome in outcomes:
        print(f"executive {outcome.executive_id}: {outcome.summary()}")
    # 75 = EX_TEMPFAIL: cron and the worker can tell "try later" from a failure.
    return 75 if any(o.rate_limited for o in outcomes) else 0
