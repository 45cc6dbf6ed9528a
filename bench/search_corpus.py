"""A synthetic archive of news reports in five languages, and the searches people make in it.

For ``bench.search``: deterministic (a seed), written for this benchmark. Each language
has its own words: function words, common news words, the words of talks (with the
spellings the press uses: Gespräche and Gespraeche, négociations and negociations,
Persian with Arabic ي and ك now and then, zero-width non-joiners, harakat), outlets,
and a long tail of rarer words made of the language's own syllables, so the index holds
a realistic number of distinct words (about 150,000) with a Zipf-like spread. About one
report in twelve is about the talks; those are grouped into stories of one to eight
reports from several outlets.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np

LANGUAGES = {"en": 36, "de": 22, "fr": 14, "fa": 16, "ar": 12}  # share of reports, per cent
TOPIC_SHARE = 0.08

FUNCTION = {
    "en": "the of and to in on for with at by from as is are was after over says new will not more its "
    "their after before under amid into about",
    "de": "der die das und in im mit von zu auf für über nach bei ist sind wird nicht ein eine den dem des "
    "sich am vor gegen",
    "fr": "le la les de des du et à au en sur pour avec par dans est sont un une pas plus après avant selon "
    "contre entre",
    "fa": "و در به از با که را این آن برای تا بر هم یک می‌شود است بود شد خواهد پس پیش درباره",
    "ar": "في من على إلى مع عن أن هذا هذه التي الذي بعد قبل خلال حول بين كان قال يوم عام",
}

NEWS = {
    "en": "government minister election budget court police market prices housing school hospital "
    "storm weather football match league coach player council mayor strike union workers tax "
    "energy climate flood fire train airport bank inflation rates company profits jobs report "
    "study researchers festival film music museum farmers harvest water drought border migrants "
    "parliament vote opposition party leader protest rally summit trade exports oil gas ceasefire "
    "army troops attack missile drone rescue earthquake heat record health vaccine virus",
    "de": "Regierung Minister Wahl Haushalt Gericht Polizei Markt Preise Wohnungen Schule Krankenhaus "
    "Sturm Wetter Fußball Spiel Liga Trainer Spieler Stadtrat Bürgermeister Streik Gewerkschaft "
    "Steuer Energie Klima Hochwasser Brand Zug Flughafen Bank Inflation Zinsen Unternehmen Gewinne "
    "Arbeitsplätze Bericht Studie Forscher Festival Museum Bauern Ernte Wasser Dürre Grenze "
    "Bundestag Abstimmung Opposition Partei Protest Gipfel Handel Exporte Öl Gas Waffenruhe "
    "Armee Angriff Rakete Rettung Erdbeben Hitze Rekord Gesundheit Impfung Straßenbahn Bürger",
    "fr": "gouvernement ministre élection budget tribunal police marché prix logement école hôpital "
    "tempête météo football match championnat entraîneur joueur conseil maire grève syndicat "
    "impôt énergie climat inondation incendie train aéroport banque inflation taux entreprise "
    "bénéfices emplois rapport étude chercheurs festival cinéma musée agriculteurs récolte eau "
    "sécheresse frontière migrants assemblée vote opposition parti manifestation sommet commerce "
    "pétrole gaz armée attaque missile secours séisme chaleur record santé vaccin été députés",
    "fa": "دولت وزیر انتخابات بودجه دادگاه پلیس بازار قیمت مسکن مدرسه بیمارستان طوفان هوا فوتبال "
    "مسابقه لیگ مربی بازیکن شورا شهردار اعتصاب کارگران مالیات انرژی اقلیم سیل آتش قطار فرودگاه "
    "بانک تورم نرخ شرکت سود اشتغال گزارش پژوهش جشنواره فیلم موسیقی موزه کشاورزان برداشت آب "
    "خشکسالی مرز مهاجران مجلس رای مخالفان حزب اعتراض نشست تجارت صادرات نفت گاز آتش‌بس ارتش "
    "حمله موشک پهپاد نجات زلزله گرما رکورد سلامت واکسن دانشگاه خودرو",
    "ar": "الحكومة الوزير الانتخابات الميزانية المحكمة الشرطة السوق الأسعار السكن المدرسة المستشفى "
    "العاصفة الطقس كرة المباراة الدوري المدرب اللاعب المجلس رئيس الإضراب النقابة الضرائب الطاقة "
    "المناخ الفيضانات الحريق القطار المطار البنك التضخم الفائدة الشركة الأرباح الوظائف تقرير "
    "دراسة الباحثون المهرجان السينما المتحف المزارعون الحصاد المياه الجفاف الحدود المهاجرون "
    "البرلمان التصويت المعارضة الحزب احتجاج القمة التجارة الصادرات النفط الغاز الهدنة الجيش "
    "هجوم صاروخ طائرة الإنقاذ زلزال الحرارة رقم الصحة اللقاح الجامعة",
}

# The words of the talks, in each language's spellings (variants the press uses side by side).
TOPIC = {
    "en": "Iran US United States talks negotiations nuclear enrichment uranium sanctions envoy "
    "Araghchi Araqchi Witkoff Geneva Muscat Oman Vienna mediator indirect round delegation "
    "deal agreement foreign minister Tehran Washington IAEA inspectors",
    "de": "Iran USA Verhandlungen Gespräche Gespraeche Atomgespräche Atomprogramm Anreicherung Uran "
    "Sanktionen Gesandter Araghtschi Witkoff Genf Maskat Oman Wien Vermittler indirekte Runde "
    "Delegation Abkommen Außenminister Aussenminister Teheran Washington Inspektoren",
    "fr": "Iran États-Unis négociations negociations pourparlers nucléaire enrichissement uranium "
    "sanctions émissaire Araghchi Witkoff Genève Mascate Oman Vienne médiateur indirectes "
    "cycle délégation accord chef diplomatie Téhéran Washington inspecteurs",
    "fa": "ایران آمریکا مذاکرات مذاكرات گفت‌وگو گفتگو هسته‌ای غنی‌سازی اورانیوم تحریم‌ها فرستاده "
    "عراقچی عراقچي ویتکاف ويتكاف ژنو مسقط عمان وین میانجی غیرمستقیم دور هیئت توافق وزیر "
    "خارجه تهران واشنگتن بازرسان",
    "ar": "إيران ايران الولايات المتحدة المفاوضات مفاوضات المحادثات النووي التخصيب اليورانيوم "
    "العقوبات المبعوث عراقجي عراقچي ويتكوف جنيف مسقط عمان فيينا الوسيط غير المباشرة الجولة "
    "الوفد الاتفاق وزير الخارجية طهران واشنطن المفتشين",
}

# Syllables that make each language's rarer words.
SYLLABLES = {
    "en": "ba be bi bo bu ca co de di do fa fe fi ga go ha he ho la le li lo ma me mi mo na ne ni no "
    "pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi wa we wi ster ton ley ford ham",
    "de": "ba be bi bo da de di do fa fe ga ge gi ha he hi ka ke ki la le li ma me mi na ne ni ra re "
    "ri sa se si ta te ti wa we wi ber burg dorf stein bach heim ung keit lich schaft ä ö ü",
    "fr": "ba be bi bo ca ce ci co da de di do fa fe fi ga ge la le li lo ma me mi mo na ne ni no pa "
    "pe pi ra re ri ro sa se si ta te ti va ve vi é è ê ç tion ment eur ette ière",
    "fa": "ب پ ت ج چ خ د ر ز ژ س ش ف ق ک گ ل م ن و ه ی ا آ ای ان ها ی‌ها گاه ستان",
    "ar": "ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ي ا ة ال ات ين ون",
}

OUTLET_PARTS = {
    "en": (
        ["Northbridge", "Eastport", "Hillcrest", "Lakeside", "Riverton"],
        ["Herald", "Wire", "Post", "Observer"],
    ),
    "de": (["Rhein", "Elbe", "Alpen", "Nordsee", "Main"], ["Kurier", "Zeitung", "Bote", "Rundschau"]),
    "fr": (
        ["Journal du", "Écho du", "Courrier du", "Dépêche du", "Matin du"],
        ["Lac", "Nord", "Sud", "Rhône"],
    ),
    "fa": (["خبرنامه", "روزنامه", "پایگاه", "هفته‌نامه", "رادیو"], ["تهران", "البرز", "خلیج", "کویر"]),
    "ar": (["صحيفة", "وكالة", "إذاعة", "موقع", "جريدة"], ["الخليج", "النهار", "الشرق", "الأفق"]),
}


@dataclass(frozen=True)
class Report:
    outlet: str
    lang: str
    title: str
    summary: str
    published: float
    story: int | None  # a story of the talks (None: general news)


def _tail(lang: str, count: int, rng: random.Random) -> list[str]:
    """``count`` distinct rarer words of the language, made of its syllables."""
    syllables = SYLLABLES[lang].split()
    words: dict[str, None] = {}
    while len(words) < count:
        words["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))] = None
    return list(words)


@dataclass
class Language:
    code: str
    vocabulary: np.ndarray  # every word, function words first
    weights: np.ndarray  # Zipf-like: a word's chance
    topic: list[str]
    outlets: list[str]


def languages(seed: int, tail: int = 30_000) -> dict[str, Language]:
    """Each language's words, their weights, and its outlets."""
    rng = random.Random(seed)
    built = {}
    for code in LANGUAGES:
        function = FUNCTION[code].split()
        news = NEWS[code].split()
        rare = _tail(code, tail, rng)
        words = function + news + rare
        ranks = np.arange(1, len(words) + 1, dtype=np.float64)
        weights = 1.0 / ranks**1.05
        weights /= weights.sum()
        first, second = OUTLET_PARTS[code]
        outlets = [f"{a} {b}" for a in first for b in second]
        built[code] = Language(code, np.array(words, dtype=object), weights, TOPIC[code].split(), outlets)
    return built


