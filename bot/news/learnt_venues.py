"""Where a topic's talks were learnt to be held, from what its reports say (pure).

A topic file lists the venues its talks were held at when it was written; talks move on
("Lausanne", "Islamabad"). A place counts as learnt once two outlets (or one official
source) reported a round under way or held there: the same bar a round itself must
clear (bot.news.timeline). The matcher then counts a learnt venue as it counts one of
the topic's ("Iran-Verhandlungen: Große Runde in Lausanne" names one party, the talks
and, now, their venue).
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.records import PlaceRef

# What a report must say happened at the place: a meeting announced is no venue yet.
HELD = frozenset({"under_way", "paused", "held"})


def learnt_venues(reported: Iterable[tuple[PlaceRef, str, bool]]) -> tuple[PlaceRef, ...]:
    """The venues rounds were reported under way or held at (``reported``: each venue, an
    outlet that said so and whether it was official), by two outlets or one official
    source."""
    outlets: dict[str, set[str]] = {}
    places: dict[str, PlaceRef] = {}
    official: set[str] = set()
    for venue, outlet, is_official in reported:
        places.setdefault(venue.id, venue)
        outlets.setdefault(venue.id, set()).add(outlet)
        if is_official:
            official.add(venue.id)
    return tuple(place for key, place in places.items() if len(outlets[key]) >= 2 or key in official)


def names_one(said: Iterable[PlaceRef | None], learnt: Iterable[PlaceRef]) -> PlaceRef | None:
    """The first place ``said`` that is a learnt venue, lies in one, or holds one (a
    report of talks "in Switzerland" when they were learnt to be in Lausanne)."""
    known = tuple(learnt)
    for place in said:
        if place is not None and any(place.within(v) or v.within(place) for v in known):
            return place
    return None
