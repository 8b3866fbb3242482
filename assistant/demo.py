"""The demo workspace the run command shows on first start: a living product at once.

Deterministic (seeded random) but anchored on the current time, so mentions and replies
always look like "the last few weeks".
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Role
from assistant.services.audit import record_event
from assistant.services.workspace import create_member
from assistant.storage.db import Database
from assistant.storage.models import Executive, Mention, Post, PostVersion, Reply, Workspace

WORKSPACE_NAME = "Lumen Grid (demo)"
SEEDER = "system (demo seed)"


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    roles: frozenset[Role]
    password: str


DEMO_USERS = (
    DemoUser("maya@lumengrid.example", "Maya Okafor", frozenset({Role.EXECUTIVE}), "executive-demo-1"),
    DemoUser("sam@lumengrid.example", "Sam Patel", frozenset({Role.DELEGATE}), "delegate-demo-1"),
    DemoUser("riley@lumengrid.example", "Riley Chen", frozenset({Role.REVIEWER}), "reviewer-demo-1"),
    DemoUser("admin@lumengrid.example", "Ada Admin", frozenset({Role.ADMIN}), "admin-demo-12"),
)

PAST_POSTS = [
    "Spent the morning on the factory floor in Dayton. The team cut cell rework by a third this quarter, "
    "and nobody asked me for permission to try. That's the culture I want.",
    "Honest answer to a question I got at dinner: no, batteries alone won't fix the grid. Storage plus "
    "smarter demand will. We're building one half of that.",
    "Reading every reply this week. A few of you asked why our install times slipped. Short version: we "
    "underestimated permitting. We're fixing it, and I'll share what changed.",
    "Our apprentices graduated today. Twelve people who had never wired a substation now can. Proudest "
    "thing I've signed this year.",
    "I was wrong about remote commissioning. It works, it's safer, and our field crews told me so "
    "months before I listened.",
    "Three things I look for when hiring engineers: curiosity, a bias to ship, and kindness under pressure.",
    "Quick thank you to the utility partners who picked up the phone at 2am during last week's storm.",
    "If you're a student thinking about energy: learn the boring parts. Interconnection queues decide "
    "more than chemistry does.",
]

VOICE_RULES = {
    "do": ["say what we learned", "name people and places", "answer the question asked"],
    "dont": ["announce numbers before the earnings release", "talk about competitors"],
    "never_words": ["synergy", "leverage", "game-changer", "best-in-class"],
    "sign_off": "",
}

_AUTHORS = [
    ("gridwatcher", "Priya N.", 1840, "default"),
    ("ev_dad_ohio", "Tom Becker", 312, "complaint"),
    ("energyreporter", "Dana Ruiz (Energy Daily)", 48200, "press"),
    ("cleantechcap", "Marc Olsen", 9100, "investor"),
    ("solarsue", "Sue Park", 2210, "default"),
    ("utilityops", "Kofi Mensah", 5400, "vip"),
    ("homeowner_jen", "Jen Walsh", 145, "complaint"),
    ("battery_nerd", "Ola Svensson", 7600, "default"),
    ("techcrunchy", "Lee Moreno (Tech Weekly)", 120000, "press"),
    ("pm_anika", "Anika Roy", 980, "default"),
    ("installer_joe", "Joe Alvarez", 430, "default"),
    ("fund_alpha", "Alpha Partners", 15300, "investor"),
    ("mayor_dayton", "City of Dayton", 34000, "vip"),
    ("student_eng", "Ravi K.", 88, "default"),
    ("angry_outage", "Bill Kerr", 61, "complaint"),
    ("climate_hannah", "Hannah Obi", 12800, "default"),
]

_TEXTS = {
    "default": [
        "@mayaokafor loved the thread on interconnection queues. Any reading you'd recommend?",
        "@mayaokafor what's the best way for a new grad to get into grid storage?",
        "@mayaokafor congrats to the apprentices! Is the program open to people outside Ohio?",
        "@mayaokafor do your home batteries work with older solar inverters?",
        "@mayaokafor great talk at the conference today, the part about permitting hit home.",
    ],
    "complaint": [
        "@mayaokafor my install was scheduled three weeks ago and nobody has called me back. What's going on?",
        "@mayaokafor the app says my battery is offline again. Second time this month.",
        "@mayaokafor support closed my ticket without fixing anything. Really disappointed.",
    ],
    "press": [
        "@mayaokafor reporter here, working on a piece about storage and winter storms. Could you comment by 5pm?",
        "@mayaokafor are you planning layoffs at the Dayton plant? We're hearing rumours.",
    ],
    "investor": [
        "@mayaokafor any update on Q3 deliveries? Asking for the fund.",
        "@mayaokafor is the new Texas site still on track for next year?",
    ],
    "vip": [
        "@mayaokafor thanks for the storm support last week. Can we set up a call about next winter?",
        "@mayaokafor the city would love to feature your apprentices at our job fair.",
    ],
}


def _business_delay(rng: random.Random, posted: datetime) -> timedelta:
    """Mostly quick answers in working hours, slower at night and on weekends."""
    minutes = rng.lognormvariate(4.0, 0.9)  # median ~55 minutes
    if posted.weekday() >= 5 or not 13 <= posted.hour < 23:  # outside 9-18 New York, roughly
        minutes += rng.uniform(240, 900)
    return timedelta(minutes=minutes)


def seed(db: Database, *, now: datetime | None = None, mentions: int = 200) -> bool:
    """Create the demo workspace unless a workspace already exists. True when it seeded."""
    now = now or utcnow()
    with db.writing() as session:
        if session.scalar(select(func.count()).select_from(Workspace)):
            return False
        ws = Workspace(name=WORKSPACE_NAME, settings={}, created_at=now - timedelta(days=60))
        session.add(ws)
        session.flush()
        members = {
            u.email: create_member(
                session,
                workspace_id=ws.id,
                email=u.email,
                display_name=u.name,
                roles=u.roles,
                password=u.password,
                by=SEEDER,
            )
            for u in DEMO_USERS
        }
        maya, sam, riley, _ = (members[u.email] for u in DEMO_USERS)
        executive = Executive(
            workspace_id=ws.id,
            member_id=maya.id,
            name="Maya Okafor",
            x_handle="mayaokafor",
            x_user_id="1500000000000000001",
            timezone="America/New_York",
            business_days="mon-fri",
            business_hours="09:00-18:00",
            holidays=["2026-11-26", "2026-12-25", "2027-01-01"],
            voice_profile={"past_posts": PAST_POSTS, "rules": VOICE_RULES},
        )
        session.add(executive)
        session.flush()
        _seed_posts(session, ws.id, executive.id, maya.id, sam.id, riley.id, now)
        count = _seed_mentions(session, ws.id, executive.id, maya.id, sam.id, now, mentions)
        record_event(
            session,
            actor_id=None,
            actor_label=SEEDER,
            workspace_id=ws.id,
            action=AuditAction.DEMO_SEEDED,
            entity_type="workspace",
            entity_id=ws.id,
            after={"mentions": count, "members": len(members)},
        )
    return True


_POSTS = [
    (
        "published",
        9,
        "Spent Friday with our Dayton night shift. They found a way to cut cell rework without "
        "anyone asking. I'm still thinking about how we make that the normal way we work.",
    ),
    (
        "published",
        4,
        "A few of you asked why installs slipped in October. We underestimated permitting in two "
        "counties. We've added a permitting lead per region; wait times are already shorter.",
    ),
    (
        "scheduled",
        -2,
        "Next week I'm visiting three of our utility partners in Texas. If you run a co-op and "
        "want to talk storage over bad coffee, my DMs are open.",
    ),
    (
        "approved",
        0,
        "What I learned from our apprentices this year: the best safety ideas come from people "
        "in their first month, before they learn what 'we don't do here'.",
    ),
    (
        "in_review",
        0,
        "Our home battery now works with most older solar inverters. Thank you to everyone who "
        "sent us their model numbers, all 4,000 of you.",
    ),
    ("changes_requested", 0, "We will absolutely be the #1 storage company in America by next year. Guaranteed."),
    ("draft", 0, "Thinking about writing down how we run our Monday reviews. Would that be useful to anyone?"),
    ("rejected", 0, "Our competitors' batteries catch fire. Ours don't. Choose wisely."),
]


def _seed_posts(session: Session, ws_id: int, exec_id: int, maya: int, sam: int, riley: int, now: datetime) -> None:
    for i, (state, days, text) in enumerate(_POSTS):
        created = now - timedelta(days=max(days, 0) + 2, hours=i)
        post = Post(
            workspace_id=ws_id,
            executive_id=exec_id,
            platform="linkedin" if i % 3 == 1 else "x",
            state=state,
            title=text[:60],
            created_by_id=maya if i % 2 == 0 else sam,
            created_at=created,
            updated_at=created + timedelta(hours=3),
        )
        if state == "published":
            post.published_at = now - timedelta(days=days)
            post.x_post_id = f"18{i:017d}"
        if state == "scheduled":
            post.scheduled_at = now + timedelta(days=-days, hours=2)
        session.add(post)
        session.flush()
        session.add(
            PostVersion(
                post_id=post.id,
                number=1,
                text=text,
                author_id=post.created_by_id,
                authorship="executive" if post.created_by_id == maya else "delegate",
                findings=[],
                created_at=created,
            )
        )
        record_event(
            session,
            actor_id=None,
            actor_label=SEEDER,
            workspace_id=ws_id,
            action=AuditAction.POST_SEEDED,
            entity_type="post",
            entity_id=post.id,
            after={"state": state},
        )


def _seed_mentions(session: Session, ws_id: int, exec_id: int, maya: int, sam: int, now: datetime, n: int) -> int:
    rng = random.Random(20261124)
    rows = []
    for i in range(n):
        handle, name, followers, sla = rng.choice(_AUTHORS)
        # Spread over 28 days, denser recently; the newest few stay open in the inbox.
        posted = now - timedelta(minutes=rng.triangular(5, 28 * 24 * 60, 60) if i >= 12 else rng.uniform(5, 600))
        mention = Mention(
            workspace_id=ws_id,
            executive_id=exec_id,
            x_post_id=str(1_900_000_000_000_000_000 + i),
            author_id=str(zlib.crc32(handle.encode())),
            author_handle=handle,
            author_name=name,
            author_followers=followers,
            author_verified=followers > 10_000,
            text=rng.choice(_TEXTS[sla]),
            posted_at=posted,
            source="demo",
            state="new",
            sla_class=sla,
        )
        answered_at = posted + _business_delay(rng, posted)
        if i >= 12 and answered_at < now and rng.random() < 0.86:
            who = rng.choices(["executive", "delegate", "outside"], weights=[3, 5, 2])[0]
            mention.state = "replied"
            mention.responded_at = answered_at
            mention.responder_kind = who
            mention.responder_member_id = {"executive": maya, "delegate": sam}.get(who)
            mention.response_x_id = str(1_950_000_000_000_000_000 + i)
        elif i < 12 and i % 4 == 0:
            mention.state = "claimed"
            mention.claimed_by_id = sam
            mention.claim_expires_at = now + timedelta(minutes=20)
        rows.append(mention)
    session.add_all(rows)
    session.flush()
    for m in rows:
        if m.responder_kind in ("executive", "delegate"):
            writer = maya if m.responder_kind == "executive" else sam
            session.add(
                Reply(
                    mention_id=m.id,
                    executive_id=exec_id,
                    state="sent",
                    text=_reply_text(m, rng, m.responder_kind == "delegate"),
                    authorship=m.responder_kind,
                    written_by_id=writer,
                    sent_by_id=writer,
                    approved_by_id=maya if m.sla_class in ("press", "investor") and writer != maya else None,
                    findings=[],
                    x_post_id=m.response_x_id,
                    created_at=m.responded_at,
                    updated_at=m.responded_at,
                    sent_at=m.responded_at,
                )
            )
    return len(rows)


_REPLIES = [
    "Thanks for asking. Short answer: yes, and I'll share more soon.",
    "Sorry about this. Our team is on it and will DM you today.",
    "Appreciate you saying so. I'll pass it on to the crew who did the work.",
    "Good question. The honest answer is we're still learning; I'll post what we find.",
]


def _reply_text(m: Mention, rng: random.Random, by_delegate: bool) -> str:
    text = f"@{m.author_handle} {rng.choice(_REPLIES)}"
    return text + " ^SP" if by_delegate else text
