"""The embedded default: `talkwatch demo` shows alerts and a status reply."""

import io

from bot.demo.run import run_demo
from config.settings import Settings


async def test_demo_prints_alerts_and_the_status_reply(tmp_path):
    out = io.StringIO()
    sent = await run_demo(Settings(database=tmp_path / "demo.db"), out=out)
    text = out.getvalue()
    assert sent == 5
    assert "alerts queued 0" in text  # the first poll primes the feeds
    assert text.count("│ alert → demo-chat (iran-usa)") == 5
    assert "Araghchi calls Muscat meeting a constructive opening" in text
    assert "Baghai: Über eine zweite Gesprächsrunde" in text
    assert "Bradley Cooper" not in text.split("[poll 2]")[1]  # filtered out
    assert "Witkoff meets Russian officials" not in text
    assert "Round 1 (2026 series) · 6 Feb 2026 · Muscat" in text  # the /status reply
    # Its age: the newest report read (7 Feb), and the reports that said something of the round.
    assert "As of 7 Feb 2026, from 6 reports." in text  # every report that spoke of a round
    # The syndicated copy of the Araghchi story (same link, another feed) is not alerted twice
    # (the /status reply after the alerts may cite it among a round's sources: which copy is
    # stored first, and so what is read in it, depends on which feed answers first).
    alerts = text.split("[you] /status")[0]
    assert alerts.count("Araghchi calls Muscat meeting") == 1
