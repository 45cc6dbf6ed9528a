"""Relevance matching of news items against a topic baseline (pure, no I/O).

All aliases of a topic go into one Aho-Corasick automaton (ahocorasick_rs), so an item is scanned
once whatever the number of aliases. Each raw hit is then checked for word
boundaries (Latin) or allowed attached affixes (Arabic script), filtered by the
topic's disambiguation data (weak aliases that need context, "never" phrases),
and the surviving signals are scored. Every decision carries a ``reason``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import repeat

import ahocorasick_rs

from bot.news.language import declared_language, item_language
from bot.news.party_check import PartyCheck, cased_pieces, holds_any, skeleton
from bot.news.textnorm import is_arabic_script, normalize, normalize_keep_case
from config.topics import Topic

# Attached clitics in Persian and Arabic (after normalisation: ي→ی, ك→ک, ة→ه).
_PREFIXES = frozenset(
    {"", "و", "ف", "ب", "ل", "ک", "ال", "وال", "بال", "فال", "کال", "لل", "ولل", "وب", "ول", "وک"}
)
_SUFFIX_PARTS = (
    "ی",
    "ای",
    "یی",
    "ها",
    "های",
    "ان",
    "یان",
    "ه",
    "یه",
    "ین",
    "ون",
    "ات",
    "ش",
    "م",
    "ت",
    "مان",
    "تان",
    "شان",
    "هم",
    "ها",
    "یا",
    "یون",
    "یها",
    "ست",
)
_SUFFIXES = frozenset({""} | set(_SUFFIX_PARTS) | {a + b for a in _SUFFIX_PARTS for b in _SUFFIX_PARTS})
# Arabic-script aliases shorter than this match as whole words only: two-letter
# names like رم (Rome) would otherwise match inside رمان (novel).
_MIN_AFFIX_LEN = 3


@dataclass(frozen=True, slots=True)
class _Pattern:
    kind: str  # actor | weak | ctx | never | place | term | include | exclude
    ref: str  # actor id, place id, term kind, or the operator term itself
    length: int
    open_end: bool
    arabic: bool


# An automaton of normalised keys, and the patterns of each key (by its index).
_Automaton = tuple[ahocorasick_rs.AhoCorasick, list[tuple[_Pattern, ...]]]


@dataclass(frozen=True)
class Hit:
    """One accepted alias occurrence in the normalised text."""

    kind: str
    ref: str
    start: int
    end: int  # exclusive
    text: str


@dataclass(frozen=True)
class MatchResult:
    """What the matcher decided about one item, and why."""

    relevant: bool
    score: float
    actors: tuple[str, ...]
    places: tuple[str, ...]
    terms: dict[str, tuple[str, ...]]
    sides: tuple[str, ...]
    lang: str
    reason: str
    excluded_by: str | None = None
    # Not relevant, but a venue would make it so: a place where the topic's talks were
    # learnt (from reports) to be held, if the text names one (see ``match``'s ``venue``).
    venue_short: bool = False


def _key(alias: str, case_sensitive: bool = False) -> tuple[str, bool]:
    open_end = alias.endswith("*")
    alias = alias.rstrip("*")
    return (normalize_keep_case(alias) if case_sensitive else normalize(alias)), open_end


class Matcher:
    """Scores items against one topic. Build once per topic; ``match`` is thread-safe."""

    def __init__(self, topic: Topic) -> None:
        self.topic = topic
        self._weights = topic.scoring.weights
        # The sides an actor stands for: its own, and the parties a group includes.
        self._sides = {a.id: (a.side, *a.includes) for a in topic.actors}
        self._institutions = frozenset(a.id for a in topic.actors if a.kind == "institution")
        self._parties = tuple(side.id for side in topic.parties())
        # Sides named in a reason, in the topic file's order: the parties, then mediators.
        self._reason_sides = tuple(side.id for side in topic.sides if side.role in ("party", "mediator"))
        self._mediator_sides = frozenset(side.id for side in topic.sides if side.role == "mediator")
        self._adjective = {side.id: side.adjective for side in topic.sides}
        self._venue = {p.id: p.venue_weight for p in topic.places}
        self._implies = {a.id: tuple((k, a.name) for k in a.implies) for a in topic.actors if a.implies}
        patterns: dict[str, list[_Pattern]] = {}
        patterns_cs: dict[str, list[_Pattern]] = {}

        def add(alias: str, kind: str, ref: str, case_sensitive: bool = False) -> None:
            key, open_end = _key(alias, case_sensitive)
            if not key:
                return
            table = patterns_cs if case_sensitive else patterns
            pattern = _Pattern(kind, ref, len(key), open_end, is_arabic_script(key))
            bucket = table.setdefault(key, [])
            if pattern not in bucket:
                bucket.append(pattern)

        for actor in topic.actors:
            for alias in actor.aliases:
                add(alias, "actor", actor.id)
            for alias in actor.aliases_cs:
                add(alias, "actor", actor.id, case_sensitive=True)
            for alias in actor.weak_aliases:
                add(alias, "weak", actor.id)
            for term in actor.context:
                add(term, "ctx", actor.id)
            for phrase in actor.never:
                add(phrase, "never", actor.id)
        for place in topic.places:
            for alias in place.aliases:
                add(alias, "place", place.id)
        for kind, terms in topic.terms.items():
            for term in terms:
                add(term, "term", kind)
        for term in topic.scoring.include:
            add(term, "include", term)
        for term in topic.scoring.exclude:
            add(term, "exclude", term)

        self._automaton = self._build(patterns)
        self._automaton_cs = self._build(patterns_cs) if patterns_cs else None
        # Case-sensitive aliases are looked for in a second normalisation of the text, made
        # only when the text's skeleton holds a piece of one.
        self._cs_pieces = cased_pieces(patterns_cs)
        self.alias_count = sum(len(v) for v in patterns.values()) + sum(len(v) for v in patterns_cs.values())
        # The quick check: an item whose text names no party (most of a general news feed)
        # is rejected before normalisation, scanning, language detection and reasons. It
        # looks for the parties' names alone: no word boundaries, rules or scoring.
        party_actors = [a for a in topic.actors if set(self._sides[a.id]) & set(self._parties)]
        self._party_check = PartyCheck(
            (_key(alias)[0] for a in party_actors for alias in (*a.aliases, *a.weak_aliases)),
            (skeleton(_key(alias, case_sensitive=True)[0]) for a in party_actors for alias in a.aliases_cs),
        )
        either = " or ".join(f"{self._adjective[p]}-side" for p in self._parties)
        self._no_party_reason = f"not relevant: no {either} signal; no party named"
        self._rejections: dict[tuple[str | None, str | None], MatchResult] = {}

    @staticmethod
    def _build(patterns: dict[str, list[_Pattern]]) -> _Automaton:
        keys = list(patterns)
        return ahocorasick_rs.AhoCorasick(keys), [tuple(patterns[key]) for key in keys]

    # ------------------------------------------------------------------ scanning

    @staticmethod
    def _accept(text: str, start: int, end: int, pattern: _Pattern) -> bool:
        """Word-boundary check for Latin, affix check for Arabic script."""
        n = len(text)
        if pattern.arabic:
            affixes = pattern.length >= _MIN_AFFIX_LEN
            i = start
            while i > 0 and text[i - 1].isalpha():
                i -= 1
            if text[i:start] and not (affixes and text[i:start] in _PREFIXES):
                return False
            if pattern.open_end:
                return True
            j = end
            while j < n and text[j].isalpha():
                j += 1
            return not text[end:j] or (affixes and text[end:j] in _SUFFIXES)
        if start > 0 and text[start].isalnum() and text[start - 1].isalnum():
            return False
        if pattern.open_end or end >= n or not text[end - 1].isalnum():
            return True
        if not text[end].isalnum():
            return True
        # A genitive or plural "s" (Irans, Omans, Trumps), then a boundary.
        return text[end] == "s" and (end + 1 >= n or not text[end + 1].isalnum())

    def _scan(self, automaton: _Automaton, text: str) -> list[tuple[str, str, int, int]]:
        """Every accepted occurrence of a key, in the order the occurrences end."""
        search, buckets = automaton
        accept = self._accept
        hits = []
        for index, start, end in search.find_matches_as_indexes(text, overlapping=True):
            for pattern in buckets[index]:
                if accept(text, start, end, pattern):
                    hits.append((pattern.kind, pattern.ref, start, end))
        return hits

    def _may_hold_cased(self, text: str, bare: str | None) -> bool:
        """Whether the text may hold a case-sensitive alias (``bare``: its skeleton, if made)."""
        if self._cs_pieces is None:
            return True
        return holds_any(skeleton(text) if bare is None else bare, self._cs_pieces)

    def _hits(self, text: str, folded: str, bare: str | None = None) -> list[tuple[str, str, int, int, str]]:
        """Accepted hits as (kind, ref, start, end, matched text), rules applied; ``folded``
        is the text normalised, ``bare`` its skeleton if already made."""
        raw = [(*h, folded[h[2] : h[3]]) for h in self._scan(self._automaton, folded)]
        if self._automaton_cs is not None and self._may_hold_cased(text, bare):
            # Case-sensitive hits live in another string; give them a span no
            # "never" phrase can cover, which is right for US / U.S.
            kept_case = normalize_keep_case(text)
            raw.extend(
                (k, r, -1, -1, kept_case[s:e]) for k, r, s, e in self._scan(self._automaton_cs, kept_case)
            )
        never = [(h[2], h[3]) for h in raw if h[0] == "never"]
        context_for = {h[1] for h in raw if h[0] == "ctx"}
        kept = []
        for hit in raw:
            kind = hit[0]
            if kind == "never" or kind == "ctx":
                continue
            if never and hit[2] >= 0 and any(s <= hit[2] and hit[3] <= e for s, e in never):
                continue
            if kind == "weak":
                if hit[1] not in context_for:
                    continue
                hit = ("actor", *hit[1:])
            kept.append(hit)
        return kept

    def scan(self, text: str) -> list[Hit]:
        """All accepted hits, with "never" phrases and context rules applied."""
        return [Hit(*h) for h in self._hits(text, normalize(text))]

    def _rejected(self, lang: str | None, detected: str | None) -> MatchResult:
        """The decision on an item that names no party (one per language, shared; a feed
        can declare any language, so only the first thousand are kept)."""
        result = self._rejections.get((lang, detected))
        if result is None:
            result = MatchResult(
                False, 0.0, (), (), {}, (), detected or declared_language(lang), self._no_party_reason
            )
            if len(self._rejections) < 1000:
                self._rejections[(lang, detected)] = result
        return result

    def one_side_and_mediator(self, actors: Iterable[str]) -> bool:
        """The actors name a mediator and one party alone (a mediator's consultation with
        that side, not talks between the parties)."""
        sides = {side for a in actors for side in self._sides.get(a, ())}
        return bool(sides & self._mediator_sides) and sum(p in sides for p in self._parties) == 1

    def sides_named(self, text: str) -> tuple[frozenset[str], bool, bool]:
        """Who a short text names: the parties (a group standing for one counts as it), whether
        a mediator, and whether someone else of the topic's: a country or a person of no
        party's side. An institution is not counted as someone else: a group or a body may
        seat a side at its table though the topic file does not say so ("the P5+1" listed as
        "also present", which the United States sits in)."""
        parties: set[str] = set()
        mediator = other = False
        for hit in self.scan(text):
            if hit.kind != "actor":
                continue
            sides = self._sides[hit.ref]
            named = {p for p in self._parties if p in sides}
            parties |= named
            mediator = mediator or bool(self._mediator_sides.intersection(sides))
            elsewhere = not named and not self._mediator_sides.intersection(sides)
            other = other or (elsewhere and hit.ref not in self._institutions)
        return frozenset(parties), mediator, other

    def may_name_a_party(self, text: str) -> bool:
        """False only when the text certainly names no party of the topic (no alias of a
        party's actor can match it); True means "read it closely"."""
        return self._quick_check(text) is not None

    def _quick_check(self, text: str) -> tuple[str, str | None] | None:
        """None when the text names no party; else the normalised text, to read closely,
        and its skeleton if the check made it."""
        return self._party_check.check(text)

    # ------------------------------------------------------------------ scoring

    def match(
        self,
        title: str,
        summary: str = "",
        lang: str | None = None,
        *,
        detected: str | None = None,
        venue: Callable[[], str | None] | None = None,
    ) -> MatchResult:
        """Decide whether an item is relevant to the topic, with the reasons.

        ``lang`` is a hint (the feed's declared language); ``detected`` is the
        language already decided by :func:`item_language`, which is then not redone.
        ``venue`` names the place, among those the talks were learnt to be held at, where
        the text says something happens, or None; it is asked only of an item that a venue
        would make relevant (a party and the talks named, no venue of the topic's), which
        then counts it as a venue of full weight. Without it, such an item is marked
        ``venue_short``.
        """
        text = f"{title}\n{summary}" if summary else title
        checked = self._quick_check(text)
        if checked is None:
            return self._rejected(lang, detected)
        folded, bare = checked
        hits = self._hits(text, folded, bare)
        actors: dict[str, None] = {}
        places: dict[str, None] = {}
        terms: dict[str, dict[str, None]] = {}
        includes: dict[str, None] = {}
        excluded_by = None
        for kind, ref, _, _, found in hits:
            if kind == "actor":
                actors[ref] = None
            elif kind == "place":
                places[ref] = None
            elif kind == "term":
                terms.setdefault(ref, {})[found] = None
            elif kind == "include":
                includes[ref] = None
            elif kind == "exclude" and excluded_by is None:
                excluded_by = ref
        for actor_id in actors:
            for implied, name in self._implies.get(actor_id, ()):
                terms.setdefault(implied, {})[name] = None

        by_side: dict[str, list[str]] = {}
        for actor_id in actors:
            for side in self._sides[actor_id]:
                by_side.setdefault(side, []).append(actor_id)
        sides = by_side.keys()
        parties = [p for p in self._parties if p in sides]
        any_party, all_parties = bool(parties), len(parties) == len(self._parties)
        mediator = bool(sides & self._mediator_sides)
        w = self._weights
        score = 0.0
        parts: list[str] = []
        if all_parties:
            score += w.both_sides
        elif any_party:
            score += w.one_side
        for side in self._reason_sides:
            ids = by_side.get(side)
            if ids:
                parts.append(f"{side} side ({', '.join(ids)})")
        if mediator:
            score += w.mediator
        if terms:
            score += w.context
            parts.append(
                "context " + ", ".join(f"{kind} ({', '.join(found)})" for kind, found in terms.items())
            )
        venue_weight = max(map(self._venue.get, places, repeat(0.0)), default=0.0)
        if venue_weight:
            score += w.venue * venue_weight
            parts.append("venue " + ", ".join(p for p in places if self._venue.get(p)))
        if includes:
            score += w.include * len(includes)
            parts.append("include " + ", ".join(includes))

        threshold = self.topic.scoring.threshold
        gain = w.venue * (1.0 - venue_weight)
        venue_short = any_party and excluded_by is None and score < threshold <= score + gain
        if venue_short and venue is not None:
            learnt = venue()
            if learnt is not None:
                score += gain
                parts.append(f"venue {learnt} (learnt from reports)")
            venue_short = False
        relevant = score >= threshold and any_party and excluded_by is None
        signals = "; ".join(parts) or "no signals"
        if excluded_by is not None:
            reason = f"not relevant: excluded by {excluded_by!r}; {signals}"
        elif relevant:
            reason = f"relevant: {signals}; score {score:g} >= {threshold:g}"
        elif not any_party:
            either = " or ".join(f"{self._adjective[p]}-side" for p in self._parties)
            reason = f"not relevant: no {either} signal; {signals}"
        else:
            missing = [f"no {self._adjective[p]}-side signal" for p in self._parties if p not in sides]
            if not terms:
                missing.append("no talks/threat/sanctions/nuclear/military context")
            reason = (
                f"not relevant: {', '.join(missing) or 'too few signals'}; "
                f"{signals}; score {score:g} < {threshold:g}"
            )
        return MatchResult(
            relevant=relevant,
            score=round(score, 3),
            actors=tuple(actors),
            places=tuple(places),
            terms={k: tuple(v) for k, v in terms.items()},
            sides=tuple(sorted(sides)),
            # The language is read only for what will be alerted; otherwise the declared one.
            lang=detected
            or (item_language(title, summary, lang, folded) if relevant else declared_language(lang)),
            reason=reason,
            excluded_by=excluded_by,
            venue_short=venue_short,
        )


def build_matchers(topics: Mapping[str, Topic]) -> dict[str, Matcher]:
    """One matcher per topic (the one place they are built; each costs a few milliseconds)."""
    return {topic_id: Matcher(topic) for topic_id, topic in topics.items()}
