"""Reports that speak of talks and yet report no round: a round of strikes, a prisoner
exchange, a question, a door opened, a reason given with "due to"; and reports whose verb of
hosting, holding or ending does report one. Headlines written for these tests, in five languages.

Each row was read by the reader without its rule and read wrongly there (save the guard
rows, marked, which keep what already worked).
"""

from __future__ import annotations

import pytest

from bot.news.rounds import read, sentences

WEDNESDAY = 1781697600.0  # Wednesday 17 June 2026, 12:00 UTC


def states(text: str, lang: str) -> list[str | None]:
    reading = read(text, WEDNESDAY, official=False, outlet="Desk", lang=lang)
    return [r.state for r in reading.rounds if r.state]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The US launched a first round of strikes on the rebels on Monday", "en"),
        ("Die zweite Runde der Angriffe hat am Morgen begonnen", "de"),
        ("Un nouveau cycle de frappes a débuté lundi", "fr"),
        ("دور جدید حملات هوایی آغاز شد", "fa"),
        ("بدأت جولة جديدة من الضربات الجوية على مواقع المتمردين", "ar"),
    ],
)
def test_a_round_of_strikes_is_no_round_of_talks(text, lang):
    assert states(text, lang) == []


@pytest.mark.parametrize(
    "text",
    [
        # Guards: what the round is of is read from the words just after it, and a word for
        # the talks before another's says it is a round of talks.
        "A new round of talks on sanctions began in Vienna",
        "A new round of talks, sanctions relief on the table, began in Vienna",
    ],
)
def test_a_round_of_talks_on_sanctions_still_is_one(text):
    reading = read(text, WEDNESDAY, official=False, outlet="Desk", lang="en")
    assert [(r.state, r.new_round) for r in reading.rounds] == [("under_way", True)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Iran and US negotiators reached a deal on a prisoner exchange", "en"),
        ("USA und Iran verhandeln über einen Gefangenenaustausch", "de"),
        ("L'Iran et les États-Unis négocient un échange de prisonniers", "fr"),
        ("ایران و آمریکا درباره تبادل زندانیان مذاکره می‌کنند", "fa"),
        ("إيران والولايات المتحدة تتفاوضان على تبادل السجناء بوساطة قطرية", "ar"),
        # Prisoners "held" somewhere are no talks held.
        ("Negotiations go on over the prisoners held in both countries", "en"),
    ],
)
def test_a_prisoner_exchange_is_no_round(text, lang):
    assert states(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Are Iran and the US holding talks in Oman?", "en"),
        ("Are talks between Iran and the US under way in Oman?", "en"),
        ("آیا مذاکرات ایران و آمریکا در عمان آغاز شد؟", "fa"),
    ],
)
def test_a_question_reports_no_talks(text, lang):
    assert states(text, lang) == []


def test_an_ellipsis_after_a_word_ends_a_sentence_but_not_one_between_words():
    text = "عراقچی عازم ژنو خواهد شد… دور دوم مذاکرات که روز دوشنبه آغاز شده ادامه دارد"
    assert sentences(text) == [
        "عراقچی عازم ژنو خواهد شد…",
        "دور دوم مذاکرات که روز دوشنبه آغاز شده ادامه دارد",
    ]
    assert len(sentences("اليوم … الجولة الثانية من المحادثات في جنيف")) == 1


def test_a_quote_after_an_arabic_question_is_a_sentence_of_its_own():
    text = "ما قصة المحادثات في مسقط؟ «المحادثات مستمرة»"
    assert sentences(text) == ["ما قصة المحادثات في مسقط؟", "«المحادثات مستمرة»"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Khamenei opens the door to talks with the United States", "en"),
        ("Khamenei ouvre la porte à la reprise des négociations avec Washington", "fr"),
        # "Due to" gives a reason, not a plan.
        ("Iran halts talks with the US due to rising tensions in the region", "en"),
        # A next round that depends on the other side is not set.
        ("After talks in Italy, Iran says next round depends on US", "en"),
        # "Will not be the last" plans nothing.
        ("The envoy called the talks useful and said they will not be the last", "en"),
    ],
)
def test_attitudes_and_reasons_announce_nothing(text, lang):
    assert "announced" not in states(text, lang)
    assert "under_way" not in states(text, lang)


