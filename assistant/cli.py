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
COMMAND_MODULES = ("check", "mentions", "report", "demo", "db", "users", "audit", "worker")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"assistant.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"assistant.commands.{name}":
                raise
            continue  # not built yet
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
