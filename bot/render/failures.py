"""The failed deliveries as operators see them (/failures, ``talkwatch failures``)."""

from __future__ import annotations

import datetime as dt

from bot.records import FailedDelivery
from bot.render.markup import Bold, Document, Line, Text

TITLE_CHARS = 80  # a headline is cut here: the line is about the failure, not the news


def _when(stamp: float) -> str:
    return dt.datetime.fromtimestamp(stamp, dt.UTC).strftime("%-d %b %Y %H:%M UTC")


def failure_line(failure: FailedDelivery) -> str:
    """One failed delivery: when, where, what, how often it was tried, and the chat API's answer."""
    chat = failure.chat_id + (f" thread {failure.thread_id}" if failure.thread_id else "")
    title = failure.title if len(failure.title) <= TITLE_CHARS else failure.title[: TITLE_CHARS - 1] + "…"
    what = "edit of" if failure.kind == "edit" else "alert"
    if failure.status == "unconfirmed":
        what = f"possibly sent (unconfirmed) {what}"
    tries = f"{failure.attempts} attempt{'s' if failure.attempts != 1 else ''}"
    return (
        f"{_when(failure.failed_at)} · {failure.transport} {chat} · {what} “{title}” ({failure.topic}) · "
        f"{tries} · {failure.error}"
    )


def failures_document(total: int, shown: list[FailedDelivery]) -> Document:
    """How many deliveries failed in all, and the newest of them, one line each."""
    if total == 0:
        return (((Text("No failed deliveries: every alert was delivered or is still on its way."),),),)
    head = f"Failed deliveries: {total}" + (f", the newest {len(shown)}" if len(shown) < total else "")
    lines: list[Line] = [(Bold(head),)]
    lines.extend((Text(failure_line(f)),) for f in shown)
    return (tuple(lines),)
