"""The transport interface the sender drives, and the results it understands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.chat import ChatRef
from bot.render.markup import Document
from storage.records import OutboxMessage


@dataclass(frozen=True)
class Delivered:
    """The chat API confirmed the message; ``ref`` is its message id there."""

    ref: str | None = None


@dataclass(frozen=True)
class RetryLater:
    """Not delivered this time (flood control, 5xx, timeout); keep the row and retry.

    ``retry_after`` is the wait the API asked for (a 429); without it the sender
    backs off exponentially.
    """

    error: str
    retry_after: float | None = None


@dataclass(frozen=True)
class ChatGone:
    """The chat will never accept messages again (bot blocked, kicked, archived)."""

    error: str


@dataclass(frozen=True)
class LeftPending:
    """Not sent, and not tried: the gate said no (this instance stopped leading, or another
    holds the row). The row stays as it is, for whoever may send it."""

    reason: str


SendResult = Delivered | RetryLater | ChatGone | LeftPending
# Asked right before a message goes on the wire (after any pacing wait): may it go now?
# The sender's gate claims the outbox row for this instance (see Sender).
Gate = Callable[[], bool]


def passes(gate: Gate | None) -> bool:
    return gate is None or gate()


NOT_MINE = LeftPending("not sent: this instance no longer leads, or another holds the row")


class Transport(Protocol):
    """A chat network. ``send`` never raises for API trouble: it returns a result."""

    name: str

    async def send(self, chat: ChatRef, message: OutboxMessage, gate: Gate | None = None) -> SendResult:
        """Deliver one outbox message (an alert) to one chat; ``gate`` is asked right
        before each part goes on the wire (LeftPending when it says no)."""
        ...

    async def send_document(self, chat: ChatRef, document: Document, gate: Gate | None = None) -> SendResult:
        """Deliver a rendered-later document (a digest) as one or more messages."""
        ...

    async def edit(self, chat: ChatRef, message: OutboxMessage, gate: Gate | None = None) -> SendResult:
        """Replace the alert sent as ``message.message_ref`` with ``message.payload`` (its story's
        outlets so far). A message the chat network no longer has, or that already reads so,
        is Delivered: there is nothing left to do."""
        ...

    async def reply(self, chat: ChatRef, document: Document) -> None:
        """Answer a command in the chat it came from."""
        ...

    async def start(self) -> None:
        """Start listening for commands (long polling, a socket); a no-op for send-only transports."""
        ...

    async def stop(self) -> None:
        """Stop listening and close connections."""
        ...
