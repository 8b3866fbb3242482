"""`python -m assistant report response-times --account HANDLE_OR_ID --json [--business-hours ...]`."""

from __future__ import annotations

import argparse
import json

from assistant import config
from assistant.services.response_times import SUMMARY_KEYS, account_report


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("report", help="reports")
    sub = parser.add_subparsers(dest="report_command", required=True)
    times = sub.add_parser("response-times", help="how fast mentions are answered (whole history)")
    times.add_argument("--account", required=True, help="the executive's X handle or numeric user id")
    times.add_argument("--json", action="store_true", help="the DESIGN.md JSON object on one line")
    times.add_argument("--full", action="store_true", help="with --json: add by_responder, by_sla_class, by_week")
    times.add_argument(
        "--business-hours", action="store_true", help="count only business hours (the executive's, unless given below)"
    )
    times.add_argument("--timezone", help="IANA time zone, e.g. Europe/Paris (implies --business-hours)")
    times.add_argument("--hours", help="HH:MM-HH:MM, e.g. 09:00-17:30 (implies --business-hours)")
    times.add_argument("--days", help="e.g. mon-fri or mon,wed,fri (implies --business-hours)")
    times.set_defaults(func=run_response_times)


def run_response_times(args: argparse.Namespace) -> int:
    business = args.business_hours or any((args.timezone, args.hours, args.days))
    _, report = account_report(
        config.database(), args.account, business=business, timezone=args.timezone, hours=args.hours, days=args.days
    )
    if args.json:
        out = report if args.full else {key: report[key] for key in SUMMARY_KEYS}
        print(json.dumps(out))
        return 0
    rate = "n/a" if report["response_rate"] is None else f"{report['response_rate'] * 100:.1f}%"
    print(
        f"{args.account}: {report['mentions']} mention(s), {report['answered']} answered ({rate}), "
        f"{report['unanswered']} unanswered; median {report['median_minutes']} min, "
        f"p90 {report['p90_minutes']} min ({report['clock']} clock)"
    )
    return 0
