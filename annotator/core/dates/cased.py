"""A regex written for IGNORECASE, rewritten to match the same text without the flag.

Under IGNORECASE every letter of a pattern is an "ignore case" operation, and the regex engine
enters each alternative of an alternation that opens with one: "(?:twenty|thirty|...|one|two)"
costs a step per alternative at every position it is tried. A case-sensitive class ("[tT]")
is tested before the alternative is entered, so an alternation whose alternatives open with
classes costs one test per alternative. ``case_sensitive`` writes each letter of the
IGNORECASE parts as the class of every character that IGNORECASE lets match it, and leaves the
rest as it was; whatever it does not follow is kept inside "(?i:...)", which matches as before.

What IGNORECASE lets match a letter (Python's ``re``, Unicode patterns): every character whose
simple lower case is the letter's lower case, and the few the engine adds by hand ("ı" for
"i", "ſ" for "s"). For ASCII letters that is the two cases plus ``_ASCII_EXTRA``; a test holds
this against every code point.
"""

from __future__ import annotations

import re

# The regex parser and its category escapes, as the guards read them (one copy of what moved between Python versions).
from annotator.core.dates.guards import _CATEGORIES, _sre, _sre_parse

# Characters other than "x" and "X" that IGNORECASE lets match the ASCII letter x.
_ASCII_EXTRA = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}

_AT = {
    _sre.AT_BEGINNING: "^",
    _sre.AT_BEGINNING_STRING: r"\A",
    _sre.AT_END: "$",
    _sre.AT_END_STRING: r"\Z",
    _sre.AT_BOUNDARY: r"\b",
    _sre.AT_NON_BOUNDARY: r"\B",
}


class _Unknown(Exception):
    """Something this rewriting does not follow: the whole pattern keeps IGNORECASE."""


def _char(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _cases(code: int) -> list[int] | None:
    """Every character IGNORECASE lets match ``code``; ``None`` if that is not worked out here."""
    char = chr(code)
    if not char.isascii():
        return None if char.lower() != char.upper() else [code]  # cased non-ASCII: keep IGNORECASE
    if not char.isalpha():
        return [code]
    lower = char.lower()
    return sorted({ord(lower), ord(lower.upper()), *map(ord, _ASCII_EXTRA.get(lower, ""))})


def _class(items: list[tuple[object, object]], ignorecase: bool) -> str:
    negate = False
    parts: list[str] = []
    cased = False
    for kind, value in items:
        if kind is _sre.NEGATE:
            negate = True
        elif kind is _sre.LITERAL:
            codes = _cases(value) if ignorecase else [value]  # type: ignore[arg-type]
            if codes is None:
                raise _Unknown(value)
            cased = cased or len(codes) > 1
            parts.extend(_char(code) for code in codes)
        elif kind is _sre.RANGE:
            low, high = value  # type: ignore[misc]
            if ignorecase and any(chr(code).isalpha() or not chr(code).isascii() for code in range(low, high + 1)):
                for code in range(low, high + 1):
                    codes = _cases(code)
                    if codes is None:
                        raise _Unknown(value)
                    cased = cased or len(codes) > 1
                    parts.extend(_char(c) for c in codes)
            else:
                parts.append(f"{_char(low)}-{_char(high)}")
        elif kind is _sre.CATEGORY and value in _CATEGORIES:
            parts.append(_CATEGORIES[value])  # type: ignore[index]
        else:
            raise _Unknown(kind)
    if cased and any(kind is _sre.CATEGORY for kind, _ in items):
        # IGNORECASE tests a category on the lower case of a character: kept as it was.
        raise _Unknown("a category next to letters")
    return "[" + ("^" if negate else "") + "".join(parts) + "]"


def _repeat(low: int, high: int) -> str:
    if high is _sre.MAXREPEAT or high == _sre.MAXREPEAT:
        return "*" if low == 0 else "+" if low == 1 else f"{{{low},}}"
    if (low, high) == (0, 1):
        return "?"
    return f"{{{low}}}" if low == high else f"{{{low},{high}}}"


class _Writer:
    def __init__(self, names: dict[int, str]) -> None:
        self.names = names

    def sequence(self, items: list[tuple[object, object]], ignorecase: bool) -> str:
        return "".join(self.item(op, av, ignorecase) for op, av in items)

    def item(self, op: object, av: object, ignorecase: bool) -> str:  # noqa: C901, PLR0911, PLR0912 - one case per regex operation
        if op in (_sre.LITERAL, _sre.NOT_LITERAL, _sre.IN):
            try:
                return self.character(op, av, ignorecase)
            except _Unknown:
                if not ignorecase:
                    raise
                return f"(?i:{self.character(op, av, False)})"  # matched as before, under IGNORECASE
        if op is _sre.ANY:
            return "."
        if op is _sre.AT and av in _AT:
            return _AT[av]  # type: ignore[index]
        if op is _sre.BRANCH:
            return "(?:" + "|".join(self.sequence(list(alternative), ignorecase) for alternative in av[1]) + ")"  # type: ignore[index]
        if op is _sre.SUBPATTERN:
            group, add_flags, del_flags, pattern = av  # type: ignore[misc]
            if (add_flags | del_flags) & ~(re.IGNORECASE | re.VERBOSE):
                raise _Unknown("inline flags")
            inner_case = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            inner = self.sequence(list(pattern), inner_case)
            if group is None:
                return f"(?:{inner})"
            name = self.names.get(group)
            return f"(?P<{name}>{inner})" if name else f"({inner})"
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) or op is getattr(_sre, "POSSESSIVE_REPEAT", None):
            low, high, pattern = av  # type: ignore[misc]
            suffix = "?" if op is _sre.MIN_REPEAT else "+" if op is not _sre.MAX_REPEAT else ""
            return f"(?:{self.sequence(list(pattern), ignorecase)}){_repeat(low, high)}{suffix}"
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            direction, pattern = av  # type: ignore[misc]
            opener = {(_sre.ASSERT, 1): "(?=", (_sre.ASSERT, -1): "(?<=", (_sre.ASSERT_NOT, 1): "(?!", (_sre.ASSERT_NOT, -1): "(?<!"}[(op, direction)]
            return opener + self.sequence(list(pattern), ignorecase) + ")"
        if op is getattr(_sre, "ATOMIC_GROUP", None):
            return "(?>" + self.sequence(list(av), ignorecase) + ")"  # type: ignore[arg-type]
        if op is _sre.GROUPREF:
            reference = f"(?P={self.names[av]})" if av in self.names else f"\\{av}"  # type: ignore[index]
            return f"(?i:{reference})" if ignorecase else reference
        raise _Unknown(op)

    def character(self, op: object, av: object, ignorecase: bool) -> str:
        if op is _sre.LITERAL:
            codes = _cases(av) if ignorecase else [av]  # type: ignore[arg-type]
            if codes is None:
                raise _Unknown(av)
            return _char(codes[0]) if len(codes) == 1 else "[" + "".join(map(_char, codes)) + "]"
        if op is _sre.NOT_LITERAL:
            return _class([(_sre.NEGATE, None), (_sre.LITERAL, av)], ignorecase)
        return _class(av, ignorecase)  # type: ignore[arg-type]


