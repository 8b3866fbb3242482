"""`python -m assistant users add`: create members from the command line (the first admin)."""

from __future__ import annotations

import argparse
import getpass
import os

from sqlalchemy import select

from assistant.clock import utcnow
from assistant.config import database
from assistant.domain.roles import parse_roles
from assistant.errors import InvalidInput
from assistant.services.workspace import create_member
from assistant.storage.models import Workspace


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("users", help="members and sign-ins")
    sub = parser.add_subparsers(dest="users_command", required=True)
    add = sub.add_parser("add", help="add a member (creates the workspace if there is none)")
    add.add_argument("email")
    add.add_argument("--name", default="", help="display name")
    add.add_argument("--roles", default="admin", help="comma-separated: executive,delegate,reviewer,admin")
    add.add_argument("--workspace", default="My workspace", help="workspace name when creating the first one")
    add.add_argument(
        "--password-env",
        default="ASSISTANT_PASSWORD",
        help="environment variable holding the password (otherwise you are prompted)",
    )
    add.set_defaults(func=run_add)


def run_add(args: argparse.Namespace) -> int:
    try:
        roles = parse_roles(args.roles)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    password = os.environ.get(args.password_env) or getpass.getpass("password: ")
    with database().writing() as session:
        ws = session.scalars(select(Workspace).order_by(Workspace.id)).first()
        if ws is None:
            ws = Workspace(name=args.workspace, settings={}, created_at=utcnow())
            session.add(ws)
            session.flush()
        member = create_member(
            session,
            workspace_id=ws.id,
            email=args.email,
            display_name=args.name,
            roles=roles,
            password=password,
            by="system (command line)",
        )
        print(f"added {member.email} to {ws.name!r} with roles {args.roles}")
    return 0
