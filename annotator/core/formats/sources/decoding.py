"""Bytes to text for article sources: BOMs, then strict UTF-8, then charset-normalizer's best guess.

The encoding found is returned so that the document records it (``Document.source_encoding``).
Short texts often decode equally well in several single-byte encodings (a French paragraph reads
without error as cp1250 and as cp1252); among the readings charset-normalizer finds equally
plausible, the one news archives use most is taken (``PREFERRED``).
"""

from __future__ import annotations

import codecs

from annotator.core.formats.common import FormatError

PREFERRED = ("cp1252", "iso8859_15", "iso8859_1", "cp1251", "koi8_r", "cp1250", "iso8859_2", "cp1253", "cp1254", "mac_roman")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """(text, encoding name) of ``data``; FormatError naming ``source`` when it is binary or undecidable."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise FormatError(source, f"starts with a {encoding} byte order mark but is not {encoding} (byte {error.start})") from None
    if b"\x00" in data:
        raise FormatError(source, "holds NUL bytes: a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise FormatError(source, "is not text in any encoding charset-normalizer recognises")
    tied = [match for match in results if match.chaos <= best.chaos + 0.01]
    for encoding in PREFERRED:
        for match in tied:
            if encoding == match.encoding or encoding in match.could_be_from_charset:
                return data.decode(encoding), encoding
    return str(best), best.encoding
