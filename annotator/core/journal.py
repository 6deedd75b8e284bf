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
from annotator.core.model import Document, LabelScheme, validate_annotations
from annotator.core.safe_files import describe_os_error, read_regular

JOURNAL_VERSION = 1
MAX_JOURNAL_BYTES = 256_000_000


@dataclass(frozen=True)
class Recovery:
    """Edits found in a journal, and whether they fit the file on disk."""

    base: str | None
    edits: list[Edit]


class JournalError(Exception):
    """A journal that cannot be read or used; ``str()`` names the file and the problem."""


def read_journal(path: Path) -> Recovery | None:
    """The journal at ``path``, or None if there is none or it holds no edit.

    Raises ``JournalError`` for a journal that is there but cannot be read at all
    (a FIFO, a folder, a symlink loop); a journal that is not one of ours (bad
    header, deep nesting) holds no edit. Entries are only parsed here: check
    them with ``check_recovery`` before offering them.
    """
    try:
        data = read_regular(path, limit=MAX_JOURNAL_BYTES)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise JournalError(f"{path.name}: the journal of unsaved edits cannot be read ({describe_os_error(error)})") from None
    lines = data.split(b"\n")
    try:
        header = json.loads(lines[0])
    except (ValueError, RecursionError):
        return None
    if not isinstance(header, dict) or header.get("journal") != JOURNAL_VERSION:
        return None
    base = header.get("base")
    if base is not None and not isinstance(base, str):
        return None
    edits: list[Edit] = []
    for line in lines[1:]:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            edits.append(EDIT_ADAPTER.validate_python(record["edit"]))
        except (ValueError, KeyError, TypeError, RecursionError, ValidationError):
            break  # a torn write: everything after it is unusable
    return Recovery(base=base, edits=edits) if edits else None


def check_recovery(document: Document, annotations: AnnotationSet, edits: list[Edit], scheme: LabelScheme, actor_ids: set[str] | None) -> tuple[int, list[str]]:
    """How many of ``edits`` can be recovered, and why the rest cannot.

    The edits are replayed on a scratch copy, and the result is validated
    exactly like an annotation file on load (``validate_annotations``): an edit
    whose result the program would later refuse to load (a label outside the
    scheme, a link to nothing, a span that does not fit the text) stops the
    recovery there, so nothing the program cannot read back is ever saved.
    """
    if _replay_and_check(document, annotations, edits, scheme, actor_ids) is None:
        return len(edits), []  # the usual case: one validation for the lot
    scratch = AnnotationSet(document, annotations.spans(), annotations.status)
    usable = 0
    for edit in edits:
        try:
            edit.apply(scratch)
            snapshot = scratch.snapshot("check")
        except (SpanError, ValueError, TypeError, KeyError) as error:
            return usable, [f"edit {usable + 1} no longer fits: {error}"]
        problems = validate_annotations(document, snapshot, scheme, actor_ids)
        if problems:
            return usable, [f"edit {usable + 1}: {problem.message}" for problem in problems[:3]]
        usable += 1
    return usable, []


def _replay_and_check(document: Document, annotations: AnnotationSet, edits: list[Edit], scheme: LabelScheme, actor_ids: set[str] | None) -> str | None:
    scratch = AnnotationSet(document, annotations.spans(), annotations.status)
    try:
        for edit in edits:
            edit.apply(scratch)
        snapshot = scratch.snapshot("check")
    except (SpanError, ValueError, TypeError, KeyError) as error:
        return str(error)
    problems = validate_annotations(document, snapshot, scheme, actor_ids)
    return problems[0].message if problems else None


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
    """Writes the journal of one document. Used from the GUI thread only.

    Never raises on a failed write (disk full, folder gone): the edits are still
    kept in memory (``_pending``), the journal is rewritten whole at the next
    record, and ``error`` says what failed until a write succeeds again.
    """

    def __init__(self, path: Path, base: str | None) -> None:
        self.path = path
        self._base = base
        self._sequence = 0
        self._pending: list[tuple[int, str]] = []
        self._file: IO[str] | None = None
        self.error: OSError | None = None
        self.moved = False  # moved out of its project (see move_to)

    @property
    def sequence(self) -> int:
        """Number of the last edit recorded; pass it to ``rebase`` when a snapshot is saved."""
        return self._sequence

    def record(self, edit: Edit) -> None:
        self._sequence += 1
        line = json.dumps({"seq": self._sequence, "edit": EDIT_ADAPTER.dump_python(edit, mode="json")}, ensure_ascii=False)
        self._pending.append((self._sequence, line))
        if self._file is None or self.error is not None:
            self._rewrite()
            return
        try:
            self._file.write(line + "\n")
            self._file.flush()
        except OSError as error:
            # A partly written line is a torn write to any reader; rewrite whole next time.
            self._failed(error)

    def rebase(self, base: str | None, saved_through: int) -> None:
        """The annotation file now has fingerprint ``base`` and holds edits up to ``saved_through``."""
        self._base = base
        self._pending = [(seq, line) for seq, line in self._pending if seq > saved_through]
        if self._pending:
            self._rewrite()
        else:
            self.discard()

    def move_to(self, path: Path) -> None:
        """Keep the journal somewhere else from now on (its folder was lost); makes the folder."""
        self.close()
        self.path = path
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._rewrite()

    def _rewrite(self) -> None:
        self.close()
        header = json.dumps({"journal": JOURNAL_VERSION, "base": self._base})
        try:
            # Only the last level: a journal never recreates a project folder that was deleted.
            self.path.parent.mkdir(exist_ok=True)
            # Not fsynced (see the module docstring): this runs on the GUI thread at the first edit after each save.
            atomic_write(self.path, ("\n".join([header, *(line for _seq, line in self._pending)]) + "\n").encode("utf-8"), durable=False)
            self._file = self.path.open("a", encoding="utf-8")
        except OSError as error:
            self._failed(error)
        else:
            self.error = None

    def _failed(self, error: OSError) -> None:
        self.error = error
        self.close()

    def discard(self) -> None:
        self.close()
        self._pending.clear()
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:
            self.error = error
        else:
            self.error = None

    def close(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            except OSError as error:  # the flush of a full disk
                self.error = error
            self._file = None
