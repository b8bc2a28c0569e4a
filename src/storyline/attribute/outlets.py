"""News outlets by name: which words in a text name an outlet, and one name per outlet.

No library knows news outlets, so storyline keeps its own table: wires, large national
and international outlets, and state media that other outlets cite by name. A name
that is not in the table still counts as an outlet where its words say so ("the
Jerusalem Post", "Tasnim News Agency", "Channel 12"): see ``OUTLET_WORDS``.

``canonical_outlet`` maps what an article calls an outlet ("the NYT", "The New York
Times", "nytimes.com") to one name ("The New York Times"), so that the outlet an
article is published by and the outlets it cites can be compared.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Canonical name -> other names and domains. ``state`` marks state-controlled media.
KNOWN_OUTLETS: dict[str, tuple[str, ...]] = {
    "Associated Press": ("AP", "The Associated Press", "AP News", "apnews.com"),
    "Reuters": ("Thomson Reuters", "reuters.com"),
    "Agence France-Presse": ("AFP", "Agence France Presse", "France-Presse", "afp.com"),
    "Bloomberg": ("Bloomberg News", "bloomberg.com"),
    "Axios": ("axios.com",),
    "CNN": ("CNN International", "cnn.com"),
    "Fox News": ("Fox", "FOX News", "foxnews.com"),
    "NBC News": ("NBC", "nbcnews.com"),
    "ABC News": ("ABC", "abcnews.go.com", "abcnews.com"),
    "CBS News": ("CBS", "cbsnews.com"),
    "MSNBC": ("msnbc.com",),
    "NPR": ("National Public Radio", "npr.org"),
    "PBS": ("PBS NewsHour", "pbs.org"),
    "BBC": ("BBC News", "the BBC", "bbc.co.uk", "bbc.com"),
    "Sky News": ("Sky", "news.sky.com", "sky.com"),
    "The Guardian": ("Guardian", "theguardian.com", "guardian.co.uk"),
    "The Independent": ("Independent", "independent.co.uk"),
    "The Telegraph": ("Telegraph", "Daily Telegraph", "The Daily Telegraph", "telegraph.co.uk"),
    "The Times": ("The Times of London", "thetimes.co.uk"),
    "Financial Times": ("FT", "The Financial Times", "ft.com"),
    "The Economist": ("Economist", "economist.com"),
    "Daily Mail": ("Mail", "The Daily Mail", "MailOnline", "dailymail.co.uk"),
    "The New York Times": ("New York Times", "NYT", "the NYT", "nytimes.com"),
    "The Washington Post": ("Washington Post", "WaPo", "the Post", "washingtonpost.com"),
    "The Wall Street Journal": ("Wall Street Journal", "WSJ", "the Journal", "wsj.com"),
    "USA Today": ("usatoday.com",),
    "Los Angeles Times": ("LA Times", "L.A. Times", "latimes.com"),
    "Politico": ("POLITICO", "politico.com", "politico.eu"),
    "The Hill": ("thehill.com",),
    "The Atlantic": ("theatlantic.com",),
    "The New Yorker": ("newyorker.com",),
    "Huffington Post": ("HuffPost", "HuffPost", "huffpost.com", "huffingtonpost.com"),
    "Breitbart": ("Breitbart News", "breitbart.com"),
    "Newsweek": ("newsweek.com",),
    "Time": ("TIME", "Time magazine", "time.com"),
    "Vox": ("vox.com",),
    "Semafor": ("semafor.com",),
    "Punchbowl News": ("punchbowl.news",),
    "The Daily Beast": ("Daily Beast", "thedailybeast.com"),
    "Business Insider": ("Insider", "businessinsider.com"),
    "CNBC": ("cnbc.com",),
    "Al Jazeera": ("Aljazeera", "aljazeera.com", "aljazeera.net"),
    "Al Arabiya": ("alarabiya.net",),
    "Deutsche Welle": ("DW", "dw.com"),
    "France 24": ("france24.com",),
    "Le Monde": ("lemonde.fr",),
    "Der Spiegel": ("Spiegel", "spiegel.de"),
    "El País": ("El Pais", "elpais.com"),
    "Haaretz": ("haaretz.com",),
    "The Times of Israel": ("Times of Israel", "timesofisrael.com"),
    "The Jerusalem Post": ("Jerusalem Post", "jpost.com"),
    "Ynet": ("Ynetnews", "Yedioth Ahronoth", "ynetnews.com"),
    "Channel 12": ("Israel's Channel 12", "N12", "Channel 12 News"),
    "Kan": ("Kan News", "Israel's public broadcaster Kan"),
    "IRNA": ("Islamic Republic News Agency", "irna.ir"),
    "Tasnim": ("Tasnim News Agency", "tasnimnews.com"),
    "Fars": ("Fars News Agency", "farsnews.ir"),
    "Press TV": ("PressTV", "presstv.ir"),
    "Mehr": ("Mehr News Agency", "mehrnews.com"),
    "ISNA": ("Iranian Students' News Agency",),
    "SANA": ("Syrian Arab News Agency", "sana.sy"),
    "TASS": ("Tass", "tass.com", "tass.ru"),
    "RIA Novosti": ("RIA", "ria.ru"),
    "RT": ("Russia Today", "rt.com"),
    "Interfax": ("interfax.ru",),
    "Xinhua": ("Xinhua News Agency", "xinhuanet.com"),
    "CCTV": ("China Central Television", "cctv.com"),
    "Global Times": ("globaltimes.cn",),
    "KCNA": ("Korean Central News Agency",),
    "Yonhap": ("Yonhap News Agency", "yna.co.kr"),
    "Kyodo": ("Kyodo News", "kyodonews.net"),
    "NHK": ("nhk.or.jp",),
    "Anadolu": ("Anadolu Agency", "aa.com.tr"),
    "Al-Manar": ("Al Manar",),
    "WAFA": ("Wafa",),
    "MENA": ("Middle East News Agency",),
    "Saudi Press Agency": ("SPA",),
    "Ukrinform": ("ukrinform.net",),
    "The Kyiv Independent": ("Kyiv Independent", "kyivindependent.com"),
    "Ukrainska Pravda": ("pravda.com.ua",),
}

#: Outlets under state control that others cite as state media.
STATE_MEDIA = frozenset({"IRNA", "Tasnim", "Fars", "Press TV", "Mehr", "SANA", "TASS", "RIA Novosti", "RT", "Xinhua",
                         "CCTV", "Global Times", "KCNA", "Anadolu", "MENA", "Saudi Press Agency", "WAFA"})

#: Names too ambiguous to count as an outlet alone in running text ("the Post office",
#: "Time", "Sky", "Fox"): they are recognised as a page's outlet, never in a citation.
_AMBIGUOUS = frozenset({"the Post", "the Journal", "Time", "TIME", "Fox", "Sky", "Mail", "Insider", "Independent",
                        "Guardian", "Telegraph", "Economist", "RIA", "SPA", "Kan", "ABC", "NBC", "CBS", "FT", "Mehr",
                        "Fars", "Wafa", "DW", "RT", "N12"})

#: Last words of a name that make it an outlet: "Tasnim News Agency", "the Kyiv Post".
OUTLET_WORDS = ("News", "Times", "Post", "Journal", "Agency", "Press", "TV", "Television", "Radio", "Channel",
                "Network", "Broadcasting", "Broadcasting Corporation", "Herald", "Tribune", "Gazette", "Daily",
                "Magazine", "Wire", "Chronicle", "Telegraph", "Observer", "Examiner", "Courier", "Inquirer", "Monitor",
                "Dispatch", "Express", "Mirror", "Standard", "Star", "Reporter", "Insider", "Review")


def _key(name: str) -> str:
    """``name`` folded for comparison: no case, no leading "the", no "www." or punctuation."""
    name = name.strip().casefold()
    name = re.sub(r"^(?:https?://)?(?:www\.)?", "", name)
    name = re.sub(r"^the\s+", "", name)
    return re.sub(r"[^\w.]+", "", name).rstrip(".")


@lru_cache(maxsize=1)
def _by_key() -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, others in KNOWN_OUTLETS.items():
        for name in (canonical, *others):
            table[_key(name)] = canonical
    return table


def canonical_outlet(name: str | None) -> str | None:
    """One name for an outlet however it is written, ``None`` for nothing.

    A known outlet gets its table name ("the NYT" and "nytimes.com" give "The New York
    Times"); a domain of a known outlet's site too ("www.bbc.co.uk"); anything else is
    returned tidied ("the Kyiv Post" gives "Kyiv Post"), so that two spellings of an
    unknown outlet still compare equal after ``outlet_key``.
    """
    if not name or not name.strip():
        return None
    key = _key(name)
    table = _by_key()
    if key in table:
        return table[key]
    for domain_key in (key.split("/")[0], ".".join(key.split("/")[0].split(".")[-2:])):
        if domain_key in table:
            return table[domain_key]
    return re.sub(r"^(?:the|The)\s+", "", name.strip())


def outlet_key(name: str | None) -> str | None:
    """A key under which two names of the same outlet are equal."""
    canonical = canonical_outlet(name)
    return _key(canonical) if canonical else None


def known_outlet(words: str) -> str | None:
    """The canonical name when ``words`` (as written in running text) name a known outlet,
    leaving out names that are too ambiguous alone ("the Post", "Time")."""
    stripped = words.strip()
    if stripped in _AMBIGUOUS or re.sub(r"^the\s+", "", stripped) in _AMBIGUOUS:
        return None
    return _by_key().get(_key(stripped))


def looks_like_outlet(words: str) -> bool:
    """Whether ``words`` name an outlet: a known one, or a capitalised name ending in an
    outlet word ("the Jerusalem Post", "Tasnim News Agency")."""
    if known_outlet(words):
        return True
    tokens = re.sub(r"^the\s+", "", words.strip()).split()
    if not tokens or not all(t[:1].isupper() or t[:1].isdigit() or t in ("of", "and", "&") for t in tokens):
        return False
    return len(tokens) >= 2 and any(" ".join(tokens[-len(w.split()):]) == w for w in OUTLET_WORDS)


def is_state_media(name: str) -> bool:
    return canonical_outlet(name) in STATE_MEDIA
