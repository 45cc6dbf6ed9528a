"""Which round a report without a number belongs to, and the state of the talks (pure tables)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from bot.news.evidence import EVIDENCE_PER_VALUE, OFFICIAL_WEIGHT, add_evidence, resolve, supported
from bot.news.rounds import RoundReport
from bot.news.series import Event, Placement, next_round, place, talks_state
from storage.records import Evidence, EvidenceMap, RoundRecord

BASELINE = RoundRecord("t", "2026", 1, "2026-02-06", "muscat", "indirect", None, "held")


def rnd(number, date, venue, state, end=None, origin="reports"):
    return RoundRecord("t", "2026", number, date, venue, None, None, state, origin=origin, end_date=end)


def report(state, venue=None, date=None, number=None, new=False, published="2026-02-17"):
    when = dt.datetime.fromisoformat(published).replace(hour=10, tzinfo=dt.UTC).timestamp()
    return RoundReport(number, new, venue, date, None, None, None, state, "2026", False, "o", when)


@pytest.mark.parametrize(
    ("rounds", "rep", "expected"),
    [
        # Announced with no number: the next round.
        ([BASELINE], report("announced", "geneva", published="2026-02-12"), Placement("2026", 2, True)),
        # Under way where a round was announced: that round.
        (
            [BASELINE, rnd(2, None, "geneva", "announced")],
            report("under_way", "geneva", "2026-02-17"),
            Placement("2026", 2, False),
        ),
        # Ended the same day where a round is under way: that round.
        (
            [BASELINE, rnd(2, "2026-02-17", "geneva", "under_way")],
            report("held", "geneva"),
            Placement("2026", 2, False),
        ),
        # Ended with no venue, the day after: the round in progress.
        (
            [BASELINE, rnd(2, "2026-02-17", "geneva", "under_way")],
            report("held", None, published="2026-02-18"),
            Placement("2026", 2, False),
        ),
        # Under way elsewhere, clearly later, nothing announced: the next number.
        (
            [BASELINE, rnd(2, "2026-02-17", "geneva", "held")],
            report("under_way", "muscat", "2026-02-21"),
            Placement("2026", 3, True),
        ),
        # The second day of a round: the same round, not a new one.
        (
            [BASELINE, rnd(2, "2026-02-26", "geneva", "under_way")],
            report("under_way", "geneva", "2026-02-27"),
            Placement("2026", 2, False),
        ),
        # "A new round" under way at the venue of the last one, a week later: a new round.
        (
            [BASELINE, rnd(2, "2026-02-17", "geneva", "held")],
            report("under_way", "geneva", "2026-02-26", new=True),
            Placement("2026", 3, True),
        ),
        # A stated number that exists: that round.
        (
            [BASELINE, rnd(2, "2026-02-17", "geneva", "held")],
            report("held", "geneva", number=2),
            Placement("2026", 2, False),
        ),
        # A stated number for an inferred round at the same place and time: the inferred one.
        (
            [BASELINE, rnd(2, "2026-02-17", "geneva", "held", origin="inferred")],
            report("held", "geneva", "2026-02-17", number=3),
            Placement("2026", 2, False),
        ),
        # Mentioned with a number but nothing said of it: nothing.
        ([BASELINE], report(None, number=2), None),
        # Postponed with nothing coming: nothing.
        ([BASELINE], report("postponed"), None),
        # Postponed with a round announced: that round.
        (
            [BASELINE, rnd(2, "2026-03-05", "geneva", "announced")],
            report("postponed"),
            Placement("2026", 2, False),
        ),
        # Talk under way on the baseline's own day, at its venue: the baseline round.
        (
            [BASELINE],
            report("under_way", "muscat", "2026-02-06", published="2026-02-06"),
            Placement("2026", 1, False),
        ),
        # Under way with no venue, long after the last round, nothing announced: nothing to place.
        ([BASELINE], report("under_way", None, "2026-03-20", published="2026-03-20"), None),
    ],
)
def test_a_report_is_placed_in_the_series(rounds, rep, expected):
    assert place(rep, rounds) == expected


def ev(kind, date):
    return Event(kind, date, kind, (("o", None),))


def test_the_state_of_the_talks():
    rounds = [BASELINE, rnd(2, "2026-02-17", "geneva", "held")]
    assert talks_state([], rounds) == ("active", None)
    assert talks_state([ev("collapsed", "2026-02-28")], rounds) == ("collapsed", "2026-02-28")
    assert talks_state([ev("suspended", "2026-03-01")], rounds) == ("suspended", "2026-03-01")
    resumed = [*rounds, rnd(3, "2026-04-10", "muscat", "under_way")]
    assert talks_state([ev("collapsed", "2026-02-28")], resumed) == ("resumed", "2026-04-10")


def test_no_next_round_after_a_collapse_or_strikes():
    announced = rnd(3, "2026-03-05", "geneva", "announced")
    rounds = [BASELINE, rnd(2, "2026-02-17", "geneva", "held"), announced]
    latest = rounds[1]
    assert next_round(rounds, latest, []) == announced
    assert next_round(rounds, latest, [ev("strikes", "2026-02-28")]) is None
    assert next_round(rounds, latest, [ev("collapsed", "2026-02-28")]) is None
    assert next_round(rounds, latest, [ev("ultimatum", "2026-02-28")]) == announced


async def test_an_announced_round_that_begins_a_day_late_takes_the_day_it_began(feed_server, settings_for):
    from bot.app import App
    from tests.helpers.feeds import rss

    url = feed_server.set("/w.xml", body=rss([]))
    app = App.build(settings_for(url), [])
    await app.poller.poll_once(force=True)
    items = [
        {
            "title": "Oman: second round of Iran-US talks set for Geneva on March 5",
            "guid": "a",
            "link": "https://w.example/a",
            "date": "Mon, 02 Mar 2026 09:00:00 GMT",
        },
        {
            "title": "Iran and US begin talks in Geneva, a day later than planned",
            "guid": "b",
            "link": "https://w.example/b",
            "date": "Fri, 06 Mar 2026 09:00:00 GMT",
        },
        {
            "title": "Iran-US talks in Geneva continue for a second day",
            "guid": "c",
            "link": "https://w.example/c",
            "date": "Sat, 07 Mar 2026 09:00:00 GMT",
        },
    ]
    feed_server.set("/w.xml", body=rss(items))
    await app.poller.poll_once(force=True)
    round_2 = app.storage.rounds.get("iran-usa", "2026", 2)
    assert round_2 is not None and round_2.state == "under_way"
    # The announced day and the real one each have one report; the round spans what happened.
    assert set(round_2.evidence["date"]) == {"2026-03-05", "2026-03-06"}
    # What happened outweighs what was planned: the round began on the 6th, ran to the 7th.
    assert (round_2.date, round_2.end_date) == ("2026-03-06", "2026-03-07")
    await app.aclose()


async def test_stated_numbers_outweigh_the_count_when_outlets_agree(feed_server, settings_for):
    from bot.app import App
    from tests.helpers.feeds import rss

    urls = [feed_server.set(f"/o{i}.xml", body=rss([])) for i in range(3)]
    app = App.build(settings_for(*urls), [])
    await app.poller.poll_once(force=True)

    def report(i: int, title: str) -> None:
        item = {
            "title": title,
            "guid": f"g{i}",
            "link": f"https://o{i}.example/1",
            "date": f"Tue, 17 Feb 2026 1{i}:00:00 GMT",
        }
        feed_server.set(f"/o{i}.xml", body=rss([item]))

    report(0, "Iran and US resume talks in Geneva")  # no number: counted as round 2
    await app.poller.poll_once(force=True)
    assert app.storage.rounds.get("iran-usa", "2026", 2) is not None
    report(1, "Third round of Iran-US talks held in Geneva")  # one outlet against the count: a tie
    await app.poller.poll_once(force=True)
    assert app.storage.rounds.get("iran-usa", "2026", 2) is not None
    report(2, "Third round of US-Iran talks concluded in Geneva, Oman says")  # two outlets now
    await app.poller.poll_once(force=True)
    assert app.storage.rounds.get("iran-usa", "2026", 2) is None
    third = app.storage.rounds.get("iran-usa", "2026", 3)
    assert third is not None and third.venue == "geneva" and third.date == "2026-02-17"
    assert {s.publisher for s in third.sources} == {"feed 0", "feed 1", "feed 2"}  # not the count
    await app.aclose()


def _source(outlet: str, weight: float = 1.0, published: float = 0.0) -> Evidence:
    return Evidence(outlet, f"report by {outlet}", None, weight, weight > 1, published)


def test_a_value_keeps_its_twenty_weightiest_sources_and_counts_each_outlet_once():
    group: tuple[Evidence, ...] = ()
    for i in range(100):
        group = supported(group, _source(f"o{i}", published=float(i)))
    assert [s.outlet for s in group] == [f"o{i}" for i in range(EVIDENCE_PER_VALUE)]  # the first ones
    assert supported(group, _source("o3", weight=OFFICIAL_WEIGHT)) == group  # an outlet counts once
    official = supported(group, _source("ministry", weight=OFFICIAL_WEIGHT, published=200.0))
    assert len(official) == EVIDENCE_PER_VALUE and official[-1].outlet == "ministry"
    assert "o19" not in {s.outlet for s in official}  # the latest of the lightest made room
    # What was dropped for a weightier source cannot come back and count twice.
    assert supported(official, _source("o19", published=19.0)) == official


def test_bounded_evidence_still_resolves_to_the_weightier_value():
    evidence: EvidenceMap = {}
    for i in range(60):  # sixty outlets say Rome …
        evidence = add_evidence(evidence, replace(report("announced", "rome"), outlet=f"r{i}"))
    for i in range(8):  # … eight official statements say Muscat (weight 24 against Rome's 20)
        official = replace(report("announced", "muscat"), outlet=f"m{i}", official=True)
        evidence = add_evidence(evidence, official)
    assert {v: len(s) for v, s in evidence["venue"].items()} == {"rome": 20, "muscat": 8}
    assert resolve(evidence)["venue"] == "muscat"
    evidence = add_evidence(evidence, replace(report("announced", "rome"), outlet="x", official=True))
    assert resolve(evidence)["venue"] == "muscat"  # 22 < 24: an official Rome replaced one plain
