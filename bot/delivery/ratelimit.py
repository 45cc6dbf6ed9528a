"""Pacing for chat APIs: an overall rate plus a minimum spacing per chat.

Sending at the pace the API allows is cheaper than being told to wait: a bot
that paces itself never sees a 429 caused by its own bursts. The limiter is
async and fair enough for a sender that drains many chats concurrently.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable


class RateLimiter:
    """Allow at most ``rate`` acquisitions per second overall (smoothly spaced),
    and at most one per ``per_key_interval`` seconds for any one key."""

    def __init__(
        self,
        rate: float,
        *,
        per_key_interval: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self.per_key_interval = per_key_interval
        self.clock = clock
        self.max_keys = max_keys
        self._next_slot = 0.0
        self._paused_until = 0.0  # a 429 holds every send until then, booked or not
        self._next_for_key: OrderedDict[str, float] = OrderedDict()

    def reserve_key(self, key: str, interval: float | None = None) -> float:
        """Book this key's next slot; return how long until it (no sleeping)."""
        per_key = self.per_key_interval if interval is None else interval
        if not per_key or not key:
            return 0.0
        now = self.clock()
        start = max(now, self._next_for_key.get(key, 0.0))
        self._next_for_key[key] = start + per_key
        self._next_for_key.move_to_end(key)
        # Bounded memory: forget the chats that have been quiet longest.
        while len(self._next_for_key) > self.max_keys:
            self._next_for_key.popitem(last=False)
        return start - now

    def reserve_global(self) -> float:
        """Book the next overall slot; return how long until it (no sleeping)."""
        now = self.clock()
        start = max(now, self._next_slot)
        self._next_slot = start + self.interval
        return start - now

    async def acquire(self, key: str = "", interval: float | None = None) -> None:
        """Wait for this key's slot, then for an overall slot.

        The overall slot is booked only once the key's wait is over, so a chat
        that must wait never holds up the others.
        """
        for delay in (self.reserve_key(key, interval), None):
            if delay is None:
                delay = self.reserve_global()
            if delay > 0:
                await asyncio.sleep(delay)
        await self.hold()

    async def hold(self) -> None:
        """Wait out a pause (a 429) that came while this send waited for its slot."""
        # A loop, not an Event: another 429 may lengthen the pause while this one sleeps.
        while (wait := self._paused_until - self.clock()) > 0:  # noqa: ASYNC110
            await asyncio.sleep(wait)

    def pause(self, seconds: float) -> None:
        """The API said to wait (a 429): hold every send for that long, including the
        sends that booked their slots before the 429 came."""
        self._paused_until = max(self._paused_until, self.clock() + seconds)
        self._next_slot = max(self._next_slot, self._paused_until)