def test_due_to_before_a_verb_still_announces():
    # Guard: "due to meet" is a plan.
    assert states("Iran and US negotiators are due to meet in Muscat on Saturday", "en") == ["announced"]


@pytest.mark.parametrize(
    ("text", "lang", "state"),
    [
        ("Oman hosted indirect talks between Iran and the US", "en", "held"),
        ("Oman war Gastgeber der Gespräche zwischen Iran und den USA", "de", "held"),
        ("Oman a accueilli des pourparlers indirects entre l'Iran et les États-Unis", "fr", "held"),
        ("عمان از مذاکرات غیرمستقیم ایران و آمریکا میزبانی کرد", "fa", "held"),
        ("استضافت مسقط محادثات غير مباشرة بين إيران والولايات المتحدة", "ar", "held"),
        ("تستضيف مسقط محادثات غير مباشرة بين إيران والولايات المتحدة", "ar", "under_way"),
        ("Iran is holding indirect negotiations with the US in Oman, its envoy says", "en", "under_way"),
        ("Iran und USA beenden vierte Gesprächsrunde in Maskat", "de", "held"),
        ("إيران والولايات المتحدة تختتمان جولة رابعة من المحادثات غير المباشرة", "ar", "held"),
        ("L'Iran et les États-Unis se retrouvent samedi à Rome pour un cinquième round", "fr", "announced"),
        ("Iran and US hold indirect talks in Oman", "en", "under_way"),
        ("Venue of next Iran-US talks moved from Muscat to Rome", "en", "announced"),
        # A round put off before, now set: announced, not postponed again.
        ("Iran and US to hold delayed fourth round of talks in Muscat on Sunday", "en", "announced"),
        ("Fin à Mascate du quatrième cycle de pourparlers entre l'Iran et les Etats-Unis", "fr", "held"),
    ],
)
def test_hosting_and_holding_talks_report_them(text, lang, state):
    assert states(text, lang)[:1] == [state]


@pytest.mark.parametrize(
    ("text", "lang", "state"),
    [
        ("US and Iranian officials met in recent days in Oman", "en", "held"),
        ("Die Gespräche mit Iran in Maskat wurden in den vergangenen Tagen fortgesetzt", "de", "held"),
        ("Des émissaires des deux pays se sont rencontrés ces derniers jours à Mascate", "fr", "held"),
        ("مقام‌های آمریکا و ایران طی روزهای اخیر در عمان گفت‌وگو کردند", "fa", "held"),
        ("التقى مسؤولون أمريكيون وإيرانيون خلال الأيام الماضية في مسقط", "ar", "held"),
        # Guard: talks said to go on now, with no days just past, are under way.
        ("US and Iranian officials meet in Oman", "en", "under_way"),
    ],
)
def test_talks_in_days_just_past_were_held(text, lang, state):
    assert states(text, lang)[:1] == [state]


@pytest.mark.parametrize(
    ("text", "lang", "number"),
    [
        ("Iran and US end talks in Rome without date for next round", "en", None),
        ("Iran and US end second round of talks in Muscat", "en", 2),
        ("Die Gespräche in Genf sind beendet, ohne Termin für die nächste Runde", "de", None),
        ("Les pourparlers de Genève se sont achevés sans date pour le prochain cycle", "fr", None),
        # Guards: the Persian and Arabic forms were read so before.
        ("مذاکرات ایران و آمریکا در ژنو بدون تعیین زمان دور بعد به پایان رسید", "fa", None),
        ("انتهت المحادثات بين إيران والولايات المتحدة في جنيف دون تحديد موعد للجولة المقبلة", "ar", None),
    ],
)
def test_talks_ended_with_no_date_for_the_next_are_held_and_announce_nothing(text, lang, number):
    reading = read(text, WEDNESDAY, official=False, outlet="Desk", lang=lang)
    assert [(r.state, r.number, r.new_round) for r in reading.rounds] == [("held", number, False)]


