"""Several worker processes on one database share the due posts and approved replies (issue 14, point 13).

Real processes run the worker's delivery step (`deliver_due`) against the test database (PostgreSQL
when DATABASE_URL says so: 2,000 due posts and 2,000 approved replies, 4 workers; SQLite: fewer).
X is faked at the transport seam (tweepy's requests session), and what it accepts is kept in a
SQLite file every process shares, so the count of what went out is taken on X's side. The fake
injects faults by item: a 503 before posting, a 429 with a reset time, a 503 *after* posting (an
unclear failure), and a process killed right after X accepted the post and before the worker
recorded it (`os._exit`). The supervisor restarts killed workers; a killed item waits for the
lease (shortened in the workers) and is then reconciled from the timeline, never posted again.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from sqlalchemy import func, select

from assistant.domain.roles import Role
from assistant.storage.db import Database
from assistant.storage.models import Executive, Mention, Post, PostVersion, Reply, Review

API_HOST = "https://api.twitter.com"
ME_ID = "1000"
TOKENS = {"api_key": "k-1", "api_secret": "s-2", "access_token": "t-3", "access_token_secret": "ts-4"}
CRASH = 3  # a worker's exit code when the fake X killed it on purpose
EXECUTIVES = 40  # the items are spread over 40 accounts, so a timeline check reads ~100 posts, as in life
LEASE_SECONDS = 8.0  # the workers' lease: far above a delivery here (ms), short enough for a test
TEXT = re.compile(r"^\[(\d+)\] (post|reply) (\d+):")


# -- the fake X, shared by every process through one SQLite file ----------------------------------------


def _store(path: str) -> sqlite3.Connection:
    con = sqlite3.connect(path, timeout=60, isolation_level=None)
    con.execute("PRAGMA busy_timeout=60000")
    return con


def make_store(path: str) -> None:
    con = _store(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute(
        "CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT, author TEXT, in_reply_to TEXT,"
        " created_us INTEGER, pid INTEGER, started REAL, ended REAL)"
    )
    con.execute("CREATE TABLE calls (key TEXT PRIMARY KEY, n INTEGER)")
    con.close()


def fault_of(number: int) -> str | None:
    """The fault injected on an item's first post call, by its number."""
    if number % 200 == 5:
        return "crash"  # X accepts the post, the worker dies before recording it
    return {1: "503", 2: "429", 3: "posted-then-503"}.get(number % 40)


