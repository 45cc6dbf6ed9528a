"""Load topic baselines (``config/topics/<id>.toml``) into plain dataclasses.

A topic is data: dropping a new TOML file into a topics directory adds a topic
that chats can follow, with no code change.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BUNDLED_TOPICS_DIR = Path(__file__).with_name("topics")
SIDE_ROLES = ("party", "mediator", "other")
ACTOR_KINDS = ("person", "institution", "country")
TERM_KINDS = ("talks", "nuclear", "sanctions", "threat", "military", "mediation")
ROUND_STATES = ("announced", "held", "postponed", "cancelled")


class TopicError(ValueError):
    """A topic file is missing a key or holds a value of the wrong shape."""


@dataclass(frozen=True)
class Side:
    """A side of the talks as the topic file declares it.

    ``role``: "party" (the sides that talk: relevance needs them), "mediator"
    (a go-between), or "other" (present, neither).
    """

    id: str
    label: str  # how /status heads the side's delegation
    adjective: str  # how a reason names it ("no <adjective>-side signal")
    role: str


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    role: str
    side: str
    aliases: tuple[str, ...]
    kind: str = "person"  # person, institution or country: alerts list people and institutions
    aliases_cs: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    never: tuple[str, ...] = ()
    implies: tuple[str, ...] = ()  # context kinds the actor itself stands for (a carrier: military)
    official: bool = False  # a ministry or spokesperson: an official statement
    # Parties a group stands for besides its own side ("the six powers", the US among them).
    includes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    aliases: tuple[str, ...]
    venue_weight: float = 0.0
    venue: bool = False  # where rounds are held


@dataclass(frozen=True)
class Weights:
    both_sides: float = 2.0
    one_side: float = 1.0
    context: float = 1.0
    mediator: float = 1.0
    venue: float = 1.0
    include: float = 1.0


@dataclass(frozen=True)
class Scoring:
    threshold: float = 3.0
    weights: Weights = field(default_factory=Weights)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    title: str
    url: str = ""
    publisher: str = ""


@dataclass(frozen=True)
class Round:
    series: str
    number: int | None
    date: dt.date | None
    venue: str | None
    format: str | None
    mediator: str | None
    state: str
    participants: tuple[str, ...] = ()
    summary: str = ""
    next_step: str = ""
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    description: str
    actors: tuple[Actor, ...]
    places: tuple[Place, ...]
    terms: dict[str, tuple[str, ...]]
    scoring: Scoring
    rounds: tuple[Round, ...]
    sides: tuple[Side, ...]
    help: str = ""  # one line for /help: what following this topic brings

    def parties(self) -> tuple[Side, ...]:
        """The sides that talk: an item must name one of them to be relevant."""
        return tuple(s for s in self.sides if s.role == "party")

    def venues(self) -> tuple[str, ...]:
        """Where rounds are held, the most specific first: a city (Muscat) before its country (Oman)."""
        return tuple(p.id for p in sorted(self.places, key=lambda p: -p.venue_weight) if p.venue)

    def side(self, side_id: str) -> Side | None:
        """The side with this id, or None."""
        return next((s for s in self.sides if s.id == side_id), None)

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id, or None."""
        return next((a for a in self.actors if a.id == actor_id), None)

    def place(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        return next((p for p in self.places if p.id == place_id), None)


def _str_list(raw: dict, key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TopicError(f"{where}.{key}: must be a list of strings")
    return tuple(value)


def _required(raw: dict[str, Any], key: str, where: str, kind: type = str) -> Any:
    if key not in raw:
        raise TopicError(f"{where}.{key}: missing")
    value = raw[key]
    if not isinstance(value, kind):
        raise TopicError(f"{where}.{key}: must be {kind.__name__}")
    return value


def _side(raw: dict, where: str) -> Side:
    role = raw.get("role", "other")
    if role not in SIDE_ROLES:
        raise TopicError(f"{where}.role: {role!r} is not one of {', '.join(SIDE_ROLES)}")
    label = _required(raw, "label", where)
    return Side(id=_required(raw, "id", where), label=label, adjective=raw.get("adjective", label), role=role)


def _actor(raw: dict, where: str, sides: tuple[Side, ...]) -> Actor:
    side = _required(raw, "side", where)
    side_ids = [s.id for s in sides]
    if side not in side_ids:
        raise TopicError(f"{where}.side: {side!r} is not one of the topic's sides {', '.join(side_ids)}")
    kind = raw.get("kind", "person")
    if kind not in ACTOR_KINDS:
        raise TopicError(f"{where}.kind: {kind!r} is not one of {', '.join(ACTOR_KINDS)}")
    actor = Actor(
        id=_required(raw, "id", where),
        name=_required(raw, "name", where),
        role=raw.get("role", ""),
        side=side,
        kind=kind,
        aliases=_str_list(raw, "aliases", where),
        aliases_cs=_str_list(raw, "aliases_cs", where),
        weak_aliases=_str_list(raw, "weak_aliases", where),
        context=_str_list(raw, "context", where),
        never=_str_list(raw, "never", where),
        implies=_str_list(raw, "implies", where),
        official=bool(raw.get("official", False)),
        includes=_str_list(raw, "includes", where),
    )
    parties = [s.id for s in sides if s.role == "party"]
    strays = [s for s in actor.includes if s not in parties]
    if strays:
        raise TopicError(f"{where}.includes: {strays} are not the topic's parties {', '.join(parties)}")
    unknown = set(actor.implies) - set(TERM_KINDS)
    if unknown:
        raise TopicError(f"{where}.implies: unknown kind(s) {sorted(unknown)}; use {TERM_KINDS}")
    if not (actor.aliases or actor.aliases_cs or actor.weak_aliases):
        raise TopicError(f"{where}.aliases: an actor needs at least one alias")
    if actor.weak_aliases and not actor.context:
        raise TopicError(f"{where}.context: weak_aliases need context terms")
    return actor


def _round(raw: dict, where: str) -> Round:
    state = raw.get("state", "held")
    if state not in ROUND_STATES:
        raise TopicError(f"{where}.state: {state!r} is not one of {', '.join(ROUND_STATES)}")
    date = raw.get("date")
    if date is not None and not isinstance(date, dt.date):
        raise TopicError(f"{where}.date: must be a TOML date such as 2026-02-06")
    sources = tuple(
        Source(title=s.get("title", ""), url=s.get("url", ""), publisher=s.get("publisher", ""))
        for s in raw.get("sources", [])
    )
    return Round(
        series=str(_required(raw, "series", where)),
        number=raw.get("number"),
        date=date,
        venue=raw.get("venue"),
        format=raw.get("format"),
        mediator=raw.get("mediator"),
        state=state,
        participants=_str_list(raw, "participants", where),
        summary=raw.get("summary", ""),
        next_step=raw.get("next_step", ""),
        sources=sources,
    )


def parse_topic(raw: dict, where: str = "topic") -> Topic:
    """Build a Topic from the parsed TOML of a topic file."""
    scoring_raw = raw.get("scoring", {})
    weights_raw = scoring_raw.get("weights", {})
    try:
        weights = Weights(**{k: float(v) for k, v in weights_raw.items()})
    except TypeError as exc:
        raise TopicError(f"{where}.scoring.weights: {exc}") from None
    scoring = Scoring(
        threshold=float(scoring_raw.get("threshold", 3.0)),
        weights=weights,
        include=_str_list(scoring_raw, "include", f"{where}.scoring"),
        exclude=_str_list(scoring_raw, "exclude", f"{where}.scoring"),
    )
    terms_raw = raw.get("terms", {})
    unknown = set(terms_raw) - set(TERM_KINDS)
    if unknown:
        raise TopicError(f"{where}.terms: unknown kind(s) {sorted(unknown)}; use {TERM_KINDS}")
    terms = {kind: _str_list(terms_raw, kind, f"{where}.terms") for kind in terms_raw}
    topic_id = _required(raw, "id", where)
    name = _required(raw, "name", where)
    sides = tuple(_side(x, f"{where}.sides[{i}]") for i, x in enumerate(raw.get("sides", [])))
    if len({x.id for x in sides}) != len(sides):
        raise TopicError(f"{where}.sides: duplicate side id")
    actors = tuple(_actor(a, f"{where}.actors[{i}]", sides) for i, a in enumerate(raw.get("actors", [])))
    ids = [a.id for a in actors]
    if len(ids) != len(set(ids)):
        raise TopicError(f"{where}.actors: duplicate actor id")
    places = tuple(
        Place(
            id=_required(p, "id", f"{where}.places[{i}]"),
            name=_required(p, "name", f"{where}.places[{i}]"),
            aliases=_str_list(p, "aliases", f"{where}.places[{i}]"),
            venue_weight=float(p.get("venue_weight", 0.0)),
            venue=bool(p.get("venue", False)),
        )
        for i, p in enumerate(raw.get("places", []))
    )
    rounds = tuple(_round(r, f"{where}.rounds[{i}]") for i, r in enumerate(raw.get("rounds", [])))
    if len([x for x in sides if x.role == "party"]) < 2:
        raise TopicError(f'{where}.sides: declare at least two sides with role = "party"')
    return Topic(
        id=topic_id,
        name=name,
        description=raw.get("description", ""),
        actors=actors,
        places=places,
        terms=terms,
        scoring=scoring,
        rounds=rounds,
        sides=sides,
        help=raw.get("help", ""),
    )


class UnknownTopic(TopicError):
    """A command or setting named a topic that no topic file defines."""


def require_topic(topics: Mapping[str, Topic], topic_id: str) -> Topic:
    """The topic with this id; UnknownTopic, listing the topics there are, otherwise."""
    topic = topics.get(topic_id.lower())
    if topic is None:
        raise UnknownTopic(f"Unknown topic {topic_id!r}. Topics: {', '.join(sorted(topics))}.")
    return topic


def load_topic(path: Path) -> Topic:
    """Load one topic file; errors name the file and the key."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TopicError(f"{path}: {exc}") from None
    if raw.get("id", path.stem) != path.stem:
        raise TopicError(f"{path.name}.id: {raw['id']!r} must match the file name {path.stem!r}")
    return parse_topic(raw, where=path.name)


def load_topics(dirs: list[Path] | None = None) -> dict[str, Topic]:
    """Load every ``*.toml`` topic from the bundled directory and any extra ones.

    A later directory's topic replaces a bundled one with the same id, so an
    operator can override the baseline without editing the package.
    """
    topics: dict[str, Topic] = {}
    for directory in [BUNDLED_TOPICS_DIR, *(dirs or [])]:
        if not directory.is_dir():
            raise TopicError(f"topics directory {directory} does not exist")
        for path in sorted(directory.glob("*.toml")):
            topic = load_topic(path)
            topics[topic.id] = topic
    return topics
