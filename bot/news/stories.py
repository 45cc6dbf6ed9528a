"""Group matched items into stories (pure logic; storage keeps the assignments).

Two ways an item joins an existing story:
- near-duplicate text in the same language: MinHash over word shingles, looked
  up in an LSH index (``bot.news.lsh``), accepted above a Jaccard threshold;
- the same event: at least two of the same named actors and the same venue, in
  another language (or in the same one, still sharing a good part of the wording),
  and nothing said against it by the story's reports — not another kind of event
  (a round of talks, strikes, a collapse…), not other figures (numbers are written
  alike in every language) — within a day when they share a figure, half a day when
  they share the kind, four hours when they say neither. Of several such stories,
  the one that agrees most, then the nearest in time.

The index only holds the recent window (bounded memory) and is rebuilt from
storage at start, so a restart neither forgets stories nor re-alerts them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import combinations, islice

from bot.news.fingerprint import shingle_hashes
from bot.news.lsh import BandIndex, jaccard
from bot.news.minhash import signature, similarities

_Event = tuple[float, str, int, str]  # (published, item key, story, language)


@dataclass(frozen=True)
class StoryItem:
    """What grouping needs to know about one matched item."""

    key: str  # the item's first identity key (GUID, link or title hash)
    text: str  # title and summary
    lang: str
    actors: frozenset[str]
    venue: str | None
    published: float
    outlet: str
    # What happened, as far as the report says it in any language: the kind of event
    # (None: not said) and the figures it carries (see ``figures``).
    kind: str | None = None
    figures: frozenset[str] = frozenset()
    # The hashes of the text's shingles (``shingle_hashes``), when worked out already (in
    # a parser process); None: the index works them out.
    hashes: bytes | None = None


def agreement(a: StoryItem, kinds: AbstractSet[str], numbers: AbstractSet[str]) -> str | None:
    """What a report and a story (the kinds of event and the figures its reports said) agree
    on about what happened: "figure" (a figure in common), "kind" (the report's kind of
    event is the story's), "nothing" (neither says enough), or None when they disagree
    (another kind of event, or figures in both and none in common)."""
    if a.kind is not None and kinds and a.kind not in kinds:
        return None
    if a.figures and numbers:
        return "figure" if not a.figures.isdisjoint(numbers) else None
    if a.kind is not None and a.kind in kinds:
        return "kind"
    return "nothing"


_RANK = {"figure": 0, "kind": 1, "nothing": 2}  # the closer agreement wins


@dataclass
class Story:
    id: int
    first_item: str
    created: float
    outlets: set[str] = field(default_factory=set)
    items: int = 0
    # What its reports said happened, in any language: kinds of event and figures.
    kinds: set[str] = field(default_factory=set)
    figures: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Assignment:
    story_id: int | None  # None: a new story
    how: str  # "new", "near-duplicate", "same event"
    similarity: float = 0.0


def text_signature(text: str, num_perm: int = 64) -> bytes:
    """The MinHash signature of a text's word shingles: the same in any process."""
    return signature(shingle_hashes(text), num_perm)


class StoryIndex:
    """Recent items and their stories, for assigning new items."""

    MAX_CANDIDATES = 32

    def __init__(
        self,
        *,
        generic: frozenset[str] = frozenset(),
        threshold: float = 0.5,
        related_threshold: float = 0.3,
        num_perm: int = 64,
        event_window_hours: float = 24.0,
        kind_window_hours: float = 12.0,
        unconfirmed_window_hours: float = 4.0,
        window_days: float = 3.0,
    ) -> None:
        # Actors that say little about which event a report covers (the topic's countries).
        self.generic = generic
        self.threshold = threshold
        # Below the near-duplicate threshold, two reports in one language are the same
        # story only if they report the same event and still share this much wording.
        self.related = related_threshold  # above 1: only across languages
        self.num_perm = num_perm
        # How far apart two reports of one event in two languages may be: a figure in
        # common allows the whole event window, the same kind of event half a day, and
        # reports that say neither must be four hours apart at most.
        self.event_window = event_window_hours * 3600
        self.windows = {
            "figure": self.event_window,
            "kind": min(kind_window_hours, event_window_hours) * 3600,
            "nothing": min(unconfirmed_window_hours, event_window_hours) * 3600,
        }
        self.window = window_days * 86400
        self._lsh = BandIndex(threshold, num_perm)
        self._hashes: dict[str, bytes] = {}  # item key → its signature
        self._story_of: dict[str, int] = {}
        self._recent: deque[tuple[float, str]] = deque()  # (published, item key), oldest first
        # venue and pair of people → (published, item key, story, language), oldest first.
        # Indexed by venue and a pair of named people (the rule needs two in common), so a
        # report looks only at the few events it could belong to, however busy the venue.
        self._events: dict[str, deque[_Event]] = {}
        self._event_log: deque[tuple[float, str]] = deque()  # (published, index key), as added
        self.stories: dict[int, Story] = {}
        self._pending: tuple[str, bytes] | None = None
        # Stories placed under a provisional id until their batch is stored: item and event keys.
        self._provisional: dict[int, tuple[list[str], set[str]]] = {}

    def __len__(self) -> int:
        return len(self._hashes)

    def _signature(self, item: StoryItem) -> bytes:
        if item.hashes is not None:
            return signature(item.hashes, self.num_perm)
        return text_signature(item.text, self.num_perm)

    def _evict(self, now: float) -> None:
        """Forget items older than the window: memory stays bounded."""
        while self._recent and now - self._recent[0][0] > self.window:
            _, key = self._recent.popleft()
            if key in self._hashes:
                self._lsh.remove(key, self._hashes.pop(key))
            self._story_of.pop(key, None)
        # The same-event rule looks back one event window only: older events can go.
        while self._event_log and now - self._event_log[0][0] > self.event_window:
            _, key = self._event_log.popleft()
            events = self._events.get(key)
            if events:
                events.popleft()
                if not events:
                    del self._events[key]

    def assign(self, item: StoryItem) -> Assignment:
        """Which existing story this item belongs to, if any (does not add it)."""
        m = self._signature(item)
        self._pending = (item.key, m)  # add() reuses it
        best, best_similarity = None, 0.0
        # Bounded work per item: boilerplate summaries ("Read more at …") can make
        # hundreds of unrelated items LSH candidates of each other.
        candidates = list(islice(self._lsh.query(m), self.MAX_CANDIDATES))
        scores = similarities(m, [self._hashes[c] for c in candidates])
        for candidate, similarity in zip(candidates, scores, strict=True):
            if similarity >= self.threshold and similarity > best_similarity:
                best, best_similarity = candidate, similarity
        if best is not None:
            return Assignment(self._story_of[best], "near-duplicate", best_similarity)
        # Only across languages: same-language copies are near-duplicates or another story.
        # Of the stories a report could belong to, the one that agrees most on what
        # happened (a figure, then the kind), then the nearest in time.
        nearest: dict[int, float] = {}
        for key in self._event_keys(item):
            for published, other, story_id, lang in self._events.get(key, ()):
                apart = abs(item.published - published)
                if apart >= nearest.get(story_id, self.event_window + 1):
                    continue
                if lang == item.lang:
                    # In one language, a report of the event reworded past the near-duplicate
                    # threshold still shares a good part of its wording.
                    hashed = self._hashes.get(other)
                    if hashed is None or jaccard(m, hashed) < self.related:
                        continue
                nearest[story_id] = apart
        chosen, best_rank = 0, None
        for story_id, apart in nearest.items():
            story = self.stories.get(story_id)
            if story is None:
                continue
            agreed = agreement(item, story.kinds, story.figures)
            if agreed is None or apart > self.windows[agreed]:
                continue
            rank = (_RANK[agreed], apart)
            if best_rank is None or rank < best_rank:
                chosen, best_rank = story_id, rank
        if best_rank is not None:
            return Assignment(chosen, "same event")
        return Assignment(None, "new")

    def _event_keys(self, item: StoryItem) -> list[str]:
        """The same-event index keys of a report: its venue with each pair of the named
        people in it (none without a venue or two named people)."""
        named = sorted(item.actors - self.generic)
        if not item.venue or len(named) < 2:
            return []
        return [f"{item.venue}\x00{a}\x00{b}" for a, b in combinations(named, 2)]

    def rename(self, old: int, new: int) -> None:
        """A story placed under a provisional id was stored under ``new``."""
        story = self.stories.pop(old, None)
        if story is None:
            return
        story.id = new
        self.stories[new] = story
        keys, event_keys = self._provisional.pop(old, ([], set()))
        for key in keys:
            if self._story_of.get(key) == old:
                self._story_of[key] = new
        for event_key in event_keys:
            if event_key in self._events:
                self._events[event_key] = deque(
                    (when, key, new if story_id == old else story_id, lang)
                    for when, key, story_id, lang in self._events[event_key]
                )

    def add(self, item: StoryItem, story_id: int) -> Story:
        """Record the item under its story (new or existing)."""
        self._evict(item.published)
        if item.key not in self._hashes:
            pending = self._pending
            m = pending[1] if pending is not None and pending[0] == item.key else self._signature(item)
            self._hashes[item.key] = m
            self._lsh.insert(item.key, m)
            self._recent.append((item.published, item.key))
        self._story_of[item.key] = story_id
        event_keys = self._event_keys(item)
        if story_id < 0:  # provisional: remember where it is used, for rename()
            keys, provisional_events = self._provisional.setdefault(story_id, ([], set()))
            keys.append(item.key)
            provisional_events.update(event_keys)
        story = self.stories.setdefault(story_id, Story(story_id, item.key, item.published))
        story.outlets.add(item.outlet)
        story.items += 1
        if item.kind is not None:
            story.kinds.add(item.kind)
        story.figures |= item.figures
        if event_keys:
            event = (item.published, item.key, story_id, item.lang)
            for key in event_keys:
                self._events.setdefault(key, deque()).append(event)
                self._event_log.append((item.published, key))
        if len(self.stories) > 4 * max(len(self._hashes), 1000):
            live = set(self._story_of.values())
            self.stories = {k: v for k, v in self.stories.items() if k in live}
        return story
