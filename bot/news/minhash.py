"""MinHash signatures and their LSH banding, as datasketch makes them, in a fraction of
its memory (pure, no I/O).

datasketch imports scipy to choose its banding (two integers, worked out once): 52 MiB
of a bot process whose data at 10,000 feeds is about twice that. Its MinHash, for 32-bit
input hashes, is a few lines of numpy. This module makes the same signatures bit for
bit (datasketch 2's default "affine32" scheme, seed 1: each input hash mixed with the
MurmurHash3 finalizer, then ``a * h + b`` modulo 2**32 for each permutation, the least
value kept) and chooses the same banding (the one with the least weighted sum of false
positive and false negative probabilities). The tests hold both to datasketch's own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np

_EMPTY = 0xFFFFFFFF  # every value of a signature of no shingles
_SEED = 1  # datasketch's default seed: its permutations


@cache
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """Each permutation's ``a`` (odd, so the map is a bijection) and ``b``, drawn as
    datasketch draws them."""
    if num_perm < 1:
        raise ValueError(f"num_perm must be positive, not {num_perm}")
    draw = np.random.RandomState(_SEED)
    a = draw.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = draw.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _mix(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (a bijection that spreads similar inputs)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signature(hashes: bytes, num_perm: int = 64) -> bytes:
    """The MinHash signature of a set given as its members' 32-bit hashes (packed, native
    byte order, as ``bot.news.fingerprint.shingle_hashes`` gives them): ``num_perm``
    32-bit values, packed."""
    a, b = _permutations(num_perm)
    values = np.frombuffer(hashes, dtype=np.uint32)
    if not len(values):
        return np.full(num_perm, _EMPTY, dtype=np.uint32).tobytes()
    permuted = _mix(values)[:, None] * a + b  # wraps around: modulo 2**32, as intended
    return permuted.min(axis=0).tobytes()


def similarities(sig: bytes, others: list[bytes]) -> list[float]:
    """The Jaccard similarity ``sig`` and each of ``others`` estimate (the share of equal
    values), all of them in one comparison."""
    mine = np.frombuffer(sig, dtype=np.uint32)
    if len(others) == 1:  # the common case, without the stacking
        return [np.count_nonzero(np.frombuffer(others[0], dtype=np.uint32) == mine) / len(mine)]
    if not others:
        return []
    theirs = np.frombuffer(b"".join(others), dtype=np.uint32).reshape(len(others), len(mine))
    equal: list[float] = ((theirs == mine).sum(axis=1) / len(mine)).tolist()
    return equal


def _integral(f: Callable[[float], float], lo: float, hi: float, steps: int = 64) -> float:
    """Simpson's rule; the integrands here are smooth polynomials of degree ≤ num_perm."""
    width = (hi - lo) / steps
    total = f(lo) + f(hi)
    for i in range(1, steps):
        total += (4 if i % 2 else 2) * f(lo + i * width)
    return total * width / 3


@cache
def banding(threshold: float, num_perm: int, weights: tuple[float, float] = (0.5, 0.5)) -> tuple[int, int]:
    """How many bands of how many rows an LSH index of ``num_perm`` permutations uses for
    ``threshold``: the pair with the least weighted sum of the chances to miss a pair
    above the threshold and to offer one below it (datasketch's choice)."""
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold}")
    false_positive_weight, false_negative_weight = weights
    best, chosen = float("inf"), (0, 0)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):

            def candidate(s: float, b: int = bands, r: int = rows) -> float:
                return 1.0 - (1.0 - s**r) ** b

            false_positive = _integral(candidate, 0.0, threshold)
            false_negative = _integral(lambda s: 1.0 - candidate(s), threshold, 1.0)
            error = false_positive * false_positive_weight + false_negative * false_negative_weight
            if error < best:
                best, chosen = error, (bands, rows)
    return chosen
