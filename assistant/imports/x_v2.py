"""X API v2 pages (as the API, twarc and tweepy's raw responses write them) -> ImportedTweet.

Accepted layouts: JSONL with one page per line (`data`, `includes.users`,
`includes.tweets`, `meta`); one JSON page; a JSON array of pages. A line that holds a
single post object (with `id` and `text`, no `data`) is read as a one-post page.
Posts in `includes.tweets` are kept too (marked `included`): they are the posts that
results reply to or quote, which is where an account's answered mentions live.

Hostile files (issue 14): an X API error answer (`errors` without `data`, or a problem
object with `title`) is a row error that names the error; a line nested too deeply for the
parser, a post whose text or ids are over the bounds of `records` or of the wrong JSON type,
or any other unexpected shape is a row error with its line, and the next line is read.

Hot path (a million-post import): an ordinary page line is decoded into typed msgspec structs
(`_typed_page`; any other line takes the general path, which names what is wrong); JSON objects
are plain dicts (`type(x) is dict`, no ABC check), posts are built positionally, and the common
X time-stamp is read without a time-zone conversion.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypedDict

from assistant.i18n import _
from assistant.imports.files import read_utf8
from assistant.imports.records import (
    MAX_HANDLE_CHARS,
    MAX_ID_CHARS,
    MAX_TEXT_CHARS,
    ImportedTweet,
    ParseResult,
    RowError,
    refuse,
)

_from_iso = datetime.fromisoformat
_loads = json.loads
_new_tuple = tuple.__new__


# The keys this module reads, for msgspec (below). X pages carry many more (public_metrics,
# context_annotations, edit_controls...), and building them is most of the JSON cost.
class _Entities(TypedDict, total=False):
    mentions: Any


class _Post(TypedDict, total=False):
    id: Any
    text: Any
    author_id: Any
    created_at: Any
    conversation_id: Any
    in_reply_to_user_id: Any
    referenced_tweets: Any
    entities: _Entities | None
    author: Any


class _User(TypedDict, total=False):
    id: Any
    username: Any


class _Includes(TypedDict, total=False):
    users: list[_User] | None
    tweets: list[_Post] | None


class _Page(TypedDict, total=False):
    # Every key `_collect` reads: a page decoded with this schema reads exactly as json.loads would make it.
    data: list[_Post] | _Post | None
    includes: _Includes | None
    meta: Any
    errors: Any
    title: Any
    type: Any
    status: Any
    detail: Any
    id: Any
    text: Any
    author: Any


def _page_decoder() -> Callable[[str], Any] | None:
    """A line -> a page dict with only the keys of `_Page`, or None when json must read the line. None
    without msgspec: json alone then, the same results, slower."""
    try:
        import msgspec
    except ImportError:  # pragma: no cover - msgspec is in requirements.txt
        return None
    decode = msgspec.json.Decoder(_Page).decode
    failure = msgspec.MsgspecError

    def read(line: str) -> Any:
        try:
            page = decode(line)
        except (failure, RecursionError):
            return None  # anything unusual (a shape off the schema, bad JSON, deep nesting) goes to json
        # A line without `data` may be a flattened post whose other keys the schema dropped: json reads it.
        return page if "data" in page else None

    return read


# Off in the tests that check this path against json alone (`_fast_page = None`).
_fast_page = _page_decoder()


try:
    from msgspec import UNSET, MsgspecError, Struct, UnsetType
    from msgspec.json import Decoder
except ImportError:  # pragma: no cover - msgspec is in requirements.txt
    Struct = None  # type: ignore[assignment,misc]

if Struct is not None:
    # The ordinary page, typed for `_typed_page_reader` (msgspec checks these JSON types in C).
    class _SUser(Struct):
        id: str | None = None
        username: str | None = None

    class _SMention(Struct):
        username: str | None = None
        id: str | None = None

    class _SEntities(Struct):
        mentions: list[_SMention] | None = None

    class _SRef(Struct):
        type: str | None = None
        id: str | None = None

    class _SPost(Struct):
        id: str
        author_id: str
        created_at: str
        text: str = ""
        conversation_id: str | None = None
        in_reply_to_user_id: str | None = None
        referenced_tweets: list[_SRef] | None = None
        entities: _SEntities | None = None
        author: _SUser | None = None

    class _SIncludes(Struct):
        users: list[_SUser] | None = None
        tweets: list[_SPost] | None = None

    class _SPage(Struct):
        data: list[_SPost] | _SPost | None | UnsetType = UNSET
        includes: _SIncludes | None = None


def _typed_page_reader() -> Callable[[str, int], list[ImportedTweet] | None] | None:
    """A line -> its posts (`data` then `includes.tweets`), or None when the line is anything but an ordinary
    page; None without msgspec.

    The common page of a big import, read in one pass: msgspec checks the JSON types of the fields in C
    (ids, texts, time-stamps as strings; lists of objects) into structs, and `_ordinary_post` checks the
    bounds. A line that fails any of it (a number for an id, an over-long text, a missing field, an error
    page, anything not an ordinary page) returns None and is read by the general path (`_collect` and
    `_tweet`), which gives the reason; so the posts read here are the ones the general path reads."""
    if Struct is None:  # pragma: no cover - msgspec is in requirements.txt
        return None
    decode, failure, unset, one_post = Decoder(_SPage).decode, MsgspecError, UNSET, _SPost

    def read(text: str, line: int) -> list[ImportedTweet] | None:
        try:
            page = decode(text)
        except (failure, RecursionError):
            return None
        data = page.data
        if data is unset:  # an error answer, a flattened post, a meta-only page: the general path
            return None
        if data is None:
            data = ()
        elif type(data) is one_post:
            data = (data,)
        includes = page.includes
        usernames: dict[str, str] = {}
        context: Any = ()
        if includes is not None:
            for user in includes.users or ():
                user_id, name = user.id, user.username
                if name is not None and 0 < len(name) <= MAX_HANDLE_CHARS and user_id:
                    if len(user_id) > MAX_ID_CHARS:
                        return None
                    usernames[user_id] = name
            context = includes.tweets or ()
        posts = []
        for group, included in ((data, False), (context, True)):
            for raw in group:
                tweet = _ordinary_post(raw, usernames, line, included)
                if tweet is None:
                    return None
                posts.append(tweet)
        return posts

    return read


def _ordinary_post(raw: Any, usernames: dict[str, str], line: int, included: bool) -> ImportedTweet | None:
    """What `_tweet` reads from a post whose fields msgspec typed (strings, lists of objects), or None when
    `_tweet` would refuse it or the bounds need its care: then the general path reads the whole line."""
    post_id, author_id, stamp, text = raw.id, raw.author_id, raw.created_at, raw.text
    if not 0 < len(post_id) <= MAX_ID_CHARS or not 0 < len(author_id) <= MAX_ID_CHARS:
        return None
    if not stamp or len(text) > MAX_TEXT_CHARS:
        return None
    try:
        created_at = _from_iso(stamp)
    except ValueError:
        return None
    zone = created_at.tzinfo
    if zone is not UTC:
        created_at = created_at.replace(tzinfo=UTC) if zone is None else created_at.astimezone(UTC)
    conversation_id, reply_to_user = raw.conversation_id, raw.in_reply_to_user_id
    if (conversation_id is not None and len(conversation_id) > MAX_ID_CHARS) or (
        reply_to_user is not None and len(reply_to_user) > MAX_ID_CHARS
    ):
        return None
    replied_to = quoted = retweeted = None
    refs = raw.referenced_tweets
    if refs:
        for ref in refs:
            kind, ref_id = ref.type, ref.id
            if not kind or not ref_id:
                continue
            if len(ref_id) > MAX_ID_CHARS:
                return None
            if kind == "replied_to":
                replied_to = replied_to or ref_id
            elif kind == "quoted":
                quoted = quoted or ref_id
            elif kind == "retweeted":
                retweeted = retweeted or ref_id
    names: tuple[str, ...] = ()
    mentioned: tuple[str, ...] = ()
    entities = raw.entities
    if entities is not None:
        mentions = entities.mentions
        if mentions:
            if len(mentions) == 1:  # the common case, without the two comprehensions' frames
                first = mentions[0]
                name, mention_id = first.username, first.id
                names = (name,) if name else ()
                mentioned = (mention_id,) if mention_id else ()
            else:
                names = tuple([m.username for m in mentions if m.username])
                mentioned = tuple([m.id for m in mentions if m.id])
    username = usernames.get(author_id)
    if username is None:
        author = raw.author
        if author is not None:
            name = author.username
            if name is not None and 0 < len(name) <= MAX_HANDLE_CHARS:
                username = name
    return _new_tuple(
        ImportedTweet,
        (
            post_id,
            author_id,
            username,
            created_at,
            text,
            line,
            conversation_id,
            reply_to_user,
            replied_to,
            quoted,
            retweeted,
            names,
            mentioned,
            included,
        ),
    )


# Off in the tests that check this path against the general one (`_typed_page = None`).
_typed_page = _typed_page_reader()


def parse_x_v2_lines(lines: Iterable[str], strict: bool = False) -> ParseResult[ImportedTweet]:
    """Parse JSONL pages; each line's number is used in RowErrors."""
    return _collect(_pages_from_lines(lines), strict)


