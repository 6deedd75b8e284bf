"""Regular expressions compiled on first use, not when their module is imported.

A cold start imports every module the window may need; compiling each of their patterns then was
part of every start, for patterns most starts never use (the article parser's, for one). A
``LazyPattern`` stands where the compiled pattern stood and behaves as it does: the first method
call compiles it and keeps the compiled pattern's methods on the instance, so that every later
call is the compiled pattern's own (no Python-level indirection in the loops that use them).
Thread-safe: two threads that compile at once compile the same pattern; either result is kept.
"""

from __future__ import annotations

import re
from typing import Any

# Looked up on the instance once compiled: the methods and attributes of ``re.Pattern``.
_FORWARDED = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "groupindex", "groups")


class LazyPattern:
    """``re.compile(pattern, flags)``, made when first used."""

    def __init__(self, pattern: str, flags: int | re.RegexFlag = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    @property
    def compiled(self) -> re.Pattern[str]:
        return self._compiled  # compiled by __getattr__ the first time

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 (only reached for what the instance does not hold yet)
        if name.startswith("__"):
            raise AttributeError(name)  # copy and the like probe for hooks: never compile for them
        compiled = re.compile(self.pattern, self.flags)
        for attribute in _FORWARDED:
            setattr(self, attribute, getattr(compiled, attribute))
        self._compiled = compiled
        return getattr(self, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags!r})"
