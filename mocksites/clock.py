"""A clock tests can move: real time plus an offset, so code expiry is tested without sleeping."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta


class Clock:
    """``now()`` is the real time shifted by whatever ``advance()`` added; ``reset()`` drops the shift."""

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return datetime.now() + self._offset

    def __call__(self) -> datetime:
        return self.now()

    def advance(self, delta: timedelta | None = None, *, days: float = 0, hours: float = 0,
                minutes: float = 0, seconds: float = 0) -> datetime:
        """Move time forward (never backwards) and return the new now."""
        step = (delta or timedelta(0)) + timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
        if step < timedelta(0):
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += step
        return self.now()

    @property
    def offset(self) -> timedelta:
        with self._lock:
            return self._offset

    def reset(self) -> None:
        with self._lock:
            self._offset = timedelta(0)
