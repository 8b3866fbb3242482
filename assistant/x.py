"""The X adapter: the only module that imports tweepy.

Reads (mentions, own timeline) use the app bearer token, or the user tokens when no
bearer token is set; posting needs OAuth 1.0a user context. Every failure leaves as an
`ExternalServiceError` whose message names the cause and the fix and never a secret.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
import tweepy
from requests.adapters import HTTPAdapter
from requests.exceptions import ChunkedEncodingError

from assistant.errors import ExternalServiceError
from assistant.x_types import (
    X_LIMITS,
    DryRunX,
    DuplicatePost,
    SentPost,
    XAuthError,
    XCredentials,
    XPage,
    XPost,
    XUser,
    credentials_from_settings,
    gave_up_error,
    page_from_v2,
    refusal_error,
    same_text,
    user_from_v2,
)

API_HOST = "https://api.twitter.com"  # tweepy hard-codes it; tests mount their adapter here
EXPANSIONS = ["author_id", "referenced_tweets.id", "entities.mentions.username"]
_FIELDS = "created_at author_id conversation_id referenced_tweets entities public_metrics in_reply_to_user_id"
TWEET_FIELDS = _FIELDS.split()
USER_FIELDS = ["username", "name", "public_metrics", "verified", "verified_type"]
_TRANSIENT = (tweepy.TwitterServerError, requests.Timeout, requests.ConnectionError, ChunkedEncodingError)
__all__ = ["DryRunX", "XAccount", "XCredentials", "x_account_from_settings"]


class _QuietDebug(logging.Filter):
    """tweepy and requests-oauthlib log request headers (tokens included) at DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


for _name in ("tweepy.client", "requests_oauthlib.oauth1_auth", "oauthlib.oauth1.rfc5849"):
    logging.getLogger(_name).addFilter(_QuietDebug())


class _TimeoutAdapter(HTTPAdapter):
    """tweepy passes no timeout, and a hung connection would stall the worker forever."""

    def __init__(self, timeout: float):
        super().__init__()
        self._timeout = timeout

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self._timeout
        return super().send(request, **kwargs)


