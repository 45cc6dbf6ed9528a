"""The timeline drawn: the rounds of a series on a time axis with their venues and states,
the breaks and the events between them, as an SVG the server makes (pure; no I/O).

The axis runs down the page, so that a phone's narrow screen holds it at full size: the
drawing is 360 units wide (about one CSS pixel each on a phone 390 pixels wide) and as
tall as its entries need. Time runs at one scale, except where two entries are too close
to be read apart: there the axis stretches to give each its two lines of text, and the
month ticks follow the stretched axis. Every text in it comes from feeds or the topic file
and is escaped for XML.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from bot.news.status import EventView, RoundView, TimelineView
from bot.news.textnorm import truncate
from bot.news.timeline import BREAKS, HAPPENING, iso_day, pauses
from bot.render.status import BREAK_LABELS, EVENT_LABELS, STATE_LABELS, meeting_label
from bot.web.escape import xml_attr, xml_text

WIDTH = 360
AXIS_X = 82  # the axis; month labels to its left, entries to its right
LABEL_X = 98
TOP = 92  # below the legend
ROW = 42  # the least distance between two entries: two lines of text
TARGET_HEIGHT = 520.0  # a series is spread over about this much, before rows stretch it
DAY_UNITS = (0.25, 14.0)  # units per day, at least and at most
TITLE_CHARS = 30  # what a 14-unit bold line holds in the 260 units right of the axis
DETAIL_CHARS = 38  # and a 12.5-unit line
MONTH_GAP = 15  # the least distance between two month labels

COLOURS = {
    "held": "#1f4e79",
    "under_way": "#1a7f37",
    "paused": "#9a6700",
    "announced": "#1f4e79",
    "postponed": "#9a6700",
    "cancelled": "#6e7781",
    "called off": "#6e7781",
}
# A deadline moved is no break: drawn muted, not in the colour of a collapse.
EVENT_COLOURS = {"resumed": "#1a7f37", "ultimatum": "#9a6700", "deployment": "#9a6700", "extended": "#57606a"}
BREAK_COLOUR = "#b42318"
MUTED = "#57606a"


def day_label(day: dt.date) -> str:
    """ "6 Feb 2026"."""
    return f"{day.day} {day:%b %Y}"


def span_label(start: dt.date | None, end: dt.date | None) -> str:
    """ "6 Feb 2026", "26–27 Feb 2026", "30 Apr 2025 – 2 May 2025", or "date unknown"."""
    if start is None:
        return "date unknown"
    if end is None or end <= start:
        return day_label(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    return f"{day_label(start)} – {day_label(end)}"


@dataclass(frozen=True)
class Mark:
    """One entry of the drawing: a round, an event, or the day the timeline is for."""

    kind: str  # round, event, now
    day: dt.date | None
    title: str
    detail: str
    state: str = ""  # a round's state, an event's kind
    end: dt.date | None = None  # a round of several days: its last
    confirmed: bool = True
    minor: bool = False  # a meeting the timeline does not number (technical talks)
    full: str = ""  # what a pointer resting on it shows


@dataclass(frozen=True)
class Break:
    """A time without talks: after a collapse or suspension until the next round (or the
    day the timeline is for), or a pause between two rounds (bot.news.timeline.pauses)."""

    start: dt.date
    end: dt.date
    kind: str  # collapsed, suspended, pause
    ongoing: bool


def _round_mark(r: RoundView) -> Mark:
    title = f"{meeting_label(r)} · {r.venue or 'venue unknown'}"
    start, end = iso_day(r.date), iso_day(r.end_date)
    parts = [span_label(start, end), STATE_LABELS.get(r.state, r.state)]
    if not r.confirmed:
        parts.append("one outlet")
    elif r.format:
        parts.append(r.format)
    full = " · ".join([title, *parts] + ([f"mediator {r.mediator.name}"] if r.mediator else []))
    return Mark(
        "round",
        start,
        title,
        " · ".join(parts),
        r.state,
        end,
        r.confirmed,
        minor=r.number is None,
        full=full,
    )


def _event_mark(e: EventView) -> Mark:
    label = EVENT_LABELS.get(e.kind, e.kind)
    day = iso_day(e.date)
    heading = f"{label[:1].upper()}{label[1:]}"
    outlets = ", ".join(dict.fromkeys(s.publisher for s in e.sources if s.publisher))
    full = f"{heading}, {span_label(day, None)}: {e.title}" + (f" ({outlets})" if outlets else "")
    return Mark("event", day, heading, f"{span_label(day, None)} · {e.title}", e.kind, full=full)


def breaks(view: TimelineView) -> list[Break]:
    """The breaks of the series, by the rule the state of the talks is judged by
    (bot.news.timeline): a confirmed collapse or suspension until the first round held or
    under way after it, and a pause between two rounds (bot.news.timeline.pauses)."""
    today = iso_day(view.age.as_of)
    happened = sorted(
        (
            r
            for r in view.entries
            if isinstance(r, RoundView) and r.number and r.state in HAPPENING and r.date
        ),
        key=lambda r: r.date or "",
    )
    found: list[Break] = []
    for e in view.entries:
        start = iso_day(e.date) if isinstance(e, EventView) and e.kind in BREAKS else None
        if start is None or not isinstance(e, EventView):
            continue
        if found and found[-1].start <= start <= found[-1].end:
            continue  # the same break, told again
        after = [d for r in happened if (d := iso_day(r.date)) is not None and d > start]
        if after:
            found.append(Break(start, min(after), e.kind, ongoing=False))
        else:
            found.append(Break(start, max(start, today or start), e.kind, ongoing=True))
    spans = [
        (end, start_next)
        for before, after_round in itertools.pairwise(happened)
        if (end := iso_day(before.end_date or before.date)) is not None
        and (start_next := iso_day(after_round.date)) is not None
    ]
    # A long gap that a collapse or suspension already explains is not a second break.
    explained = [any(b.start < start_next and end < b.end for b in found) for end, start_next in spans]
    for (end, start_next), paused in zip(
        spans, pauses([(b - a).days for a, b in spans], explained), strict=True
    ):
        if paused:
            found.append(Break(end, start_next, "pause", ongoing=False))
    return sorted(found, key=lambda b: b.start)


class _Axis:
    """Days to heights: one scale, stretched where entries would overlap (entries of one day
    each get a row of their own; the day itself is where the first of them is)."""

    def __init__(self, days: Sequence[dt.date], scale: float, top: float) -> None:
        self.scale = scale
        self.rows: list[float] = []  # each entry's height, in the order of ``days``
        self.anchors: list[tuple[dt.date, float]] = []  # each day's height
        for day in days:
            if self.rows:
                last_day, last_y = self.anchors[-1]
                y = max(last_y + (day - last_day).days * self.scale, self.rows[-1] + ROW)
            else:
                y = top
            self.rows.append(y)
            if not self.anchors or self.anchors[-1][0] != day:
                self.anchors.append((day, y))

    def y(self, day: dt.date) -> float:
        """The height of a day: between two entries in proportion, beyond them at the scale."""
        anchors = self.anchors
        if day <= anchors[0][0]:
            return anchors[0][1] - (anchors[0][0] - day).days * self.scale
        for (d0, y0), (d1, y1) in itertools.pairwise(anchors):
            if d0 <= day <= d1:
                return y0 + (y1 - y0) * (day - d0).days / max(1, (d1 - d0).days)
        last_day, last_y = anchors[-1]
        return last_y + (day - last_day).days * self.scale


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month after ``first`` up to ``last``."""
    found: list[dt.date] = []
    month = dt.date(first.year, first.month, 1)
    while True:
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        if month > last:
            return found
        found.append(month)


