"""A recording transport for tests: a real Transport whose chat API answers are scripted."""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field

from bot.chat import ChatRef
from bot.delivery.transports.base import NOT_MINE, Delivered, Gate, SendResult, passes
from bot.records import OutboxMessage
from bot.render.alerts import alert_document
from bot.render.markup import Document, render_plain


class SimulatedCrash(BaseException):
    """The process dies here: not an Exception, so no handler in the bot catches it."""


@dataclass
class RecordingTransport:
    """Records what arrived in each chat; ``script`` holds answers to give before Delivered."""

    name: str = "test"
    delivered: list[tuple[str, str, int | None]] = field(default_factory=list)  # (chat, text, item)
    replies: list[tuple[str, str]] = field(default_factory=list)
    edits: list[tuple[str, str | None, str]] = field(default_factory=list)  # (chat, message ref, text)
    script: deque = field(default_factory=deque)
    crash_after_send: bool = False
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def send(self, chat: ChatRef, message: OutboxMessage, gate: Gate | None = None) -> SendResult:
        if not passes(gate):
            return NOT_MINE
        if self.script:
            answer = self.script.popleft()
            if isinstance(answer, BaseException):
                raise answer
            return answer
        self.delivered.append((chat.chat_id, render_plain(alert_document(message.payload)), message.item_id))
        self._arrived.set()
        if self.crash_after_send:
            # The chat API accepted the message, then the process died before
            # the outbox row could be marked sent.
            raise SimulatedCrash("simulated crash")
        return Delivered(ref=str(len(self.delivered)))

    async def send_document(self, chat: ChatRef, document: Document, gate: Gate | None = None) -> SendResult:
        if not passes(gate):
            return NOT_MINE
        self.delivered.append((chat.chat_id, render_plain(document), None))
        self._arrived.set()
        return Delivered(ref=str(len(self.delivered)))

    async def edit(self, chat: ChatRef, message: OutboxMessage, gate: Gate | None = None) -> SendResult:
        if not passes(gate):
            return NOT_MINE
        self.edits.append((chat.chat_id, message.message_ref, render_plain(alert_document(message.payload))))
        return Delivered(ref=message.message_ref)

    async def reply(self, chat: ChatRef, document: Document) -> None:
        self.replies.append((chat.chat_id, render_plain(document)))

    def texts(self, chat_id: str | None = None) -> list[str]:
        return [text for chat, text, _ in self.delivered if chat_id is None or chat == chat_id]

    async def wait_for(self, count: int) -> None:
        """Wait until ``count`` alerts have arrived (the caller bounds the wait)."""
        while len(self.delivered) < count:
            self._arrived.clear()
            await self._arrived.wait()

    async def start(self) -> None:
        """Nothing to listen to."""

    async def stop(self) -> None:
        """Nothing to close."""
