"""kill -9 at random moments while a feed gains items and alerts go out: nothing is lost,
and a chat sees at most one repeat per kill (the message that was on the wire to it).

This is `bench/soak.py` with five kills instead of twenty: `talkwatch run` as a real
process, the Bot API double counting every message."""

from __future__ import annotations

from tests.helpers.soak import soak

KILLS = 5
CHATS = 3


async def test_kill_9_loses_nothing_and_repeats_at_most_one_per_chat_per_kill():
    result = await soak(kills=KILLS, chats=CHATS, seed=20260226)
    assert result["published"] > 0 and result["stored"] == result["published"]
    assert result["queued"] > 0
    assert result["lost"] == 0
    assert result["worst chat"] <= KILLS
    assert result["repeats"] <= KILLS * CHATS
