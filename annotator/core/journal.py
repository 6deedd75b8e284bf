"""A per-document journal of the edits made since the last save.

If the program dies between autosaves, the journal still holds those edits
and they can be replayed on the next start. Format: JSON lines, the first a
header naming the annotation file the edits apply to (its fingerprint), then
one edit per line with a sequence number. A torn last line (the process died
mid-write) is ignored.

Appends are flushed to the operating system at once, so they survive the
process being killed; they are not fsynced per edit (that would cost a disk
round trip per keystroke), so a power cut can lose the last moments.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from annotator.core.annotations import AnnotationSet, SpanError
from annotator.core.atomic import atomic_write
from annotator.core.edits import EDIT_ADAPTER, Edit

JOURNAL_VERSION = 1


@dataclass(frozen=True)
class Recovery:
    """Edits found in a journal, and whether they fit the file on disk."""

    base: str | None
    edits: list[Edit]


def read_journal(path: Path) -> Recovery | None:
    """The journal at ``path``, or None if there is none or it holds no edit."""
    try:
        lines = path.read_bytes().split(b"\n")
    except FileNotFoundError:
        return None
    try:
        header = json.loads(lines[0])
        if not isinstance(header, dict) or header.get("journal") != JOURNAL_VERSION:
            return None
    except (ValueError, IndexError):
        return None
    edits: list[Edit] = []
    for line in lines[1:]:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            edits.append(EDIT_ADAPTER.validate_python(record["edit"]))
        except (ValueError, KeyError, TypeError, ValidationError):
            break  # a torn write: everything after it is unusable
    return Recovery(base=header.get("base"), edits=edits) if edits else None


def replay(annotations: AnnotationSet, edits: list[Edit], apply: Callable[[Edit], None] | None = None) -> int:
    """Apply ``edits`` in order until one no longer fits; return how many applied."""
    applied = 0
    for edit in edits:
        try:
            (apply or (lambda e: e.apply(annotations)))(edit)
        except SpanError:
            break
        applied += 1
    return applied


class EditJournal:
    """Writes the journal of one document. Used from the GUI thread only."""

    def __init__(self, path: Path, base: str | None) -> None:
        self.path = path
        self._base = base
        self._sequence = 0
        self._pending: list[tuple[int, str]] = []
        self._file: IO[str] | None = None

    @property
    def sequence(self) -> int:
        """Number of the last edit recorded; pass it to ``rebase`` when a snapshot is saved."""
        return self._sequence

    def record(self, edit: Edit) -> None:
        self._sequence += 1
        line = json.dumps({"seq": self._sequence, "edit": EDIT_ADAPTER.dump_python(edit, mode="json")}, ensure_ascii=False)
        self._pending.append((self._sequence, line))
        if self._file is None:
            self._rewrite()
        else:
            self._file.write(line + "\n")
            self._file.flush()

    def rebase(self, base: str | None, saved_through: int) -> None:
        """The annotation file now has fingerprint ``base`` and holds edits up to ``saved_through``."""
        self._base = base
        self._pending = [(seq, line) for seq, line in self._pending if seq > saved_through]
        if self._pending:
            self._rewrite()
        else:
            self.discard()

    def _rewrite(self) -> None:
        self.close()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        header = json.dumps({"journal": JOURNAL_VERSION, "base": self._base})
        # Not fsynced (see the module docstring): this runs on the GUI thread at the first edit after each save.
        atomic_write(self.path, ("\n".join([header, *(line for _seq, line in self._pending)]) + "\n").encode("utf-8"), durable=False)
        self._file = self.path.open("a", encoding="utf-8")

    def discard(self) -> None:
        self.close()
        self._pending.clear()
        self.path.unlink(missing_ok=True)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
