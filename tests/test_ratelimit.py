"""The limiter books slots at the configured pace (a fake clock: no sleeping)."""

import pytest

from bot.delivery.ratelimit import RateLimiter


class Clock:
    now = 100.0

    def __call__(self) -> float:
        return self.now


def test_overall_rate_spaces_slots_evenly():
    limiter = RateLimiter(30, clock=Clock())
    waits = [limiter.reserve_global() for _ in range(60)]
    assert waits[0] == 0
    assert waits[-1] == pytest.approx(59 / 30)


def test_one_chat_waits_its_own_interval_while_other_chats_proceed():
    clock = Clock()
    limiter = RateLimiter(1000, per_key_interval=1.0, clock=clock)
    assert limiter.reserve_key("a") == 0
    assert limiter.reserve_key("a") == pytest.approx(1.0)
    assert limiter.reserve_key("b") == 0
    assert limiter.reserve_key("a", interval=3.0) == pytest.approx(2.0)  # a group's longer spacing


async def test_a_waiting_chat_does_not_hold_up_others(monkeypatch):
    clock = Clock()
    slept = []

    async def fake_sleep(seconds):
        slept.append(seconds)
        clock.now += seconds

    monkeypatch.setattr("bot.delivery.ratelimit.asyncio.sleep", fake_sleep)
    limiter = RateLimiter(10, per_key_interval=1.0, clock=clock)
    await limiter.acquire("a")
    await limiter.acquire("b")  # 0.1 s overall spacing only
    assert slept == [pytest.approx(0.1)]
    await limiter.acquire("a")  # a's own second
    assert clock.now == pytest.approx(101.0)


def test_a_429_pause_holds_everything():
    clock = Clock()
    limiter = RateLimiter(30, clock=clock)
    limiter.pause(5)
    assert limiter.reserve_global() == pytest.approx(5)


def test_memory_for_quiet_chats_is_bounded():
    limiter = RateLimiter(1e6, per_key_interval=1.0, clock=Clock(), max_keys=100)
    for i in range(1000):
        limiter.reserve_key(str(i))
    assert len(limiter._next_for_key) == 100
