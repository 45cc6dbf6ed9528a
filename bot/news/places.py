"""Where talks are held, who hosts them and who mediates, as a report says (pure logic).

A report names many places: the venue ("talks in Geneva", "the Doha talks", "مذاکرات
وین"), where its reporter sits ("DUBAI, June 27 (Reuters)"), the capitals of the sides,
places in the background. Only a place in a venue's slot counts: after a locative word
of the report's language ("in", "nach", "à", "در", "في"), after talks that take a place
("pourparlers de", "محادثات"), before talks ("the Vienna talks", "Wiener Gespräche"),
as a capital ("in Qatar's capital", "in der katarischen Hauptstadt Doha"), or in the
dateline. The place is looked up first among the topic's places (their ids and names
win; a topic place that is no venue, such as a side's capital, never is one), then in
the gazetteer (every city of 15,000 people or more, every country: bot.news.gazetteer),
so a place the topic file never lists is read all the same. A city wins over its
country ("talks in Muscat, Oman" is Muscat), and a name that several places share is
settled by the countries the report names (the Swiss Geneva unless the report
speaks of New York).

Hosts and mediators are read the same way: "hosted by Qatar", "Oman to host",
"Pakistan-brokered", "unter Vermittlung der Schweiz", "بوساطة عمانية".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from bot.news.gazetteer import Gazetteer, Place, gazetteer
from bot.news.textnorm import normalize
from bot.news.vocabulary import Vocabulary
from bot.records import PlaceRef
from config.topics import Topic

# A word with its possessive ("Qatar's"), a hyphen starting a word ("-brokered"), or an
# apostrophe ending one ("l'"); Arabic short vowels and tatweel are part of a word ("عُمان").
_TOKEN = re.compile(r"-?(?:[^\W_]|[\u064b-\u065f\u0670\u0640])+(?:['’]s\b|['’])?|-")
_POSSESSIVE = re.compile(r"['’]s?$")
_DATELINE_END = re.compile(r"\s*(?:[,:(—–.]|-\s|\s-)")
_ARABIC_PREFIXES = ("و", "ب", "ل", "ف", "ک", "وب", "ول", "فب")
_WORDS_IN_A_NAME = 3


@dataclass(frozen=True)
class PlacesSaid:
    """What a report says of where talks are held, who hosts them, who mediates."""

    venue: PlaceRef | None = None
    host: PlaceRef | None = None
    mediator: PlaceRef | None = None
    # The venue is the dateline's city alone, one the topic does not list ("DUBAI (Reuters)
    # -"): where the reporter writes from, which tells where talks under way are, not where
    # a meeting will be.
    dateline: bool = False


@dataclass(frozen=True)
class _Token:
    text: str  # as written
    folded: str  # normalised, a possessive or trailing apostrophe dropped
    start: int
    end: int
    line: int  # the headline is line 0: a cue and its place are on one line
    title_case: bool  # on a line that capitalises most words ("Nuclear Deal Talks Set to Break")
    joined: bool = False  # a part of a Persian compound, by a zero-width non-joiner ("می‌رم")


def _tokens(text: str) -> list[_Token]:
    found = []
    for number, line in enumerate(text.split("\n")):
        offset = sum(len(part) + 1 for part in text.split("\n")[:number])
        words = list(_TOKEN.finditer(line))
        latin = [m.group() for m in words if m.group()[:1].isalpha() and not _arabic(m.group())]
        title_case = len(latin) >= 4 and sum(w[:1].isupper() for w in latin) >= 0.6 * len(latin)
        for match in words:
            word = match.group()
            found.append(
                _Token(
                    word,
                    _POSSESSIVE.sub("", normalize(word)),
                    offset + match.start(),
                    offset + match.end(),
                    number,
                    title_case,
                    "\u200c" in line[max(match.start() - 1, 0) : match.end() + 1],
                )
            )
    return found


def _arabic(word: str) -> bool:
    return "\u0600" <= word[:1] <= "\u06ff"


def _of_talks_before(folded: list[str], position: int, words: Vocabulary) -> bool:
    """The place found at ``position`` follows "after (the) talks" ("after talks in Muscat",
    "nach den Gesprächen in Maskat", "بعد محادثات مسقط", "a week after Muscat talks"): a word
    for talks held before, a few words back, with a word for the talks between it and the
    place or just after the place."""
    for start in range(max(0, position - 4), position + 1):
        for cue in words.places["talks_before"]:
            end = start + len(cue)
            if tuple(folded[start:end]) == cue and words["talks"].search(
                " ".join(folded[end : position + 2])
            ):
                return True
    return False


@dataclass(frozen=True)
class _Hit:
    place: tuple[PlaceRef, ...]  # the candidates, the likeliest first
    slot: int  # 0: tied to talks; 1: after a locative word or as a capital; 2: the dateline;
    # 3: inside the name of one of the topic's actors ("the Astana talks", "Regierung in Damaskus")
    position: int


class PlaceReader:
    """Reads venues, hosts and mediators for one topic: its places first, then the world's."""

    def __init__(self, topic: Topic, world: Callable[[], Gazetteer] = gazetteer) -> None:
        self._world = world
        self._aliases: dict[str, str] = {}  # normalised alias → topic place id
        for place in topic.places:
            for alias in (place.name, *place.aliases):
                self._aliases.setdefault(normalize(alias), place.id)
        self._topic_places = {p.id: p for p in topic.places}
        parties = {s.id for s in topic.parties()}
        # The topic's own terms are no places, capitalised in a headline or not ("Nuclear
        # Deal Talks": Deal is a town in Kent).
        self._terms = frozenset(
            normalize(term.rstrip("*")) for terms in topic.terms.values() for term in terms if " " not in term
        ) | frozenset(
            # The people's and the sides' names are no town's either ("Vance", "مذاکرات ایران":
            # the talks of Iran); another country's names are places ("talks in Doha").
            normalize(alias.rstrip("*"))
            for actor in topic.actors
            if actor.kind != "country" or actor.side in parties
            for alias in actor.aliases
            if " " not in alias and not any(alias == p.name or alias in p.aliases for p in topic.places)
        )
        self._not_venues = frozenset(p.id for p in topic.places if not p.venue)
        # The actors' names of several words, by their first word: a place inside one names
        # the actor, not where the talks are ("the Astana talks" in Sochi).
        self._actor_names: dict[str, set[tuple[str, ...]]] = {}
        for actor in topic.actors:
            for alias in actor.aliases:
                words = tuple(t.folded for t in _tokens(alias.rstrip("*")))
                if len(words) > 1:
                    self._actor_names.setdefault(words[0], set()).add(words)
        self._party_names = tuple(a.name for a in topic.actors if a.kind == "country" and a.side in parties)
        self._party_aliases = tuple(
            alias for a in topic.actors if a.kind == "country" and a.side in parties for alias in a.aliases
        )

    # ---------------------------------------------------------------- lookups

    @functools.cached_property
    def _topic_refs(self) -> dict[str, PlaceRef]:
        """The topic's places, each with what the gazetteer knows of it (its kind, its country)."""
        refs = {}
        for place_id, place in self._topic_places.items():
            known = next(iter(self._world().lookup(place.name)), None)
            refs[place_id] = PlaceRef(
                place_id, place.name, known.kind if known else "place", known.country if known else None
            )
        return refs

    @functools.cached_property
    def _by_gazetteer_id(self) -> dict[str, str]:
        """A gazetteer place's id → the topic place that is that place."""
        found: dict[str, str] = {}
        for place_id, place in self._topic_places.items():
            known = next(iter(self._world().lookup(place.name)), None)
            if known is not None:
                found.setdefault(known.id, place_id)
        return found

    @functools.cached_property
    def _parties(self) -> frozenset[str]:
        """The sides' own countries: never the venue of their talks with each other. A
        side named as a country is one; so is the country whose capital the topic
        lists as no venue (Kabul for the Taliban, who are no country: "peace in
        Afghanistan", "the envoy for Afghanistan" name the war's land, not the talks'); so
        is the country whose capital names a side ("Caracas" for Venezuela's government:
        "the Venezuela talks" are held in Mexico City)."""
        codes = set()
        for name in self._party_names:
            known = next(iter(self._world().lookup(name)), None)
            if known is not None and known.kind == "country":
                codes.add(known.country)
        for alias in self._party_aliases:
            city = next(iter(self._world().lookup(alias.rstrip("*"))), None)
            if city is None or city.kind != "city":
                continue
            capital = self._world().capital(city.country)
            if capital is not None and capital.id == city.id:
                codes.add(capital.country)
        for place_id in self._not_venues:
            known_place = self._topic_refs[place_id]
            capital = self._world().capital(known_place.country) if known_place.country else None
            if capital is not None and self._by_gazetteer_id.get(capital.id) == place_id:
                codes.add(capital.country)
        return frozenset(codes)

    def topic_place(self, place_id: str) -> PlaceRef | None:
        """One of the topic's places, with what the gazetteer knows of it."""
        return self._topic_refs.get(place_id)

    def _ref(self, place: Place) -> PlaceRef:
        topic_id = self._by_gazetteer_id.get(place.id)
        if topic_id is not None:
            return self._topic_refs[topic_id]
        return PlaceRef(place.id, place.name, place.kind, place.country)

    def _named(self, name: str) -> tuple[PlaceRef, ...]:
        """The places a name (normalised) may mean: the topic's place, else the gazetteer's."""
        topic_id = self._aliases.get(name)
        if topic_id is not None:
            return (self._topic_refs[topic_id],)
        return tuple(self._ref(p) for p in self._world().lookup(name))

    def _lookup(self, tokens: list[_Token], i: int, words: Vocabulary) -> tuple[tuple[PlaceRef, ...], int]:
        """The places the words from ``tokens[i]`` on name (the longest name first), and how
        many words the name takes; nothing when the words are no name."""
        first = tokens[i]
        if not first.folded or first.text.startswith("-"):
            return (), 0
        # A word of the reader's or of the topic's is no place by itself ("New", "Deal"); it
        # may begin a name of several words ("New York", "Den Haag").
        word = (
            (first.folded,) in words.places["not_places"]
            or first.folded in self._terms
            or first.folded in words.calendar
            or first.folded in words.known
        )
        arabic = _arabic(first.folded)
        if not arabic and not first.text[:1].isupper():
            return (), 0
        for n in range(min(_WORDS_IN_A_NAME, len(tokens) - i), 0, -1):
            span = tokens[i : i + n]
            if n > 1 and any(t.line != first.line for t in span):
                continue
            # A name of several words ends on a capital ("New York", not "New talks"), but a
            # country's may not ("Arabie saoudite", "Emirats arabes unis").
            countries_only = n > 1 and not (
                arabic or span[-1].text[:1].isupper() or span[-1].text.startswith("-")
            )
            if n == 1 and word:
                continue
            # "Alma-Ata", "Sharm el-Sheikh": a word that begins with a hyphen joins the one before.
            names = ["".join(t.folded if t.text.startswith("-") else " " + t.folded for t in span).strip()]
            if n > 1 and not arabic:
                names.append("-".join(t.folded.lstrip("-") for t in span))  # "Alma Ata": Alma-Ata
            if arabic:
                # An attached conjunction or preposition: "بفيينا", "والدوحة".
                names += [names[0][len(p) :] for p in _ARABIC_PREFIXES if names[0].startswith(p)]
                names += [n[2:] for n in list(names) if n.startswith("ال")]
            for name in names:
                # Names of two letters are Arabic-script words of their own alone ("رم",
                # Rome, in Persian; not the end of "می‌رم", I go).
                if len(name) >= 3 or (arabic and len(name) == 2 and n == 1 and not first.joined):
                    found = self._named(name)
                    if first.title_case or arabic:
                        # A capital says little in a headline that capitalises every word, and
                        # Arabic script has none: a small town there is more likely a word
                        # ("Diplomats Say"; Persian "وارد", enters).
                        found = tuple(p for p in found if p.kind != "city" or self._known_city(p))
                    if countries_only:
                        found = tuple(p for p in found if p.kind == "country")
                    if found:
                        return found, n
        return (), 0

    def _country_named(self, tokens: list[_Token], i: int, words: Vocabulary) -> tuple[PlaceRef, ...]:
        """The country whose name begins at ``tokens[i]``, perhaps with the ending a name
        takes after an article ("den Vereinigten Arabischen Emiraten": the Emirates)."""
        found = tuple(p for p in self._lookup(tokens, i, words)[0] if p.kind == "country")
        if found or not tokens[i].text[:1].isupper():
            return found
        for n in range(min(_WORDS_IN_A_NAME, len(tokens) - i), 0, -1):
            span = tokens[i : i + n]
            if any(t.line != tokens[i].line for t in span):
                continue
            for (ending,) in words.places["name_endings"]:
                name = " ".join(
                    t.folded[: -len(ending)] if t.folded.endswith(ending) else t.folded for t in span
                )
                found = tuple(p for p in self._named(name) if p.kind == "country")
                if found:
                    return found
        return ()

    def _city_adjective(self, token: _Token, words: Vocabulary) -> tuple[PlaceRef, ...]:
        """The cities an adjective made from a city's name may mean (German "Wiener",
        "Genfer", "Lausanner"): the name without its ending, capitalised as a name is."""
        if not token.text[:1].isupper():
            return ()
        for (ending,) in words.places["city_adjective_endings"]:
            if len(token.folded) > len(ending) + 2 and token.folded.endswith(ending):
                found = tuple(p for p in self._named(token.folded[: -len(ending)]) if p.kind == "city")
                if found:
                    return found
        return ()

    def _country(self, tokens: list[_Token], i: int, words: Vocabulary) -> PlaceRef | None:
        """A country named at ``tokens[i]``: by its name ("Qatar", "Omans") or by an
        adjective made from it ("Omani", "katarischen", "عمانية", "qatarie")."""
        token = tokens[i]
        if not token.folded or (token.folded,) in words.places["not_places"]:
            return None
        candidates = [token.folded]
        if token.folded.endswith("s"):
            candidates.append(token.folded[:-1])  # German genitive: "Vermittlung Omans"
        if _arabic(token.folded):
            candidates += [token.folded[len(p) :] for p in _ARABIC_PREFIXES if token.folded.startswith(p)]
        for name in candidates:
            for place in self._named(name):
                if place.kind == "country":
                    return place
        for (ending,) in words.places["adjective_endings"]:
            if len(token.folded) > len(ending) + 2 and token.folded.endswith(ending):
                stem = token.folded[: -len(ending)]
                stems = (stem[2:], "ال" + stem[2:]) if stem.startswith("ال") else (stem, "ال" + stem)
                for name in (
                    (*stems, stem + "e", stem + "a")
                    if _arabic(stem)
                    else (stem, stem + "e", stem + "a", stem + "en")  # "norwegischen": Norwegen
                ):
                    found = [p for p in self._named(name) if p.kind == "country"]
                    if found:
                        return found[0]
        return None

    def third_country(self, text: str, words: Vocabulary) -> bool:
        """``text`` names a country that is no side's own ("Saudi Arabia", "saoudien"): by
        its name, or an adjective made from it."""
        tokens = _tokens(text)
        for i in range(len(tokens)):
            found = self._country_named(tokens, i, words)
            country = found[0] if found else self._country(tokens, i, words)
            if country is not None and country.country not in self._parties:
                return True
        return False

    # ---------------------------------------------------------------- reading

    def read(
        self, text: str, words: Vocabulary, mediators: Iterable[PlaceRef] = (), *, later: bool = False
    ) -> PlacesSaid:
        """The venue, host and mediator ``text`` names (``mediators``: the topic's mediating
        actors the matcher found, which win over a country read from the text). ``later``:
        the text tells of a meeting to come or going on now, so a place of talks held before
        it ("after the talks in Muscat, ... will meet again in Rome", "hold talks in Muscat
        after Geneva talks stall", "agree to meet again after Muscat meeting") is not its
        venue."""
        tokens = _tokens(text)
        folded = [t.folded for t in tokens]
        hits = self._venue_hits(tokens, folded, words, text)
        named = self._in_actor_names(folded)
        # A place in an actor's name is the venue only when no other place is.
        hits = [_Hit(h.place, 3, h.position) if h.position in named else h for h in hits]
        if later:
            hits = [h for h in hits if not (h.slot < 2 and _of_talks_before(folded, h.position, words))]
        venue, slot = self._choose(hits)
        dateline = slot == 2 and venue is not None and venue.id not in self._topic_places
        host = self._cued(tokens, folded, words, "then_host", "host_then")
        hosting = self._hosting_city(tokens, folded, words) if venue is None or slot else None
        if hosting is not None:
            # "Baghdad will host the fifth round on Wednesday, the minister said at a forum in
            # Antalya": the city that hosts, before a place merely named (not before the place
            # the talks are said to be in).
            venue, dateline = hosting, False
        if host is not None and self._venue(host) and (venue is None or not venue.within(host)):
            # "Oman to host the talks": the talks are in Oman, whatever else is named ("Oman
            # hosted talks on keeping the war in Gaza from spreading").
            venue, dateline = host, False
        if host is None and venue is not None and venue.kind == "city" and venue.country:
            host = self._country_ref(venue.country)
        mediator = next(iter(mediators), None)
        if mediator is None:
            cued = self._cued(tokens, folded, words, "then_mediator", "mediator_then")
            # A side is no mediator of its own talks ("negotiated with Iran").
            mediator = None if cued is None or cued.country in self._parties else cued
        return PlacesSaid(venue, host, mediator, dateline)

    def _after_post(self, tokens: list[_Token], folded: list[str], i: int, words: Vocabulary) -> bool:
        """The word before position ``i`` names a post ("the ambassador to Germany"), or
        a post and its country's adjective do ("l'ambassadeur syrien à Washington")."""
        posts = words.places["posts"]
        if i > 0 and (folded[i - 1],) in posts:
            return True
        return (
            i > 1
            and (folded[i - 2],) in posts
            and self._country(tokens, i - 1, words) is not None
            # (an adjective: not "المبعوث الخاص بسوريا إلى مسقط", the envoy for Syria, to Muscat)
            and not self._lookup(tokens, i - 1, words)[0]
            and not _arabic(folded[i - 1])
        )

    def _in_actor_names(self, folded: list[str]) -> set[int]:
        """The positions of the words that are part of a name of the topic's actors."""
        inside: set[int] = set()
        for i, word in enumerate(folded):
            for name in self._actor_names.get(word, ()):
                if tuple(folded[i : i + len(name)]) == name:
                    inside.update(range(i, i + len(name)))
        return inside

    def _known_city(self, place: PlaceRef) -> bool:
        """A topic place, or a city of 100,000 people or more (asked of a headline's words)."""
        if place.id in self._topic_places:
            return True
        return any(p.population >= 100_000 for p in self._world().lookup(place.name) if p.id == place.id)

    def _country_ref(self, code: str) -> PlaceRef | None:
        country = self._world().country(code)
        return None if country is None else self._ref(country)

    def _venue_hits(
        self, tokens: list[_Token], folded: list[str], words: Vocabulary, text: str
    ) -> list[_Hit]:
        hits: list[_Hit] = []
        places = words.places

        def after(cues: frozenset[tuple[str, ...]], slot: int) -> None:
            for i in range(len(tokens)):
                for cue in cues:
                    j = i + len(cue)
                    if tuple(folded[i:j]) == cue and j < len(tokens) and tokens[j].line == tokens[i].line:
                        if i > 0 and (folded[i - 1],) in places["negations"]:
                            continue  # "nicht in Rom, sondern in Maskat": not there
                        if self._after_post(tokens, folded, i, words):
                            continue  # "the ambassador to Germany": a post, no venue
                        if (i > 0 and (folded[i - 1],) in places["subjects"]) or (
                            # (not "ceasefire talks in Islamabad": the talks are there)
                            i > 1
                            and (folded[i - 2],) in places["subjects"]
                            and not words["talks"].search(folded[i - 1])
                        ):
                            continue  # "the crisis in Syria", "a peaceful settlement in Syria": the subject
                        j = _past_title(folded, j, places)
                        if j >= len(tokens):
                            continue
                        found, _ = self._lookup(tokens, j, words)
                        if not found and (folded[j],) in places["articles"] and j + 1 < len(tokens):
                            # "in the United Arab Emirates", "in den Niederlanden": a country.
                            found = self._country_named(tokens, j + 1, words)
                        if not found and slot == 1:
                            # "in der Wiener Uno-City", "im Genfer Hotel": a city's adjective
                            # before a building's name (after an article, perhaps).
                            k = j + 1 if (folded[j],) in places["articles"] else j
                            if k + 1 < len(tokens) and tokens[k + 1].text[:1].isupper():
                                found = self._city_adjective(tokens[k], words)
                                # "im schweizerischen Lausanne": its country's adjective, a city.
                                country = None if found else self._country(tokens, k, words)
                                if country is not None:
                                    found = tuple(
                                        p
                                        for p in self._lookup(tokens, k + 1, words)[0]
                                        if p.kind == "city" and p.country == country.country
                                    )
                        if found:
                            said = any(k >= 0 and (folded[k],) in places["said_at"] for k in (i - 1, i - 2))
                            # Where it was said ("announced in Munich that ..."): the weakest slot.
                            hits.append(_Hit(found, 2 if said and slot == 1 else slot, i))

        after(places["talks_at"], 0)
        after(places["at"], 1)
        # Arabic attaches "in" to the place: "بالدوحة", "بفيينا" (but "بغداد" is a place).
        for i, token in enumerate(tokens):
            if words.lang != "ar" or not token.folded.startswith("ب") or self._named(token.folded):
                continue
            rest = token.folded[1:]
            if (rest,) in places["not_places"]:
                continue  # "بمدينة لوزان": in the city of Lausanne (the city is no place)
            if i > 0 and (folded[i - 1],) in places["posts"]:
                continue  # "المبعوث الخاص بسوريا": the envoy for Syria, a post, no venue
            found = self._named(rest) or (self._named(rest[2:]) if rest.startswith("ال") else ())
            found = tuple(p for p in found if p.kind != "city" or self._known_city(p))
            if found:
                hits.append(_Hit(found, 1, i))
        # "the Vienna talks", "Wiener Gespräche" (a German adjective made from the city).
        for i in range(len(tokens) - 1):
            for cue in places["talks_after"]:
                for n in range(1, _WORDS_IN_A_NAME + 1):
                    if i - n + 1 < 0 or tuple(folded[i + 1 : i + 1 + len(cue)]) != cue:
                        continue
                    if tokens[i + 1].line != tokens[i].line:
                        continue
                    found, size = self._lookup(tokens, i - n + 1, words)
                    if found and size == n:
                        hits.append(_Hit(found, 0, i - n + 1))
                    elif n == 1 and (stem := self._city_adjective(tokens[i], words)):
                        hits.append(_Hit(stem, 0, i))
        # "the capital Doha"; "Qatar's capital", "the Qatari capital", "capitale autrichienne";
        # "the Swiss city of Geneva", "dans la ville suisse de Genève".
        for i, word in enumerate(folded):
            forms = [word] + (
                [word[len(p) :] for p in _ARABIC_PREFIXES if word.startswith(p)] if _arabic(word) else []
            )
            a_capital = any((form,) in places["capital"] for form in forms)
            if not a_capital and not any((form,) in places["city"] for form in forms):
                continue
            # The city may follow at once, or after an adjective or "of" ("العاصمة القطرية الدوحة").
            found = ()
            for j in (i + 1, i + 2, i + 3):
                if j < len(tokens) and tokens[j].line == tokens[i].line and not found:
                    found = tuple(p for p in self._lookup(tokens, j, words)[0] if p.kind == "city")
            cities = found
            if cities:
                hits.append(_Hit(cities, 1, i))
                continue
            if not a_capital:
                continue
            for j in (i - 1, i + 1, i + 2):
                country = self._country(tokens, j, words) if 0 <= j < len(tokens) else None
                capital = self._world().capital(country.country) if country and country.country else None
                if capital is not None:
                    hits.append(_Hit((self._ref(capital),), 1, i))
                    break
        # The dateline: "VIENNA —", "GENEVA, Oct 15 (Reuters)", "Doha, 29 juin (AFP)".
        for line_start in (0, *(m.end() for m in re.finditer(r"\n", text))):
            first = next((k for k, t in enumerate(tokens) if t.start >= line_start), None)
            if first is None:
                continue
            found, size = self._lookup(tokens, first, words)
            if found and _DATELINE_END.match(text, tokens[first + size - 1].end):
                hits.append(_Hit(found, 2, first))
        return hits

    def _choose(self, hits: list[_Hit]) -> tuple[PlaceRef | None, int | None]:
        """The venue among the places in venue slots: the strongest slot, the first in the
        text; a city rather than its country; a shared name settled by the other countries
        the report names. With it, the slot it was found in."""
        context = {h.place[0].country for h in hits if len(h.place) == 1 and h.place[0].country}
        venues: list[tuple[int, int, PlaceRef]] = []
        for hit in hits:
            if any(p.kind == "country" and not self._venue(p) for p in hit.place):
                continue  # a side's country, not the town abroad of that name ("Venezuela talks")
            usable = [p for p in hit.place if self._venue(p)]
            if not usable:
                continue
            place = next((p for p in usable if p.country in context), usable[0])
            venues.append((hit.slot, hit.position, place))
        if not venues:
            return None, None
        slot, _, best = min(venues, key=lambda v: (v[0], v[1]))
        if best.kind == "country":
            city = next((p for _, _, p in sorted(venues) if p.kind != "country" and p.within(best)), None)
            return city or best, slot
        return best, slot

    def _venue(self, place: PlaceRef) -> bool:
        if place.id in self._not_venues:
            return False
        return not (place.kind == "country" and place.country in self._parties)

    def _hosting_city(self, tokens: list[_Token], folded: list[str], words: Vocabulary) -> PlaceRef | None:
        """A city just before a word of hosting ("Rome to host the second round", "Genf
        ist Gastgeber"): the talks are there."""
        for i in range(1, len(tokens)):
            for cue in words.places["host_then"]:
                if tuple(folded[i : i + len(cue)]) == cue:
                    found, n = self._lookup(tokens, i - 1, words)
                    city = next((p for p in found if p.kind == "city" and self._venue(p)), None)
                    if city is not None and n == 1:
                        return city
        return None

    def _cued(
        self, tokens: list[_Token], folded: list[str], words: Vocabulary, before: str, after: str
    ) -> PlaceRef | None:
        """A country after one of the cues ``before`` ("hosted by Qatar"), or before one of
        ``after`` ("Pakistan-brokered", "Qatar to host")."""
        places = words.places
        skip = {"the", "der", "des", "die", "dem", "den", "de", "du", "la", "l", "l'", "von"}
        for i in range(len(tokens)):
            for cue in places[before]:
                if tuple(folded[i : i + len(cue)]) != cue:
                    continue
                j = i + len(cue)
                while j < len(tokens) and folded[j] in skip:
                    j += 1
                j = _past_title(folded, j, places)
                if j < len(tokens):
                    country = self._country(tokens, j, words)
                    if country is not None:
                        return country
            for cue in places[after]:
                if i > 0 and tuple(folded[i : i + len(cue)]) == cue:
                    country = self._country(tokens, i - 1, words)
                    if country is not None:
                        return country
        return None


def _past_title(folded: list[str], j: int, places: Mapping[str, frozenset[tuple[str, ...]]]) -> int:
    """Where the name begins after a country's title ("the Sultanate of Oman", "سلطنة
    عمان"): after the title, if one stands at ``j``."""
    k = j + 1 if (folded[j : j + 1] and (folded[j],) in places["articles"]) else j
    for title in places["state_titles"]:
        if tuple(folded[k : k + len(title)]) == title and k + len(title) < len(folded):
            return k + len(title)
    return j
