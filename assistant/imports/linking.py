"""From parsed posts to mentions of one account and their responses (pure).

X (DESIGN.md): a mention is a post by someone else that @-mentions the account or
replies to it; retweets are not mentions. Its response is the account's earliest reply
to that post (`referenced_tweets` replied_to).

twcs: a mention of company C is an inbound tweet that @-mentions C or that C replied
to; its response is C's earliest tweet whose in_response_to_tweet_id is the mention.

"Earliest" is by created_at, ties broken by the smaller numeric id.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.errors import InvalidInput
from assistant.imports.records import ImportedTweet, MentionLink, TwcsTweet

_UNANSWERED = (None, None, None)  # a mention with no response: no id, time or text


def _order(post: ImportedTweet | TwcsTweet) -> tuple[object, int, str]:
    return (post.created_at, len(post.id), post.id)  # numeric order of digit strings


def derive_mentions(account: str, tweets: Iterable[ImportedTweet]) -> list[MentionLink]:
    """Mentions of `account` (a handle with or without '@', or a numeric user id), oldest first."""
    # Hot loops (one pass per post of million-post files): locals, set operations in C, positional links.
    posts = tweets if isinstance(tweets, list) else list(tweets)
    ids, names = _resolve(account, posts)
    if not ids and not names:
        raise InvalidInput(f"account {account!r} is neither a handle nor a numeric user id")
    own: set[str] = set()
    earliest: dict[str, ImportedTweet] = {}
    for post in posts:
        username = post.author_username
        if post.author_id in ids or (username and username.lower() in names):
            own.add(post.id)
            target = post.replied_to_id
            if target is not None:
                current = earliest.get(target)
                if current is None or _order(post) < _order(current):
                    earliest[target] = post
    lower, links, find, new_tuple = str.lower, [], earliest.get, tuple.__new__
    for post in posts:
        if post.retweeted_id is not None or post.id in own:
            continue
        usernames, mentioned = post.mentioned_usernames, post.mentioned_ids
        if (
            (usernames and not names.isdisjoint(map(lower, usernames)))
            or (mentioned and not ids.isdisjoint(mentioned))
            or post.in_reply_to_user_id in ids
            or post.replied_to_id in own
        ):
            response = find(post.id)
            answer = _UNANSWERED if response is None else (response.id, response.created_at, response.text)
            # tuple.__new__ straight: MentionLink's own __new__ is a Python frame per mention.
            links.append(
                new_tuple(
                    MentionLink,
                    (
                        post.id,
                        post.author_id,
                        post.author_username,
                        post.created_at,
                        post.text,
                        post.conversation_id,
                        post.line,
                        *answer,
                    ),
                )
            )
    links.sort(key=_link_order)
    return links


def _resolve(account: str, posts: list[ImportedTweet]) -> tuple[set[str], set[str]]:
    """The account's user ids and lower-case usernames, completed from the posts' authors."""
    handle = account.strip().lstrip("@")
    ids = {handle} if handle.isdigit() else set()
    names = {handle.lower()} if handle else set()
    for post in posts:
        username = post.author_username
        if not username:
            continue
        if username.lower() in names:
            ids.add(post.author_id)
        elif post.author_id in ids:
            names.add(username.lower())
    return ids, names


def derive_twcs_mentions(company: str, tweets: Iterable[TwcsTweet]) -> list[MentionLink]:
    """Mentions of `company` (its author_id, e.g. 'AppleSupport'; any case) and C's responses."""
    name = company.strip().lstrip("@").lower()
    if not name:
        raise InvalidInput("the company handle is empty; pass e.g. --account AppleSupport")
    posts = tweets if isinstance(tweets, list) else list(tweets)
    earliest: dict[str, TwcsTweet] = {}
    for post in posts:
        target = post.in_response_to_id
        if target is not None and post.author_id.lower() == name:
            current = earliest.get(target)
            if current is None or _order(post) < _order(current):
                earliest[target] = post
    # Hot loop (one pass per row of million-row files): MentionLink built positionally.
    links = []
    for post in posts:
        if not post.inbound:
            continue
        response = earliest.get(post.id)
        if response is not None:
            links.append(
                MentionLink(
                    post.id,
                    post.author_id,
                    None,
                    post.created_at,
                    post.text,
                    None,
                    post.line,
                    response.id,
                    response.created_at,
                    response.text,
                )
            )
        elif post.mentioned_usernames and any(m.lower() == name for m in post.mentioned_usernames):
            links.append(MentionLink(post.id, post.author_id, None, post.created_at, post.text, None, post.line))
    links.sort(key=_link_order)
    return links


def _link_order(link: MentionLink) -> tuple[object, int, str]:
    return (link.created_at, len(link.mention_id), link.mention_id)


def twcs_companies(tweets: Iterable[TwcsTweet]) -> list[str]:
    """The companies in a twcs file (authors of outbound tweets), most active first."""
    counts: dict[str, int] = {}
    for post in tweets:
        if not post.inbound:
            counts[post.author_id] = counts.get(post.author_id, 0) + 1
    return sorted(counts, key=lambda c: (-counts[c], c.lower()))
