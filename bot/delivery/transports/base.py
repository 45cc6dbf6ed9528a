"""The transport interface the sender drives, and the results it understands."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from bot.chat import ChatRef
from bot.records import OutboxMessage
from bot.render.markup import Document


@dataclass(frozen=True)
class Delivered:
    """The chat API confirmed the message; ``ref`` is its message id there."""

    ref: str | None = None


@dataclass(frozen=True)
class RetryLater:
    """Not delivered this time, for a reason that may heal (flood control, 5xx, a timeout,
    the bot lacking the right to post); keep the row and retry.

    ``retry_after`` is the wait the API asked for (a 429), never counted as an attempt;
    without it the sender backs off exponentially, up to ``[delivery] retry_attempts``
    attempts in all, then marks the row failed.
    """

    error: str
    retry_after: float | None = None


@dataclass(frozen=True)
class ChatGone:
    """The chat will never accept messages again (bot blocked, kicked, chat deleted, user
    deactivated, channel archived): its subscriptions are deactivated."""

    error: str


@dataclass(frozen=True)
class Refused:
    """The chat API refused this message, and trying again is unlikely to change that (a
    400 naming no cause that heals: a deleted forum topic, a link it will not take).

    It is tried ``[delivery] refused_attempts`` times in all, then marked failed; meanwhile
    it holds none of the chat's later alerts back. ``malformed``: the message itself is at
    fault (too long, empty, markup the API cannot read): marked failed at once.
    """

    error: str
    malformed: bool = False


@dataclass(frozen=True)
class ChatMoved:
    """The chat lives on under another id (a Telegram group upgraded to a supergroup): its
    subscriptions, settings and queued alerts move there, and delivery goes on there."""

    chat_id: str
    error: str


@dataclass(frozen=True)
class LeftPending:
    """Not sent, and not tried: the gate said no (this instance stopped leading, or another
    holds the row). The row stays as it is, for whoever may send it."""

    reason: str


SendResult = Delivered | RetryLater | ChatGone | Refused | ChatMoved | LeftPending
# Asked right before a message goes on the wire (after any pacing wait): may it go now?
# The sender's gate claims the outbox row for this instance (see Sender).
Gate = Callable[[], bool]
Part = TypeVar("Part")


def passes(gate: Gate | None) -> bool:
    return gate is None or gate()


def unconfirmed(gate: Gate | None, error: str) -> None:
    """A part went on the wire and no answer came (a timeout, or a stop cut the request
    off): the chat API may have delivered it. The sender's gate records the row as
    possibly sent while stopping, so a restart does not send it again (``unconfirmed``)."""
    record = getattr(gate, "unconfirmed", None)
    if record is not None:
        record(error)


def parts_done(gate: Gate | None) -> tuple[int, str | None]:
    """How many parts of this message the chat already has, and the first one's id: a long
    message resumes after them (a stop, a database error or a failover between parts)."""
    done = getattr(gate, "parts_done", None)
    return (0, None) if done is None else done()


def part_delivered(gate: Gate | None, parts: int, first_ref: str | None) -> None:
    """The first ``parts`` parts of a message are delivered; the sender records it (the
    message's rows say so) before the next part goes."""
    record = getattr(gate, "part_delivered", None)
    if record is not None:
        record(parts, first_ref)


async def send_parts(
    parts: Sequence[Part], post: Callable[[Part], Awaitable[SendResult]], gate: Gate | None
) -> SendResult:
    """Send a message's parts in order, after the ones the chat already has; each part
    delivered is recorded before the next goes. Delivered carries the first part's id (the
    one an edit replaces)."""
    done, first_ref = parts_done(gate)
    for index, part in enumerate(parts):
        if index < done:
            continue
        result = await post(part)
        if not isinstance(result, Delivered):
            return result
        if index == 0:
            first_ref = result.ref
        if index + 1 < len(parts):
            part_delivered(gate, index + 1, first_ref)
    return Delivered(ref=first_ref)


@dataclass
class Deadline:
    """The end of a stop's grace period, shared by every step of the shutdown (monotonic)."""

    seconds: float
    at: float = field(default=0.0)

    def __post_init__(self) -> None:
        self.at = time.monotonic() + self.seconds

    def left(self, floor: float = 0.0) -> float:
        """Seconds left (at least ``floor``: a step that only closes gets that much)."""
        return max(self.at - time.monotonic(), floor)


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


def stop_by(transport: Transport, deadline: Deadline) -> None:
    """Tell a transport that a stop must be over by ``deadline``: its requests from now on
    wait no longer than what is left (a transport without ``stop_by`` is not told)."""
    tell = getattr(transport, "stop_by", None)
    if tell is not None:
        tell(deadline)
