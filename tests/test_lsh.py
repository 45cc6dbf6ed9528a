"""The compact LSH index behind story grouping: what it finds, what it forgets, its size."""

from __future__ import annotations

import tracemalloc
import zlib

import numpy as np
from datasketch import MinHash, MinHashLSH

from bot.news.fingerprint import shingles
from bot.news.lsh import BandIndex, jaccard


def signature(m: MinHash) -> bytes:
    """datasketch's MinHash values, packed as the index keeps signatures."""
    return m.hashvalues.astype(np.uint32).tobytes()


def sig(text: str) -> bytes:
    m = MinHash(num_perm=64, hashfunc=zlib.crc32)
    m.update_batch(list(shingles(text)))
    return signature(m)


BASE = "Iran and the United States hold a second round of indirect talks in Muscat on Friday"
SAME = BASE + " officials said"
OTHER = "Storm closes ports along the coast as heavy rain hits the northern provinces overnight"


def test_a_reworded_copy_is_a_candidate_and_an_unrelated_item_is_not():
    index = BandIndex(0.5, 64)
    index.insert("base", sig(BASE))
    index.insert("other", sig(OTHER))
    assert list(index.query(sig(SAME))) == ["base"]
    assert jaccard(sig(SAME), sig(BASE)) > 0.5 > jaccard(sig(OTHER), sig(BASE))
    assert jaccard(sig(BASE), sig(BASE)) == 1.0


def test_it_finds_what_datasketch_finds():
    texts = [f"{BASE} {i % 7} {'x' * (i % 5)} report {i // 7}" for i in range(120)] + [OTHER]
    ours, theirs = BandIndex(0.5, 64), MinHashLSH(threshold=0.5, num_perm=64)
    for i, text in enumerate(texts):
        m = MinHash(num_perm=64, hashfunc=zlib.crc32)
        m.update_batch(list(shingles(text)))
        ours.insert(str(i), signature(m))
        theirs.insert(str(i), m)
    for text in (SAME, OTHER, texts[5]):
        m = MinHash(num_perm=64, hashfunc=zlib.crc32)
        m.update_batch(list(shingles(text)))
        assert set(ours.query(signature(m))) == set(theirs.query(m))


def test_a_removed_key_is_never_a_candidate_again_and_shared_bands_shrink():
    index = BandIndex(0.5, 64)
    for key in ("a", "b", "c"):
        index.insert(key, sig(BASE))  # identical: every band shared
    index.remove("b", sig(BASE))
    assert list(index.query(sig(BASE))) == ["c", "a"]  # newest first
    index.remove("a", sig(BASE))
    index.remove("c", sig(BASE))
    assert list(index.query(sig(BASE))) == []
    assert all(not table for table in index._tables)


def test_it_holds_a_fraction_of_datasketchs_memory():
    hashes = []
    for n in range(2000):
        m = MinHash(num_perm=64, hashfunc=zlib.crc32)
        m.update_batch(list(shingles(f"{BASE} {n} {n * 7} {n * 13}")))
        hashes.append(m)
    sigs = [signature(m) for m in hashes]

    def size(build) -> int:
        tracemalloc.start()
        held = build()
        used = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        del held
        return used

    def theirs() -> MinHashLSH:
        lsh = MinHashLSH(threshold=0.5, num_perm=64)
        for n, m in enumerate(hashes):
            lsh.insert(str(n), m)
        return lsh

    def ours() -> BandIndex:
        index = BandIndex(0.5, 64)
        for n, s in enumerate(sigs):
            index.insert(str(n), s)
        return index

    # datasketch: a bytes key and a set per band per item; here an int and the key.
    assert size(ours) * 2 < size(theirs)