@pytest.mark.parametrize(
    ("text", "events"),
    [
        ("US strikes three Iranian nuclear sites", ["strikes"]),
        ("US hopes to strike a nuclear deal with Iran soon", []),  # guard
    ],
)
def test_strikes_on_nuclear_sites_are_strikes_and_a_deal_struck_is_not(text, events):
    reading = read(text, WEDNESDAY, official=False, outlet="Desk", lang="en")
    assert [e.kind for e in reading.events] == events


@pytest.mark.parametrize(
    "text",
    [
        "Diplomats hope to end the deadlock at talks in Geneva",  # guard: "end … talks" is no phrase
        "Iran and US talks to end in Geneva on Friday",
    ],
)
def test_talks_to_end_are_not_ended(text):
    assert "held" not in states(text, "en")


@pytest.mark.parametrize(
    ("text", "lang", "state", "number", "events"),
    [
        ("Iran, US hold 'constructive' third round of talks in Muscat", "en", "under_way", 3, []),
        ("Iran et Etats-Unis ont achevé à Rome leur cinquième cycle de discussions", "fr", "held", 5, []),
        ("Israël frappe des sites nucléaires iraniens", "fr", None, None, ["strikes"]),
        # Guard: a knock on a door is no strike ("a frappé" strikes since this row).
        ("Le négociateur a frappé à la porte des Européens pour les pourparlers", "fr", None, None, []),
    ],
)
def test_rounds_held_and_strikes_in_plain_words(text, lang, state, number, events):
    reading = read(text, WEDNESDAY, official=False, outlet="Desk", lang=lang)
    assert [(r.state, r.number) for r in reading.rounds if r.state or r.number] == (
        [(state, number)] if state or number else []
    )
    assert [e.kind for e in reading.events] == events


@pytest.mark.parametrize(
    ("text", "lang", "collapsed"),
    [
        ("Iran says talks with US are over after strikes", "en", True),
        ("Iran erklärt Gespräche mit den USA nach Angriffen für beendet", "de", True),
        # Guard: an end denied is none.
        ("Iran says talks with US are not over despite strikes", "en", False),
    ],
)
def test_talks_declared_over_are_broken_off_not_a_meeting_held(text, lang, collapsed):
    reading = read(text, WEDNESDAY, official=False, outlet="Desk", lang=lang)
    assert [r.state for r in reading.rounds if r.state] == []
    assert ("collapsed" in [e.kind for e in reading.events]) is collapsed


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Sixth round of Iran-US talks next Sunday in Muscat", "en"),
        ("Sechste Runde der Gespräche zwischen Iran und USA am kommenden Sonntag in Maskat", "de"),
        ("Sixième cycle de pourparlers Iran-USA dimanche prochain à Mascate", "fr"),
        ("دور ششم مذاکرات ایران و آمریکا یکشنبه آینده در مسقط", "fa"),
        ("الجولة السادسة من المحادثات بين إيران والولايات المتحدة الأحد المقبل في مسقط", "ar"),
    ],
)
def test_a_round_on_a_weekday_said_to_come_is_announced_for_that_day(text, lang):
    reading = read(text, WEDNESDAY, official=False, outlet="Desk", lang=lang)  # 17 June 2026
    assert [(r.state, r.number, r.date) for r in reading.rounds] == [("announced", 6, "2026-06-21")]


def test_the_next_round_named_beside_a_day_past_is_no_day_ahead():
    # Guard: "next" must stand by the day's name.
    text = "Iran and US talks began on Sunday; the next round is expected within weeks"
    reading = read(text, WEDNESDAY, official=False, outlet="Desk", lang="en")
    assert [(r.state, r.date) for r in reading.rounds][:1] == [("under_way", "2026-06-14")]


