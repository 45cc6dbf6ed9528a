"""Quiet hours: when a chat takes no alerts, by its own wall clock (IANA time zones).

Pure time arithmetic over zoneinfo: a window such as 22:00–07:00 may run past
midnight, and its end is the local time it names on the day it ends, so a change
to or from summer time moves the end in UTC, not on the chat's clock.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class QuietError(ValueError):
    """A quiet-hours setting that cannot be read (the message says what is wrong)."""


@dataclass(frozen=True)
class QuietHours:
    start: dt.time
    end: dt.time
    zone: str  # an IANA name, e.g. Europe/Berlin
    breaking: bool = False  # rounds held, the talks collapsing, strikes come through

    def to_text(self) -> str:
        """As the chat typed it: '22:00-07:00 Europe/Berlin breaking'."""
        text = f"{self.start:%H:%M}-{self.end:%H:%M} {self.zone}"
        return text + (" breaking" if self.breaking else "")


def parse_clock(text: str) -> dt.time:
    match = _CLOCK.match(text)
    if not match:
        raise QuietError(f"{text!r} is not a time of day such as 22:00")
    return dt.time(int(match.group(1)), int(match.group(2)))


def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``; QuietError for a name that is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise QuietError(f"unknown time zone {name!r}: use an IANA name such as Europe/Berlin") from None


def parse_quiet(args: list[str]) -> QuietHours:
    """['22:00-07:00', 'Europe/Berlin', 'breaking'?] → QuietHours; QuietError otherwise."""
    if len(args) not in (2, 3) or (len(args) == 3 and args[2].lower() != "breaking"):
        raise QuietError("give a window, a time zone and optionally 'breaking'")
    window = args[0].split("-")
    if len(window) != 2:
        raise QuietError(f"{args[0]!r} is not a window such as 22:00-07:00")
    start, end = parse_clock(window[0]), parse_clock(window[1])
    if start == end:
        raise QuietError("the window starts and ends at the same time")
    zone(args[1])
    return QuietHours(start, end, args[1], breaking=len(args) == 3)


def quiet_until(quiet: QuietHours, now: float) -> float | None:
    """When the quiet hours around ``now`` end (Unix time); None when ``now`` is not in them."""
    tz = zone(quiet.zone)
    local = dt.datetime.fromtimestamp(now, tz)
    clock = local.time().replace(tzinfo=None)
    if quiet.start < quiet.end:  # within one day: 01:00-06:00
        if not quiet.start <= clock < quiet.end:
            return None
        ends_on = local.date()
    elif clock >= quiet.start:  # past midnight, evening part: ends tomorrow
        ends_on = local.date() + dt.timedelta(days=1)
    elif clock < quiet.end:  # past midnight, morning part: ends today
        ends_on = local.date()
    else:
        return None
    return dt.datetime.combine(ends_on, quiet.end, tzinfo=tz).timestamp()


@dataclass(frozen=True)
class DailyDigest:
    """One message a day at ``at`` on the chat's clock, instead of instant alerts."""

    at: dt.time
    zone: str

    def to_text(self) -> str:
        return f"daily {self.at:%H:%M} {self.zone}"


def parse_digest(args: list[str]) -> DailyDigest:
    """['daily', '08:00', 'Europe/Berlin'] → DailyDigest; QuietError otherwise."""
    if len(args) != 3 or args[0].lower() != "daily":
        raise QuietError("give 'daily', a time of day and a time zone")
    at = parse_clock(args[1])
    zone(args[2])
    return DailyDigest(at, args[2])


def digest_moments(digest: DailyDigest, now: float) -> tuple[float, float]:
    """The digest moments around ``now``: the last one at or before it, and the next one."""
    tz = zone(digest.zone)
    today = dt.datetime.fromtimestamp(now, tz).date()
    moments = [
        dt.datetime.combine(today + dt.timedelta(days=d), digest.at, tzinfo=tz).timestamp()
        for d in (-1, 0, 1)
    ]
    last = max(m for m in moments if m <= now)
    return last, min(m for m in moments if m > now)
