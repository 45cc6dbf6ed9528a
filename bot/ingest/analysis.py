"""What a feed body's entries say, worked out before anything is stored (pure, no I/O).

For each entry: its identity keys; then, for an entry not seen before, each topic's
match, and for the topics it is relevant to, what it says about rounds and the text's
story fingerprint (its shingles' hashes and figures). None of it needs the database or the
story index, so with parser processes it is done there, beside the parsing, on another
core: the ingest thread, which shares the interpreter with the event loop and the
fetches, is left the story placement and the writes. Without parser processes (a few
feeds) the ingest thread does it itself, for the new entries only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from bot.feeds.identity import canonical_link, keys_of
from bot.feeds.parse import Entry, ParsedFeed, parse_feed
from bot.news.fingerprint import fingerprint
from bot.news.language import item_language
from bot.news.learnt_venues import names_one
from bot.news.matcher import Matcher, MatchResult, build_matchers
from bot.news.places import PlaceReader
from bot.news.rounds import Reading, RoundReport, read
from bot.news.textnorm import normalize
from bot.news.vocabulary import vocabulary
from bot.records import PlaceRef, StoredReport
from config.topics import Topic

log = logging.getLogger(__name__)

# A date this far ahead of the fetch is a publisher's clock or a typo; before this, a placeholder.
FUTURE_TOLERANCE = 15 * 60
EARLIEST = 946_684_800.0  # 2000-01-01 UTC: no news feed item is older
BETWEEN_REACH = 60  # characters after "between" that name those between whom the talks are


def clamp_date(entry: Entry, fetched: float) -> Entry:
    """An item cannot be published after it was fetched, nor before feeds existed: a date
    from the future becomes the fetch time, one from the distant past becomes unknown."""
    published = entry.published_at
    if published is None:
        return entry
    if published > fetched + FUTURE_TOLERANCE:
        log.info("item %r dated in the future (%s): dated when fetched", entry.title[:80], published)
        return replace(entry, published_at=fetched)
    if published < EARLIEST:
        return replace(entry, published_at=None)
    return entry


# These cross from the parser processes in bulk: plain frozen dataclasses, which unpickle
# twice as fast as slotted ones (those go through dataclasses' own __setstate__).


@dataclass(frozen=True)
class FeedRef:
    """What analysis needs of a feed (sent to parser processes, which import no storage)."""

    id: int
    url: str
    name: str
    lang: str | None


@dataclass(frozen=True)
class Prepared:
    """One entry, its date made sane, and who it is (its identity keys)."""

    entry: Entry
    keys: tuple[str, ...]
    canonical_link: str | None
    published: float  # its date, or the fetch time when it has none


@dataclass(frozen=True)
class TopicView:
    """What one relevant topic needs of an item beyond its match."""

    official: bool
    reading: Reading


@dataclass(frozen=True)
class Analysis:
    """Each topic's match of one entry (in the topics' order), and for the relevant ones
    what story placement and the rounds need."""

    results: tuple[tuple[str, MatchResult], ...]
    views: Mapping[str, TopicView]
    lang: str | None  # the language read by the first topic it is relevant to
    hashes: bytes | None  # of the text's shingles, for its MinHash (only when relevant)
    figures: frozenset[str]


@dataclass(frozen=True)
class AnalyserSpec:
    """What a parser process needs to build the same analyser (picklable, sent once)."""

    topics: Mapping[str, Topic]
    official_feeds: frozenset[str]


class Analyser:
    """Matches, reads and fingerprints entries for every topic; the same in every process."""

    def __init__(self, matchers: Mapping[str, Matcher], official_feeds: frozenset[str] = frozenset()) -> None:
        self.matchers = dict(matchers)
        self.official_feeds = official_feeds
        topics = {topic_id: m.topic for topic_id, m in self.matchers.items()}
        self._official = {
            t: frozenset(a.id for a in topic.actors if a.official) for t, topic in topics.items()
        }
        # Where talks are: the topic's places, then the gazetteer's (read in venue slots).
        self._places = {t: PlaceReader(topic) for t, topic in topics.items()}
        self._listed = {t: frozenset(p.id for p in topic.places) for t, topic in topics.items()}
        # The people and institutions that mediate (a mediating country named in passing is
        # context, not the mediator: "Omani-mediated" is read from the text itself).
        self._mediators = {
            t: {
                a.id: PlaceRef(a.id, a.name, a.kind)
                for a in topic.actors
                if a.kind != "country"
                and (side := topic.side(a.side)) is not None
                and side.role == "mediator"
            }
            for t, topic in topics.items()
        }

    @classmethod
    def from_spec(cls, spec: AnalyserSpec) -> Analyser:
        return cls(build_matchers(spec.topics), spec.official_feeds)

    def spec(self) -> AnalyserSpec:
        return AnalyserSpec({t: m.topic for t, m in self.matchers.items()}, self.official_feeds)

    def prepare(self, feed: FeedRef, entries: Iterable[Entry], fetched: float) -> list[Prepared]:
        """The entries oldest first (feeds list newest first; alerts go out in the order
        events happened), dates made sane, with their identity keys."""
        clamped = sorted(
            (clamp_date(entry, fetched) for entry in entries),
            key=lambda e: e.published_at if e.published_at is not None else float("inf"),
        )
        prepared = []
        for entry in clamped:
            canonical = canonical_link(entry.link)
            prepared.append(
                Prepared(
                    entry,
                    keys_of(feed.id, entry.guid, canonical, entry.title),
                    canonical,
                    entry.published_at if entry.published_at is not None else fetched,
                )
            )
        return prepared

    def analyse(
        self, item: Prepared, feed: FeedRef, learnt: Callable[[str], Sequence[PlaceRef]] | None = None
    ) -> Analysis:
        """Each topic's decision on one entry and, where relevant, its reading of rounds.
        ``learnt`` gives a topic's venues learnt from reports (bot.news.learnt_venues), asked
        only for an entry that a venue would make relevant; without it such an entry's match
        is marked ``venue_short``, to be analysed again where they are known."""
        entry = item.entry
        text = f"{entry.title}\n{entry.summary}"
        # What the text is written in, not what the feed declares: read once per item, by
        # the first matcher that finds it relevant (it has the text normalised already),
        # then passed on. Items no topic wants keep the feed's declared language.
        lang: str | None = None
        results = []
        views = {}
        declared = entry.lang or feed.lang
        for topic_id, matcher in self.matchers.items():
            venue = None if learnt is None else self._venue_finder(topic_id, text, declared, learnt)
            result = matcher.match(entry.title, entry.summary, declared, detected=lang, venue=venue)
            results.append((topic_id, result))
            if not result.relevant:
                continue
            lang = result.lang
            official = feed.url in self.official_feeds or not self._official[topic_id].isdisjoint(
                result.actors
            )
            # An official source, for the rounds: the feed of an official body (a report that
            # names one is still news about it).
            source = feed.url in self.official_feeds
            views[topic_id] = TopicView(official, self._read(topic_id, item, text, result, source, feed.name))
        hashes, numbers = fingerprint(text) if views else (None, frozenset[str]())
        return Analysis(tuple(results), views, lang, hashes, numbers)

    def _venue_finder(
        self, topic: str, text: str, lang: str | None, learnt: Callable[[str], Sequence[PlaceRef]]
    ) -> Callable[[], str | None]:
        """For the matcher: the name of the place the text puts something at, when it is a
        venue the topic's talks were learnt to be held at (or lies in one, or holds one)."""

        # The topic's own places keep the weight the topic file gives them (Geneva 0.5).
        listed = self._listed[topic]

        def find() -> str | None:
            known = [v for v in learnt(topic) if v.id not in listed]
            if not known:
                return None
            title, _, summary = text.partition("\n")
            said = self._places[topic].read(text, vocabulary(item_language(title, summary, lang)))
            if said.venue is not None and said.venue.id in listed:
                return None  # a place of the topic's, weighted as the topic file says
            place = names_one((said.venue, said.host), known)
            return None if place is None else place.name

        return find

    def read_again(self, topic: str, report: StoredReport) -> Reading:
        """What a stored report says about rounds, read by this code (its match as stored)."""
        mediators = self._mediators[topic]
        reading = read(
            f"{report.title}\n{report.summary}",
            report.published,
            places=self._places[topic],
            mediators=tuple(mediators[a] for a in report.actors if a in mediators),
            official=report.feed_url in self.official_feeds,
            outlet=report.outlet,
            lang=report.lang,
            title=report.title,
            url=report.link,
            others=self._others(topic, report.lang),
        )
        text = f"{report.title}\n{report.summary}"
        return self._consultation(topic, report.actors, reading, text, report.lang)

    def _read(
        self, topic: str, item: Prepared, text: str, result: MatchResult, official: bool, outlet: str
    ) -> Reading:
        """What this item says about rounds and about the talks as a whole."""
        entry = item.entry
        mediators = self._mediators[topic]
        reading = read(
            text,
            item.published,
            places=self._places[topic],
            mediators=tuple(mediators[a] for a in result.actors if a in mediators),
            official=official,
            outlet=outlet,
            lang=result.lang,
            title=entry.title,
            url=entry.link,
            others=self._others(topic, result.lang),
        )
        return self._consultation(topic, result.actors, reading, text, result.lang)

    def _others(self, topic: str, lang: str | None) -> Callable[[str, str], bool]:
        """Whether the words after "talks between" or "talks with" name others than the
        topic's sides at one table: one side with a country or person of the topic's that is
        no party's or mediator's (not an institution: ``Matcher.sides_named``), or with a
        country that is no side's ("talks between Iran and Saudi Arabia"); after "with", such
        a one at all ("talks with the Iran-backed Houthi rebels"). A mediator named is the
        mediator's consultation (``_consultation``), and words that name a side alone
        ("between Iran's deputy foreign minister ...") tell nothing."""
        matcher, places, words = self.matchers[topic], self._places[topic], vocabulary(lang)

        def theirs(span: str, kind: str) -> bool:
            parties, mediator, other = matcher.sides_named(span)
            if mediator or len(parties) > 1 or (kind == "between" and not parties):
                return False
            return other or places.third_country(span, words)

        return theirs

    def _consultation(
        self, topic: str, actors: Iterable[str], reading: Reading, text: str = "", lang: str | None = None
    ) -> Reading:
        """A meeting the report names a mediator and one side alone at ("Ashton met Jalili
        in Istanbul", "Al-Busaidi receives Araghchi") is the mediator's consultation with
        that side, no round (unless experts' talks, which are no round either). Talks it says
        are indirect, and a round it numbers or calls the next and announces (or puts off), or
        tells ended, are the sides' though it names one ("Baghaei: the next round of talks will
        be held in Rome on Saturday", with Oman mediating again; "Nucléaire iranien : fin d'un
        troisième round à Oman"); a meeting with the mediator "on the third round" is still a
        consultation. So is a meeting of a side and the mediator about the sides' talks, the
        other side named only as one of those "between" whom they are ("Olmert met Turkish
        leaders for talks that centered on the peace talks between Israel and Syria"): its
        format word is the talks' it is about."""
        if not reading.rounds:
            return reading
        about = self._about_the_talks(topic, text, lang)
        if not (about or self.matchers[topic].one_side_and_mediator(actors)):
            return reading

        def of_the_sides(r: RoundReport) -> bool:
            told_of = r.state in ("announced", "postponed", "cancelled", "held")
            numbered = r.number is not None or r.new_round
            return (r.format in ("technical", "indirect") and not about) or (told_of and numbered)

        return replace(
            reading,
            rounds=tuple(r if of_the_sides(r) else replace(r, format="consultation") for r in reading.rounds),
        )

    def _about_the_talks(self, topic: str, text: str, lang: str | None) -> bool:
        """The text names the mediator and one side before its first "between", and the other
        side in the words after it: a side meets the mediator about the talks of the two ("Olmert met
        Turkish leaders for talks that centered on the peace talks between Israel and Syria";
        not "a meeting between Zarif, Ashton and Burns", whose "between" names who meet)."""
        folded = normalize(text)
        first = vocabulary(lang)["between"].search(folded)
        if first is None:
            return False
        matcher = self.matchers[topic]
        line_end = folded.find("\n", first.end())
        end = min(first.end() + BETWEEN_REACH, len(folded) if line_end < 0 else line_end)
        parties, mediator, _ = matcher.sides_named(folded[: first.start()])
        between, _, _ = matcher.sides_named(folded[first.start() : end])
        return mediator and len(parties) == 1 and bool(between - parties)

    def body(
        self, feed: FeedRef, entries: Iterable[Entry], fetched: float
    ) -> list[tuple[Prepared, Analysis]]:
        """Every entry of a body, prepared and analysed (in a parser process: the second
        core does it for entries that may turn out known, while the ingest thread is spared)."""
        return [(item, self.analyse(item, feed)) for item in self.prepare(feed, entries, fetched)]


# ---------------------------------------------------------------- parser processes

_process_analyser: Analyser | None = None


def start_process(spec: AnalyserSpec) -> None:
    """A parser process's initializer: build its analyser once (matchers take milliseconds)."""
    global _process_analyser
    _process_analyser = Analyser.from_spec(spec)


def parse_and_analyse(
    body: bytes,
    headers: dict[str, str],
    final_url: str,
    feed: FeedRef,
    fetched: float,
) -> tuple[ParsedFeed, list[tuple[Prepared, Analysis]]]:
    """Parse a feed body and analyse its entries, in a parser process (see start_process).
    Raises FeedError when the body is not a feed."""
    parsed = parse_feed(body, headers, final_url, feed.lang)
    if _process_analyser is None:
        raise RuntimeError("parser process started without an analyser")
    return parsed, _process_analyser.body(feed, parsed.entries, fetched)
