"""Quotations in news text: is a selection the whole of a quote (then a claim is a direct quote)."""

from __future__ import annotations

OPENING_QUOTES = "\"“«„‘'"
CLOSING_QUOTES = "\"”»“’'"


def is_quoted(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is the whole of a quotation: a quote mark just before it and
    one just after it, or after a comma or full stop left outside it (news style puts them inside
    the quote marks: ``"... organization," he said``)."""
    if not 0 < start < end <= len(text) or text[start - 1] not in OPENING_QUOTES:
        return False
    after = text[end : end + 2]
    if not after:
        return False
    return after[0] in CLOSING_QUOTES or (after[0] in ",.?!" and len(after) == 2 and after[1] in CLOSING_QUOTES)
