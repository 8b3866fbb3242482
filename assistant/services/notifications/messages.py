"""The words of a notification: one e-mail per member per pass, one webhook message per workspace.

Written in the current language: delivery sets the recipient's (`members.language`) around them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from assistant.domain.notifications import KIND_NAMES, KINDS
from assistant.formatting import when, zone_label
from assistant.i18n import N_, _, n_

PRODUCT = N_("Executive assistant")
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


def _kind_count(kind: str, count: int) -> str:
    return _("{kind} {count}", kind=_(KIND_NAMES[kind]).lower(), count=count)


def subject(items: Sequence[Item]) -> str:
    """In the current language: the caller sets the recipient's (`i18n.using(member.language)`)."""
    parts = ", ".join(_kind_count(kind, len(group)) for kind, group in _grouped(items))
    count = len(items)
    return n_(
        "[{product}] {count} new item for you: {parts}",
        "[{product}] {count} new items for you: {parts}",
        count,
        product=_(PRODUCT),
        parts=parts,
    )


def email_body(name: str, workspace: str, items: Sequence[Item], tz: str, app_url: str, now: datetime) -> str:
    count = len(items)
    lines = [
        _("Hello {name},", name=name),
        "",
        n_(
            "{count} new item waits for you in {workspace} (times in {zone}):",
            "{count} new items wait for you in {workspace} (times in {zone}):",
            count,
            workspace=workspace,
            zone=zone_label(tz, now),
        ),
    ]
    for kind, group in _grouped(items):
        lines += ["", f"{_(KINDS[kind])} ({len(group)})"]
        for item in group[:MAX_PER_KIND]:
            lines.append(f"  - {item.summary}")
            lines.append("    " + _("since {when}", when=when(item.occurred_at, tz)) + f" · {_url(app_url, item.link)}")
        if len(group) > MAX_PER_KIND:
            lines.append("  " + _("… and {count} more on the page", count=len(group) - MAX_PER_KIND))
    lines += [
        "",
        _("Choose what you receive and your quiet hours: {url}", url=_url(app_url, "/account")),
        "",
        "— " + _("{product} (an automatic message: replies are not read)", product=_(PRODUCT)),
    ]
    return "\n".join(lines) + "\n"


def slack_escaped(text: str) -> str:
    """Slack reads `<!channel>` and `<url|label>` in a message: quoted text must not ping or link anyone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webhook_text(workspace: str, items: Sequence[Item], tz: str, app_url: str) -> str:
    count = len(items)
    lines = [
        n_(
            "{count} new item waiting in {workspace}:",
            "{count} new items waiting in {workspace}:",
            count,
            workspace=slack_escaped(workspace),
        )
    ]
    for kind, group in _grouped(items):
        lines.append(f"*{_(KINDS[kind])}* ({len(group)})")
        for item in group[:MAX_PER_KIND]:
            summary = slack_escaped(item.summary)
            since = _("since {when}", when=when(item.occurred_at, tz))
            lines.append(f"• {summary} · {since} · {_url(app_url, item.link)}")
        if len(group) > MAX_PER_KIND:
            lines.append(_("… and {count} more", count=len(group) - MAX_PER_KIND))
    return "\n".join(lines)
