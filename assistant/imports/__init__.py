"""File imports: X API v2 pages and the twcs CSV -> pure records, plus mention linking.

No database here: the storage layer writes what these functions return.
"""

from assistant.imports.linking import derive_mentions, derive_twcs_mentions, twcs_companies
from assistant.imports.records import ImportedTweet, MentionLink, ParseResult, RowError, TwcsTweet
from assistant.imports.twcs import parse_twcs_file, parse_twcs_lines, parse_twcs_time
from assistant.imports.x_v2 import parse_x_v2_document, parse_x_v2_file, parse_x_v2_lines

__all__ = [
    "ImportedTweet",
    "MentionLink",
    "ParseResult",
    "RowError",
    "TwcsTweet",
    "derive_mentions",
    "derive_twcs_mentions",
    "parse_twcs_file",
    "parse_twcs_lines",
    "parse_twcs_time",
    "parse_x_v2_document",
    "parse_x_v2_file",
    "parse_x_v2_lines",
    "twcs_companies",
]
