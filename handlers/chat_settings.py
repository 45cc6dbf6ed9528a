"""/languages, /quiet, /digest and /settings: what this chat takes and when, and one message
saying all of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.chat import CommandContext, Reply, one_line
from bot.commands import Command, Router
from bot.news.language import LANGUAGES
from bot.news.quiet import QuietError, parse_digest, parse_quiet
from bot.render.markup import Bold, Line, Text
from bot.service import ChatService


def _names(languages: tuple[str, ...] | None) -> str:
    return "all languages" if languages is None else ", ".join(f"{LANGUAGES[c]} ({c})" for c in languages)


def languages(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    """/languages [codes…|all]: alerts only for stories reported in these languages."""
    codes = [a.lower().strip(",") for a in args]
    if not codes:
        current = service.chat_settings(ctx.chat).languages
        return one_line(f"Alerts here: {_names(current)}. Change with /languages en de, or /languages all.")
    if codes == ["all"]:
        service.set_languages(ctx.chat, None)
        return one_line("Alerts here in all languages.")
    unknown = [c for c in codes if c not in LANGUAGES]
    if unknown or "all" in codes:
        choices = ", ".join(f"{c} ({name})" for c, name in LANGUAGES.items())
        return one_line(f"Usage: /languages <codes> or /languages all; codes: {choices}.", private=True)
    chosen = tuple(dict.fromkeys(codes))
    service.set_languages(ctx.chat, chosen)
    return one_line(
        f"Alerts here only for stories reported in {_names(chosen)}: the first report in one of "
        "them, or a later one when the first came in another language."
    )


QUIET_USAGE = (
    "Usage: /quiet <from>-<to> <time zone> [breaking], for example /quiet 22:00-07:00 Europe/Berlin "
    "breaking; /quiet off"
)


def _schedule(
    args: list[str],
    shown: str,
    usage: str,
    save: Callable[[str | None], None],
    confirm: Callable[[list[str]], str],
    cleared: str,
) -> Reply:
    """The shared shape of /quiet and /digest: show, 'off', or a setting checked and saved."""
    if not args:
        return one_line(f"{shown}. {usage.removeprefix('Usage: ')}")
    if [a.lower() for a in args] == ["off"]:
        save(None)
        return one_line(cleared)
    try:
        return one_line(confirm(args))
    except QuietError as exc:
        return one_line(f"{usage} ({exc})", private=True)


def quiet(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    """/quiet 22:00-07:00 Europe/Berlin [breaking] | off: no alerts during those hours, one
    digest when they end; with "breaking", rounds held, collapses and strikes come through."""

    def confirm(args: list[str]) -> str:
        hours = parse_quiet(args)
        service.set_quiet(ctx.chat, hours.to_text())
        passes = " Rounds held, collapses and strikes still come through." if hours.breaking else ""
        return (
            f"Quiet hours {hours.start:%H:%M}–{hours.end:%H:%M} ({hours.zone}): alerts wait and arrive "
            f"as one digest when they end.{passes}"
        )

    current = service.chat_settings(ctx.chat).quiet
    return _schedule(
        args,
        f"Quiet hours: {current or 'none'}",
        QUIET_USAGE,
        lambda value: service.set_quiet(ctx.chat, value),
        confirm,
        "Quiet hours off. Alerts held so far arrive now as one digest.",
    )


DIGEST_USAGE = (
    "Usage: /digest daily <time> <time zone>, for example /digest daily 08:00 Europe/Berlin; /digest off"
)


def digest(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    """/digest daily 08:00 Europe/Berlin | off: one message a day instead of instant alerts."""

    def confirm(args: list[str]) -> str:
        schedule = parse_digest(args)
        service.set_digest(ctx.chat, schedule.to_text())
        return (
            f"One digest a day at {schedule.at:%H:%M} ({schedule.zone}) instead of instant alerts, "
            "listing the reports since the last one."
        )

    current = service.chat_settings(ctx.chat).digest
    return _schedule(
        args,
        f"Digest: {current or 'off (instant alerts)'}",
        DIGEST_USAGE,
        lambda value: service.set_digest(ctx.chat, value),
        confirm,
        "Digest off: alerts arrive as they come. Those held so far arrive now as one digest.",
    )


def settings(service: ChatService, ctx: CommandContext, args: list[str]) -> Reply:
    """/settings: the topics this chat follows, its languages, mute, quiet hours and digest."""
    if args:
        return one_line("Usage: /settings (no arguments)", private=True)
    chat = service.chat_settings(ctx.chat)
    followed = service.followed(ctx.chat)
    lines: list[Line] = [(Bold("Settings of this chat"),)]
    lines.append(
        (Text("Follows: " + (", ".join(followed) if followed else "nothing yet (/follow <topic>)")),)
    )
    lines.append((Text(f"Languages: {_names(chat.languages)} (/languages)"),))
    muted = chat.muted_until is not None and chat.muted_until > dt.datetime.now(dt.UTC).timestamp()
    if muted and chat.muted_until is not None:
        until = dt.datetime.fromtimestamp(chat.muted_until, dt.UTC)
        lines.append((Text(f"Muted until {until.day} {until:%b %Y, %H:%M} UTC (/unmute)"),))
    else:
        lines.append((Text("Not muted (/mute <duration>)"),))
    lines.append((Text(f"Quiet hours: {chat.quiet or 'none'} (/quiet)"),))
    lines.append((Text(f"Digest: {chat.digest or 'off, instant alerts'} (/digest)"),))
    return Reply((tuple(lines),))


def register(router: Router) -> None:
    router.add(
        Command(
            "languages",
            "/languages [codes|all]",
            "alerts only in these languages (en de fr fa ar)",
            languages,
            group_admin_only=True,
        )
    )
    router.add(
        Command(
            "quiet",
            "/quiet <from>-<to> <zone> [breaking] | off",
            "no alerts during those hours, one digest after",
            quiet,
            group_admin_only=True,
        )
    )
    router.add(
        Command(
            "digest",
            "/digest daily <time> <zone> | off",
            "one message a day instead of instant alerts",
            digest,
            group_admin_only=True,
        )
    )
    router.add(
        Command(
            "settings",
            "/settings",
            "what this chat follows, its languages, mute, quiet hours and digest",
            settings,
        )
    )
