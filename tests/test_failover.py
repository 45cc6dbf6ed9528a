"""Failover on one PostgreSQL: three `talkwatch run` processes, the leader killed with
SIGKILL during delivery, twice (`bench/failover.py`, with the default lease of 15 s)."""

from __future__ import annotations

from bot.delivery.transports.telegram import TelegramTransport
from tests.helpers.failover import failover

KILLS = 2


async def test_kill_9_of_the_leader_twice_another_leads_within_30s_and_nothing_is_lost(postgres_url):
    r = await failover(postgres_url, chats=50, items=8, kills=KILLS)
    assert r.lost == 0 and r.delivered >= r.expected == 400
    assert len(r.takeovers) == KILLS and all(t <= 30 for t in r.takeovers), r.takeovers
    assert all(t <= 30 for t in r.first_sends), r.first_sends
    # Never two senders at once: the senders take turns, one run per leader, never back.
    assert r.overlaps == 0 and len(r.sender_runs) == KILLS + 1, r.sender_runs
    assert r.conflicts == 0  # and never two getUpdates callers
    # Repeated: only messages on the wire at a kill (at most the transport's connections).
    assert r.repeats <= KILLS * TelegramTransport.CONNECTIONS, r.repeats
    print(f"failover: takeovers {r.takeovers}, first sends {r.first_sends}, repeats {r.repeats}")