@pytest.mark.parametrize(
    ("text", "lang", "said"),
    [
        ("The next meeting is expected in early July", "en", ["announced"]),
        ("Iran and the US plan another meeting before the end of the year", "en", ["announced"]),
        ("Les deux parties doivent se revoir le mois prochain", "fr", ["announced"]),
        # A date not yet set announces nothing.
        ("A date for the next round has yet to be set", "en", []),
        ("Ein Termin für die nächste Runde steht noch nicht fest", "de", []),
    ],
)
def test_a_next_meeting_is_a_plan_and_a_date_not_set_is_none(text, lang, said):
    assert states(text, lang) == said


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Iran and US held talks in Oman last month, report says", "en"),
        ("Iran und USA haben vergangenen Monat in Oman verhandelt", "de"),
        ("L'Iran et les Etats-Unis ont tenu des pourparlers à Oman le mois dernier", "fr"),
        ("ایران و آمریکا ماه گذشته در عمان مذاکره کردند", "fa"),
        ("عقدت إيران والولايات المتحدة محادثات في عمان الشهر الماضي", "ar"),
    ],
)
def test_talks_held_last_month_are_dated_by_that_month(text, lang):
    reading = read(text, WEDNESDAY, official=False, outlet="Desk", lang=lang)  # 17 June 2026
    assert [(r.state, r.date, r.dated, r.retrospective) for r in reading.rounds] == [
        ("held", "2026-05-01", "month", False)
    ]


def test_a_german_present_of_negotiating_is_talks_under_way():
    assert states("Iran verhandelt mit den USA in Genf", "de") == ["under_way"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Iran, US conclude talks in Oman, agree to meet again next week",
            "en",
            [("held", None, "2026-06-17"), ("announced", None, None)],
        ),
        (
            "Iran and US end third round in Muscat; fourth round set for Rome on Saturday",
            "en",
            [("held", 3, "2026-06-17"), ("announced", 4, "2026-06-20")],
        ),
        (
            "Iran und USA beenden Gespräche in Maskat und wollen sich kommende Woche erneut treffen",
            "de",
            [("held", None, "2026-06-17"), ("announced", None, None)],
        ),
        (
            "مذاکرات ایران و آمریکا در مسقط پایان یافت و دور بعدی هفته آینده برگزار می‌شود",
            "fa",
            [("held", None, "2026-06-17"), ("announced", None, None)],
        ),
        (
            "اختتام المحادثات بين إيران والولايات المتحدة في مسقط والاتفاق على جولة جديدة الأسبوع المقبل",
            "ar",
            [("held", None, "2026-06-17"), ("announced", None, None)],
        ),
    ],
)
def test_a_round_ended_and_the_next_planned_in_one_sentence_are_both_read(text, lang, expected):
    reading = read(text, WEDNESDAY, official=False, outlet="Desk", lang=lang)
    assert [(r.state, r.number, r.date) for r in reading.rounds] == expected


def test_the_plan_at_the_end_of_a_sentence_is_at_the_place_it_names():
    from bot.news.places import PlaceReader
    from config.topics import load_topics

    places = PlaceReader(load_topics()["iran-usa"])
    text = "Iran and US wrap up second round of talks in Rome, will meet again in Muscat"
    reading = read(text, WEDNESDAY, official=False, outlet="Desk", lang="en", places=places)
    assert [(r.state, r.number, r.venue.name if r.venue else None) for r in reading.rounds] == [
        ("held", 2, "Rome"),
        ("announced", None, "Muscat"),
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Iran calls for a resumption of talks with Washington", "en"),
        ("EU urges resumption of Iran nuclear talks", "en"),
        ("Berlin fordert, dass die Verhandlungen mit Teheran fortgesetzt werden", "de"),
        ("Paris appelle à la reprise des négociations avec Téhéran", "fr"),
        ("Le ministre a souligné la nécessité d'une reprise des pourparlers directs", "fr"),
        ("إيران تدعو إلى استئناف المحادثات مع واشنطن", "ar"),
        ("ایران خواستار آغاز دور جدید مذاکرات با واشنگتن شد", "fa"),
        # A request: the state word runs on from the wish's last word ("asked Iran to hold").
        ("The EU has asked Iran to hold a new round of talks with the US in March", "en"),
        ("Washington asks Tehran to resume talks in Oman next week", "en"),
    ],
)
def test_talks_asked_for_are_not_talks_under_way(text, lang):
    assert states(text, lang) == []


