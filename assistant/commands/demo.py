"""`python -m assistant demo seed`: the demo workspace the run command shows."""

from __future__ import annotations

import argparse

from assistant import demo
from assistant.config import database


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("demo", help="demo workspace")
    sub = parser.add_subparsers(dest="demo_command", required=True)
    seed = sub.add_parser("seed", help="create the demo workspace when the database has none")
    seed.add_argument("--mentions", type=int, default=200, help="how many mentions to create (default 200)")
    seed.set_defaults(func=run_seed)


def run_seed(args: argparse.Namespace) -> int:
    created = demo.seed(database(), mentions=args.mentions)
    print("demo workspace created" if created else "a workspace already exists: nothing seeded")
    print("demo sign-ins:")
    for user in demo.DEMO_USERS:
        roles = ",".join(sorted(r.value for r in user.roles))
        print(f"  {user.email:28} password {user.password:18} ({roles})")
    return 0
