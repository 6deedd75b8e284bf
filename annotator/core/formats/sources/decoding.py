"""Bytes to text for article sources, through the one strict decoder (``annotator.core.text_decoding``).

The encoding found is returned so that the document records it (``Document.source_encoding``).
"""

from __future__ import annotations

from annotator.core.formats.common import FormatError
from annotator.core.text_decoding import TextDecodingError, decode_text


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """(text, encoding name) of ``data``; FormatError naming ``source`` when it is binary or undecidable."""
    try:
        return decode_text(data)
    except TextDecodingError as error:
        raise FormatError(source, error.message) from None
