"""Story signatures and LSH banding without datasketch at run time: the same values it
gives, and the bot process no longer carries scipy."""

from __future__ import annotations

import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from bot.news.fingerprint import shingle_hashes, shingles
from bot.news.minhash import banding, signature, similarities

ROUNDS = Path(__file__).parent / "fixtures" / "rounds" / "dev.txt"


def texts() -> list[str]:
    lines = [line.split("|")[3].strip() for line in ROUNDS.read_text("utf-8").splitlines() if "|" in line]
    return [t for t in lines if t and not t.startswith("text")] + ["", "Iran", "Iran Oman"]


def reference(text: str, num_perm: int = 64) -> MinHash:
    m = MinHash(num_perm=num_perm, hashfunc=zlib.crc32)
    m.update_batch(list(shingles(text)))
    return m


@pytest.mark.parametrize("num_perm", [16, 64, 128])
def test_signatures_are_datasketchs_bit_for_bit(num_perm):
    for text in texts():
        theirs = reference(text, num_perm).hashvalues.astype(np.uint32).tobytes()
        assert signature(shingle_hashes(text), num_perm) == theirs, text


def test_similarities_are_datasketchs_jaccard_estimates():
    all_texts = texts()
    first, others = reference(all_texts[0]), [reference(t) for t in all_texts[1:40]]
    ours = similarities(
        signature(shingle_hashes(all_texts[0])), [signature(shingle_hashes(t)) for t in all_texts[1:40]]
    )
    assert ours == [first.jaccard(o) for o in others]
    alone = similarities(signature(shingle_hashes(all_texts[0])), [signature(shingle_hashes(all_texts[1]))])
    assert alone == [first.jaccard(others[0])]  # one candidate: the path without stacking
    assert any(0 < s < 1 for s in ours)  # not a comparison of all-equal or all-different
    assert similarities(signature(b""), []) == []


@pytest.mark.parametrize("num_perm", [32, 64, 128])
def test_the_banding_is_datasketchs_for_every_threshold(num_perm):
    for tenth in range(1, 10):
        theirs = MinHashLSH(threshold=tenth / 10, num_perm=num_perm)
        assert banding(tenth / 10, num_perm) == (theirs.b, theirs.r), tenth / 10


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.5, 2.0])
def test_a_threshold_outside_zero_to_one_is_refused(bad):
    with pytest.raises(ValueError, match="threshold"):
        banding(bad, 64)


def test_the_bot_process_imports_neither_datasketch_nor_scipy():
    # scipy (through datasketch's LSH module) was 52 MiB of the bot process's memory.
    code = (
        "import sys, bot.app, bot.cli, bot.news.stories\n"
        "print(','.join(m for m in ('datasketch', 'scipy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
