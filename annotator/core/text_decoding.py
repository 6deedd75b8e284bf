"""Bytes to text, strictly: the one decoder for article files and the sources of other formats.

A byte order mark decides first (UTF-32, UTF-16, UTF-8); then strict UTF-8; then, for a file with
no valid multi-byte UTF-8 sequence at all, a single-byte legacy encoding that charset-normalizer
detects (Windows-1252 preferred among equally good readings). A damaged UTF-8 file is refused, not
guessed: guessing would turn its accented letters into others. The encoding used is returned so
that the document records it (``Document.source_encoding``).

Callers wrap ``TextDecodingError.message`` with their file name (``ArticleReadError``, ``FormatError``).
"""

from __future__ import annotations

import re

# A well-formed 2-4 byte UTF-8 sequence: a legacy single-byte file almost never holds one.
_VALID_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_UTF8_BOM = b"\xef\xbb\xbf"


class TextDecodingError(ValueError):
    """Bytes that are not text in an encoding we accept; ``message`` says why, without a file name."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def decode_text(raw: bytes) -> tuple[str, str]:
    """``(text, codec)`` of ``raw``: by BOM, else strict UTF-8, else a detected single-byte encoding.

    A file that declares UTF-8 with a BOM and is not valid UTF-8 is refused, not guessed.
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec), codec
            except UnicodeDecodeError as error:
                raise TextDecodingError(f"not valid {codec.upper()} at byte offset {error.start}") from None
    if b"\x00" in raw:
        raise TextDecodingError("holds NUL bytes, so it looks binary (UTF-16 needs a byte order mark)")
    has_bom = raw.startswith(_UTF8_BOM)
    body = raw[len(_UTF8_BOM) :] if has_bom else raw
    try:
        return body.decode("utf-8"), "utf-8-sig" if has_bom else "utf-8"
    except UnicodeDecodeError as error:
        offset = error.start + (len(_UTF8_BOM) if has_bom else 0)
        line = raw[:offset].count(b"\n") + 1
        utf8_problem = f"not valid UTF-8: byte 0x{raw[offset]:02X} at byte offset {offset} (line {line})"
    if has_bom or _VALID_UTF8_SEQUENCE.search(raw):
        # It says UTF-8 (a BOM) or mostly is (valid multi-byte sequences elsewhere): a damaged
        # UTF-8 file, not a legacy one.
        raise TextDecodingError(f"{utf8_problem}; convert the file to UTF-8 first")
    guessed = _detect_legacy_encoding(raw)
    if guessed is None:
        raise TextDecodingError(f"{utf8_problem}, and no other encoding fits; convert the file to UTF-8 first")
    return guessed


def _detect_legacy_encoding(raw: bytes) -> tuple[str, str] | None:
    """``(text, codec)`` for a file in a single-byte legacy encoding (Latin-1, Windows-1252, ...), or None."""
    # Loaded only for a file that is not UTF-8: most never need it, and it was a part of every start.
    import charset_normalizer
    from charset_normalizer.utils import is_multi_byte_encoding

    matches = list(charset_normalizer.from_bytes(raw))
    if not matches:
        return None
    best = matches[0]
    # Windows-1252 first among the encodings that score as well as the best (often exactly the
    # same text): Western European legacy files nearly always are Windows-1252 or Latin-1.
    ties = [m for m in matches if (m.chaos, -m.coherence) <= (best.chaos, -best.coherence)]
    codec = "cp1252" if any("cp1252" in m.could_be_from_charset for m in ties) else best.encoding
    if is_multi_byte_encoding(codec):
        return None  # a Shift-JIS or GB guess for a text that is not UTF-8 is too often wrong to take silently
    try:
        return raw.decode(codec), codec
    except (UnicodeDecodeError, LookupError):
        return None