def parse_x_v2_document(text: str, strict: bool = False) -> ParseResult[ImportedTweet]:
    """Parse one JSON document (a page or an array of pages); errors name line 1 and the page."""
    if not text or text.isspace():
        return ParseResult()
    document = _load(text, 1)
    if isinstance(document, RowError):
        if strict:
            raise refuse(document.line, document.reason)
        return ParseResult(errors=[document])
    pages = document if type(document) is list else [document]
    return _collect(((1, page, f"page {i + 1}: ") for i, page in enumerate(pages)), strict)


def parse_x_v2_file(path: str | Path, strict: bool = False) -> ParseResult[ImportedTweet]:
    """Parse a .json or .jsonl file (sniffed from the first character when the suffix says neither)."""
    path = Path(path)
    text = read_utf8(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        # Lines end at LF only, as a file iterator reads them (a U+2028 inside a text is no line break).
        return parse_x_v2_lines(text.split("\n"), strict)
    if suffix == ".json" or text.lstrip().startswith("["):
        return parse_x_v2_document(text, strict)
    lines = text.split("\n")
    if sum(1 for line in lines if line and not line.isspace()) <= 1:
        return parse_x_v2_document(text, strict)
    return parse_x_v2_lines(lines, strict)


def _load(text: str, line: int) -> Any:
    """The JSON value of `text`, or the RowError that says why it has none."""
    try:
        return _loads(text)
    except json.JSONDecodeError as exc:
        return RowError(line, _("not valid JSON ({problem} at column {column})", problem=exc.msg, column=exc.colno))
    except RecursionError:
        # [[[[...]]]] 100,000 deep: the parser gives up; this line only, not the whole import.
        return RowError(line, _("JSON nested too deeply to be an X API page"))


def _pages_from_lines(lines: Iterable[str]) -> Iterator[tuple[int, Any, str | None] | RowError]:
    """(line, page, where) per line; (line, its posts, None) for a line `_typed_page` read."""
    load, fast, typed = _load, _fast_page, _typed_page
    for number, line in enumerate(lines, start=1):
        if not line or line.isspace():
            continue
        if typed is not None:
            posts = typed(line, number)
            if posts is not None:
                yield number, posts, None
                continue
        page = fast(line) if fast is not None else None
        if page is None:
            page = load(line, number)
        yield page if type(page) is RowError else (number, page, "")


def _api_error(page: dict) -> str | None:
    """ "Title: detail (status)" when the page is an X API error answer instead of posts, else None.

    Shapes: v2 `{"errors": [{"title", "detail", "type"}]}` (partial errors beside `data` are normal and
    ignored), v2 problem `{"title", "detail", "type", "status"}`, v1.1 `{"errors": [{"code", "message"}]}`.
    """
    if "data" in page:
        return None
    errors = page.get("errors")
    if type(errors) is list and errors:
        items = [e for e in errors if type(e) is dict] or [{}]
    elif type(page.get("title")) is str and ("type" in page or "status" in page or "detail" in page):
        items = [page]
    else:
        return None
    named = []
    for item in items[:3]:
        title = str(item.get("title") or item.get("message") or "error")[:200]
        detail = item.get("detail")
        text = f"{title}: {str(detail)[:300]}" if detail and detail != title else title
        status = item.get("status", item.get("code"))
        if type(status) is int:
            text += f" ({status})"
        named.append(text)
    return "; ".join(named)


def _collect(pages: Iterable[tuple[int, Any, str | None] | RowError], strict: bool) -> ParseResult[ImportedTweet]:
    result: ParseResult[ImportedTweet] = ParseResult()
    records, by_id = result.records, {}
    tweet_of = _tweet

    def fail(error: RowError) -> None:
        if strict:
            raise refuse(error.line, error.reason)
        result.errors.append(error)

    for item in pages:
        if type(item) is RowError:
            fail(item)
            continue
        line, page, where = item
        if where is None:  # posts read by `_typed_page`: only the choice between copies is left
            for tweet in page:
                seen = by_id.get(tweet.id)
                if seen is None:
                    by_id[tweet.id] = len(records)
                    records.append(tweet)
                elif records[seen].included and not tweet.included:
                    records[seen] = tweet
            continue
        if type(page) is not dict:
            fail(
                RowError(
                    line, where + _("expected a JSON object (an X API v2 page), found {kind}", kind=type(page).__name__)
                )
            )
            continue
        if "data" not in page:
            problem = _api_error(page)
            if problem is not None:
                result.api_errors.append(problem)
                fail(
                    RowError(
                        line, where + _("the X API answered with an error instead of posts: {error}", error=problem)
                    )
                )
                continue
            if "id" in page and "text" in page:
                author = page.get("author")
                page = {"data": [page], "includes": {"users": [author]} if author else {}}
            elif "includes" not in page:
                meta = page.get("meta")
                if type(meta) is not dict:
                    fail(
                        RowError(
                            line, where + _("a JSON object without data, includes or meta is not an X API v2 page")
                        )
                    )
                elif meta.get("result_count") == 0:
                    result.empty_results += 1
                continue
        data = page.get("data")
        if type(data) is dict:  # one post, even an empty object (the fast decoder empties unknown keys)
            data = (data,)
        elif not data:
            data = ()
        includes = page.get("includes") or {}
        if (type(data) is not list and type(data) is not tuple) or type(includes) is not dict:
            fail(RowError(line, where + _("the page's data is not a list of posts, or its includes is not an object")))
            continue
        usernames = _usernames(includes.get("users"))
        context = includes.get("tweets") or ()
        for group, included in ((data, False), (context if type(context) is list else (), True)):
            for index, raw in enumerate(group):
                tweet = tweet_of(raw, usernames, line, included)
                if type(tweet) is str:
                    label = "includes.tweets" if included else "data"
                    fail(RowError(line, f"{where}{label}[{index}]: {tweet}"))
                    continue
                seen = by_id.get(tweet.id)
                if seen is None:
                    by_id[tweet.id] = len(records)
                    records.append(tweet)
                elif records[seen].included and not included:
                    records[seen] = tweet  # the full result row beats the context copy
    return result


def _usernames(users: Any) -> dict[str, str]:
    """id -> username of `includes.users`; an entry of the wrong shape or over the bounds is left out."""
    found: dict[str, str] = {}
    if type(users) is not list:
        return found
    for user in users:
        if type(user) is dict:
            user_id, name = user.get("id"), user.get("username")
            if type(name) is str and 0 < len(name) <= MAX_HANDLE_CHARS:
                if type(user_id) is not str or not 0 < len(user_id) <= MAX_ID_CHARS:
                    user_id = _ident(user_id)
                if user_id:
                    found[user_id] = name
    return found


def _ident(value: Any) -> str | None:
    """An id as text: a string or an integer within MAX_ID_CHARS, else None."""
    kind = type(value)
    if kind is str:
        return value if 0 < len(value) <= MAX_ID_CHARS else None
    if kind is int:
        text = str(value)
        return text if len(text) <= MAX_ID_CHARS else None
    return None


def _tweet(raw: Any, usernames: dict[str, str], line: int, included: bool) -> ImportedTweet | str:
    """The post, or the reason it cannot be read."""
    if type(raw) is not dict:
        return _("a post must be a JSON object")
    get = raw.get
    post_id = get("id")
    if not post_id:
        return _("the post has no id")
    if type(post_id) is not str or len(post_id) > MAX_ID_CHARS:
        post_id = _ident(post_id)
        if post_id is None:
            return _("the post id is not a string or number of at most {limit} characters", limit=MAX_ID_CHARS)
    author_id = get("author_id")
    if not author_id:
        return _("post {id} has no author_id (request the expansion author_id)", id=post_id)
    if type(author_id) is not str or len(author_id) > MAX_ID_CHARS:
        author_id = _ident(author_id)
        if author_id is None:
            return _bad_id(post_id, "author_id")
    stamp = get("created_at")
    if not stamp:
        return _("post {id} has no created_at (request tweet.fields=created_at)", id=post_id)
    try:
        created_at = _from_iso(stamp)
    except (TypeError, ValueError):
        return _(
            "post {id} has created_at {stamp}, not an ISO 8601 time",
            id=post_id,
            stamp=repr(stamp[:60] if type(stamp) is str else stamp)[:80],
        )
    zone = created_at.tzinfo
    if zone is not UTC:  # X writes "...Z", which reads as UTC already: no conversion per post
        created_at = created_at.replace(tzinfo=UTC) if zone is None else created_at.astimezone(UTC)
    text = get("text", "")
    if type(text) is not str:
        return _("post {id}: the text is not a string", id=post_id)
    if len(text) > MAX_TEXT_CHARS:
        return _("post {id}: the text has more than 25,000 characters, the size of X's longest posts", id=post_id)
    conversation_id = get("conversation_id")
    if conversation_id is not None and (type(conversation_id) is not str or len(conversation_id) > MAX_ID_CHARS):
        conversation_id = _ident(conversation_id)
        if conversation_id is None:
            return _bad_id(post_id, "conversation_id")
    reply_to_user = get("in_reply_to_user_id")
    if reply_to_user is not None and (type(reply_to_user) is not str or len(reply_to_user) > MAX_ID_CHARS):
        reply_to_user = _ident(reply_to_user)
        if reply_to_user is None:
            return _bad_id(post_id, "in_reply_to_user_id")
    replied_to = quoted = retweeted = None
    refs = get("referenced_tweets")
    if refs:
        if type(refs) is not list:
            return _bad_id(post_id, "referenced_tweets")
        for ref in refs:
            if type(ref) is not dict:
                continue
            kind, ref_id = ref.get("type"), ref.get("id")
            if not kind or not ref_id:
                continue
            ref_id = _ident(ref_id)
            if ref_id is None:
                return _bad_id(post_id, "referenced_tweets.id")
            if kind == "replied_to":
                replied_to = replied_to or ref_id
            elif kind == "quoted":
                quoted = quoted or ref_id
            elif kind == "retweeted":
                retweeted = retweeted or ref_id
    names: tuple[str, ...] = ()
    mentioned: tuple[str, ...] = ()
    entities = get("entities")
    if entities:
        mentions = entities.get("mentions") if type(entities) is dict else None
        if mentions and type(mentions) is list:
            found_names, found_ids = [], []
            for mention in mentions:
                if type(mention) is dict:
                    name, mention_id = mention.get("username"), mention.get("id")
                    if name:
                        found_names.append(name if type(name) is str else str(name))
                    if mention_id:
                        found_ids.append(mention_id if type(mention_id) is str else str(mention_id))
            names, mentioned = tuple(found_names), tuple(found_ids)
    username = usernames.get(author_id)
    if username is None:
        author = get("author")
        if type(author) is dict:  # twarc's flattened lines carry the author inline
            name = author.get("username")
            if type(name) is str and 0 < len(name) <= MAX_HANDLE_CHARS:
                username = name
    # tuple.__new__ straight: the NamedTuple's own __new__ is a Python frame per post, twice the cost.
    return _new_tuple(
        ImportedTweet,
        (
            post_id,
            author_id,
            username,
            created_at,
            text,
            line,
            conversation_id,
            reply_to_user,
            replied_to,
            quoted,
            retweeted,
            names,
            mentioned,
            included,
        ),
    )


def _bad_id(post_id: str, field: str) -> str:
    return _(
        "post {id}: {field} is not a string or number of at most {limit} characters",
        id=post_id,
        field=field,
        limit=MAX_ID_CHARS,
    )
