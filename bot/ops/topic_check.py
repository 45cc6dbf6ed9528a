"""Score JSON-lines items against a topic: ``talkwatch match`` and the matching quality gate."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from bot.news.language import item_language
from bot.news.matcher import Matcher
from config.topics import load_topics, require_topic


def match_lines(
    lines: Iterable[str], topic_id: str, topics_dirs: Sequence[Path] = (), out: TextIO | None = None
) -> int:
    """Score JSON lines {"id","title","summary","lang"?,"link"?}; one JSON line out per line in.

    This is the code path of ``talkwatch match`` and of the quality gate.
    """
    out = out or sys.stdout
    matcher = Matcher(require_topic(load_topics(list(topics_dirs)), topic_id))
    bad = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("title", ""), str):
                raise ValueError("expected an object with a string title")
        except ValueError as exc:
            bad += 1
            print(json.dumps({"line": number, "error": f"not a JSON item: {exc}"}), file=out)
            continue
        result = matcher.match(item.get("title") or "", item.get("summary") or "", item.get("lang"))
        print(
            json.dumps(
                {
                    "id": item.get("id", number),
                    "relevant": result.relevant,
                    "score": result.score,
                    "actors": list(result.actors),
                    # The matcher reads the language of relevant items only; shown for all here.
                    "lang": result.lang
                    if result.relevant
                    else item_language(item.get("title") or "", item.get("summary") or "", item.get("lang")),
                    "reason": result.reason,
                },
                ensure_ascii=False,
            ),
            file=out,
        )
    return bad
