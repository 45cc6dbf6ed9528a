"""The console transport: alerts and replies printed as a chat user would see them."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.chat import ChatRef
from bot.delivery.transports.base import NOT_MINE, Delivered, Gate, SendResult, passes
from bot.records import OutboxMessage
from bot.render.alerts import alert_document
from bot.render.markup import Document, render_plain


class ConsoleTransport:
    """Prints to a stream; used by the demo and for trying a topic locally."""

    name = "console"

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream
        self.sent: list[str] = []

    def _print(self, header: str, text: str) -> None:
        stream = self.stream or sys.stdout
        bar = "─" * 60
        print(f"┌{bar}\n│ {header}\n├{bar}", file=stream)
        for line in text.splitlines() or [""]:
            print(f"│ {line}", file=stream)
        print(f"└{bar}", file=stream, flush=True)

    async def send(self, chat: ChatRef, message: OutboxMessage, gate: Gate | None = None) -> SendResult:
        if not passes(gate):
            return NOT_MINE
        text = render_plain(alert_document(message.payload))
        self.sent.append(text)
        self._print(f"alert → {chat.chat_id} ({message.topic})", text)
        return Delivered(ref=str(len(self.sent)))

    async def send_document(self, chat: ChatRef, document: Document, gate: Gate | None = None) -> SendResult:
        if not passes(gate):
            return NOT_MINE
        text = render_plain(document)
        self.sent.append(text)
        self._print(f"digest → {chat.chat_id}", text)
        return Delivered(ref=str(len(self.sent)))

    async def edit(self, chat: ChatRef, message: OutboxMessage, gate: Gate | None = None) -> SendResult:
        if not passes(gate):
            return NOT_MINE
        text = render_plain(alert_document(message.payload))
        self.sent.append(text)
        self._print(f"edit of alert {message.message_ref} → {chat.chat_id}", text)
        return Delivered(ref=message.message_ref)

    async def reply(self, chat: ChatRef, document: Document) -> None:
        text = render_plain(document)
        self.sent.append(text)
        self._print(f"bot → {chat.chat_id}", text)

    async def start(self) -> None:
        """Nothing to listen to."""

    async def stop(self) -> None:
        """Nothing to close."""