class FakeX(BaseAdapter):
    """Answers tweepy's create-post, me and user-timeline calls; a post's account is the [id] its text starts
    with (each executive's own account), and the token owner's timeline holds every post."""

    def __init__(self, store: str, *, faults: bool = True, latency: float = 0.02) -> None:
        super().__init__()
        self.store, self.faults, self.latency = store, faults, latency
        self.con = _store(store)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        url = urlsplit(request.url or "")
        if request.method == "POST" and url.path == "/2/tweets":
            return self._post(request)
        if url.path == "/2/users/me":
            return self._answer(request, 200, {"data": {"id": ME_ID, "name": "Me", "username": "me"}})
        timeline = re.fullmatch(r"/2/users/(\d+)/tweets", url.path)
        if request.method == "GET" and timeline:
            return self._timeline(request, timeline.group(1), parse_qs(url.query))
        raise AssertionError(f"the fake X has no {request.method} {url.path}")

    def close(self) -> None:
        self.con.close()

    def _post(self, request: requests.PreparedRequest) -> requests.Response:
        started = time.time()
        body = json.loads(request.body or b"{}")
        text = body["text"]
        match = TEXT.match(text)
        assert match, text
        author, kind, number = match.group(1), match.group(2), int(match.group(3))
        time.sleep(self.latency)  # X's own latency: the workers' calls overlap only if they run in parallel
        self.con.execute("BEGIN IMMEDIATE")
        key = f"{kind}-{number}"
        calls = (self.con.execute("SELECT n FROM calls WHERE key = ?", (key,)).fetchone() or (0,))[0] + 1
        self.con.execute("INSERT OR REPLACE INTO calls (key, n) VALUES (?, ?)", (key, calls))
        fault = fault_of(number) if self.faults and calls == 1 else None
        if fault == "503":
            self.con.execute("COMMIT")
            return self._answer(request, 503, {"title": "Service Unavailable", "detail": "try again"})
        if fault == "429":
            self.con.execute("COMMIT")
            reset = {"x-rate-limit-reset": str(int(time.time()) + 2), "x-rate-limit-remaining": "0"}
            return self._answer(request, 429, {"title": "Too Many Requests", "detail": "slow down"}, reset)
        now_us = int(time.time() * 1e6)
        reply_to = (body.get("reply") or {}).get("in_reply_to_tweet_id")
        cursor = self.con.execute(
            "INSERT INTO posts (text, author, in_reply_to, created_us, pid, started, ended) VALUES (?,?,?,?,?,?,?)",
            (text, author, reply_to, now_us, os.getpid(), started, time.time()),
        )
        post_id = str(10_000_000 + cursor.lastrowid)
        self.con.execute("COMMIT")
        if fault == "crash":
            os._exit(CRASH)  # the post is out; the worker never hears of it
        if fault == "posted-then-503":
            return self._answer(request, 503, {"title": "Service Unavailable", "detail": "try again"})
        return self._answer(request, 201, {"data": {"id": post_id, "text": text}})

    def _timeline(self, request: requests.PreparedRequest, user: str, query: dict[str, list[str]]) -> requests.Response:
        start = query.get("start_time", ["1970-01-01T00:00:00Z"])[0]
        start_us = int(datetime.fromisoformat(start.replace("Z", "+00:00")).timestamp() * 1e6)
        size = int(query.get("max_results", ["100"])[0])
        offset = int(query.get("pagination_token", ["0"])[0])
        where, params = "created_us >= ?", [start_us]
        if user != ME_ID:
            where, params = where + " AND author = ?", [*params, user]
        rows = self.con.execute(
            f"SELECT id, text, author, created_us FROM posts WHERE {where} ORDER BY id DESC LIMIT ? OFFSET ?",
            (*params, size + 1, offset),
        ).fetchall()
        data = [
            {
                "id": str(10_000_000 + i),
                "text": t,
                "author_id": a,
                "created_at": datetime.fromtimestamp(c / 1e6, UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            }
            for i, t, a, c in rows[:size]
        ]
        meta: dict[str, Any] = {"result_count": len(data)}
        if len(rows) > size:
            meta["next_token"] = str(offset + size)
        return self._answer(request, 200, {"data": data, "meta": meta} if data else {"meta": meta})

    @staticmethod
    def _answer(
        request: requests.PreparedRequest, status: int, body: dict, headers: dict[str, str] | None = None
    ) -> requests.Response:
        response = requests.Response()
        response.status_code = status
        response.reason = requests.status_codes._codes.get(status, ("",))[0].replace("_", " ").upper()
        response.headers = CaseInsensitiveDict({"content-type": "application/json", **(headers or {})})
        response._content = json.dumps(body).encode()
        response._content_consumed = True
        response.encoding = "utf-8"
        response.url = request.url or ""
        response.request = request
        return response


# -- one worker process -------------------------------------------------------------------------------


def _work(url: str, store: str, faults: bool, latency: float) -> None:
    """A worker: the delivery step of `python -m assistant worker`, in a loop, with the fake X."""
    from assistant.commands.worker import deliver_due
    from assistant.errors import AssistantError
    from assistant.services import sending
    from assistant.x import XAccount, XCredentials

    sending.LEASE = timedelta(seconds=LEASE_SECONDS)
    db = Database.from_url(url)
    x = XAccount(XCredentials(bearer_token="b-0", **TOKENS), sleep=lambda s: time.sleep(min(s, 0.05)))
    x.session.mount(API_HOST, FakeX(store, faults=faults, latency=latency))
    while True:
        try:
            if deliver_due(db, x, "live") == 0:
                time.sleep(0.2)
        except AssistantError:  # as the worker loop does: the next pass may succeed
            time.sleep(0.2)


# -- the data and the supervisor ------------------------------------------------------------------------


def _text(user_id: str, kind: str, number: int) -> str:
    return f"[{user_id}] {kind} {number:05d}: thank you all for a great quarter of work, number {number}."


def seed(db: Database, team, posts: int, replies: int, first: int = 0) -> set[str]:
    """`posts` approved X posts due now and `replies` approved replies, over EXECUTIVES accounts; their texts."""
    author, reviewer, delegate = team.actor(Role.EXECUTIVE), team.actor(Role.REVIEWER), team.actor(Role.DELEGATE)
    now = datetime.now(UTC)
    texts = set()
    with db.writing() as session:
        executives = list(session.scalars(select(Executive).where(Executive.workspace_id == team.workspace_id)))
        for i in range(len(executives), EXECUTIVES):
            session.add(
                Executive(
                    workspace_id=team.workspace_id,
                    name=f"Executive {i}",
                    x_handle=f"exec{i}",
                    x_user_id=str(2000 + i),
                    timezone="Europe/Paris",
                    business_days="mon-fri",
                    business_hours="09:00-18:00",
                    holidays=[],
                    voice_profile={},
                )
            )
        session.flush()
        executives = list(session.scalars(select(Executive).where(Executive.workspace_id == team.workspace_id)))
        for n in range(first, first + posts):
            executive = executives[n % len(executives)]
            text = _text(executive.x_user_id, "post", n)
            post = Post(
                workspace_id=team.workspace_id,
                executive_id=executive.id,
                platform="x",
                state="scheduled",
                title=f"Post {n}",
                created_by_id=author.member_id,
                created_at=now - timedelta(hours=1),
                updated_at=now - timedelta(minutes=5),
                scheduled_at=now - timedelta(seconds=30),
            )
            post.versions = [
                PostVersion(
                    number=1,
                    text=text,
                    authorship="executive",
                    author_id=author.member_id,
                    findings=[],
                    created_at=now - timedelta(hours=1),
                )
            ]
            session.add(post)
            texts.add(text)
        for n in range(first, first + replies):
            executive = executives[n % len(executives)]
            mention = Mention(
                workspace_id=team.workspace_id,
                executive_id=executive.id,
                x_post_id=str(5_000_000 + n),
                author_id=str(900 + n),
                author_handle=f"fan{n}",
                text=f"@exec thanks for the update {n}",
                posted_at=now - timedelta(hours=1),
                source="import",
                state="new",
            )
            session.add(mention)
            session.flush()
            text = _text(executive.x_user_id, "reply", n)
            session.add(
                Reply(
                    mention_id=mention.id,
                    executive_id=executive.id,
                    text=text,
                    state="approved",
                    authorship="delegate",
                    written_by_id=delegate.member_id,
                    approved_by_id=reviewer.member_id,
                    findings=[],
                    created_at=now - timedelta(hours=1),
                    updated_at=now - timedelta(minutes=5),
                )
            )
            texts.add(text)
        session.flush()
        for post in session.scalars(select(Post).where(Post.state == "scheduled")):
            session.add(
                Review(
                    post_id=post.id,
                    version_id=post.versions[-1].id,
                    reviewer_id=reviewer.member_id,
                    decision="approve",
                    comment="",
                    created_at=now - timedelta(minutes=30),
                )
            )
    return texts


def _left(db: Database) -> int:
    with db.reading() as session:
        posts = session.scalar(select(func.count()).select_from(Post).where(Post.state != "published"))
        replies = session.scalar(select(func.count()).select_from(Reply).where(Reply.state != "sent"))
        return int(posts) + int(replies)


def supervise(
    db: Database, store: str, workers: int, *, faults: bool = True, latency: float = 0.02, deadline: float = 480
) -> dict[str, Any]:
    """Run `workers` processes until nothing is left to send; restart the ones the fake X killed."""
    url = db.engine.url.render_as_string(hide_password=False)
    spawn = multiprocessing.get_context("spawn")

    def start() -> multiprocessing.Process:
        process = spawn.Process(target=_work, args=(url, store, faults, latency), daemon=True)
        process.start()
        return process

    started = time.monotonic()
    running = [start() for _ in range(workers)]
    crashes, unexpected = 0, []
    try:
        while time.monotonic() - started < deadline:
            for i, process in enumerate(running):
                if not process.is_alive():
                    if process.exitcode == CRASH:
                        crashes += 1
                    else:
                        unexpected.append(process.exitcode)
                    running[i] = start()
            if _left(db) == 0:
                break
            time.sleep(0.25)
    finally:
        for process in running:
            process.terminate()
        for process in running:
            process.join(20)
    return {"seconds": time.monotonic() - started, "crashes": crashes, "unexpected": unexpected}


def went_out(store: str) -> list[tuple[str, int]]:
    con = _store(store)
    try:
        return con.execute("SELECT text, count(*) FROM posts GROUP BY text").fetchall()
    finally:
        con.close()


def shares(store: str) -> dict[int, int]:
    con = _store(store)
    try:
        return dict(con.execute("SELECT pid, count(*) FROM posts GROUP BY pid").fetchall())
    finally:
        con.close()


def most_at_once(store: str) -> int:
    """The most X post calls in flight at one moment (from each call's start and end on X's side)."""
    con = _store(store)
    try:
        spans = con.execute("SELECT started, ended FROM posts").fetchall()
    finally:
        con.close()
    edges = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans])
    most = current = 0
    for _, step in edges:
        current += step
        most = max(most, current)
    return most


