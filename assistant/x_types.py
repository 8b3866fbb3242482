"""What the rest of the product knows about X: plain values, no tweepy, no I/O.

`page_from_v2` turns one X API v2 response page (the JSON the API and twarc write)
into these values, so the live adapter and file imports parse posts the same way.
`refusal_error` words X's refusals for the user; `DryRunX` stands in when no
credentials are configured.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from assistant.errors import DuplicatePost, ExternalServiceError, InvalidInput, RateLimited, ReplyNotAllowed, XAuthError


@dataclass(frozen=True)
class PlatformLimits:
    """What one post may hold on a network, as its own counter counts it."""

    network: str
    max_length: int
    counting: str  # "weighted" (X: most CJK and emoji count 2, every URL 23), "graphemes", "characters"
    url_length: int | None = None


X_LIMITS = PlatformLimits("x", 280, "weighted", 23)


@dataclass(frozen=True)
class XUser:
    id: str
    username: str
    name: str
    followers_count: int | None = None
    verified: bool = False


@dataclass(frozen=True)
class XPost:
    id: str
    author_id: str | None
    text: str
    created_at: datetime | None  # aware UTC; None only when X did not send it
    conversation_id: str | None = None
    replied_to_id: str | None = None
    quoted_id: str | None = None
    is_retweet: bool = False
    mentioned_usernames: tuple[str, ...] = ()
    in_reply_to_user_id: str | None = None


@dataclass(frozen=True)
class XPage:
    posts: tuple[XPost, ...]
    users: tuple[XUser, ...] = ()
    next_token: str | None = None
    newest_id: str | None = None
    # Posts the page's posts reply to or quote (X "includes.tweets"), for thread context.
    referenced_posts: tuple[XPost, ...] = ()

    def user(self, user_id: str | None) -> XUser | None:
        """The expanded user with this id, if X included it."""
        return next((u for u in self.users if u.id == user_id), None)


@dataclass(frozen=True)
class SentPost:
    id: str
    text: str
    dry_run: bool = False
    in_reply_to_id: str | None = None


@dataclass(frozen=True)
class XCredentials:
    bearer_token: str | None = field(default=None, repr=False)
    api_key: str | None = field(default=None, repr=False)
    api_secret: str | None = field(default=None, repr=False)
    access_token: str | None = field(default=None, repr=False)
    access_token_secret: str | None = field(default=None, repr=False)

    @property
    def can_post(self) -> bool:
        return all((self.api_key, self.api_secret, self.access_token, self.access_token_secret))

    @property
    def can_read(self) -> bool:
        return bool(self.bearer_token) or self.can_post

    def secrets(self) -> tuple[str, ...]:
        values = (self.bearer_token, self.api_key, self.api_secret, self.access_token, self.access_token_secret)
        return tuple(v for v in values if v)


SETTINGS_KEYS = ("X_BEARER_TOKEN", "X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET")


def credentials_from_settings(settings: Mapping[str, str | None]) -> XCredentials | None:
    """Credentials from plain settings; None when no key is set at all (dry run)."""
    values = {key: (settings.get(key) or "").strip() or None for key in SETTINGS_KEYS}
    if not any(values.values()):
        return None
    missing = [key for key in SETTINGS_KEYS[1:] if not values[key]]
    if 0 < len(missing) < len(SETTINGS_KEYS) - 1:  # name the keys, never echo a value
        raise InvalidInput(
            f"X posting is half configured: set {', '.join(missing)} too "
            "(or remove the other user tokens to run read-only)."
        )
    return XCredentials(*(values[key] for key in SETTINGS_KEYS))


_REPLY_RESTRICTED = (
    "reply to this conversation is not allowed",
    "attempted to reply to a tweet",
    "attempted to reply to a post",
    "restricted who can reply",
)
_DUPLICATE = ("duplicate content", "status is a duplicate")


def refusal_error(status: int, said: str, retry_after: float | None = None) -> ExternalServiceError:
    """The product error for an HTTP refusal from X; `said` is X's own (secret-free) words."""
    lowered = said.lower()
    if status == 429:
        when = f" in {round(retry_after)} s" if retry_after is not None else " later"
        return RateLimited(
            f"X rate limit reached (HTTP 429); it resets{when}. Nothing was lost: the work is kept and retried then.",
            retryable=True,
            retry_after=retry_after,
        )
    # X words these refusals differently across API versions, so match by phrase, not status.
    if any(key in lowered for key in _REPLY_RESTRICTED):
        return ReplyNotAllowed(
            "X did not allow this reply: the post is deleted, not visible to this account, or "
            "its author limits who may reply (only accounts they mentioned). Nothing was lost: "
            f"the reply text is kept, and you can post it as a new post or a quote. X said: {said}"
        )
    if any(key in lowered for key in _DUPLICATE):
        return DuplicatePost(
            "X refused this text because the account already posted exactly the same text. "
            "Check the account's timeline (it may already be out) or change the wording."
        )
    if status == 401:
        return XAuthError(
            "X rejected the credentials (HTTP 401). Check X_BEARER_TOKEN, X_API_KEY, "
            "X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET; regenerate them in "
            "the X developer portal if they were revoked."
        )
    if status == 403:
        return XAuthError(
            f"X refused access (HTTP 403): {said}. Check that the app has 'Read and write' "
            "permission (regenerate the access tokens after changing it) and that the X API "
            "access tier allows this endpoint (mentions need Basic or higher)."
        )
    return ExternalServiceError(f"X refused the request (HTTP {status}): {said}", retryable=False)


