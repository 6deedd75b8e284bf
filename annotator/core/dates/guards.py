"""A look-ahead for the characters a regex can start a match with, to put in front of it.

A rule's regex is tried at every position of its windows; most positions are word starts that
its first alternatives turn away one by one. ``(?=[...])`` with every character a match can
begin with turns them away in one test. The set is worked out from the parsed pattern and is
a superset (look-arounds are read as letting anything through), so the guarded regex finds
exactly what the plain one finds: a match's first character is always in the set. Where the
pattern has something this does not follow (a back-reference, a class of "anything but"), or
can match the empty string, there is no guard.
"""

from __future__ import annotations

import re

try:  # the parser behind ``re``; it has moved between Python versions
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_CATEGORIES = {
    _sre.CATEGORY_DIGIT: r"\d",
    _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S",
    _sre.CATEGORY_WORD: r"\w",
    _sre.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_REPEATS = tuple(op for op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)) if op is not None)


class _Unknown(Exception):
    """The pattern holds something whose first characters are not worked out here."""


def _escape(code: int) -> str:
    return f"\\U{code:08x}"


def _first_of_sequence(items: list[tuple[object, object]], ignorecase: bool) -> tuple[set[str], bool]:
    """The class items a match of ``items`` can start with, and whether it can be empty."""
    found: set[str] = set()
    for op, av in items:
        first, empty = _first_of_item(op, av, ignorecase)
        found |= first
        if not empty:
            return found, False
    return found, True


def _first_of_item(op: object, av: object, ignorecase: bool) -> tuple[set[str], bool]:
    if op is _sre.LITERAL:
        return {_escape(av)}, False  # type: ignore[arg-type]
    if op is _sre.IN:
        found = set()
        for kind, value in av:  # type: ignore[attr-defined]
            if kind is _sre.LITERAL:
                found.add(_escape(value))
            elif kind is _sre.RANGE:
                found.add(f"{_escape(value[0])}-{_escape(value[1])}")
            elif kind is _sre.CATEGORY and value in _CATEGORIES:
                found.add(_CATEGORIES[value])
            else:
                raise _Unknown(kind)
        return found, False
    if op is _sre.BRANCH:
        found, empty = set(), False
        for alternative in av[1]:  # type: ignore[index]
            first, alternative_empty = _first_of_sequence(list(alternative), ignorecase)
            found |= first
            empty = empty or alternative_empty
        return found, empty
    if op is _sre.SUBPATTERN:
        _group, add_flags, _del_flags, pattern = av  # type: ignore[misc]
        if add_flags & re.IGNORECASE and not ignorecase:
            raise _Unknown("(?i:) inside a case-sensitive pattern")  # the guard would be narrower
        return _first_of_sequence(list(pattern), ignorecase)
    if op in _REPEATS:
        low, high, pattern = av  # type: ignore[misc]
        if high == 0:
            return set(), True
        first, empty = _first_of_sequence(list(pattern), ignorecase)
        return first, empty or low == 0
    if op in _ZERO_WIDTH:
        return set(), True  # a look-around lets anything through, as far as the guard knows
    raise _Unknown(op)


def first_characters(pattern: str, flags: int) -> str | None:
    """A character class (``[...]``) holding every character a match of ``pattern`` can start
    with, read under ``flags`` (with IGNORECASE, every case of them), or ``None``."""
    try:
        first, empty = _first_of_sequence(list(_sre_parse.parse(pattern, flags)), bool(flags & re.IGNORECASE))
    except (_Unknown, re.error, TypeError, ValueError):  # the parser is private to ``re``: anything odd means no guard
        return None
    if empty or not first:
        return None
    return "[" + "".join(sorted(first)) + "]"


def _leading_lookbehind_end(pattern: str) -> int:
    """Where a look-behind that opens ``pattern`` ("(?<!\\w)...") closes, or 0 if none opens it."""
    start = len(pattern) - len(pattern.lstrip())
    if not pattern.startswith(("(?<!", "(?<="), start):
        return 0
    depth, index, in_class = 0, start, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern.startswith("]", index + 1) or pattern.startswith("^]", index + 1):
                index += 2 if pattern[index + 1] == "]" else 3  # "[]...]" and "[^]...]" hold a "]"
                continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return 0


def guarded(pattern: str, flags: int) -> str:
    """``pattern`` with a look-ahead for its first characters: it finds the same matches.

    Under IGNORECASE the look-ahead goes after a look-behind that opens the pattern: "not after
    a letter" turns away the positions inside words more cheaply than a class that ignores
    case, and both test the same position. A case-sensitive class is the cheaper test, and
    goes first.
    """
    first = first_characters(pattern, flags)
    if first is None:
        return pattern
    if not flags & re.IGNORECASE:
        return f"(?={first})(?:{pattern})"
    end = _leading_lookbehind_end(pattern)
    return f"{pattern[:end]}(?={first}){pattern[end:]}" if end else f"(?={first})(?:{pattern})"