def _check_exactly_once(db: Database, store: str, texts: set[str]) -> None:
    out = dict(went_out(store))
    assert set(out) == texts, (len(out), len(texts))  # nothing lost, nothing extra
    assert {t: n for t, n in out.items() if n != 1} == {}  # nothing twice
    con = _store(store)
    try:
        ids = {t: str(10_000_000 + i) for i, t in con.execute("SELECT id, text FROM posts")}
    finally:
        con.close()
    with db.reading() as session:
        posts = session.execute(select(PostVersion.text, Post.state, Post.x_post_id).join(Post)).all()
        replies = session.execute(select(Reply.text, Reply.state, Reply.x_post_id)).all()
        replied = session.scalar(select(func.count()).select_from(Mention).where(Mention.state == "replied"))
    assert {(text, state) for text, state, _ in posts} == {(t, "published") for t in texts if " post " in t}
    assert {(text, state) for text, state, _ in replies} == {(t, "sent") for t in texts if " reply " in t}
    assert all(x_id == ids[text] for text, _, x_id in [*posts, *replies])  # the id X gave, recorded
    assert replied == len(replies)


def _is_postgres(db: Database) -> bool:
    return not db.is_sqlite


@pytest.mark.timeout(1800)  # 4,000 items on PostgreSQL on a shared CI box: minutes, not seconds
def test_four_workers_send_every_post_and_reply_exactly_once_through_crashes_and_x_errors(db, team, tmp_path):
    many = 2000 if _is_postgres(db) else 300  # SQLite has one writer: fewer items keep the run short
    store = str(tmp_path / "x.sqlite3")
    make_store(store)
    texts = seed(db, team, many, many)

    run = supervise(db, store, workers=4, deadline=1500)

    assert run["unexpected"] == []  # no worker died of anything but the injected kills
    assert run["crashes"] > 0  # the kills did happen (items numbered 5 mod 200)
    _check_exactly_once(db, store, texts)
    per_process = shares(store)
    at_once = most_at_once(store)
    print(
        f"\n{db.engine.dialect.name}: {len(texts)} items by 4 workers in {run['seconds']:.1f} s "
        f"({len(texts) / run['seconds']:.0f}/s), {run['crashes']} killed mid-delivery and restarted; "
        f"items per process {sorted(per_process.values(), reverse=True)}; at most {at_once} X calls at once"
    )
    assert len(per_process) >= 4 and min(per_process.values()) > 0
    assert at_once >= 2  # the workers' X calls overlapped: they worked side by side, not one after another


def test_one_worker_for_reference_also_sends_each_item_once(db, team, tmp_path):
    """The same delivery with one worker and no faults: the rate printed beside the 4-worker run's."""
    many = 200
    store = str(tmp_path / "x.sqlite3")
    make_store(store)
    texts = seed(db, team, many, many)

    run = supervise(db, store, workers=1, faults=False)

    assert run["unexpected"] == [] and run["crashes"] == 0
    _check_exactly_once(db, store, texts)
    print(
        f"\n{db.engine.dialect.name}: {len(texts)} items by 1 worker in {run['seconds']:.1f} s "
        f"({len(texts) / run['seconds']:.0f}/s)"
    )


@pytest.mark.parametrize("number,fault", [(5, "crash"), (1, "503"), (2, "429"), (3, "posted-then-503"), (4, None)])
def test_the_fake_x_injects_the_faults_it_says(number, fault):
    assert fault_of(number) == fault