@pytest.mark.parametrize(
    "text",
    [
        # Guards: a state word of its own, before the wish or in another clause, still reports.
        "Talks resumed in Vienna on Monday, and Russia urged all sides to show flexibility",
        "Russia urged Iran to be flexible as talks resumed in Vienna",
    ],
)
def test_talks_going_on_beside_a_call_still_are(text):
    assert states(text, "en") == ["under_way"]


@pytest.mark.parametrize(
    "text",
    [
        # Guard: "asked about" asks nothing of the talks; the announcement stands.
        "Asked about the talks in Oman, Araghchi said the next round will be held on Sunday",
        # A word of saying opens what was said: the request was of someone, not of the talks.
        "Asked by reporters to comment, Araghchi said the talks with the US will be held on Sunday",
    ],
)
def test_a_question_put_to_a_minister_is_no_request(text):
    assert states(text, "en") == ["announced"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Wenn Bagdad darum bitte, würde Teheran eine neue Gesprächsrunde mit den USA abhalten", "de"),
        ("Une nouvelle rencontre avec Washington serait possible à Bagdad, selon Téhéran", "fr"),
        ("Iran says it has offered to hold the talks in Vienna next month", "en"),
        ("Die EU hat angeboten, die Gespräche mit Teheran in Wien fortzusetzen", "de"),
    ],
)
def test_a_meeting_on_a_condition_or_offered_is_not_announced(text, lang):
    assert states(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Iranian delegation leaves Baghdad without meeting the Americans", "en"),
        ("La délégation iranienne a quitté Bagdad sans avoir rencontré les Américains", "fr"),
        ("Die iranische Delegation reiste ab, ohne die Amerikaner zu treffen", "de"),
        ("الوفد الإيراني يغادر بغداد دون لقاء الأميركيين", "ar"),
        ("هیئت ایرانی بدون دیدار با آمریکایی‌ها بغداد را ترک کرد", "fa"),
    ],
)
def test_a_delegation_leaving_without_meeting_is_a_meeting_called_off(text, lang):
    assert states(text, lang) == ["cancelled"]


def test_an_announcement_is_ahead_whatever_the_sentence_looks_back_on():
    text = "Iran and the US will meet in Baghdad on Monday to discuss the panel they agreed on last month"
    reading = read(text, WEDNESDAY, official=False, outlet="Desk", lang="en")
    said = [(r.state, r.date, r.retrospective) for r in reading.rounds]
    assert said == [("announced", "2026-06-22", False)]


