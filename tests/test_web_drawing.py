"""The web page's pure parts: the timeline drawn as SVG (bot/web/drawing.py), the pages'
escaping (bot/web/pages.py) and the Atom feed (bot/web/atom.py), on views made here."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import feedparser
import pytest

from bot.news.status import Age, EventView, Person, RoundView, SourceRef, TimelineView
from bot.records import StoryRecord
from bot.web.atom import stories_feed
from bot.web.drawing import ROW, breaks, draw_timeline
from bot.web.pages import Site, stories_html

SVG = "{http://www.w3.org/2000/svg}"
# The hostile headline of the issue: markup that would run a script if a page took it as such.
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def round_(
    number: int | None, date: str | None, venue: str, state: str = "held", **more: object
) -> RoundView:
    fields: dict = {
        "series": "2026",
        "number": number,
        "date": date,
        "end_date": None,
        "venue": venue,
        "venue_id": venue.lower(),
        "format": "indirect",
        "mediator": Person("m", "A Mediator", "foreign minister", "mediator"),
        "state": state,
        "participants": (),
        "summary": "",
        "next_step": "",
        "sources": (SourceRef("a report", "https://wire.example/1", "Wire"),),
        "outlets": 2,
    }
    return RoundView(**{**fields, **more})


def event(kind: str, date: str, title: str) -> EventView:
    sources = (
        SourceRef(title, "https://wire.example/e", "Wire"),
        SourceRef(title, "https://desk.example/e", "Desk"),
    )
    return EventView(kind, date, title, sources)


def view(*entries: RoundView | EventView, as_of: str = "2026-03-03", talks: str = "active", since=None):
    return TimelineView(
        "t", "Test talks", "2026", tuple(entries), talks, since, Age(as_of, 12, baseline_only=False)
    )


def parse(svg: str) -> ET.Element:
    """The drawing as an XML parser reads it (it must be well-formed XML to be drawn at all)."""
    return ET.fromstring(svg)


def entries(root: ET.Element) -> list[tuple[str, float, list[str]]]:
    """(kind, height, its lines of text) of every entry, top to bottom."""
    found = []
    for group in root.iter(f"{SVG}g"):
        classes = (group.get("class") or "").split()
        if "entry" not in classes:
            continue
        texts = [t.text or "" for t in group.findall(f"{SVG}text")]
        y = float(group.find(f"{SVG}text").get("y")) - 5
        found.append((classes[1], y, texts))
    return found


SERIES = view(
    round_(1, "2026-02-06", "Muscat"),
    round_(2, "2026-02-17", "Geneva"),
    round_(3, "2026-02-26", "Geneva", end_date="2026-02-27"),
    event("collapsed", "2026-02-28", "Negotiations collapse"),
    event("strikes", "2026-02-28", "Strikes on nuclear sites"),
    round_(4, "2026-03-05", "Geneva", state="called off"),
    as_of="2026-03-03",
    talks="collapsed",
    since="2026-02-28",
)


def test_every_round_and_event_is_on_the_axis_in_order_with_room_for_its_text():
    root = parse(draw_timeline(SERIES))
    drawn = entries(root)
    assert [(kind, lines[0]) for kind, _, lines in drawn] == [
        ("round", "Round 1 · Muscat"),
        ("round", "Round 2 · Geneva"),
        ("round", "Round 3 · Geneva"),
        ("event", "Talks collapsed"),
        ("event", "Strikes"),
        ("now", "As of 3 Mar 2026"),
        ("round", "Round 4 · Geneva"),
    ]
    assert [lines[1] for _, _, lines in drawn] == [
        "6 Feb 2026 · held · indirect",
        "17 Feb 2026 · held · indirect",
        "26–27 Feb 2026 · held · indirect",
        "28 Feb 2026 · Negotiations collapse",
        "28 Feb 2026 · Strikes on nuclear sites",
        "talks collapsed since 28 Feb 2026",
        "5 Mar 2026 · called off · indirect",
    ]
    heights = [y for _, y, _ in drawn]
    assert all(b - a >= ROW for a, b in itertools.pairwise(heights))
    # Time runs at one scale where nothing is crowded: 11 days between rounds 1 and 2 are
    # further apart than the 9 between rounds 2 and 3.
    assert heights[1] - heights[0] > heights[2] - heights[1] >= ROW
    # Responsive: a viewBox and no fixed size but the intrinsic one, which CSS overrides.
    assert root.get("viewBox").startswith("0 0 360 ") and root.get("class") == "timeline"
    assert (
        root.get("role") == "img"
        and root.find(f"{SVG}title").text == "Test talks: timeline of the 2026 series"
    )


def test_states_and_breaks_are_drawn_apart():
    svg = draw_timeline(SERIES)
    root = parse(svg)
    groups = {g.find(f"{SVG}text").text: g for g in root.iter(f"{SVG}g") if "entry" in (g.get("class") or "")}
    held = groups["Round 1 · Muscat"].find(f"{SVG}circle")
    called_off = groups["Round 4 · Geneva"]
    assert held.get("fill") != "#fff" and called_off.find(f"{SVG}circle").get("fill") == "#fff"
    assert called_off.find(f"{SVG}line") is not None  # crossed out
    two_days = groups["Round 3 · Geneva"].find(f"{SVG}line")
    assert two_days is not None and float(two_days.get("y2")) > float(two_days.get("y1"))
    assert groups["Talks collapsed"].find(f"{SVG}polygon") is not None
    # The break since the collapse, to the day the timeline is for.
    (band,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "break"]
    assert band.find(f"{SVG}title").text == "Break (talks collapsed): 28 Feb 2026 – as of 3 Mar 2026"
    # Month ticks: February where the drawing starts, then March.
    ticks = [t.text for g in root.iter(f"{SVG}g") if g.get("class") == "ticks" for t in g.iter(f"{SVG}text")]
    assert ticks == ["Feb 2026", "Mar"]


def test_a_break_ends_at_the_round_that_resumes_the_talks_and_a_long_gap_is_one():
    resumed = view(
        round_(1, "2025-04-12", "Muscat"),
        event("suspended", "2025-06-13", "Talks suspended after strikes"),
        round_(2, "2025-09-20", "Rome"),
        round_(3, "2026-02-06", "Muscat"),
        as_of="2026-02-07",
    )
    assert [(b.kind, b.start.isoformat(), b.end.isoformat(), b.ongoing) for b in breaks(resumed)] == [
        ("suspended", "2025-06-13", "2025-09-20", False),
        ("pause", "2025-09-20", "2026-02-06", False),
    ]
    root = parse(draw_timeline(resumed))
    assert len([g for g in root.iter(f"{SVG}g") if g.get("class") == "break"]) == 2


def test_rounds_months_apart_as_a_rule_are_no_break_but_a_longer_silence_is():
    rounds = [
        round_(1, "2025-01-10", "Astana"),
        round_(2, "2025-03-20", "Astana"),
        round_(3, "2025-07-25", "Sochi"),
    ]
    # Ten weeks, then four months: the series' cadence, drawn without a break.
    assert breaks(view(*rounds, as_of="2025-07-26")) == []
    # Then ten months: twice its usual time and more, a pause.
    later = view(*rounds, round_(4, "2026-05-29", "Astana"), as_of="2026-05-30")
    assert [(b.kind, b.start.isoformat(), b.end.isoformat()) for b in breaks(later)] == [
        ("pause", "2025-07-25", "2026-05-29")
    ]


def test_a_round_without_a_date_comes_last_and_says_so():
    root = parse(
        draw_timeline(view(round_(1, "2026-02-06", "Muscat"), round_(2, None, "Geneva", "announced")))
    )
    drawn = entries(root)
    assert [lines[0] for _, _, lines in drawn] == ["Round 1 · Muscat", "As of 3 Mar 2026", "Round 2 · Geneva"]
    assert drawn[-1][2][1] == "date unknown · announced · indirect"


def test_an_empty_timeline_says_there_is_no_round():
    root = parse(draw_timeline(view(as_of=None)))
    assert [t.text for t in root.iter(f"{SVG}text")] == ["No round of talks is on record yet."]


@pytest.mark.parametrize(
    "title", [HOSTILE, '"><svg onload=alert(1)>', "a & b < c > d ' e", "ctrl\x01\x0bchars\ufffe"]
)
def test_hostile_text_in_the_drawing_stays_text(title):
    svg = draw_timeline(view(round_(1, "2026-02-06", title), event("collapsed", "2026-02-07", title)))
    root = parse(svg)  # well-formed, whatever the feeds wrote
    tags = {element.tag for element in root.iter()}
    assert tags <= {
        f"{SVG}{name}" for name in ("svg", "title", "g", "text", "circle", "line", "polygon", "rect")
    }
    expected = re.sub("[\x00-\x1f\ufffe]", "", title)
    titles = [t.text for t in root.iter(f"{SVG}title")]
    assert any(expected in (t or "") for t in titles)


class _Elements(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def story(title: str, outlets: tuple[str, ...], updated: float = 1_770_400_000.0) -> StoryRecord:
    return StoryRecord(
        7, title, "https://wire.example/7", 1_770_370_000.0, outlets, len(outlets), updated, 1.0
    )


def test_a_hostile_headline_in_the_stories_is_text():
    page = stories_html([story(HOSTILE, ("Wire <b>", "Desk"))])
    seen = _Elements(page)
    assert "script" not in seen.tags and "img" not in seen.tags and "b" not in seen.tags
    assert HOSTILE in seen.text and "2 outlets: Wire <b>, Desk" in seen.text


def test_a_hostile_headline_in_the_atom_feed_is_text():
    feed = stories_feed(
        "t", "Test <talks>", [story(HOSTILE, ("Wire",))], "https://x.example/a", "https://x.example/"
    )
    parsed = feedparser.parse(feed)
    assert not parsed.bozo and parsed.feed.title == "Test <talks>: stories"
    (entry,) = parsed.entries
    assert entry.title == HOSTILE and entry.title_detail.type == "text/plain"
    assert b"<script>" not in feed and b"<img" not in feed


def test_links_are_only_http():
    page = stories_html([StoryRecord(1, "A story", "javascript:alert(1)", 1_770_370_000.0, ("Wire",), 1)])
    assert "javascript:" not in page and "<a " not in page
    assert Site("/talkwatch").topic("a b/c") == "/talkwatch/topics/a%20b%2Fc"
