"""An earlier commit checked out beside this one, for benchmarks that run both side by side."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def earlier(ref: str) -> Iterator[Path]:
    """``ref`` checked out in a temporary git worktree (its path), removed afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        worktree = Path(tmp) / "before"
        add = ["git", "worktree", "add", "--detach", str(worktree), ref]
        subprocess.run(add, cwd=ROOT, check=True, capture_output=True)
        try:
            yield worktree
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, check=False)
