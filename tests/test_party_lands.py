"""A side's own land is no venue of its talks, even where the topic names the side by a
body rather than a country: a side named by its capital ("Caracas" for Venezuela's
government) has that country for its own, so "the Venezuela talks" are not held in
Venezuela; and a name the country shares with a town abroad ("Venezuela", a Cuban town)
is the country, no town to meet in."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.news.places import PlaceReader
from bot.news.vocabulary import vocabulary
from config.topics import load_topic

TOPIC = """
id = "venezuela-test"
name = "Venezuela talks (test)"
description = "Venezuela's government and opposition, Norway mediating."
help = "A topic written for a test."

[[sides]]
id = "government"
label = "Government"
role = "party"

[[sides]]
id = "opposition"
label = "Opposition"
role = "party"

[[sides]]
id = "mediator"
label = "Mediator"
role = "mediator"

[[actors]]
id = "government"
kind = "country"
name = "Venezuelan government"
role = "Party"
side = "government"
aliases = ["Venezuelan government", "Maduro government", "Caracas"]

[[actors]]
id = "opposition"
kind = "country"
name = "Venezuelan opposition"
role = "Party"
side = "opposition"
aliases = ["Venezuelan opposition", "Unitary Platform"]

[[actors]]
id = "norway"
kind = "country"
name = "Norway"
role = "Mediator"
side = "mediator"
aliases = ["Norway", "Norwegian"]

[terms]
talks = ["talks", "dialogue", "round"]
"""


@pytest.fixture
def reader(tmp_path: Path) -> PlaceReader:
    path = tmp_path / "venezuela-test.toml"
    path.write_text(TOPIC, "utf-8")
    return PlaceReader(load_topic(path))


@pytest.mark.parametrize(
    ("text", "venue"),
    [
        ("Second round of Venezuela talks begins in Mexico City", "Mexico City"),
        ("Venezuela talks resume", None),
        ("The Venezuelan government and the Venezuelan opposition hold talks in Venezuela", None),
        ("The Venezuelan government and the Venezuelan opposition hold talks in Barbados", "Barbados"),
    ],
)
def test_a_sides_capital_makes_its_country_no_venue(
    reader: PlaceReader, text: str, venue: str | None
) -> None:
    said = reader.read(text, vocabulary("en"))
    assert (said.venue.name if said.venue else None) == venue
