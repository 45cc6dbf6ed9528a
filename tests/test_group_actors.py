"""A group that includes a party stands for it: "Iran and the P5+1" are talks between the
parties when the topic says the six powers include the United States (``includes`` on the
group's actor), and the EU's chief meeting Iran with the six is no mediator's consultation
with one side. Reports written for these tests; the topic is the talks-2012 replay's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.feeds.parse import Entry
from bot.ingest.analysis import Analyser, FeedRef, Prepared
from bot.news.matcher import build_matchers
from config.topics import Topic, load_topic

REPLAY_TOPIC = Path(__file__).parent / "fixtures" / "replays" / "talks-2012" / "topics" / "talks-2012.toml"
APRIL_14 = dt.datetime(2012, 4, 14, 12, tzinfo=dt.UTC).timestamp()


def without_includes(tmp_path: Path) -> Topic:
    text = REPLAY_TOPIC.read_text(encoding="utf-8").replace('includes = ["usa"]\n', "")
    copy = tmp_path / "talks-2012.toml"
    copy.write_text(text, encoding="utf-8")
    return load_topic(copy)


def analyse(topic: Topic, title: str):
    analyser = Analyser(build_matchers({topic.id: topic}))
    entry = Entry(title, "", "https://desk.example/1", "1", APRIL_14, "en")
    analysis = analyser.analyse(Prepared(entry, ("1",), None, APRIL_14), FeedRef(1, "u", "Desk", "en"))
    return dict(analysis.results)[topic.id], analysis.views.get(topic.id)


def test_the_six_powers_stand_for_the_us_side(tmp_path):
    title = "Iran and the P5+1 resume their talks in Almaty"
    result, view = analyse(load_topic(REPLAY_TOPIC), title)
    assert result.relevant and "usa side (p5plus1)" in result.reason, result.reason
    assert view is not None and [r.state for r in view.reading.rounds] == ["under_way"]
    # The same topic without the declaration: Iran alone, the talks not those of the parties.
    result, view = analyse(without_includes(tmp_path), title)
    assert not result.relevant and view is None, result.reason


def test_the_eus_chief_meeting_iran_and_the_six_is_a_round_not_a_consultation(tmp_path):
    title = "Ashton and Jalili begin talks of Iran and the P5+1 in Almaty"
    _, view = analyse(load_topic(REPLAY_TOPIC), title)
    assert view is not None and [r.format for r in view.reading.rounds] == [None]
    _, view = analyse(without_includes(tmp_path), title)
    assert view is not None and [r.format for r in view.reading.rounds] == ["consultation"]
