"""The demo workspace the run command shows on first start: a living product at once.

Deterministic (seeded random) but anchored on the current time, so mentions and replies
always look like "the last few weeks".
"""

from __future__ import annotations

import math
import random
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assistant.checklist import check_text
from assistant.clock import utcnow
from assistant.domain.audit_actions import AuditAction
from assistant.domain.roles import Role
from assistant.services.audit import record_event
from assistant.services.posts import items_for
from assistant.services.workspace import checklist_config, create_member
from assistant.storage.db import Database
from assistant.storage.models import Attestation, Executive, Mention, Post, PostVersion, Reply, Review, Workspace

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


TIMEZONE = "America/New_York"
OPEN, CLOSE = 9, 18  # the demo executive's business hours, local time
HOLIDAYS = ("2026-11-26", "2026-12-25", "2027-01-01")
# When people post, by local hour: mostly the working day, a little in the evening, almost nothing at night.
_ARRIVAL_WEIGHTS = (1, 1, 0, 0, 0, 1, 2, 4, 8, 12, 12, 11, 10, 11, 12, 11, 10, 8, 5, 4, 3, 3, 2, 1)
# Answers by class: press, investors and VIPs get an answer sooner (median minutes in working hours).
_MEDIAN_MINUTES = {"press": 22, "investor": 30, "vip": 25, "complaint": 35, "default": 45}


def _is_business(local: datetime) -> bool:
    return local.weekday() < 5 and local.date().isoformat() not in HOLIDAYS and OPEN <= local.hour < CLOSE


def _next_opening(local: datetime) -> datetime:
    """The next moment the team is at work (local time), from `local` on."""
    day = local
    if day.hour >= OPEN:
        day += timedelta(days=1)
    day = day.replace(hour=OPEN, minute=0, second=0, microsecond=0)
    while day.weekday() >= 5 or day.date().isoformat() in HOLIDAYS:
        day += timedelta(days=1)
    return day


def _arrival(rng: random.Random, now: datetime) -> datetime:
    """A moment in the last eight weeks (so a month compares with the one before), denser recently,
    mostly on working days in working hours."""
    zone = ZoneInfo(TIMEZONE)
    today = now.astimezone(zone).date()
    while True:
        day = today - timedelta(days=int(rng.triangular(0, 56, 0)))
        if day.weekday() >= 5 and rng.random() < 0.6:  # quieter weekends
            continue
        hour = rng.choices(range(24), weights=_ARRIVAL_WEIGHTS)[0]
        local = datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=zone)
        posted = local.astimezone(UTC)
        if posted < now - timedelta(minutes=10):
            return posted


def _answer_delay(rng: random.Random, posted: datetime, sla_class: str) -> timedelta:
    """A real team: quick answers in working hours; out of hours, some tonight, the rest next morning."""
    local = posted.astimezone(ZoneInfo(TIMEZONE))
    quick = rng.lognormvariate(math.log(_MEDIAN_MINUTES.get(sla_class, 45)), 0.8)
    if _is_business(local) or rng.random() < 0.3:  # in hours, or the executive answers from the phone
        return timedelta(minutes=quick)
    return _next_opening(local) - local + timedelta(minutes=quick)


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
            timezone=TIMEZONE,
            business_days="mon-fri",
            business_hours=f"{OPEN:02d}:00-{CLOSE:02d}:00",
            holidays=list(HOLIDAYS),
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


# What the reviewer said, for the posts a review decided against (the author sees it in Compose).
_REVIEW_COMMENTS = {
    "changes_requested": "We can't prove '#1' or promise it: say what we are doing and let the numbers follow.",
    "rejected": "We never talk about competitors, and this reads as an attack. Let's not post it.",
}
# States a reviewer approved: they carry the approval (and the signed items) the publisher checks.
_APPROVED_STATES = ("approved", "scheduled", "published")


def _seed_posts(session: Session, ws_id: int, exec_id: int, maya: int, sam: int, riley: int, now: datetime) -> None:
    """Each post carries what its state implies, by the same rules as the product: a version with the
    workspace checklist's findings, the reviewer's signed items and approval where it was approved,
    the reviewer's comment where it was sent back or rejected."""
    config = checklist_config(session, ws_id)
    items = items_for(session, ws_id)
    for i, (state, days, text) in enumerate(_POSTS):
        created = now - timedelta(days=max(days, 0) + 2, hours=i)
        reviewed = created + timedelta(hours=3)
        post = Post(
            workspace_id=ws_id,
            executive_id=exec_id,
            platform="linkedin" if i % 3 == 1 else "x",
            state=state,
            title=text[:60],
            created_by_id=maya if i % 2 == 0 else sam,
            created_at=created,
            updated_at=reviewed if state != "draft" else created,
        )
        if state == "published":
            post.published_at = now - timedelta(days=days)
            post.x_post_id = f"18{i:017d}"
        if state == "scheduled":
            post.scheduled_at = now + timedelta(days=-days, hours=2)
        session.add(post)
        session.flush()
        result = check_text(text, post.platform, config, at=post.scheduled_at)
        version = PostVersion(
            post_id=post.id,
            number=1,
            text=text,
            author_id=post.created_by_id,
            authorship="executive" if post.created_by_id == maya else "delegate",
            verdict=result.verdict,
            findings=[f.to_dict() for f in result.findings],
            created_at=created,
        )
        session.add(version)
        session.flush()
        if state in _APPROVED_STATES:
            session.add_all(
                Attestation(version_id=version.id, item_key=item.key, signed_by_id=riley, signed_at=reviewed)
                for item in items
            )
            session.add(
                Review(
                    post_id=post.id,
                    version_id=version.id,
                    reviewer_id=riley,
                    decision="approve",
                    comment="Reads well as all four readers; facts checked.",
                    created_at=reviewed,
                )
            )
        elif state in _REVIEW_COMMENTS:
            session.add(
                Review(
                    post_id=post.id,
                    version_id=version.id,
                    reviewer_id=riley,
                    decision="request_changes" if state == "changes_requested" else "reject",
                    comment=_REVIEW_COMMENTS[state],
                    created_at=reviewed,
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
        # Spread over eight weeks, denser recently; the newest few stay open in the inbox.
        posted = _arrival(rng, now) if i >= 12 else now - timedelta(minutes=rng.uniform(5, 600))
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
        answered_at = posted + _answer_delay(rng, posted, sla)
        if i >= 12 and answered_at < now and rng.random() < 0.9:
            who = rng.choices(["executive", "delegate", "outside"], weights=[3, 5, 2])[0]
            mention.state = "replied"
            mention.responded_at = answered_at
            mention.responder_kind = who
            mention.responder_member_id = {"executive": maya, "delegate": sam}.get(who)
            mention.response_x_id = str(1_950_000_000_000_000_000 + i)
        elif i >= 12 and posted < now - timedelta(days=1):  # triaged long ago: no answer needed
            mention.state = "dismissed"
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
