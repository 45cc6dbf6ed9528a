"""/search in chats: through the real python-telegram-bot client against the strict Bot API
double, and as signed slash commands into the running Slack app."""

from __future__ import annotations

import asyncio
import html

from tests.test_search_index import Reports
from tests.test_slack import command_body, fake, post_command, reply_text, slack_app  # noqa: F401
from tests.test_telegram import CHAT, telegram_app  # noqa: F401


def _stories(reports: Reports) -> tuple[str, str]:
    """Two stories and a report of none: what the searches below look for."""
    genf = reports.add("Rhein Kurier", "Verhandlungen in Genf gehen weiter", hour=9, story="genf")
    reports.add("Wire Desk", "Nuclear talks go on in Geneva", hour=10, story="genf")
    muscat = reports.add("خبرنامه تهران", "دور تازه مذاکرات ایران و آمریکا در مسقط", hour=11, story="muscat")
    reports.add("صحيفة الخليج", "المفاوضات في مسقط <تتواصل> & غدا", hour=12, story="muscat")
    reports.add("Rhein Kurier", "Genfer See: Pegel steigt", hour=13, relevant=False)
    return genf, muscat


async def test_search_in_telegram(double, telegram_app):  # noqa: F811
    app, _ = await telegram_app()
    genf, muscat = _stories(Reports(app.storage))
    for text in (
        "/search Genf Verhandlungen",
        "/search مذاكرات مسقط",
        "/search",
        "/search a",
        '/search "Genf',
        "/search -Genf",
        "/search Wien",
    ):
        double.push_command(CHAT, text)
    async with asyncio.timeout(10):
        await double.wait_for(7)
    found, persian, usage, short, quote, only_out, nothing = double.texts(CHAT)
    assert found.startswith("<b>Search “genf verhandlungen”: 1 story, best match first</b>\n• ")
    assert f'<a href="{genf}">Verhandlungen in Genf gehen weiter</a> · Rhein Kurier, Wire Desk' in found
    assert f'<a href="{muscat}">دور تازه مذاکرات ایران و آمریکا در مسقط</a>' in persian
    assert "خبرنامه تهران, صحيفة الخليج" in persian
    assert usage.startswith("Usage: /search &lt;words&gt;")
    assert short == "The search is too short: give a word of at least 2 letters or digits."
    assert html.unescape(quote).startswith('A quote is not closed: put a " at each end of a phrase')
    assert only_out.startswith("Only words to leave out: add a word to search for")
    assert nothing == "No reports match “wien”."
    assert all("\n" not in t for t in (usage, short, quote, only_out, nothing))


async def test_search_in_slack(fake, slack_app):  # noqa: F811
    app, transport = await slack_app()
    _, muscat = _stories(Reports(app.storage))
    for command, text in (
        ("/search", "مفاوضات"),
        ("/talkwatch", "search Genf -Verhandlungen"),
        ("/search", ""),
        ("/search", "Wien"),
    ):
        count = len(fake.responses)
        await post_command(transport, command_body(command, text, fake))
        async with asyncio.timeout(10):
            await fake.wait(lambda count=count: len(fake.responses) > count)
    arabic, excluded, usage, nothing = fake.responses
    text = reply_text(arabic)
    assert text.startswith("*Search “مفاوضات”: 1 story, best match first*\n• ")
    # The story's first report that matches: the Arabic one, its text escaped for mrkdwn.
    assert "|المفاوضات في مسقط &lt;تتواصل&gt; &amp; غدا> · خبرنامه تهران, صحيفة الخليج" in text
    assert arabic["response_type"] == "in_channel"
    assert "Genfer See: Pegel steigt" in reply_text(excluded)
    assert "Verhandlungen in Genf" not in reply_text(excluded)
    assert reply_text(usage).startswith("Usage: /search &lt;words&gt;")
    assert usage["response_type"] == "ephemeral"
    assert reply_text(nothing) == "No reports match “wien”."
    assert muscat not in text  # the Persian report did not match "مفاوضات"