def reports(count: int, seed: int = 11) -> list[Report]:
    """``count`` reports, oldest first, over two years; talks reports grouped into stories."""
    langs = languages(seed)
    rng = random.Random(seed)
    gen = np.random.default_rng(seed)
    codes = list(LANGUAGES)
    shares = np.array([LANGUAGES[c] for c in codes], dtype=np.float64)
    per_report = gen.choice(len(codes), size=count, p=shares / shares.sum())
    start = 1.7e9
    step = 2 * 365 * 86400 / max(count, 1)
    out: list[Report] = []
    # Words for every report of a language at once (numpy draws; Python only joins them).
    drawn: dict[str, np.ndarray] = {}
    used: dict[str, int] = {}
    for index, code in enumerate(codes):
        n = int((per_report == index).sum())
        drawn[code] = gen.choice(len(langs[code].vocabulary), size=n * 40 + 1, p=langs[code].weights)
        used[code] = 0
    story = 0
    left_in_story = 0
    for n in range(count):
        code = codes[per_report[n]]
        lang = langs[code]
        at = used[code]
        used[code] += 40
        words = lang.vocabulary[drawn[code][at : at + 40]]
        title_words = list(words[: rng.randint(6, 11)])
        summary_words = list(words[12 : 12 + rng.randint(18, 28)])
        current: int | None = None
        if rng.random() < TOPIC_SHARE:
            if left_in_story == 0:
                story += 1
                left_in_story = rng.randint(1, 8)
            left_in_story -= 1
            current = story
            for _ in range(rng.randint(2, 4)):
                title_words.insert(rng.randrange(len(title_words) + 1), rng.choice(lang.topic))
            for _ in range(rng.randint(2, 5)):
                summary_words.insert(rng.randrange(len(summary_words) + 1), rng.choice(lang.topic))
        title = " ".join(title_words)
        title = title[:1].upper() + title[1:]
        summary = " ".join(summary_words)
        summary = summary[:1].upper() + summary[1:] + "."
        published = start + n * step + rng.uniform(-3600, 3600)
        out.append(Report(rng.choice(lang.outlets), code, title, summary, published, current))
    return out


