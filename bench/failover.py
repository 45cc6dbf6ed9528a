"""Failover: three `talkwatch run` processes on one PostgreSQL; the leader is killed with
SIGKILL during delivery, twice, while alerts for many chats go out through the strict
Bot API double (which records which process sent each message).

    python3 -m bench.failover [--runs 3] [--chats 50] [--items 8]

Each run starts a throwaway PostgreSQL server from the binaries on this machine
(``tests/helpers/pgserver.py``; run as root, the server runs as the ``postgres`` user).

Prints, per run: the time from each kill until another instance held the lease and
until the first message it sent, messages lost (must be 0), repeated (the messages on
the wire at a kill), and how often two instances sent at once (must be 0).
"""

from __future__ import annotations

import argparse
import asyncio

from tests.helpers.failover import failover
from tests.helpers.pgserver import PostgresServer


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--items", type=int, default=8)
    args = parser.parse_args()
    print(
        "| run | alerts | delivered | lost | repeats | kill → new leader | kill → first message "
        "| senders | overlaps |"
    )
    print("|---:|---:|---:|---:|---:|---|---|---|---:|")
    for run in range(1, args.runs + 1):
        server = PostgresServer()
        server.start()
        try:
            r = asyncio.run(failover(server.new_database(), chats=args.chats, items=args.items))
        finally:
            server.stop()
        takeovers = ", ".join(f"{t:.1f} s" for t in r.takeovers)
        first_sends = ", ".join(f"{t:.1f} s" for t in r.first_sends)
        print(
            f"| {run} | {r.expected} | {r.delivered} | {r.lost} | {r.repeats} | {takeovers} "
            f"| {first_sends} | {' → '.join(r.sender_runs)} | {r.overlaps} |"
        )


if __name__ == "__main__":
    main()