def gave_up_error(action: str, cause: str, attempts: int, *, posting: bool) -> ExternalServiceError:
    """Retries ran out on 5xx or network failures: retryable later, and says what is safe."""
    tail = (
        " It may or may not have been published: the timeline is checked before any retry, "
        "so it will not be posted twice."
        if posting
        else " Nothing was lost; try again later."
    )
    return ExternalServiceError(f"Could not {action}: {cause} after {attempts} attempts.{tail}", retryable=True)


def parse_x_time(value: str | None) -> datetime | None:
    """Parse X's ISO time ('2022-11-07T18:11:04.000Z') as aware UTC."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"X time {value!r} is not an ISO 8601 timestamp") from exc
    if parsed.tzinfo is None:  # X always sends Z; treat a bare time as UTC rather than local
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def user_from_v2(raw: Mapping[str, Any]) -> XUser:
    metrics = raw.get("public_metrics") or {}
    verified_type = raw.get("verified_type")
    return XUser(
        id=str(raw["id"]),
        username=str(raw.get("username", "")),
        name=str(raw.get("name", "")),
        followers_count=metrics.get("followers_count"),
        # X replaced the `verified` flag by `verified_type`; accept either.
        verified=bool(raw.get("verified")) or verified_type not in (None, "", "none"),
    )


def post_from_v2(raw: Mapping[str, Any]) -> XPost:
    refs = {ref.get("type"): str(ref.get("id")) for ref in raw.get("referenced_tweets") or ()}
    mentions = (raw.get("entities") or {}).get("mentions") or ()
    return XPost(
        id=str(raw["id"]),
        author_id=_opt_str(raw.get("author_id")),
        text=str(raw.get("text", "")),
        created_at=parse_x_time(raw.get("created_at")),
        conversation_id=_opt_str(raw.get("conversation_id")),
        replied_to_id=refs.get("replied_to"),
        quoted_id=refs.get("quoted"),
        is_retweet="retweeted" in refs,
        mentioned_usernames=tuple(str(m["username"]) for m in mentions if m.get("username")),
        in_reply_to_user_id=_opt_str(raw.get("in_reply_to_user_id")),
    )


def page_from_v2(payload: Mapping[str, Any]) -> XPage:
    """One v2 timeline/search page (`data`, `includes`, `meta`) as an XPage."""
    data = payload.get("data") or []
    if isinstance(data, Mapping):  # single-object endpoints
        data = [data]
    includes = payload.get("includes") or {}
    meta = payload.get("meta") or {}
    return XPage(
        posts=tuple(post_from_v2(raw) for raw in data),
        users=tuple(user_from_v2(raw) for raw in includes.get("users") or ()),
        next_token=meta.get("next_token"),
        newest_id=_opt_str(meta.get("newest_id")),
        referenced_posts=tuple(post_from_v2(raw) for raw in includes.get("tweets") or ()),
    )


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


class DryRunX:
    """Stands in for X when no credentials are configured: records posts, sends nothing."""

    dry_run = True
    can_read = False
    can_post = True
    limits = X_LIMITS

    def __init__(self) -> None:
        self.sent: list[SentPost] = []

    def __repr__(self) -> str:
        return "DryRunX(dry run: nothing is sent to X)"

    def post(self, text: str, in_reply_to_id: str | None = None) -> SentPost:
        # Same text and target give the same id, so a retried dry-run publish stays idempotent.
        digest = hashlib.sha256(f"{in_reply_to_id or ''}\n{text}".encode()).hexdigest()[:16]
        sent = SentPost(f"dryrun-{digest}", text, dry_run=True, in_reply_to_id=in_reply_to_id)
        if sent not in self.sent:
            self.sent.append(sent)
        return sent

    def me(self) -> XUser:
        return XUser("dry-run", "dry-run", "Dry run")

    def user(self, username: str) -> XUser:
        raise self._not_connected("look up @" + username.lstrip("@"))

    def mentions(self, user_id: str, since_id: str | None = None, max_pages: int = 10) -> Iterator[XPage]:
        raise self._not_connected("read mentions")

    def own_posts(self, user_id: str, since_id: str | None = None, max_pages: int = 10) -> Iterator[XPage]:
        raise self._not_connected("read the account's posts")

    @staticmethod
    def _not_connected(action: str) -> ExternalServiceError:
        return ExternalServiceError(
            f"cannot {action}: X is not connected (dry run); set X_BEARER_TOKEN or the four user tokens",
            retryable=False,
        )

    def find_own_post(self, user_id: str, text: str, since: datetime) -> XPost | None:
        for sent in self.sent:
            if same_text(text, sent.text):
                return XPost(sent.id, user_id, sent.text, None, replied_to_id=sent.in_reply_to_id)
        return None


def same_text(sent: str, seen: str) -> bool:
    """X returns text HTML-escaped and with links rewritten to t.co, so compare modulo both."""

    def norm(value: str) -> str:
        value = re.sub(r"https?://\S+", "<link>", html.unescape(value))
        return " ".join(value.split())

    return norm(sent) == norm(seen)