def el(tag: str, body: str = "", /, **attrs: object) -> str:
    """An SVG element: attribute names with ``_`` written with ``-`` (``class_`` is
    ``class``), values escaped, numbers to one decimal; ``body`` is markup already escaped."""
    shown = " ".join(
        f'{name.rstrip("_").replace("_", "-")}="{_value(value)}"'
        for name, value in attrs.items()
        if value is not None
    )
    return f"<{tag} {shown}>{body}</{tag}>" if body else f"<{tag} {shown}/>"


def _value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".removesuffix(".0")
    return xml_attr(str(value))


def _marker(mark: Mark, y: float, x: float = AXIS_X) -> str:
    """A round's circle (filled: it took place; ringed: under way; hollow: ahead; crossed:
    called off; dashed: one outlet alone), an event's diamond, the day's tick."""
    if mark.kind == "event":
        r = 7.0
        points = f"{x},{y - r:.1f} {x + r},{y:.1f} {x},{y + r:.1f} {x - r},{y:.1f}"
        colour = EVENT_COLOURS.get(mark.state, BREAK_COLOUR)
        return el("polygon", points=points, fill=colour, stroke="#fff", stroke_width=1.5)
    if mark.kind == "now":
        return el("line", x1=x - 9, y1=y, x2=x + 9, y2=y, stroke=MUTED, stroke_width=3)
    colour = COLOURS.get(mark.state, COLOURS["held"])
    r = 5.0 if mark.minor else 7.0
    dash = None if mark.confirmed else "2 2"
    if mark.state in HAPPENING:
        shape = el(
            "circle", cx=x, cy=y, r=r, fill=colour, stroke=colour, stroke_width=2, stroke_dasharray=dash
        )
        if mark.state == "under_way":
            shape += el("circle", cx=x, cy=y, r=r + 4, fill="none", stroke=colour, stroke_width=1.5)
        return shape
    shape = el("circle", cx=x, cy=y, r=r, fill="#fff", stroke=colour, stroke_width=2.5, stroke_dasharray=dash)
    if mark.state in ("cancelled", "called off"):
        shape += el("line", x1=x - r, y1=y + r, x2=x + r, y2=y - r, stroke=colour, stroke_width=2)
    return shape