def case_sensitive(pattern: str, flags: int) -> tuple[str, int]:
    """``pattern`` (read under ``flags``) written to match the same without IGNORECASE, and the
    flags to compile it with. If the pattern holds something not followed here, it is returned
    as it was, with its flags."""
    if not flags & re.IGNORECASE:
        return pattern, flags
    try:
        parsed = _sre_parse.parse(pattern, flags)
        names = {index: name for name, index in parsed.state.groupdict.items()}
        written = _Writer(names).sequence(list(parsed), ignorecase=True)
        rest = flags & ~(re.IGNORECASE | re.VERBOSE)
        if _sre_parse.parse(written, rest).state.groupdict != parsed.state.groupdict:
            raise _Unknown("groups")
    except (_Unknown, re.error, TypeError, ValueError, KeyError, AttributeError):  # the parser is private to ``re``: anything odd keeps the pattern
        return pattern, flags
    return written, rest


def _spelt_out(items: list[tuple[object, object]]) -> list[list[tuple[object, object]]]:
    if items and items[0][0] is _sre.SUBPATTERN:
        group, add_flags, del_flags, inner = items[0][1]  # type: ignore[misc]
        if group is None and not add_flags and not del_flags:
            return _spelt_out(list(inner) + items[1:])
    if items and items[0][0] is _sre.BRANCH:
        return [spelt for branch in items[0][1][1] for spelt in _spelt_out(list(branch) + items[1:])]  # type: ignore[index]
    return [items]


def by_first_letter(pattern: str) -> list[tuple[str | None, str]]:
    """The alternatives of ``pattern`` (case-sensitive, no groups), in the order the regex tries
    them, with every alternation at their start spelt out ("(?:will|would)x" is "willx",
    "wouldx"): each as its first letter and the regex for the rest, or as ``None`` and the whole
    regex where it opens with something other than a letter."""
    writer = _Writer({})
    found: list[tuple[str | None, str]] = []
    for alternative in _spelt_out(list(_sre_parse.parse(pattern, 0))):
        op, av = alternative[0] if alternative else (None, None)
        if op is _sre.LITERAL and chr(av).isalpha():  # type: ignore[arg-type]
            found.append((chr(av), writer.sequence(alternative[1:], False)))  # type: ignore[arg-type]
        else:
            found.append((None, writer.sequence(alternative, False)))
    return found