def test_a_weekday_after_yesterday_is_a_day_gone():
    text = "قال وزير الخارجية أمس الجمعة إن جولة جديدة من المحادثات مع واشنطن ستعقد في بغداد"
    reading = read(text, WEDNESDAY, official=False, outlet="Desk", lang="ar")
    assert [(r.state, r.date) for r in reading.rounds] == [("announced", None)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Iran says it is ready to resume talks with the United States", "en"),
        ("Iran bereit zur Wiederaufnahme der Verhandlungen: Gespräche sollen fortgesetzt werden", "de"),
        ("L'Iran se dit prêt à la reprise des négociations avec Washington", "fr"),
        ("إيران مستعدة لاستئناف المحادثات مع واشنطن", "ar"),
        ("ایران برای آغاز مذاکرات با آمریکا آماده است", "fa"),
        ("Araghchi said Iran accepts to resume talks with the US but will not bow to pressure", "en"),
    ],
)
def test_talks_one_side_is_ready_for_are_not_announced(text, lang):
    assert states(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Araghchi and Witkoff held talks by telephone on Monday", "en"),
        ("Araghchi und Witkoff haben am Montag ein Telefonat geführt und Gespräche vereinbart", "de"),
        ("Les deux négociateurs se sont entretenus au téléphone lundi sur la reprise des négociations", "fr"),
        ("عقد عراقجي وويتكوف محادثات عبر الهاتف", "ar"),
        ("عراقچی و ویتکاف در تماس تلفنی درباره مذاکرات گفتگو کردند", "fa"),
    ],
)
def test_talks_by_telephone_are_no_meeting(text, lang):
    assert states(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Sixth round of Iran-US talks on Sunday will not take place, Oman says", "en"),
        ("Oman calls off Sunday's sixth round of Iran-US talks after strikes", "en"),
        ("Sechste Runde der Gespräche zwischen Iran und USA am Sonntag findet nicht statt", "de"),
        ("Le sixième cycle de négociations Iran-USA prévu dimanche n'aura pas lieu", "fr"),
        ("الجولة السادسة من المحادثات بين إيران والولايات المتحدة الأحد لن تعقد", "ar"),
        ("دور ششم مذاکرات ایران و آمریکا یکشنبه برگزار نخواهد شد", "fa"),
    ],
)
def test_a_round_that_will_not_take_place_is_called_off_for_its_day(text, lang):
    reading = read(text, WEDNESDAY, official=False, outlet="Desk", lang=lang)  # 17 June 2026
    assert [(r.state, r.number, r.date) for r in reading.rounds] == [("cancelled", 6, "2026-06-21")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Iran rules out new talks with the US while attacks continue", "en"),
        # Guard: a refusal on a condition calls nothing off.
        ("Vance says the US will not attend the talks unless Iran halts enrichment", "en"),
    ],
)
def test_talks_ruled_out_or_refused_on_a_condition_are_no_round(text, lang):
    assert states(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Fourth round of Iran-US talks Sunday in Oman", "en"),
        ("Vierte Runde der Gespräche zwischen Iran und USA am Sonntag im Oman", "de"),
        ("Quatrième cycle de pourparlers Iran-USA dimanche à Oman", "fr"),
        ("الجولة الرابعة من المحادثات الإيرانية الأمريكية الأحد في سلطنة عمان", "ar"),
    ],
)
def test_a_numbered_round_and_a_weekday_with_no_verb_is_the_round_to_come(text, lang):
    reading = read(text, WEDNESDAY, official=False, outlet="Desk", lang=lang)  # 17 June 2026
    assert [(r.state, r.number, r.date) for r in reading.rounds] == [("announced", 4, "2026-06-21")]


def test_a_numbered_round_on_a_weekday_that_only_may_come_is_not_announced():
    # Guard: a hedge still says nothing is set.
    assert states("Fourth round of Iran-US talks could be on Sunday in Oman", "en") == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Iran und USA beenden vierte Verhandlungsrunde in Maskat – nächster Termin offen", "de"),
        ("Iran and US end fourth round in Muscat, no date set for the next round", "en"),
    ],
)
def test_a_round_ended_with_the_next_date_open_is_held(text, lang):
    reading = read(text, WEDNESDAY, official=False, outlet="Desk", lang=lang)
    assert [(r.state, r.number) for r in reading.rounds] == [("held", 4)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("A new round of Iran-US talks will most probably take place in Muscat, the minister said", "en"),
        ("Die Gespräche zwischen Iran und den USA sollen offenbar in Maskat fortgesetzt werden", "de"),
        ("Les négociations entre l'Iran et les États-Unis se tiendront probablement à Mascate", "fr"),
        ("المفاوضات المقبلة بين إيران والولايات المتحدة ستعقد في مسقط على الأرجح", "ar"),
        # Guard: the Persian word was read as a hedge before ("احتمال").
        ("مذاکرات ایران و آمریکا احتمالا در مسقط برگزار خواهد شد", "fa"),
    ],
)
def test_talks_said_to_be_probable_are_not_announced(text, lang):
    assert states(text, lang) == []


