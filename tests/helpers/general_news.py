"""A general news feed's items, generated: what most of a broadcaster's feed is about.

Headlines and summaries are assembled from short phrases in the five languages of the
labelled corpus (English, German, French, Persian, Arabic), about 300 characters each,
like the corpus items the matcher benchmark uses. About one item in ten names the
United States or Iran in passing (trade, sport, weather), without any talks: the
matcher must read those closely and still reject them.
"""

from __future__ import annotations

import random

PHRASES: dict[str, dict[str, list[str]]] = {
    "en": {
        "subject": [
            "The central bank",
            "City council members",
            "A regional court",
            "Researchers at the university",
            "The national football team",
            "Rail workers",
            "The health ministry",
            "Farmers in the south",
            "A software company",
            "The weather service",
        ],
        "verb": [
            "announced new rules for",
            "warned about",
            "celebrated",
            "voted on",
            "published a study on",
            "protested against",
            "cut the budget for",
            "opened an inquiry into",
        ],
        "object": [
            "rising rents",
            "the harvest season",
            "a new metro line",
            "school meals",
            "electric buses",
            "the summer festival",
            "flood defences",
            "hospital waiting times",
        ],
        "summary": [
            "Officials expect the measure to take effect next spring.",
            "Critics said the plan came too late and cost too much.",
            "The decision followed months of public consultation.",
            "Local businesses welcomed the news on Tuesday.",
            "Figures released this morning showed a small rise.",
            "The opposition called for a debate in parliament.",
        ],
        "passing": [
            "US stocks closed slightly higher after the report.",
            "The film was also shown at a festival in Tehran.",
            "Fans from the United States travelled to the match.",
        ],
    },
    "de": {
        "subject": [
            "Die Landesregierung",
            "Der Stadtrat",
            "Ein Gericht in Leipzig",
            "Forschende der Universität",
            "Die Nationalmannschaft",
            "Die Gewerkschaft",
            "Das Gesundheitsministerium",
            "Landwirte im Süden",
            "Ein Softwarekonzern",
            "Der Wetterdienst",
        ],
        "verb": [
            "beschließt neue Regeln für",
            "warnt vor",
            "feiert",
            "stimmt ab über",
            "legt eine Studie vor zu",
            "protestiert gegen",
            "kürzt Mittel für",
            "prüft Vorwürfe zu",
        ],
        "object": [
            "steigende Mieten",
            "die Erntesaison",
            "eine neue Straßenbahnlinie",
            "das Schulessen",
            "Elektrobusse",
            "das Sommerfest",
            "den Hochwasserschutz",
            "Wartezeiten in Kliniken",
        ],
        "summary": [
            "Die Maßnahme soll im kommenden Frühjahr greifen.",
            "Kritiker halten den Plan für zu teuer und zu spät.",
            "Vorausgegangen waren monatelange Beratungen.",
            "Örtliche Betriebe begrüßten die Entscheidung am Dienstag.",
            "Neue Zahlen zeigen einen leichten Anstieg.",
            "Die Opposition verlangt eine Debatte im Landtag.",
        ],
        "passing": [
            "Auch an der Börse in den USA stiegen die Kurse leicht.",
            "Der Film lief zuvor auf einem Festival in Teheran.",
            "Zum Spiel reisten auch Fans aus den Vereinigten Staaten an.",
        ],
    },
    "fr": {
        "subject": [
            "La banque centrale",
            "Le conseil municipal",
            "Un tribunal régional",
            "Des chercheurs de l'université",
            "L'équipe nationale",
            "Les cheminots",
            "Le ministère de la Santé",
            "Des agriculteurs du Sud",
            "Une entreprise de logiciels",
            "Météo-France",
        ],
        "verb": [
            "annonce de nouvelles règles pour",
            "met en garde contre",
            "célèbre",
            "vote sur",
            "publie une étude sur",
            "manifeste contre",
            "réduit le budget de",
            "ouvre une enquête sur",
        ],
        "object": [
            "la hausse des loyers",
            "les vendanges",
            "une nouvelle ligne de tramway",
            "les cantines scolaires",
            "les bus électriques",
            "le festival d'été",
            "les digues",
            "l'attente aux urgences",
        ],
        "summary": [
            "La mesure doit entrer en vigueur au printemps prochain.",
            "Les critiques jugent le projet tardif et coûteux.",
            "La décision fait suite à des mois de concertation.",
            "Les commerçants ont salué l'annonce mardi.",
            "Les chiffres publiés ce matin montrent une légère hausse.",
            "L'opposition réclame un débat au Parlement.",
        ],
        "passing": [
            "À Wall Street, aux États-Unis, la Bourse a fini en hausse.",
            "Le film avait été projeté à Téhéran l'an dernier.",
            "Des supporters venus des États-Unis ont assisté au match.",
        ],
    },
    "fa": {
        "subject": [
            "بانک مرکزی",
            "اعضای شورای شهر",
            "یک دادگاه استانی",
            "پژوهشگران دانشگاه",
            "تیم ملی فوتبال",
            "کارگران راه‌آهن",
            "وزارت بهداشت",
            "کشاورزان جنوب",
            "یک شرکت نرم‌افزاری",
            "سازمان هواشناسی",
        ],
        "verb": [
            "قوانین تازه‌ای اعلام کرد درباره",
            "هشدار داد درباره",
            "جشن گرفت",
            "رأی داد درباره",
            "پژوهشی منتشر کرد درباره",
            "اعتراض کرد به",
        ],
        "object": [
            "افزایش اجاره‌بها",
            "فصل برداشت",
            "خط تازه مترو",
            "غذای مدارس",
            "اتوبوس‌های برقی",
            "جشنواره تابستانی",
        ],
        "summary": [
            "انتظار می‌رود این تصمیم از بهار آینده اجرا شود.",
            "منتقدان می‌گویند این طرح دیر و پرهزینه است.",
            "این تصمیم پس از ماه‌ها گفت‌وگو گرفته شد.",
            "آمار تازه از افزایشی اندک خبر می‌دهد.",
        ],
        "passing": [
            "شاخص‌های بورس آمریکا هم کمی بالا رفت.",
            "این فیلم پیش‌تر در جشنواره‌ای در تهران نمایش داده شده بود.",
        ],
    },
    "ar": {
        "subject": [
            "البنك المركزي",
            "أعضاء المجلس البلدي",
            "محكمة إقليمية",
            "باحثون في الجامعة",
            "المنتخب الوطني",
            "عمال السكك الحديدية",
            "وزارة الصحة",
            "مزارعون في الجنوب",
        ],
        "verb": [
            "أعلن قواعد جديدة بشأن",
            "حذّر من",
            "احتفل بـ",
            "صوّت على",
            "نشر دراسة عن",
            "احتج على",
        ],
        "object": [
            "ارتفاع الإيجارات",
            "موسم الحصاد",
            "خط مترو جديد",
            "الوجبات المدرسية",
            "الحافلات الكهربائية",
            "مهرجان الصيف",
        ],
        "summary": [
            "ومن المتوقع أن يبدأ تطبيق القرار في الربيع المقبل.",
            "وقال منتقدون إن الخطة جاءت متأخرة ومكلفة.",
            "وجاء القرار بعد أشهر من المشاورات.",
            "وأظهرت أرقام نشرت صباح اليوم ارتفاعاً طفيفاً.",
        ],
        "passing": [
            "كما أغلقت الأسهم الأمريكية على ارتفاع طفيف.",
            "وكان الفيلم قد عرض في مهرجان في طهران.",
        ],
    },
}
# Shares of a broadcaster's feed mix by language (most are in the feed's own language).
LANGUAGE_WEIGHTS = {"en": 40, "de": 25, "fr": 15, "fa": 10, "ar": 10}


def general_items(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """``count`` (title, summary) pairs of general news, deterministic for a seed."""
    rng = random.Random(seed)
    languages = list(LANGUAGE_WEIGHTS)
    weights = list(LANGUAGE_WEIGHTS.values())
    items = []
    for _ in range(count):
        words = PHRASES[rng.choices(languages, weights)[0]]
        title = f"{rng.choice(words['subject'])} {rng.choice(words['verb'])} {rng.choice(words['object'])}"
        sentences = rng.sample(words["summary"], 3)
        if rng.random() < 0.1:
            sentences[rng.randrange(3)] = rng.choice(words["passing"])
        items.append((title, " ".join(sentences)))
    return items


def realistic_mix(relevant: list[tuple[str, str]], count: int, share: float = 0.05) -> list[tuple[str, str]]:
    """``count`` items of which ``share`` are the given relevant ones (cycled), the rest
    general news, shuffled as a feed would interleave them."""
    wanted = round(count * share)
    mix = [relevant[i % len(relevant)] for i in range(wanted)] + general_items(count - wanted)
    random.Random(11).shuffle(mix)
    return mix