def queries(count: int, sample: list[Report], seed: int = 5) -> list[str]:
    """``count`` searches across the five languages, as people make them: words of the talks
    in two words or one, phrases, prefixes, exclusions, names in other spellings, common and
    rare news words, two words from one report, and words that are nowhere."""
    langs = languages(11)
    rng = random.Random(seed)
    by_lang: dict[str, list[Report]] = {}
    for report in sample:
        by_lang.setdefault(report.lang, []).append(report)
    out: list[str] = []
    kinds = [
        "two topic",
        "topic",
        "phrase",
        "prefix",
        "exclude",
        "news",
        "news two",
        "report",
        "rare",
        "none",
    ]
    variants = {
        "de": [("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")],
        "fr": [("é", "e"), ("è", "e"), ("É", "E")],
        "fa": [("ی", "ي"), ("ک", "ك")],
        "ar": [("إ", "ا"), ("ي", "ی")],
    }
    while len(out) < count:
        code = rng.choice(list(LANGUAGES))
        lang = langs[code]
        news = NEWS[code].split()
        kind = kinds[len(out) % len(kinds)]
        if kind == "two topic":
            text = f"{rng.choice(lang.topic)} {rng.choice(lang.topic)}"
        elif kind == "topic":
            text = rng.choice(lang.topic)
        elif kind == "phrase":
            report = rng.choice([r for r in by_lang[code] if r.story is not None] or by_lang[code])
            words = report.title.split()
            at = rng.randrange(max(1, len(words) - 1))
            text = '"' + " ".join(words[at : at + 2]) + '"'
        elif kind == "prefix":
            word = rng.choice(lang.topic + news)
            text = word[: max(3, len(word) * 2 // 3)]
        elif kind == "exclude":
            text = f"{rng.choice(lang.topic)} -{rng.choice(lang.topic)}"
        elif kind == "news":
            text = rng.choice(news)
        elif kind == "news two":
            text = f"{rng.choice(news)} {rng.choice(news)}"
        elif kind == "report":
            words = [w for w in rng.choice(by_lang[code]).summary.rstrip(".").split() if len(w) > 3]
            text = " ".join(rng.sample(words, min(2, len(words)))) or "report"
        elif kind == "rare":
            text = str(lang.vocabulary[rng.randrange(len(lang.vocabulary) // 2, len(lang.vocabulary))])
        else:
            text = f"{rng.choice(news)}zq{rng.randrange(1000)}"
        for a, b in variants.get(code, []):
            if rng.random() < 0.5:
                text = text.replace(a, b)
        out.append(text)
    return out
