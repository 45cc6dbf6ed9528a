"""Logging setup: one line per event, and secrets redacted everywhere.

A Telegram token sits inside every Bot API URL, and libraries log URLs and
exception texts. Redaction therefore happens when a record's message is built
(for every handler, including test capture) and again on the formatted line
(for tracebacks).
"""

from __future__ import annotations

import logging
import re
import sys
from typing import TextIO

# bot123456:ABC-def… inside a Bot API URL, and Slack tokens.
_PATTERNS = [re.compile(r"(?<=bot)\d{5,}:[A-Za-z0-9_-]{20,}"), re.compile(r"xox[abposr]-[A-Za-z0-9-]{10,}")]
_secrets: list[str] = []


def redact(text: str) -> str:
    """Replace every known secret and anything shaped like a bot token with ***."""
    for secret in _secrets:
        if secret and secret in text:
            text = text.replace(secret, "***")
    for pattern in _PATTERNS:
        text = pattern.sub("***", text)
    return text


class _RedactingRecord(logging.LogRecord):
    def getMessage(self) -> str:
        return redact(super().getMessage())


class RedactingFormatter(logging.Formatter):
    """Redacts the whole formatted line, tracebacks included."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and the traceback), redacted."""

    def format(self, record: logging.LogRecord) -> str:
        import json

        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return redact(json.dumps(entry, ensure_ascii=False))


def install_redaction(secrets: list[str]) -> None:
    """Redact these secrets (and token-shaped strings) from every log record from now on."""
    for secret in secrets:
        if secret and secret not in _secrets:
            _secrets.append(secret)
    logging.setLogRecordFactory(_RedactingRecord)


def configure_logging(
    level: str, secrets: list[str] | None = None, fmt: str = "text", stream: TextIO | None = None
) -> None:
    """Log to ``stream`` (stderr by default) as text or JSON lines, every secret redacted."""
    install_redaction(secrets or [])
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        JsonFormatter()
        if fmt == "json"
        else RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    logging.basicConfig(level=getattr(logging, level, logging.INFO), handlers=[handler], force=True)
    # httpx logs every request at INFO; that is noise at a 1,000-feed scale.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
