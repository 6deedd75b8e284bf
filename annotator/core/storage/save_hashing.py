"""The SHA-256 of a save's new bytes, made while the save waits on the disk.

A save of 5,000 spans writes about 1 MB and then waits for two fsyncs (the file's
and its folder's, ``core.atomic``); hashing that megabyte for the fingerprint the
save returns took another 0.5-0.6 ms on the same thread after the write. hashlib and
fsync both release the GIL, so the hash is made on a worker thread beside the write
and collected once the write is done: the same fingerprint, from the same bytes, that
no longer adds to the save. Where starting a thread fails the hash is made on the spot.

One worker per store, started at the first save and stopped by ``close``; a store
saved from several threads hands each hash to the same worker, in order.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor

from annotator.core.storage.base import Fingerprint


class SaveHashing:
    """Fingerprints made beside the write; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._closed = False

    def fingerprint_of(self, data: bytes) -> Future[Fingerprint]:
        """``Fingerprint.of_bytes(data)``, as a future (already done when no worker can be used)."""
        with self._lock:
            if self._executor is None and not self._closed:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="save-hash")
            executor = self._executor
        if executor is not None:
            try:
                return executor.submit(Fingerprint.of_bytes, data)
            except RuntimeError:  # shut down meanwhile, or no thread can be started: hashed here
                pass
        done: Future[Fingerprint] = Future()
        done.set_result(Fingerprint.of_bytes(data))
        return done

    def close(self) -> None:
        """Stop the worker (a hash in flight still completes); later saves hash on their own thread."""
        with self._lock:
            executor, self._executor, self._closed = self._executor, None, True
        if executor is not None:
            executor.shutdown(wait=False)
