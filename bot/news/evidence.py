"""Weighing what reports say about a round: evidence per field, one outlet counting once.

The round reader (``bot.news.rounds``) turns one report into a ``RoundReport``; here the
reports add up, in the stored form (``storage.records.Evidence``), into each field's
best-supported value and the round's state.
"""

from __future__ import annotations

from dataclasses import replace

from bot.news.rounds import RoundReport
from storage.records import Evidence, EvidenceMap

FIELDS = ("venue", "date", "end_date", "format", "mediator")
STATE_RANK = {"announced": 0, "postponed": 1, "cancelled": 1, "under_way": 2, "held": 3}
OFFICIAL_WEIGHT = 3.0
EVIDENCE_PER_VALUE = 20  # sources kept behind each value of a round's field


def add_evidence(evidence: EvidenceMap, report: RoundReport) -> EvidenceMap:
    """The evidence with the report's values added; one outlet counts once per value."""
    source = Evidence(
        outlet=report.outlet,
        title=report.title,
        url=report.url,
        weight=OFFICIAL_WEIGHT if report.official else 1.0,
        official=report.official,
        published=report.published,
    )
    # The day a round really began outweighs the day it was planned for.
    happened = replace(source, weight=source.weight * 2) if report.state in ("under_way", "held") else source
    updated = {name: dict(values) for name, values in evidence.items()}
    for name in FIELDS:
        value = getattr(report, name)
        if value is None:
            continue
        group = updated.setdefault(name, {}).get(value, ())
        updated[name][value] = supported(group, happened if name == "date" else source)
    return updated


def supported(
    group: tuple[Evidence, ...], source: Evidence, limit: int = EVIDENCE_PER_VALUE
) -> tuple[Evidence, ...]:
    """The sources behind one value with ``source`` added. One outlet counts once, and a
    value keeps its ``limit`` weightiest sources (the earliest among equals): a round that
    a thousand feeds report costs what one reported by twenty does, and twenty outlets
    settle a value. A source evicted for a weightier one cannot come back (it is never
    weightier than the lightest kept), so nothing is counted twice."""
    if any(s.outlet == source.outlet for s in group):
        return group
    if len(group) < limit:
        return (*group, source)
    weakest = min(range(len(group)), key=lambda i: (group[i].weight, -(group[i].published or 0.0)))
    if source.weight <= group[weakest].weight:
        return group
    return (*group[:weakest], *group[weakest + 1 :], source)


def resolve(evidence: EvidenceMap) -> dict[str, str | None]:
    """Each field's best-supported value: most weight (official sources weigh more)."""
    best: dict[str, str | None] = {}
    for name in FIELDS:
        values = evidence.get(name) or {}
        best[name] = max(
            values, key=lambda v: (sum(s.weight for s in values[v]), len(values[v])), default=None
        )
    return best


def next_state(current: str | None, reported: str | None) -> str | None:
    """A report moves a round forward (announced → under way → held), or marks it
    postponed or cancelled; it never moves a round back."""
    if reported is None:
        return current
    if current is None or STATE_RANK[reported] >= STATE_RANK[current]:
        return reported
    return current