class XAccount:
    """A live X account. `attempts`, `sleep` and `clock` are injectable so tests never wait."""

    dry_run = False
    limits = X_LIMITS

    def __init__(
        self,
        credentials: XCredentials,
        *,
        attempts: int = 4,
        backoff: float = 2.0,
        timeout: float = 15.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self._creds = credentials
        self._attempts = max(1, attempts)
        self._backoff = backoff
        self._sleep = sleep
        self._clock = clock
        self._me: XUser | None = None
        self.client = tweepy.Client(
            bearer_token=credentials.bearer_token,
            consumer_key=credentials.api_key,
            consumer_secret=credentials.api_secret,
            access_token=credentials.access_token,
            access_token_secret=credentials.access_token_secret,
            return_type=dict,
            wait_on_rate_limit=False,  # we report 429s; a worker must not hang
        )
        self.client.session.mount(API_HOST, _TimeoutAdapter(timeout))

    def __repr__(self) -> str:
        return f"XAccount(can_read={self.can_read}, can_post={self.can_post})"

    @property
    def can_read(self) -> bool:
        return self._creds.can_read

    @property
    def can_post(self) -> bool:
        return self._creds.can_post

    @property
    def session(self) -> requests.Session:
        return self.client.session

    def me(self) -> XUser:
        """The account the user tokens belong to (needs the OAuth 1.0a user tokens)."""
        if self._me is None:
            self._require_posting("identify the account")
            payload = self._call(
                "read the account", lambda: self.client.get_me(user_fields=USER_FIELDS, user_auth=True)
            )
            self._me = user_from_v2(payload["data"])
        return self._me

    def user(self, username: str) -> XUser:
        """Look an account up by handle; the bearer token is enough (read-only setups)."""
        handle = username.lstrip("@")
        self._require_reading("look up @" + handle)
        payload = self._call(
            "look up @" + handle,
            lambda: self.client.get_user(
                username=handle, user_fields=USER_FIELDS, user_auth=not self._creds.bearer_token
            ),
        )
        if not payload.get("data"):
            raise ExternalServiceError(f"X has no account @{handle}; check the handle.", retryable=False)
        return user_from_v2(payload["data"])

    def mentions(
        self, user_id: str, since_id: str | None = None, max_pages: int = 10, page_size: int = 100
    ) -> Iterator[XPage]:
        """Mentions newer than `since_id`, newest first; the first page's newest_id is the next since_id."""
        read = self.client.get_users_mentions
        return self._pages("read mentions", read, user_id, max_pages, max_results=page_size, since_id=since_id)

    def own_posts(
        self,
        user_id: str,
        since_id: str | None = None,
        start_time: datetime | None = None,
        max_pages: int = 10,
        page_size: int = 100,
    ) -> Iterator[XPage]:
        """The account's own posts, replies included, to see answers made outside the app."""
        return self._pages(
            "read the account's posts",
            self.client.get_users_tweets,
            user_id,
            max_pages,
            max_results=page_size,
            since_id=since_id,
            start_time=start_time,
            exclude=["retweets"],
        )

    def find_own_post(self, user_id: str, text: str, since: datetime, max_pages: int = 5) -> XPost | None:
        """The earliest own post since `since` carrying `text`: did it go out before a crash?"""
        found = None
        # X limits start_time precision to seconds and clocks drift; look a little earlier.
        for page in self.own_posts(user_id, start_time=since - timedelta(minutes=2), max_pages=max_pages):
            for post in page.posts:
                if same_text(text, post.text):
                    found = post  # pages run newest first, so the last match is the earliest
        return found

    def post(self, text: str, in_reply_to_id: str | None = None) -> SentPost:
        """Publish `text`; after an unclear failure, check the timeline before trying again."""
        self._require_posting("publish")
        started = self._clock()
        for attempt in range(1, self._attempts + 1):
            try:
                payload = self._once(
                    lambda: self.client.create_tweet(text=text, in_reply_to_tweet_id=in_reply_to_id, user_auth=True)
                )
            except DuplicatePost:
                # After an unconfirmed attempt a duplicate usually means that attempt went out.
                earlier = self._already_posted(text, started) if attempt > 1 else None
                if earlier is None:
                    raise
                return SentPost(earlier.id, earlier.text, in_reply_to_id=in_reply_to_id)
            except _TRANSIENT as exc:
                if attempt == self._attempts:
                    raise self._gave_up("publish", exc, posting=True) from exc
                self._sleep(self._delay(attempt))
                earlier = self._already_posted(text, started)
                if earlier is not None:
                    return SentPost(earlier.id, earlier.text, in_reply_to_id=in_reply_to_id)
                continue
            data = payload.get("data") or {}
            return SentPost(str(data["id"]), str(data.get("text", text)), in_reply_to_id=in_reply_to_id)
        raise AssertionError("unreachable: the loop returns or raises")

    # -- plumbing -------------------------------------------------------------------------

    def _already_posted(self, text: str, since: datetime) -> XPost | None:
        return self.find_own_post(self.me().id, text, since, max_pages=1)

    def _pages(
        self, action: str, endpoint: Callable[..., Any], user_id: str, max_pages: int, **params: Any
    ) -> Iterator[XPage]:
        self._require_reading(action)
        params = {k: v for k, v in params.items() if v is not None}
        token: str | None = None
        for _ in range(max_pages):
            payload = self._call(
                action,
                lambda token=token: endpoint(
                    user_id,
                    user_auth=not self._creds.bearer_token,
                    expansions=EXPANSIONS,
                    tweet_fields=TWEET_FIELDS,
                    user_fields=USER_FIELDS,
                    pagination_token=token,
                    **params,
                ),
            )
            if "data" not in payload and payload.get("errors") and "meta" not in payload:
                detail = payload["errors"][0].get("detail") or payload["errors"][0].get("title")
                raise ExternalServiceError(self._scrub(f"X could not {action}: {detail}"), retryable=False)
            page = page_from_v2(payload)
            yield page
            token = page.next_token
            if not token:
                return

    def _call(self, action: str, request: Callable[[], Any]) -> Any:
        """Run an idempotent read, retrying 5xx and network failures with backoff."""
        for attempt in range(1, self._attempts + 1):
            try:
                return self._once(request)
            except _TRANSIENT as exc:
                if attempt == self._attempts:
                    raise self._gave_up(action, exc, posting=False) from exc
                self._sleep(self._delay(attempt))
        raise AssertionError("unreachable: the loop returns or raises")

    def _once(self, request: Callable[[], Any]) -> Any:
        """One request; 4xx become product errors, transient failures propagate for retry."""
        try:
            return request()
        except tweepy.TwitterServerError:
            raise
        except tweepy.HTTPException as exc:
            raise self._map_http(exc) from exc

    def _map_http(self, exc: tweepy.HTTPException) -> ExternalServiceError:
        said = "; ".join(str(m) for m in exc.api_messages) or exc.response.reason or ""
        wait = None
        if isinstance(exc, tweepy.TooManyRequests) and exc.reset_time is not None:
            wait = max(0.0, exc.reset_time - self._clock().timestamp())
        return refusal_error(exc.response.status_code, self._scrub(said), retry_after=wait)

    def _gave_up(self, action: str, exc: BaseException, *, posting: bool) -> ExternalServiceError:
        if isinstance(exc, tweepy.HTTPException):
            cause = f"X answered HTTP {exc.response.status_code}"
        elif isinstance(exc, requests.Timeout):
            cause = "X did not answer in time"
        else:
            cause = "X could not be reached (network error)"
        return gave_up_error(action, cause, self._attempts, posting=posting)

    def _delay(self, attempt: int) -> float:
        return min(60.0, self._backoff * 2 ** (attempt - 1))

    def _scrub(self, message: str) -> str:
        for secret in self._creds.secrets():
            message = message.replace(secret, "[redacted]")
        return message

    def _require_reading(self, action: str) -> None:
        if not self.can_read:
            raise XAuthError(f"Cannot {action}: set X_BEARER_TOKEN (or the four user tokens).")

    def _require_posting(self, action: str) -> None:
        if not self.can_post:
            raise XAuthError(
                f"Cannot {action} on X: set X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN and "
                "X_ACCESS_TOKEN_SECRET (OAuth 1.0a user context, 'Read and write')."
            )


def x_account_from_settings(settings: Mapping[str, str | None], **options: Any) -> XAccount | DryRunX:
    """Build the account from plain settings (env or st.secrets); no keys at all means dry run."""
    credentials = credentials_from_settings(settings)
    return DryRunX() if credentials is None else XAccount(credentials, **options)
