"""Talks that open, in the words each language has for it: "open talks", "launch
indirect talks", "nehmen Gespräche auf", "lancent des pourparlers", "تطلقان محادثات" are
talks under way (and "open to talks" is no opening)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.analysed import readings

MONDAY = dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Iran and the US open talks in Muscat"),
        ("en", "Iran and the United States launch indirect talks in Muscat"),
        ("de", "Iran und die USA nehmen in Maskat Gespräche auf"),
        ("fr", "L'Iran et les Etats-Unis lancent des pourparlers à Mascate"),
        ("ar", "إيران والولايات المتحدة تطلقان محادثات في مسقط"),
    ],
)
def test_talks_that_open_are_under_way(lang: str, title: str) -> None:
    got = [(r.state, r.venue.name if r.venue else None) for r in readings("Desk", title, MONDAY, lang)]
    assert got == [("under_way", "Muscat")]


def test_open_to_talks_is_no_opening() -> None:
    got = readings("Desk", "Iran is open to talks with the US in Muscat", MONDAY, "en")
    assert [r for r in got if r.kind == "round" and r.state == "under_way"] == []
