"""A LazyPattern answers as its compiled pattern does, and compiles only when first used."""

from __future__ import annotations

import copy
import re

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.lazy_pattern import LazyPattern

_PATTERNS = [(r"^(?:By|by)\s+(?P<who>\S.*)$", 0), (r"\b(?:photo|credit)\b", re.IGNORECASE), (r"[.!?]\s+", 0)]


def test_nothing_is_compiled_until_first_use(monkeypatch) -> None:  # noqa: ANN001
    compiled: list[str] = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda pattern, flags=0: compiled.append(pattern) or real(pattern, flags))
    lazy = LazyPattern(r"a+b", re.IGNORECASE)
    assert (lazy.pattern, lazy.flags, compiled) == (r"a+b", re.IGNORECASE, [])
    copy.copy(lazy)  # probing for copy hooks compiles nothing
    assert compiled == []
    assert lazy.search("xAAb").group() == "AAb"
    assert lazy.match("ab") and lazy.fullmatch("aab") and not lazy.match("b")
    assert compiled == [r"a+b"]  # once, whatever is used after
    assert lazy.compiled is real(r"a+b", re.IGNORECASE)


@given(st.sampled_from(_PATTERNS), st.text(alphabet="By bycrEDITphoto.!? \nxz", max_size=30))
def test_every_method_gives_what_the_compiled_pattern_gives(spec: tuple[str, int], text: str) -> None:
    lazy, real = LazyPattern(*spec), re.compile(*spec)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert lazy.findall(text) == real.findall(text)
    assert lazy.sub("_", text) == real.sub("_", text)
    assert lazy.subn("_", text) == real.subn("_", text)
    assert lazy.split(text) == real.split(text)
    found, expected = lazy.search(text), real.search(text)
    assert (found and found.span()) == (expected and expected.span())
    assert (lazy.groups, dict(lazy.groupindex)) == (real.groups, dict(real.groupindex))
