"""Prometheus metrics for operators (prometheus-client), one registry per app."""

from __future__ import annotations

import time
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

from bot.feeds.report import FeedOutcome, PollReport
from storage import Storage


class _OutboxCollector:
    """Outbox depth and the oldest pending alert's age, read at scrape time."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = GaugeMetricFamily("talkwatch_outbox_depth", "Alerts waiting to be delivered")
        age = GaugeMetricFamily("talkwatch_outbox_oldest_pending_seconds", "Age of the oldest waiting alert")
        try:
            depth.add_metric([], self.storage.outbox.depth())
            age.add_metric([], self.storage.outbox.oldest_pending_age(time.time()))
        except Exception:  # a closed or locked database must not break the scrape
            return
        yield depth
        yield age


class Metrics:
    """Counters the poller and the sender update, served at /metrics."""

    def __init__(self, storage: Storage | None = None) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.polls = Counter("talkwatch_feed_polls", "Feed fetches by result", ["feed", "result"], registry=r)
        self.feed_errors = Counter("talkwatch_feed_errors", "Failed feed fetches", ["feed"], registry=r)
        self.items_new = Counter("talkwatch_items_new", "New items stored", registry=r)
        self.items_matched = Counter("talkwatch_items_matched", "New items that matched a topic", registry=r)
        self.alerts_queued = Counter("talkwatch_alerts_queued", "Alerts written to the outbox", registry=r)
        self.alerts_withheld = Counter(
            "talkwatch_alerts_withheld", "Relevant items not alerted, by why", ["reason"], registry=r
        )
        self.alerts = Counter(
            "talkwatch_alerts", "Alert deliveries by outcome", ["transport", "outcome"], registry=r
        )
        self.alerts_failed = Counter(
            "talkwatch_alerts_failed",
            "Alerts given up (kept in the outbox as failed), by why: chat_gone, refused, malformed, retries",
            ["transport", "reason"],
            registry=r,
        )
        self.alerts_unconfirmed = Counter(
            "talkwatch_alerts_unconfirmed",
            "Alerts on the wire when a stop's deadline came, no answer yet: possibly sent, not sent again",
            ["transport"],
            registry=r,
        )
        self.rate_limit_waits = Counter(
            "talkwatch_rate_limit_waits", "429 answers waited out", ["transport"], registry=r
        )
        self.leader = Gauge(
            "talkwatch_leader", "1 while this instance leads (polls and sends), else 0", registry=r
        )
        self.poll_cycle = Histogram(
            "talkwatch_poll_cycle_seconds",
            "Duration of a poll cycle",
            buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300),
            registry=r,
        )
        if storage is not None:
            r.register(_OutboxCollector(storage))

    def observe_poll(self, report: PollReport) -> None:
        """Count what a feed's poll did."""
        for result in report.results:
            self.polls.labels(feed=result.feed, result=result.outcome.value).inc()
            if result.outcome is FeedOutcome.ERROR:
                self.feed_errors.labels(feed=result.feed).inc()
        self.items_new.inc(report.new_items)
        self.items_matched.inc(report.matched)
        self.alerts_queued.inc(report.queued)
        for reason, count in report.withheld.items():
            self.alerts_withheld.labels(reason=reason).inc(count)

    def observe_cycle(self, seconds: float) -> None:
        """A whole poll cycle's duration (its feeds are counted as each is polled)."""
        self.poll_cycle.observe(seconds)

    def observe_delivery(self, transport: str, outcome: str, waited: bool = False) -> None:
        """outcome: sent, retried or failed."""
        self.alerts.labels(transport=transport, outcome=outcome).inc()
        if waited:
            self.rate_limit_waits.labels(transport=transport).inc()

    def observe_failures(self, transport: str, reason: str, count: int = 1) -> None:
        """Alerts marked failed: the chat is gone, refused for good or as malformed, or out of retries."""
        self.alerts_failed.labels(transport=transport, reason=reason).inc(count)

    def observe_unconfirmed(self, transport: str, count: int) -> None:
        """Alerts recorded as possibly sent: a stop cut their send off before the answer."""
        self.alerts_unconfirmed.labels(transport=transport).inc(count)

    def render(self) -> bytes:
        return generate_latest(self.registry)
