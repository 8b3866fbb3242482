"""Hard bounds on the size of a text where it enters the product (issue 14), in one place.

Why these figures:
- a post (or a thread draft) holds at most 25,000 characters: the longest post X accepts
  (long posts of paid accounts; 280 otherwise), which also covers a long thread (25 posts of
  280) and LinkedIn's 3,000. The same figure bounds imported mention texts
  (assistant/imports/records.py) and `python -m assistant check`, which checks posts. At this
  size the whole checklist runs in tens of milliseconds, whatever the text;
- a reply holds at most 2,000 characters: X allows 280 in a reply, Mastodon 500, a LinkedIn
  comment 1,250; the margin lets a delegate paste and then cut down.
Texts over a bound are refused with a clear error before anything else reads them.
"""

from __future__ import annotations

MAX_POST_CHARS = 25_000
MAX_REPLY_CHARS = 2_000
MAX_CHECK_CHARS = MAX_POST_CHARS
