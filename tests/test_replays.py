"""/status on real reporting: the real series of talks served day by day through the real
poller (bench.replay), each checked day scored against its truth table.

These are the replays the reader was tuned against; the held-out ones are measured, not
tested (docs/rounds.md). The floors are the figures measured when the reader was written,
so a change that makes /status worse on real reporting fails here.

The replays asked for run side by side, one process each (tests.helpers.replay.run_many):
each is one process's work, so the two cores halve their time."""

from __future__ import annotations

import pytest

from tests.helpers.replay import FIELDS, DayResult, load, run_many

# Days right of the days checked, and the days each field may be wrong on at most.
FLOORS = {
    "vienna-2021": (106, 0),
    "talks-2014": (57, 0),
    "talks-2015": (36, 3),
    "talks-2012": (47, 4),
    "talks-2009": (36, 1),
    "oman-2023": (70, 0),
    "baghdad-2007": (38, 4),
    "stall-2011": (75, 1),
    "doha-2019": (91, 13),
    "iran-saudi-2021": (95, 4),
    "lebanon-israel-2020": (67, 1),
    "us-nk-2018": (44, 7),
    "us-russia-2021": (50, 4),
    "yemen-2015": (60, 8),
    "astana-2018": (48, 1),
    "israel-syria-2008": (52, 2),
}


@pytest.fixture(scope="module")
def replayed(request: pytest.FixtureRequest) -> dict[str, list[DayResult]]:
    """The day results of every replay this session's tests ask for."""
    names = sorted(
        {
            str(item.callspec.params["name"])
            for item in request.session.items
            if isinstance(item, pytest.Function) and item.module is request.module
        }
    )
    return {name: results for name, results, _ in run_many(names)}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_status_names_the_latest_round_of_real_reporting(
    name: str, replayed: dict[str, list[DayResult]]
) -> None:
    replay = load(name)
    results = replayed[name]
    right, field_misses = FLOORS[name]
    wrong = [f"{r.day}: {[f for f, ok in r.fields.items() if not ok]}" for r in results if not r.right]
    # Every day the replay serves a report on, from its first checked day, is checked.
    assert len(results) == len([d for d in replay.days() if d >= replay.check_from]) >= 35
    assert sum(r.right for r in results) >= right, wrong
    for field in FIELDS:
        assert sum(not r.fields.get(field, True) for r in results) <= field_misses, (field, wrong)
    # What a user reads: the reply names the round and its place on every day it is right.
    for r in results:
        if r.right and r.got.get("round"):
            assert str(r.got["round"]["number"]) in r.status_text
