"""A topic's stories as an Atom feed (RFC 4287), one entry per story, not per report (pure).

An entry's id is the story's own and never changes; its ``updated`` is when the last of
its outlets joined it, so a feed reader shows the story again when another outlet
carries it, and its content lists the outlets.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from bot.feeds.identity import shown_link
from bot.records import StoryRecord
from bot.render.markup import safe_url
from bot.web.escape import xml_attr, xml_text

ATOM_TYPE = "application/atom+xml"


def rfc3339(moment: float) -> str:
    """ "2026-02-07T13:00:00.250Z": milliseconds kept, so two outlets joining a story within
    one second still change its ``updated``."""
    stamp = dt.datetime.fromtimestamp(moment, dt.UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def story_id(topic_id: str, story: StoryRecord) -> str:
    """The entry id of a story: the same for as long as the story exists (its row and when it
    was opened), whatever joins it, and another deployment's story 7 has another."""
    return "urn:uuid:" + str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"talkwatch:{topic_id}:story:{story.story_id}:{story.created_at!r}")
    )


def story_content(story: StoryRecord) -> str:
    """What an entry says: who reported the story, the first reporter first."""
    count = len(story.outlets)
    first = dt.datetime.fromtimestamp(story.first_seen, dt.UTC).strftime("%-d %b %Y, %H:%M UTC")
    return (
        f"Reported by {count} outlet{'s' if count != 1 else ''}: {', '.join(story.outlets)}.\n"
        f"First reported {first}" + (f" by {story.outlets[0]}." if story.outlets else ".")
    )


def stories_feed(
    topic_id: str, topic_name: str, stories: Sequence[StoryRecord], self_url: str, page_url: str
) -> bytes:
    """The Atom document (UTF-8) of a topic's newest stories, newest first."""
    updated = max((s.updated or s.first_seen for s in stories), default=None)
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
        f"<id>{xml_text(self_url)}</id>",
        f"<title>{xml_text(topic_name)}: stories</title>",
        "<subtitle>One entry per story, however many outlets report it; "
        "updated when another joins.</subtitle>",
        f'<link rel="self" type="{ATOM_TYPE}" href="{xml_attr(self_url)}"/>',
        f'<link rel="alternate" type="text/html" href="{xml_attr(page_url)}"/>',
        f"<updated>{rfc3339(updated if updated is not None else 0.0)}</updated>",
        "<author><name>talkwatch</name></author>",
        '<generator uri="https://github.com/talkwatch/talkwatch">talkwatch</generator>',
    ]
    entries = []
    for story in stories:
        link = safe_url(shown_link(story.link)) or page_url
        authors = "".join(f"<author><name>{xml_text(o)}</name></author>" for o in story.outlets[:1])
        entries.append(
            "<entry>"
            f"<id>{story_id(topic_id, story)}</id>"
            f'<title type="text">{xml_text(story.title.strip() or "(untitled)")}</title>'
            f'<link rel="alternate" href="{xml_attr(link)}"/>'
            f"<published>{rfc3339(story.first_seen)}</published>"
            f"<updated>{rfc3339(story.updated or story.first_seen)}</updated>"
            f"{authors}"
            f'<content type="text">{xml_text(story_content(story))}</content>'
            "</entry>"
        )
    return "\n".join([*head, *entries, "</feed>", ""]).encode("utf-8")
