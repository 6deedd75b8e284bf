"""Finding a phrase in one article: offsets are code points into the stored text, as spans use."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.articles import read_article
from annotator.core.search.find import FindError, FindQuery, find_all


def test_plain_text_ignores_case_by_default_and_counts_emoji_as_one_code_point() -> None:
    text = "🇦🇲 CSTO said; the csto 🙂 denied. CSTOs?"
    hits = find_all(text, FindQuery("csto"))
    assert [text[a:b] for a, b in hits] == ["CSTO", "csto", "CSTO"]
    # The flag is two code points, so the first hit starts at 3, not at 5 (UTF-16) or 9 (UTF-8).
    assert hits[0] == (3, 7)
    assert find_all(text, FindQuery("csto", case_sensitive=True)) == [hits[1]]


def test_whole_word_needs_no_word_character_on_either_side() -> None:
    text = "CSTO, CSTOs and U.S. and the U.S.A."
    assert [text[a:b] for a, b in find_all(text, FindQuery("csto", whole_word=True))] == ["CSTO"]
    # A query ending on punctuation still matches as a whole word (\b would refuse "U.S." before a space).
    hits = find_all(text, FindQuery("U.S.", whole_word=True, case_sensitive=True))
    assert hits == [(16, 20)]


def test_regular_expressions_and_their_errors() -> None:
    text = "On 12 May 2024 and 3 June 2025 the 🙂 talks"
    hits = find_all(text, FindQuery(r"\d{4}", regex=True))
    assert [text[a:b] for a, b in hits] == ["2024", "2025"]
    # Empty matches ("a*" between letters) are no hits to walk to.
    assert find_all(text, FindQuery("a*", regex=True)) == [(m, m + 1) for m in range(len(text)) if text[m] in "aA"]
    with pytest.raises(FindError, match="not a regular expression"):
        find_all(text, FindQuery("(unclosed", regex=True))
    # Without regex, the same characters are literal.
    assert find_all("a (unclosed b", FindQuery("(unclosed")) == [(2, 11)]
    assert find_all(text, FindQuery("")) == []


def test_hits_in_a_crlf_article_are_offsets_into_its_normalised_text(tmp_path: Path) -> None:
    source = tmp_path / "crlf.txt"
    source.write_bytes("Title\r\n\r\nThe CSTO 🙂 met.\r\nCSTO again.\r\n".encode())
    article = read_article(source, "crlf")
    text = article.document.text
    hits = find_all(text, FindQuery("CSTO", whole_word=True))
    assert len(hits) == 2
    for start, end in hits:
        assert text[start:end] == "CSTO"
    assert "\r" not in text


def test_limit_caps_the_hits() -> None:
    assert len(find_all("a" * 50, FindQuery("a"), limit=10)) == 10


@given(st.text(alphabet="ab 🙂\n.", max_size=40), st.text(alphabet="ab🙂", min_size=1, max_size=3))
def test_every_plain_hit_is_the_query_and_they_do_not_overlap(text: str, needle: str) -> None:
    hits = find_all(text, FindQuery(needle, case_sensitive=True))
    assert all(text[a:b] == needle for a, b in hits)
    assert all(first[1] <= second[0] for first, second in zip(hits, hits[1:], strict=False))
    assert len(hits) == text.count(needle)


def test_tag_all_edits_give_distinct_ids_and_skip_what_is_tagged_already() -> None:
    from annotator.core.annotations import AnnotationSet
    from annotator.core.edits import AddSpan
    from annotator.core.model import Document
    from annotator.core.search.tag_all import tag_all_edits

    text = "🙂 CSTO met. CSTO left. The CSTO stayed."
    annotations = AnnotationSet(Document.create("doc", text))
    hits = find_all(text, FindQuery("CSTO"))
    AddSpan(span=annotations.make_span(*hits[1], "actor")).apply(annotations)
    edits = tag_all_edits(annotations, hits, "actor")
    assert [(e.span.start, e.span.end) for e in edits] == [hits[0], hits[2]]
    assert len({e.span.id for e in edits} | {s.id for s in annotations.spans()}) == 3
    for edit in edits:
        edit.apply(annotations)
    assert [s.text for s in annotations.spans()] == ["CSTO"] * 3
    # Another label over the same words is a new span each time; nothing already there changes.
    assert len(tag_all_edits(annotations, hits, "claim")) == 3
