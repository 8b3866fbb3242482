"""`python -m assistant ...`: the stable command-line contract of DESIGN.md.

Each sub-command lives in `assistant/commands/<name>.py` and exposes
`register(subparsers)`; the parser it adds sets `func(args) -> int` (the exit code).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from assistant.errors import AssistantError

# Modules under assistant.commands that add sub-commands, in help order.
COMMAND_MODULES = (
    "check",
    "mentions",
    "report",
    "demo",
    "db",
    "users",
    "audit",
    "backup",
    "privacy",
    "worker",
    "notify",
)
# Which module defines each top-level command: running one imports only its module, so
# `check --jsonl` in a pipeline does not pay for the database layer at start-up.
COMMAND_OWNERS = {
    "check": "check",
    "mentions": "mentions",
    "sync": "mentions",
    "report": "report",
    "demo": "demo",
    "db": "db",
    "users": "users",
    "audit": "audit",
    "backup": "backup",
    "restore": "backup",
    "privacy": "privacy",
    "publish-due": "worker",
    "worker": "worker",
    "notify": "notify",
}


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True)
    first = next((a for a in (argv or []) if not a.startswith("-")), None)
    modules = (COMMAND_OWNERS[first],) if first in COMMAND_OWNERS else COMMAND_MODULES
    for name in modules:
        importlib.import_module(f"assistant.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from assistant.config import load_env_file

    load_env_file()
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