def _legend() -> str:
    """Two rows saying what the shapes mean."""
    items = [
        (Mark("round", None, "", "", "held"), "held"),
        (Mark("round", None, "", "", "under_way"), "under way"),
        (Mark("round", None, "", "", "announced"), "announced"),
        (Mark("round", None, "", "", "called off"), "called off"),
        (Mark("event", None, "", "", "collapsed"), "event"),
    ]
    parts = []
    for i, (mark, label) in enumerate(items):
        x, y = 16.0 + (i % 3) * 118, 16.0 + (i // 3) * 26
        parts.append(_marker(mark, y, x) + el("text", xml_text(label), x=x + 15, y=y + 4))
    x, y = 16.0 + 2 * 118, 16.0 + 26
    parts.append(
        el("rect", x=x - 8, y=y - 8, width=16, height=16, fill=BREAK_COLOUR, fill_opacity=0.12)
        + el(
            "line",
            x1=x,
            y1=y - 8,
            x2=x,
            y2=y + 8,
            stroke=BREAK_COLOUR,
            stroke_width=2,
            stroke_dasharray="3 3",
        )
        + el("text", "break", x=x + 15, y=y + 4)
    )
    return el("g", "".join(parts), class_="legend", font_size=12, fill=MUTED)


def _marks(view: TimelineView) -> tuple[list[Mark], list[Mark]]:
    """The dated entries with the day the timeline is for, in order; and the undated ones."""
    marks = [_round_mark(e) if isinstance(e, RoundView) else _event_mark(e) for e in view.entries]
    dated = [m for m in marks if m.day is not None]
    today = iso_day(view.age.as_of)
    if today is not None and marks:
        detail = ""
        if view.talks != "active" and view.talks_since:
            since = iso_day(view.talks_since)
            state = BREAK_LABELS.get(view.talks, f"talks {view.talks}")
            detail = f"{state} since {day_label(since)}" if since else state
        title = f"As of {day_label(today)}"
        dated.append(Mark("now", today, title, detail, full=f"{title}. {detail}".strip(". ")))
    order = {"round": 0, "event": 1, "now": 2}
    dated.sort(key=lambda m: (m.day or dt.date.max, order[m.kind]))
    return dated, [m for m in marks if m.day is None]


SVG = {
    "xmlns": "http://www.w3.org/2000/svg",
    "class_": "timeline",
    "role": "img",
    "aria_labelledby": "timeline-title",
    "font_family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
}


def draw_timeline(view: TimelineView) -> str:
    """The SVG of a topic's timeline (an ``<svg>`` element to put in a page)."""
    title = f"{view.topic_name}: timeline" + (f" of the {view.series} series" if view.series else "")
    heading = el("title", xml_text(title), id="timeline-title")
    dated, undated = _marks(view)
    if not dated and not undated:
        note = el("text", "No round of talks is on record yet.", x=12, y=34, font_size=14, fill=MUTED)
        return el("svg", heading + note, viewBox=f"0 0 {WIDTH} 60", width=WIDTH, height=60, **SVG)
    gaps = breaks(view)
    days = [m.day for m in dated if m.day] + [m.end for m in dated if m.end]
    days += [d for gap in gaps for d in (gap.start, gap.end)]
    body: list[str] = [_legend()]
    if days:
        first, last = min(days), max(days)
        scale = min(max(TARGET_HEIGHT / max(1, (last - first).days), DAY_UNITS[0]), DAY_UNITS[1])
        axis = _Axis([m.day for m in dated if m.day], scale, TOP)
        bottom = max(axis.y(last), axis.rows[-1])
        top = axis.y(first) - 14
    else:  # nothing has a date: the undated entries alone
        first = last = dt.date.min
        axis, bottom, top = None, TOP - ROW, TOP - 14
    undated_ys = [bottom + ROW * (i + 1) for i in range(len(undated))]
    height = round((undated_ys[-1] if undated_ys else bottom) + 34)
    rows = dict(zip((id(m) for m in dated), axis.rows if axis else [], strict=False))
    now = next((rows[id(m)] for m in dated if m.kind == "now"), bottom)
    end = undated_ys[-1] if undated_ys else bottom
    # The axis: solid up to the day the timeline is for, dotted past it (what is announced)
    # and down to the entries without a date; dashed through breaks, on a band.
    body.append(el("line", x1=AXIS_X, y1=top, x2=AXIS_X, y2=now, stroke=AXIS, stroke_width=2))
    if end > now:
        body.append(
            el(
                "line",
                x1=AXIS_X,
                y1=now,
                x2=AXIS_X,
                y2=end,
                stroke=AXIS,
                stroke_width=2,
                stroke_dasharray="1 4",
                stroke_linecap="round",
            )
        )
    if axis is not None:
        # A break that lasts reaches the day the timeline is for, and that day's line.
        body.extend(_break(gap, axis, now if gap.ongoing else None) for gap in gaps)
        body.append(_ticks(axis, first, last))
    placed = [(m, rows[id(m)]) for m in dated] + list(zip(undated, undated_ys, strict=True))
    body.extend(_entry(mark, y, axis) for mark, y in placed)
    return el(
        "svg",
        heading + "".join(body),
        viewBox=f"0 0 {WIDTH} {height}",
        width=WIDTH,
        height=height,
        fill=INK,
        **SVG,
    )


AXIS = "#8c959f"
INK = "#1f2328"


def _break(gap: Break, axis: _Axis, now: float | None = None) -> str:
    """A band across the drawing over the break, and the axis dashed through it; a break
    that lasts (``now``: the height of the day the timeline is for) takes in that day's line."""
    y0, y1 = axis.y(gap.start), axis.y(gap.end) if now is None else now
    band_end = y1 if now is None else now + 26
    label = BREAK_LABELS.get(gap.kind, gap.kind)
    until = ("as of " if gap.ongoing else "") + day_label(gap.end)
    band = el(
        "rect",
        x=AXIS_X - 14,
        y=y0 - 10,
        width=WIDTH - AXIS_X + 12,
        height=max(band_end - y0, 2.0) + 10,
        fill=BREAK_COLOUR,
        fill_opacity=0.08,
    )
    dashes = el("line", x1=AXIS_X, y1=y0, x2=AXIS_X, y2=y1, stroke="#fff", stroke_width=3) + el(
        "line",
        x1=AXIS_X,
        y1=y0,
        x2=AXIS_X,
        y2=y1,
        stroke=BREAK_COLOUR,
        stroke_width=2,
        stroke_dasharray="3 3",
    )
    tip = el("title", xml_text(f"Break ({label}): {day_label(gap.start)} – {until}"))
    return el("g", tip + band + dashes, class_="break")


def _ticks(axis: _Axis, first: dt.date, last: dt.date) -> str:
    """Month ticks left of the axis; a label where there is room for one."""
    ticks = []
    shown = None
    months = _months(first, last)
    # The month the drawing starts in, unless a month begins right below it.
    if not months or axis.y(months[0]) - axis.y(first) >= MONTH_GAP:
        shown = axis.y(first)
        ticks.append(el("text", f"{first:%b %Y}", x=AXIS_X - 9, y=shown + 4, text_anchor="end"))
    for month in months:
        y = axis.y(month)
        ticks.append(el("line", x1=AXIS_X - 5, y1=y, x2=AXIS_X, y2=y, stroke=AXIS))
        if shown is None or y - shown >= MONTH_GAP:
            label = f"{month:%b %Y}" if month.month == 1 or shown is None else f"{month:%b}"
            ticks.append(el("text", label, x=AXIS_X - 9, y=y + 4, text_anchor="end"))
            shown = y
    return el("g", "".join(ticks), class_="ticks", font_size=11, fill=MUTED) if ticks else ""


def _entry(mark: Mark, y: float, axis: _Axis | None) -> str:
    """A marker on the axis (a bar over a round of several days), two lines of text beside it,
    and the whole entry's text where a pointer rests on it."""
    bar = ""
    if axis is not None and mark.end is not None and mark.day is not None and mark.end > mark.day:
        colour = COLOURS.get(mark.state, COLOURS["held"])
        y_end = axis.y(mark.end)
        bar = el(
            "line",
            x1=AXIS_X,
            y1=y,
            x2=AXIS_X,
            y2=y_end,
            stroke=colour,
            stroke_width=8,
            stroke_linecap="round",
        )
    style = {"font_weight": "600"} if mark.kind != "now" else {"font_style": "italic"}
    text = el("text", xml_text(truncate(mark.title, TITLE_CHARS)), x=LABEL_X, y=y + 5, font_size=14, **style)
    if mark.detail:
        detail = xml_text(truncate(mark.detail, DETAIL_CHARS))
        text += el("text", detail, x=LABEL_X, y=y + 22, font_size=12.5, fill=MUTED)
    tip = el("title", xml_text(mark.full or mark.title))
    return el("g", tip + bar + _marker(mark, y) + text, class_=f"entry {mark.kind}")
