"""Who and where: a chat reference, who asked in it, and what the bot answers.

Shared by the transports (which build a context from an update), the command
router, the handlers and the outbox; it imports nothing of theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.render.markup import Document, Text


@dataclass(frozen=True)
class ChatRef:
    """Where a message goes: a chat of a transport, optionally a thread in it."""

    transport: str
    chat_id: str
    thread_id: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """The chat (all its threads), as chat settings are kept."""
        return (self.transport, self.chat_id)


@dataclass(frozen=True)
class CommandContext:
    """Who asked, where: enough for permission checks without a transport object."""

    chat: ChatRef
    user_id: str = ""
    is_group: bool = False
    is_chat_admin: bool = True  # private chats: the user owns the chat
    lang: str | None = None  # the user's language, when the chat network tells it


@dataclass(frozen=True)
class Reply:
    """A command's answer, rendered by the transport that received the command."""

    document: Document
    # Only the asker should see it (usage errors, refusals, operator output), where the
    # chat network can do that: Slack's ephemeral messages. Telegram shows it to the chat.
    private: bool = False


def one_line(text: str, *, private: bool = False) -> Reply:
    """A reply of one plain line (confirmations; usage errors and refusals are private)."""
    return Reply((((Text(text),),),), private)