def test_no_further_meetings_planned_announces_none():
    text = "Iran-US talks ended in Muscat on Tuesday, with both sides saying no further meetings were planned"
    assert states(text, "en") == ["held"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # An invitation not yet taken up sets no meeting.
        ("The six powers invited Iran to a new meeting with the US on its nuclear programme", "en"),
        # Guard: German read nothing of this before (no verb of the talks).
        ("Die EU hat Iran und die USA zu einer neuen Gesprächsrunde in Wien eingeladen", "de"),
        ("Oman a invité l'Iran et les États-Unis à un nouveau cycle de négociations", "fr"),
        # An answer to come is no meeting.
        ("Iran says it will respond to the US offer of talks within two weeks", "en"),
        # What should be is not what is.
        ("Iran and the US should resume talks, the UN chief said", "en"),
        ("Talks between Iran and the US must resume soon, Russia said", "en"),
    ],
)
def test_invitations_answers_and_what_should_be_report_no_round(text, lang):
    assert states(text, lang) == []


@pytest.mark.parametrize(
    ("text", "state"),
    [
        # Guards: the talks' own verb stands beside an invitation or a "should".
        (
            "Oman will host the next round of Iran-US talks on Saturday, at the invitation of the Sultan",
            "announced",
        ),
        ("Iran-US talks resumed in Muscat, and Russia said they should continue", "under_way"),
    ],
)
def test_the_talks_own_verb_stands_beside_an_invitation_or_a_should(text, state):
    assert states(text, "en") == [state]


@pytest.mark.parametrize(
    ("text", "lang", "state"),
    [
        # Talks that broke up, a deal reached in the past tense: held.
        ("Iran-US nuclear talks break up with no deal, but new date set", "en", "held"),
        ("Iran and US reached a nuclear deal at Geneva talks", "en", "held"),
        # A day of talks is talks under way.
        (
            "Die Genfer Atomgespräche mit den USA gehen heute in einen vierten Verhandlungstag",
            "de",
            "under_way",
        ),
        # Postponed in Arabic's other word for it.
        ("ارجاء المفاوضات النووية بين ايران والولايات المتحدة الى 20 تشرين الثاني الجاري", "ar", "postponed"),
    ],
)
def test_talks_broken_up_a_day_of_talks_and_a_postponement_in_other_words(text, lang, state):
    assert states(text, lang) == [state]


@pytest.mark.parametrize(
    "text",
    [
        # Hopes are no meeting.
        "Iran hopes to resume talks with the US next week",
        # Guards: a deal hoped for or tried for is no deal reached.
        "Iran and US hope to reach a deal at Geneva talks next week",
        "Negotiators try to reach a deal with Iran at Geneva talks with the US",
    ],
)
def test_hopes_aims_and_deals_to_reach_report_no_round(text):
    assert states(text, "en") == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # A meal cancelled is no meeting cancelled (us-nk-2018: the Hanoi summit cut short).
        (
            "Iran and US envoys left the hotel in Muscat having cancelled lunch, after the talks ran over",
            "en",
        ),
        ("Meeting for their second round, the two envoys cancelled their working lunch", "en"),
        ("Les deux émissaires ont annulé leur déjeuner de travail après les pourparlers", "fr"),
        ("Nach den Gesprächen wurde das gemeinsame Mittagessen abgesagt", "de"),
        ("پس از مذاکرات ایران و آمریکا ناهار کاری لغو شد", "fa"),
    ],
)
def test_a_meal_called_off_is_no_meeting_called_off(text, lang):
    assert "cancelled" not in states(text, lang)


def test_talks_called_off_still_are():
    assert states("Trump cancelled the talks with Iran set for Friday", "en") == ["cancelled"]
