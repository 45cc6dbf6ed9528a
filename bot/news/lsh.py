"""A compact LSH index of MinHash signatures (pure, no I/O).

datasketch's ``MinHashLSH`` keeps, for every band of every item, a bytes key and a set
of its own: about 3.9 KiB per item at 64 permutations. This index keeps what finding
candidates needs and no more: per band, a dict from the band's hash to the one key that
has it, or to a list when several do (the hash cut to 30 bits: an int of 28 bytes
instead of 36, 14 of them per item; a rare collision only offers a candidate that
:func:`jaccard` turns down); signatures are 32-bit values packed in ``bytes`` (256
bytes at 64 permutations). The banding (how many bands of how many rows) is
datasketch's own choice for the threshold (``bot.news.minhash``).
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.news.minhash import banding, similarities

_SMALL = (1 << 30) - 1  # the largest int CPython keeps in one 30-bit digit


def jaccard(a: bytes, b: bytes) -> float:
    """The Jaccard similarity two signatures estimate (the share of equal values)."""
    return similarities(a, [b])[0]


class BandIndex:
    """Keys by signature: the keys that share a whole band with a signature are its
    candidates (likely above ``threshold``), to be checked with :func:`jaccard`."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        self.bands, self.rows = banding(threshold, num_perm)
        self._width = 4 * self.rows  # bytes per band
        self._tables: list[dict[int, str | list[str]]] = [{} for _ in range(self.bands)]

    def _hashes(self, sig: bytes) -> Iterator[tuple[dict[int, str | list[str]], int]]:
        width = self._width
        for band, table in enumerate(self._tables):
            yield table, hash(sig[band * width : (band + 1) * width]) & _SMALL

    def insert(self, key: str, sig: bytes) -> None:
        for table, h in self._hashes(sig):
            held = table.get(h)
            if held is None:
                table[h] = key
            elif isinstance(held, list):
                held.append(key)
            else:
                table[h] = [held, key]

    def remove(self, key: str, sig: bytes) -> None:
        """Forget ``key``, inserted with ``sig``."""
        for table, h in self._hashes(sig):
            held = table.get(h)
            if held == key:
                del table[h]
            elif isinstance(held, list) and key in held:
                held.remove(key)
                if len(held) == 1:
                    table[h] = held[0]

    def query(self, sig: bytes) -> Iterator[str]:
        """Each key sharing a band with ``sig``, once, newest first within a band."""
        seen: set[str] = set()
        for table, h in self._hashes(sig):
            held = table.get(h)
            if held is None:
                continue
            for key in reversed(held) if isinstance(held, list) else (held,):
                if key not in seen:
                    seen.add(key)
                    yield key
