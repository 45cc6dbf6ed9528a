"""The seeded baseline, and topics as data files."""

import datetime as dt
from pathlib import Path

import pytest

from config.topics import TopicError, load_topics

REQUIRED_ACTORS = {
    "trump": "usa",
    "araghchi": "iran",
    "baghaei": "iran",
    "al-busaidi": "mediator",
    "witkoff": "usa",
    "kushner": "usa",
    "cooper": "usa",
    "khamenei": "iran",
    "pezeshkian": "iran",
    "rubio": "usa",
    "vance": "usa",
    "grossi": "other",
    "iran-foreign-ministry": "iran",
    "us-state-department": "usa",
    "oman-foreign-ministry": "mediator",
    "oman": "mediator",
    "turkey": "other",
    "saudi-arabia": "other",
    "qatar": "other",
    "uss-abraham-lincoln": "usa",
    "nour-news": "iran",
}


def test_baseline_has_the_seed_actors_with_their_sides():
    topic = load_topics()["iran-usa"]
    sides = {a.id: a.side for a in topic.actors}
    for actor, side in REQUIRED_ACTORS.items():
        assert sides.get(actor) == side, actor


def test_baseline_round_is_muscat_6_february_2026_and_2025_series_is_history():
    topic = load_topics()["iran-usa"]
    baseline = next(r for r in topic.rounds if r.series == "2026" and r.number == 1)
    assert (baseline.date, baseline.venue, baseline.format, baseline.mediator) == (
        dt.date(2026, 2, 6),
        "muscat",
        "indirect",
        "al-busaidi",
    )
    assert {"araghchi", "witkoff", "kushner", "cooper"} <= set(baseline.participants)
    history = sorted((r.date, r.venue, r.state) for r in topic.rounds if r.series == "2025")
    assert [d.isoformat() for d, _, _ in history] == [
        "2025-04-12",
        "2025-04-19",
        "2025-04-26",
        "2025-05-11",
        "2025-05-23",
        "2025-06-15",
    ]
    assert history[-1][2] == "cancelled"
    assert {v for _, v, _ in history} == {"muscat", "rome"}


def test_a_new_topic_file_adds_a_topic_without_code(tmp_path: Path):
    (tmp_path / "gaza-ceasefire.toml").write_text(
        'id = "gaza-ceasefire"\nname = "Gaza ceasefire talks"\n'
        '[[sides]]\nid = "a"\nlabel = "A"\nrole = "party"\n[[sides]]\nid = "b"\nlabel = "B"\nrole = "party"\n'
        '[[actors]]\nid = "x"\nname = "X"\nside = "a"\naliases = ["X"]\n',
        encoding="utf-8",
    )
    topics = load_topics([tmp_path])
    assert set(topics) == {"iran-usa", "gaza-ceasefire"}


ONE_PARTY = 'id = "bad"\nname = "B"\n[[sides]]\nid = "a"\nlabel = "A"\nrole = "party"'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'id = "bad"\nname = "B"\n[[actors]]\nid = "a"\nname = "A"\nside = "martian"\naliases = ["A"]',
            "bad.toml.actors[0].side",
        ),
        ('id = "bad"', "bad.toml.name: missing"),
        ('id = "other"\nname = "B"', "must match the file name"),
        (
            'id = "bad"\nname = "B"\n[[sides]]\nid = "a"\nlabel = "A"\nrole = "party"',
            "bad.toml.sides: declare",
        ),
        ('id = "bad"\nname = "B"\n[[sides]]\nid = "a"\nlabel = "A"\nrole = "host"', "bad.toml.sides[0].role"),
        (
            'id = "bad"\nname = "B"\n[[sides]]\nid = "a"\nlabel = "A"\nrole = "party"\n'
            '[[sides]]\nid = "b"\nlabel = "B"\nrole = "party"\n[[sides]]\nid = "o"\nlabel = "O"\n'
            '[[actors]]\nid = "g"\nname = "G"\nside = "o"\nincludes = ["o"]\naliases = ["G"]',
            "bad.toml.actors[0].includes: ['o'] are not the topic's parties a, b",
        ),
    ],
)
def test_a_broken_topic_file_names_file_and_key(tmp_path: Path, text, message):
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    with pytest.raises(TopicError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_topics([tmp_path])
