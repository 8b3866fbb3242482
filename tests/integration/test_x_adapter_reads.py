"""Reading mentions and the account's own posts through tweepy, against real recorded X responses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.errors import ExternalServiceError
from assistant.x import XAccount, XCredentials
from tests.x_replay import Replay, twarc_page

pytestmark = pytest.mark.shared

NOW = datetime(2022, 10, 7, 23, 0, tzinfo=UTC)
LAST_PAGE = {"meta": {"result_count": 0}}


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def account(sleeps: list[float]) -> XAccount:
    return XAccount(XCredentials(bearer_token="bearer-not-real"), sleep=sleeps.append, clock=lambda: NOW)


@pytest.fixture
def replay(account: XAccount) -> Replay:
    return Replay().mount_on(account.session)


def test_recorded_mentions_page_is_parsed_with_ids_and_paging(account: XAccount, replay: Replay) -> None:
    replay.cassette("tweepy_test_client_get_users_mentions.yaml")

    pages = list(account.mentions("783214", max_pages=1))

    assert len(pages) == 1
    page = pages[0]
    assert len(page.posts) == 10
    assert page.posts[0].id == "1578516295611748353"
    assert page.posts[0].text.startswith("@Twitter @TwitterSupport this is my ENTIRE feed")
    assert page.newest_id == "1578516295611748353"
    assert page.next_token == "7140dibdnow9c7btw423i3sy3u5zupmkcpofxcsmxj48j"
    assert replay.path(0) == "/2/users/783214/mentions"


def test_mentions_request_asks_for_authors_references_and_times(account: XAccount, replay: Replay) -> None:
    replay.cassette("tweepy_test_client_get_users_mentions.yaml")

    list(account.mentions("783214", since_id="1578000000000000000", max_pages=1, page_size=50))

    params = replay.params(0)
    assert params["since_id"] == "1578000000000000000"
    assert params["max_results"] == "50"
    assert set(params["expansions"].split(",")) == {"author_id", "referenced_tweets.id", "entities.mentions.username"}
    assert {"created_at", "conversation_id", "public_metrics", "author_id"} <= set(params["tweet.fields"].split(","))
    assert {"verified", "public_metrics"} <= set(params["user.fields"].split(","))
    assert "pagination_token" not in params
    assert replay.requests[0].headers["Authorization"] == "Bearer bearer-not-real"


def test_pagination_follows_next_token_until_the_last_page(account: XAccount, replay: Replay) -> None:
    replay.cassette("tweepy_test_client_get_users_mentions.yaml")
    replay.respond(200, twarc_page("twarc-csv_two_tweets.jsonl"))  # a last page: no next_token

    pages = list(account.mentions("783214", since_id="1", max_pages=5))

    assert [len(p.posts) for p in pages] == [10, 1]
    assert replay.params(1)["pagination_token"] == "7140dibdnow9c7btw423i3sy3u5zupmkcpofxcsmxj48j"
    assert replay.params(1)["since_id"] == "1"
    assert len(replay.requests) == 2


def test_max_pages_stops_even_when_x_offers_more(account: XAccount, replay: Replay) -> None:
    replay.respond(200, twarc_page("twarc-csv_noflat.jsonl"))

    pages = list(account.mentions("1", max_pages=1))

    assert pages[0].next_token and len(replay.requests) == 1


def test_full_field_page_gives_authors_times_and_references(account: XAccount, replay: Replay) -> None:
    replay.respond(200, twarc_page("twarc-csv_noflat.jsonl"))

    page = next(account.mentions("1380220754978086917"))

    assert len(page.posts) == 100
    reply = next(p for p in page.posts if p.id == "1380242586288328707")
    assert reply.author_id == "1910479285"
    assert reply.created_at == datetime(2021, 4, 8, 19, 34, 10, tzinfo=UTC)
    assert reply.replied_to_id == "1380229267770933248"
    assert reply.conversation_id == "1380220754978086917"
    assert reply.mentioned_usernames == ("TalkToTheFoot", "JackPosobiec")
    assert not reply.is_retweet
    quote = next(p for p in page.posts if p.id == "1380242403009966082")
    assert quote.quoted_id == "1380226330034372610"
    assert sum(p.is_retweet for p in page.posts) == 47  # retweets are flagged, not mentions
    assert all(page.user(p.author_id) is not None for p in page.posts)
    posobiec = page.user("592730371")
    assert posobiec is not None and posobiec.username == "JackPosobiec"
    assert posobiec.verified and posobiec.followers_count == 1251434
    assert all(p.created_at and p.created_at.tzinfo == UTC for p in page.posts)


def test_empty_result_is_an_empty_page_not_an_error(account: XAccount, replay: Replay) -> None:
    replay.respond(200, LAST_PAGE)

    pages = list(account.mentions("783214", since_id="1578516295611748353"))

    assert len(pages) == 1 and pages[0].posts == () and pages[0].newest_id is None


def test_own_posts_include_replies_and_skip_retweets(account: XAccount, replay: Replay) -> None:
    replay.cassette("tweepy_test_client_get_users_tweets.yaml")

    page = next(account.own_posts("783214", since_id="1565318587736285183"))

    assert [p.id for p in page.posts] == ["1577730467436138524", "1565318587736285184"]
    assert replay.path(0) == "/2/users/783214/tweets"
    params = replay.params(0)
    assert params["exclude"] == "retweets"  # replies stay in: they are the answers we measure
    assert params["since_id"] == "1565318587736285183"


def test_find_own_post_matches_despite_x_escaping_and_tco_links(account: XAccount, replay: Replay) -> None:
    replay.cassette("tweepy_test_client_get_users_tweets.yaml").respond(200, LAST_PAGE)
    sent = (
        "whoa, it works\n\nnow everyone can mix GIFs, videos, and images in one Tweet, available on "
        "iOS and Android https://example.com/a https://example.com/b"
    )

    found = account.find_own_post("783214", sent, since=datetime(2022, 10, 1, tzinfo=UTC))

    assert found is not None and found.id == "1577730467436138524"
    assert replay.params(0)["start_time"] == "2022-09-30T23:58:00Z"  # a little slack for clock drift


def test_find_own_post_returns_none_when_nothing_matches(account: XAccount, replay: Replay) -> None:
    replay.cassette("tweepy_test_client_get_users_tweets.yaml").respond(200, LAST_PAGE)

    assert account.find_own_post("783214", "never said this", since=NOW) is None
    assert len(replay.requests) == 2


def test_reads_use_user_context_when_no_bearer_token(sleeps: list[float]) -> None:
    account = XAccount(
        XCredentials(api_key="k", api_secret="s", access_token="t", access_token_secret="ts"), sleep=sleeps.append
    )
    replay = Replay().mount_on(account.session).cassette("tweepy_test_client_get_users_mentions.yaml")

    next(account.mentions("783214"))

    assert replay.requests[0].headers["Authorization"].startswith("OAuth ")


def test_user_lookup_by_handle_is_enough_for_a_read_only_setup(account: XAccount, replay: Replay) -> None:
    replay.respond(
        200,
        {
            "data": {
                "id": "783214",
                "name": "X",
                "username": "X",
                "verified_type": "business",
                "public_metrics": {"followers_count": 68000000},
            }
        },
    )

    user = account.user("@X")

    assert (user.id, user.username, user.verified, user.followers_count) == ("783214", "X", True, 68000000)
    assert replay.path(0) == "/2/users/by/username/X"


def test_unknown_handle_is_a_clear_error(account: XAccount, replay: Replay) -> None:
    replay.respond(200, {"errors": [{"title": "Not Found Error", "detail": "Could not find user."}]})

    with pytest.raises(ExternalServiceError, match="X has no account @nobody_here"):
        account.user("nobody_here")
