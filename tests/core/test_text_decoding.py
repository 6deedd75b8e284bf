"""The one strict decoder that article files and format sources share (core/text_decoding.py)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from annotator.core.articles import ArticleReadError, read_article
from annotator.core.formats.common import FormatError
from annotator.core.formats.sources.decoding import decode_bytes
from annotator.core.text_decoding import TextDecodingError, decode_text

DAMAGED_UTF8 = "Le café de Genève, où l’on parle.\n".encode() + b"bad \xff byte\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + "Zoë".encode(), ("Zoë", "utf-8-sig")),
        ("Zoë".encode("utf-16"), ("Zoë", "utf-16")),
        ("Zoë".encode("utf-32"), ("Zoë", "utf-32")),
        ("Zoë".encode(), ("Zoë", "utf-8")),
        ("Ceci est un café très agréable à Genève.".encode("cp1252"), ("Ceci est un café très agréable à Genève.", "cp1252")),
    ],
)
def test_decodes_by_bom_then_utf8_then_a_legacy_encoding(data: bytes, expected: tuple[str, str]) -> None:
    assert decode_text(data) == expected


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (DAMAGED_UTF8, ("not valid UTF-8", "byte 0xFF", "line 2", "convert the file to UTF-8")),
        (codecs.BOM_UTF8 + b"caf\xe9", ("not valid UTF-8", "byte 0xE9", "offset 6")),
        ("Hello".encode("utf-16-le"), ("NUL bytes", "looks binary", "byte order mark")),
        ("Hello".encode("utf-16")[:-1], ("not valid UTF-16",)),
    ],
)
def test_refuses_what_it_would_have_to_guess(data: bytes, words: tuple[str, ...]) -> None:
    with pytest.raises(TextDecodingError) as caught:
        decode_text(data)
    assert all(word in caught.value.message for word in words), caught.value.message


def test_articles_and_sources_give_the_same_reason_with_their_file_name(tmp_path: Path) -> None:
    (tmp_path / "damaged.txt").write_bytes(DAMAGED_UTF8)
    with pytest.raises(ArticleReadError) as article:
        read_article(tmp_path / "damaged.txt", "damaged")
    with pytest.raises(FormatError) as source:
        decode_bytes(DAMAGED_UTF8, "damaged.txt")
    assert article.value.reason == source.value.message and "not valid UTF-8" in source.value.message
    assert str(article.value) == str(source.value)
