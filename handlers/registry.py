"""Every command group, registered into one router (the app calls this once)."""

from __future__ import annotations

from bot.commands import Operators, Router
from bot.service import ChatService
from handlers import admin, chat_settings, failures, follow, help, latest, mute, search, status

GROUPS = (help, follow, status, latest, search, chat_settings, mute, admin, failures)


def build_router(service: ChatService, operators: Operators | None = None) -> Router:
    """A router with every command group registered."""
    router = Router(service, operators or Operators())
    for group in GROUPS:
        group.register(router)
    return router
