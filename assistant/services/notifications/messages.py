"""The words of a notification: one e-mail per member per pass, one webhook message per workspace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from assistant.domain.notifications import KIND_NAMES, KINDS
from assistant.formatting import when, zone_label

PRODUCT = "Executive assistant"
MAX_PER_KIND = 20  # beyond this a kind says "and N more": the page has the full list


@dataclass(frozen=True)
class Item:
    kind: str
    summary: str
    link: str
    occurred_at: datetime


def _url(app_url: str, link: str) -> str:
    return app_url.rstrip("/") + link


def _grouped(items: Sequence[Item]) -> list[tuple[str, list[Item]]]:
    return [(kind, [i for i in items if i.kind == kind]) for kind in KINDS if any(i.kind == kind for i in items)]


def subject(items: Sequence[Item]) -> str:
    parts = ", ".join(f"{KIND_NAMES[kind].lower()} {len(group)}" for kind, group in _grouped(items))
    count = len(items)
    return f"[{PRODUCT}] {count} new item{'s' if count != 1 else ''} for you: {parts}"


def email_body(name: str, workspace: str, items: Sequence[Item], tz: str, app_url: str, now: datetime) -> str:
    count = len(items)
    lines = [
        f"Hello {name},",
        "",
        f"{count} new item{'s' if count != 1 else ''} wait{'s' if count == 1 else ''} for you in {workspace}"
        f" (times in {zone_label(tz, now)}):",
    ]
    for kind, group in _grouped(items):
        lines += ["", f"{KINDS[kind]} ({len(group)})"]
        for item in group[:MAX_PER_KIND]:
            lines.append(f"  - {item.summary}")
            lines.append(f"    since {when(item.occurred_at, tz)} · {_url(app_url, item.link)}")
        if len(group) > MAX_PER_KIND:
            lines.append(f"  … and {len(group) - MAX_PER_KIND} more on the page")
    lines += [
        "",
        f"Choose what you receive and your quiet hours: {_url(app_url, '/account')}",
        "",
        f"— {PRODUCT} (an automatic message: replies are not read)",
    ]
    return "\n".join(lines) + "\n"


def slack_escaped(text: str) -> str:
    """Slack reads `<!channel>` and `<url|label>` in a message: quoted text must not ping or link anyone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webhook_text(workspace: str, items: Sequence[Item], tz: str, app_url: str) -> str:
    count = len(items)
    lines = [f"{count} new item{'s' if count != 1 else ''} waiting in {slack_escaped(workspace)}:"]
    for kind, group in _grouped(items):
        lines.append(f"*{KINDS[kind]}* ({len(group)})")
        for item in group[:MAX_PER_KIND]:
            summary = slack_escaped(item.summary)
            lines.append(f"• {summary} · since {when(item.occurred_at, tz)} · {_url(app_url, item.link)}")
        if len(group) > MAX_PER_KIND:
            lines.append(f"… and {len(group) - MAX_PER_KIND} more")
    return "\n".join(lines)
