"""Soak: `talkwatch run` killed with SIGKILL at random moments while a feed gains items and
alerts go out through the strict Bot API double; then a last run finishes the outbox.

    python3 -m bench.soak [--kills 20] [--chats 3] [--seed 1]

Prints what was published, stored, queued and delivered, what was lost (must be 0) and
the repeats (at most one per chat per kill: the message on the wire when it died).
"""

from __future__ import annotations

import argparse
import asyncio

from tests.helpers.soak import soak


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--chats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    result = asyncio.run(soak(args.kills, args.chats, args.seed))
    print(
        "| kills | items published | stored | alerts queued | messages | lost | repeats "
        "| worst chat | allowed | time |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    r = result
    print(
        f"| {r['kills']} | {r['published']} | {r['stored']} | {r['queued']} | {r['delivered']} | {r['lost']} "
        f"| {r['repeats']} | {r['worst chat']} | ≤ {r['allowed']} | {r['seconds']:.0f} s |"
    )


if __name__ == "__main__":
    main()
