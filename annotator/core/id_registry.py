"""What the actor registry and the codebook share: records by id, retired rather than deleted,
merged by forwarding (``merged_into``), and listeners that hear every change.

A retired record keeps its id, so nothing that named it dangles; a merged one stays as a
forwarding record, so ids saved in any file follow the merge without rewriting files.
Only the edits of each registry call the ``_add`` / ``_retire`` / ``_replace`` methods.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar, Generic, TypeVar

from annotator.core.model import Actor, Topic

R = TypeVar("R", Actor, Topic)


class IdRegistry(Generic[R]):
    """Records of one kind by id. Not thread-safe; listeners hear every change."""

    noun: ClassVar[str]  # in messages: "actor", "topic"
    error: ClassVar[type[ValueError]]  # what a refused change raises

    def __init__(self, records: Iterable[R] = ()) -> None:
        self._items: dict[str, R] = {record.id: record for record in records}
        self._listeners: list[Callable[[], None]] = []

    def add_listener(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[], None]) -> None:
        self._listeners.remove(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    # --- reading -------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._items)

    def get(self, record_id: str) -> R | None:
        return self._items.get(record_id)

    def all(self) -> tuple[R, ...]:
        return tuple(self._items.values())

    def follow(self, record_id: str | None) -> R | None:
        """The record ``record_id`` stands for now, following merges (a merge cycle stops where it closes)."""
        seen: set[str] = set()
        record = self._items.get(record_id) if record_id else None
        while record is not None and record.merged_into is not None and record.id not in seen:
            seen.add(record.id)
            record = self._items.get(record.merged_into)
        return record

    def _new_id(self, prefix: str) -> str:
        number = len(self._items) + 1
        while f"{prefix}{number}" in self._items:
            number += 1
        return f"{prefix}{number}"

    # --- changing (only the registry's edits call these) -------------------------
    def _add(self, record: R) -> None:
        existing = self._items.get(record.id)
        if existing is not None and not existing.retired:
            raise self.error(f"duplicate {self.noun} id {record.id!r}")
        self._items[record.id] = record.model_copy(update={"retired": False})
        self._added()
        self._changed()

    def _added(self) -> None:
        """Called after a record is added, before the listeners hear of it."""

    def _retire(self, record_id: str) -> None:
        record = self._items.get(record_id)
        if record is None:
            raise self.error(f"no {self.noun} {record_id!r}")
        self._items[record_id] = record.model_copy(update={"retired": True})
        self._changed()

    def _replace(self, record: R) -> None:
        if record.id not in self._items:
            raise self.error(f"no {self.noun} {record.id!r}")
        if record.merged_into is not None and (record.merged_into not in self._items or record.merged_into == record.id):
            raise self.error(f"cannot merge {record.id!r} into {record.merged_into!r}")
        self._items[record.id] = record
        self._changed()
