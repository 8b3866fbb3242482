"""Executive social presence assistant: drafting, pre-publish checks, review, response times."""

__version__ = "0.1.0"
