"""Postal addresses and place names: parsing and consistency of US ZIP/state/city.

- `parse_address` reads US-looking addresses with usaddress and checks the ZIP code against the
  state and city with the offline `zipcodes` data. Other addresses are read leniently (postcode
  and locality) and are never flagged for not being US addresses.
- Whether two addresses are one place, and the keys linkage joins on, are
  `extractors.normalise.addresses` (`same_place`, `address_key`).
- `location_country` / `location_region` read free-text places ("Austin, TX", "London, UK",
  "Remote (US)") with a compact built-in table, and return None rather than guess.

Pure: usaddress, zipcodes and anyascii are imported lazily; the country table is package data.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from extractors.normalise.addresses import same_city
from extractors.normalise.text import lazy_re

__all__ = [
    "CA_PROVINCES",
    "US_STATES",
    "AddressAnalysis",
    "AddressProblem",
    "ZipInfo",
    "address_problems",
    "city_in_state",
    "country_name",
    "location_country",
    "location_region",
    "parse_address",
    "us_state_code",
    "zip_lookup",
]

# Patterns of the hot paths, compiled once (on first use).
_DOTTED_LETTERS = lazy_re(r"\b(?:[a-z]\.){2,}")
_APOSTROPHE = lazy_re(r"['’]")
_NOT_WORD = lazy_re(r"[^a-z0-9#]+")
_BRACKETS_BARS = lazy_re(r"[()\[\]|/;·•]")
_SPACED_DASH = lazy_re(r"\s+[-–—]\s+")
_TRAILING_ZIP = lazy_re(r"\s+\d{5}(?:\s+\d{4})?$")
_TWO_CAPITALS = lazy_re(r"[A-Z]{2}")
_LAST_WORDS = lazy_re(r",\s*([A-Za-z][A-Za-z .]*?)\s*$")
_LEADING_DIGIT = lazy_re(r"\s*\d")
_ZIP_FORM = lazy_re(r"\d{5}(?:-?\d{4})?")
_COMMA_OR_LINE = lazy_re(r"[,\n]")
_DIGIT = lazy_re(r"\d")
_LETTER = lazy_re(r"[^\W\d_]")
# "Austin, TX", "100 Congress Ave, Apt 4, Austin, TX 78701-1234": plain parts, a city, a code.
_CITY_STATE = lazy_re(
    r"(?:[A-Za-z0-9 ]*, )*([A-Za-z][A-Za-z ]*), ([A-Za-z]{2})(?: \d{5}(?:-\d{4})?)?"
)

COUNTRIES_FILE = Path(__file__).parent / "data" / "countries.json"

US_STATES: Mapping[str, str] = MappingProxyType(
    {
        "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
        "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
        "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
        "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
        "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
        "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
        "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
        "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
        "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
        "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
        "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
        "WY": "Wyoming", "DC": "District of Columbia", "PR": "Puerto Rico", "GU": "Guam",
        "VI": "U.S. Virgin Islands", "AS": "American Samoa", "MP": "Northern Mariana Islands",
    }
)  # fmt: skip
CA_PROVINCES: Mapping[str, str] = MappingProxyType(
    {
        "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
        "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
        "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
        "SK": "Saskatchewan", "YT": "Yukon",
    }
)  # fmt: skip
# First letter of a Canadian postal code → province(s).
_CA_POSTAL_FIRST = {
    "A": {"NL"}, "B": {"NS"}, "C": {"PE"}, "E": {"NB"}, "G": {"QC"}, "H": {"QC"}, "J": {"QC"},
    "K": {"ON"}, "L": {"ON"}, "M": {"ON"}, "N": {"ON"}, "P": {"ON"}, "R": {"MB"}, "S": {"SK"},
    "T": {"AB"}, "V": {"BC"}, "X": {"NT", "NU"}, "Y": {"YT"},
}  # fmt: skip
_STATE_ALIASES = {"washington dc": "DC", "washington d c": "DC", "d c": "DC", "calif": "CA",
                  "mass": "MA", "penn": "PA", "tex": "TX", "fla": "FL", "wash": "WA",
                  "us virgin islands": "VI", "virgin islands": "VI"}  # fmt: skip
_PROVINCE_ALIASES = {"quebec": "QC", "pq": "QC", "newfoundland": "NL", "labrador": "NL",
                     "yukon territory": "YT", "pei": "PE"}  # fmt: skip

# "City, XX" where XX is both a US state and a country code: a few cities settle it.
_CITY_COUNTRY = {
    "DE": {"berlin", "munich", "munchen", "hamburg", "frankfurt", "cologne", "koln", "stuttgart",
           "dusseldorf", "leipzig", "dresden"},
    "IN": {"bangalore", "bengaluru", "mumbai", "delhi", "new delhi", "hyderabad", "chennai",
           "pune", "kolkata", "noida", "gurgaon", "gurugram", "ahmedabad", "kochi", "jaipur"},
    "IL": {"tel aviv", "jerusalem", "haifa", "herzliya", "tel aviv yafo", "beersheba"},
    "CO": {"bogota", "medellin", "cali", "barranquilla", "cartagena"},
    "AR": {"buenos aires", "rosario", "mendoza"},
    "ID": {"jakarta", "bandung", "surabaya", "yogyakarta", "denpasar"},
    "MA": {"casablanca", "rabat", "marrakesh", "marrakech", "tangier", "fes"},
    "PA": {"panama city", "panama"},
    "CA": {"toronto", "vancouver", "montreal", "ottawa", "calgary", "edmonton", "winnipeg"},
    "NL": {"amsterdam", "rotterdam", "the hague", "den haag", "utrecht", "eindhoven"},
    "SK": {"bratislava", "kosice"},
    "PE": {"lima", "arequipa", "cusco", "trujillo"},
}  # fmt: skip
# "Georgia" alone is a state or a country; these cities settle it.
_GEORGIA_COUNTRY_CITIES = {"tbilisi", "batumi", "kutaisi", "rustavi"}
# LinkedIn-style metropolitan areas that name no state.
_US_METROS = {
    "san francisco bay area": "CA", "bay area": "CA", "silicon valley": "CA",
    "greater seattle area": "WA", "new york city metropolitan area": "NY",
    "greater new york city area": "NY", "nyc": "NY", "new york city": "NY",
    "greater boston": "MA", "dallas fort worth metroplex": "TX", "dfw": "TX",
    "los angeles metropolitan area": "CA", "greater los angeles area": "CA",
    "greater chicago area": "IL", "chicago metropolitan area": "IL",
    "washington dc baltimore area": "DC", "greater philadelphia": "PA",
    "atlanta metropolitan area": "GA", "denver metropolitan area": "CO",
    "greater houston": "TX", "greater minneapolis st paul area": "MN",
    "miami fort lauderdale area": "FL", "greater phoenix area": "AZ",
    "salt lake city metropolitan area": "UT", "greater austin area": "TX",
}  # fmt: skip
_REMOTE_WORDS = {"remote", "hybrid", "onsite", "on site", "anywhere", "worldwide", "wfh", "home",
                 "area", "greater", "metropolitan", "metro"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class AddressProblem:
    """Why an address does not hold together (CT008)."""

    kind: str  # unparseable, incomplete, unknown_state, unknown_zip, zip_state, zip_city, postcode_province
    message: str
    confidence: float


@dataclass(frozen=True, slots=True)
class AddressAnalysis:
    """An address taken apart. `country` is ISO alpha-2 when known ("US" for US-style addresses)."""

    raw: str
    country: str | None = None
    parsed: bool = False
    street: str = ""
    unit: str = ""
    city: str = ""
    state: str = ""  # two-letter code for US states and Canadian provinces
    postcode: str = ""
    components: Mapping[str, str] = field(default_factory=dict)
    problems: tuple[AddressProblem, ...] = ()


# ---------------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """ASCII, case-folded, punctuation as spaces, single-spaced."""
    t = text or ""
    if t.isascii():  # NFKC leaves ASCII as it is; each step below runs only when it can act
        t = t.casefold()
        if "." in t:
            t = _DOTTED_LETTERS.sub(lambda m: m.group(0).replace(".", ""), t)
        if "&" in t:
            t = t.replace("&", " and ")
        if "'" in t:
            t = _APOSTROPHE.sub("", t)
        return " ".join(_NOT_WORD.sub(" ", t).split())
    from anyascii import anyascii

    t = unicodedata.normalize("NFKC", t)
    t = (t if t.isascii() else anyascii(t)).casefold()
    t = _DOTTED_LETTERS.sub(lambda m: m.group(0).replace(".", ""), t)  # U.S.A. → usa
    t = t.replace("&", " and ")
    t = _APOSTROPHE.sub("", t)
    return " ".join(_NOT_WORD.sub(" ", t).split())


@lru_cache(maxsize=1)
def _state_index() -> dict[str, str]:
    index = {_fold(name): code for code, name in US_STATES.items()}
    index.update(_STATE_ALIASES)
    return index


@lru_cache(maxsize=1)
def _province_index() -> dict[str, str]:
    index = {_fold(name): code for code, name in CA_PROVINCES.items()}
    index.update(_PROVINCE_ALIASES)
    return index


@lru_cache(maxsize=4096)  # asked of each part of every address: "TX", "Texas", a city's name
def us_state_code(text: str) -> str | None:
    """ "TX", "Texas", "tex." → "TX"; None when not a US state or territory."""
    folded = _fold(text)
    if folded.upper() in US_STATES:
        return folded.upper()
    return _state_index().get(folded)


def _province_code(text: str) -> str | None:
    folded = _fold(text)
    if folded.upper() in CA_PROVINCES:
        return folded.upper()
    return _province_index().get(folded)


@lru_cache(maxsize=1)
def _country_table() -> dict[str, list[str]]:
    data = json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))
    return {str(k): list(v) for k, v in data["countries"].items()}


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], frozenset[str]]:
    """(folded name or alias → ISO alpha-2, the set of codes)."""
    index: dict[str, str] = {}
    for code, names in _country_table().items():
        for name in names:
            index[_fold(name)] = code
    return index, frozenset(_country_table())


def country_name(code: str | None) -> str:
    """ "GB" → "United Kingdom"; the code itself when unknown (for messages)."""
    if not code:
        return ""
    names = _country_table().get(code.upper())
    return names[0] if names else code.upper()


# ---------------------------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------------------------


def _segments(text: str) -> list[str]:
    t = text or ""
    if not t.isascii():  # (NFKC leaves ASCII as it is)
        t = unicodedata.normalize("NFKC", t)
    t = _BRACKETS_BARS.sub(",", t)
    t = _SPACED_DASH.sub(",", t)
    return [s for s in (_fold(p) for p in t.split(",")) if s]


def _strip_noise(seg: str) -> str:
    words = [w for w in seg.split() if w not in _REMOTE_WORDS]
    return " ".join(words)


_US_GEORGIA_CITIES = {"atlanta", "savannah", "augusta", "athens", "macon", "columbus",
                      "alpharetta", "marietta", "sandy springs", "roswell", "decatur"}  # fmt: skip


def _two_letter(
    code: str, before: str, context: str | None, codes: frozenset[str]
) -> tuple[str, str | None] | None:
    """Read "XX" after a city: a US state, a Canadian province, else a country code."""
    if code in _CITY_COUNTRY and before in _CITY_COUNTRY[code] and context is None:
        return (code, None)  # "Berlin, DE", "Bangalore, IN", "Toronto, CA"
    if code in US_STATES and context in (None, "US"):
        return ("US", code)
    if code in CA_PROVINCES and context in (None, "CA"):
        return ("CA", code)
    if code in codes and context is None:
        return (code, None)
    return None


@lru_cache(maxsize=4096)
def location_region(text: str) -> tuple[str, str | None] | None:
    """(ISO country, state/province code or None) for a free-text place, or None when unknown.

    "Austin, TX" → ("US", "TX"); "Austin, Texas, United States" → ("US", "TX"); "Toronto, ON"
    → ("CA", "ON"); "London, UK" → ("GB", None); "Remote (US)" → ("US", None); "Manila,
    Philippines" → ("PH", None). A city alone ("Austin", "London") gives None: no guessing.
    Two-letter codes that are both a US state (or Canadian province) and a country ("DE", "IN",
    "NL") are read as the state unless a well-known city names the country ("Berlin, DE");
    "Georgia" is the state or the country only when the city or the country says which.
    Remembered (bounded): every contact check asks about the same few places.
    """
    names, codes = _countries()
    simple = _CITY_STATE.fullmatch(text) if text else None
    if simple is not None and (code := simple[2].upper()) not in ("UK", "US"):
        # "Austin, TX": the loop below decides it at its first step, on the same last two
        # segments (plain ASCII parts fold to their lower-case words; a ZIP after the code goes).
        city = _strip_noise(simple[1].casefold())
        found = _two_letter(code, city, None, codes) if city else None
        if found:
            return found
    segments = [_strip_noise(_TRAILING_ZIP.sub("", s)) for s in _segments(text)]
    segments = [s for s in segments if s]
    if not segments:
        return None
    country: str | None = None
    for i in range(len(segments) - 1, -1, -1):
        seg = segments[i]
        before = segments[i - 1] if i > 0 else ""
        if len(seg) == 2 and seg.isalpha() and seg.upper() not in {"UK", "US"}:
            found = _two_letter(seg.upper(), before, country, codes)
            if found and (found[1] or country is None):
                return found
            continue
        if seg == "georgia":
            if country == "US" or before in _US_GEORGIA_CITIES:
                return ("US", "GA")
            if country in (None, "GE") and before in _GEORGIA_COUNTRY_CITIES:
                return ("GE", None)
            return (country, None) if country else None
        state = us_state_code(seg)
        if state and country in (None, "US"):
            return ("US", state)
        province = _province_code(seg)
        if province and country in (None, "CA"):
            return ("CA", province)
        if country is None and seg in names:
            country = names[seg]
            if country not in ("US", "CA"):
                return (country, None)
    if country is not None:
        return (country, None)
    whole = " ".join(_segments(text))
    for metro, state in _US_METROS.items():
        if re.search(rf"\b{re.escape(metro)}\b", whole):
            return ("US", state)
    return None


def location_country(text: str) -> str | None:
    """The ISO alpha-2 country of a free-text place, or None when it does not say."""
    found = location_region(text)
    return found[0] if found else None


# ---------------------------------------------------------------------------------------------
# Addresses
# ---------------------------------------------------------------------------------------------

_US_TAIL_RE = re.compile(
    r"(?:,|\s)\s*([A-Za-z][A-Za-z .]{1,24}?)\s*,?\s+(\d{5})(?:-\d{4})?\s*(?:,?\s*(?:USA|U\.S\.A\.|US|U\.S\.|United States(?: of America)?))?\s*$",
    re.IGNORECASE,
)
_US_COUNTRY_RE = re.compile(
    r"(?:,|\s)\s*(?:USA|U\.S\.A\.?|United States(?: of America)?)\s*$", re.IGNORECASE
)
_UK_POSTCODE_RE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
_CA_POSTCODE_RE = re.compile(r"\b([ABCEGHJ-NPRSTVXY]\d[A-Z])\s?(\d[A-Z]\d)\b", re.IGNORECASE)
_GENERIC_POSTCODE_RE = re.compile(r"\b(\d{4,6}|\d{3}-\d{4}|\d{2}-\d{3})\b")


def _looks_us(raw: str) -> bool:
    """A US state (or any two capitals) before a 5-digit ZIP at the end, a street number with a
    state at the end, or "USA" at the end."""
    m = _US_TAIL_RE.search(raw)
    if m and (us_state_code(m.group(1)) or _TWO_CAPITALS.fullmatch(m.group(1).strip())):
        return True
    tail = _LAST_WORDS.search(raw)
    if tail and _LEADING_DIGIT.match(raw) and us_state_code(tail.group(1)):
        return True  # "100 Congress Ave, Austin, Texas": a street number and a state, no ZIP
    return bool(_US_COUNTRY_RE.search(raw))


# The everyday shape of a US street address, read without the CRF tagger (a batch reads
# hundreds of thousands): "100 N Congress Ave., Apt 4B, Austin, TX 78701". Only what is
# unambiguous: a direction, when there is one, only before the street's name, written as
# a capitalised word or letters without a dot ("N", "SW", "North"); every street-name and city
# word plain (letters, or an ordinal in the street name) and neither a street type nor a
# direction; anything else goes to usaddress, and tests/test_addresses_fast.py holds the two
# readers to the same answer.
_STREET_TYPES = frozenset(
    ["st", "street", "ave", "avenue", "rd", "road", "dr", "drive", "ln", "lane", "blvd",
     "boulevard", "ct", "court", "pl", "place", "way", "ter", "terrace", "cir", "circle", "pkwy",
     "parkway", "hwy", "highway", "trl", "trail", "sq", "square"]
)  # fmt: skip
_DIRECTIONS = frozenset(
    ["n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"]
)
_NOT_PLAIN = _STREET_TYPES | _DIRECTIONS
_UNIT_TYPES = frozenset(["apt", "suite", "ste", "unit"])
_FAST_US = lazy_re(
    r"(?P<number>[1-9]\d{0,5}) (?:(?P<dir>[NSEW]|[NS][EW]|North|South|East|West) )?"
    r"(?P<street>[A-Za-z0-9 ]+?) (?P<type>[A-Za-z]+)(?P<dot>\.?)"
    r"(?:, (?P<utype>[A-Za-z]+) (?P<uid>[A-Za-z0-9]{1,6}))?"
    r", (?P<city>[A-Za-z][A-Za-z ]*), (?P<state>[A-Z]{2}) (?P<zip>\d{5}(?:-\d{4})?)"
)
_ORDINAL = lazy_re(r"\d+(?:st|nd|rd|th)|[A-Za-z]+")


def _fast_us(text: str) -> dict[str, str] | None:
    """usaddress's reading of an everyday street address, or None when the shape is not plain."""
    m = _fast_us_match(text)
    if m is None:
        return None
    number, direction, street, kind, dot, utype, uid, city, state, zip_code = m.groups()
    comp = {"AddressNumber": number}
    if direction:
        comp["StreetNamePreDirectional"] = direction
    comp.update(StreetName=street, StreetNamePostType=kind + dot)
    if utype:
        comp["OccupancyType"] = utype
        comp["OccupancyIdentifier"] = uid
    comp.update(PlaceName=city, StateName=state, ZipCode=zip_code)
    return comp


def _fast_us_match(text: str) -> re.Match[str] | None:
    """The match of an everyday street address whose shape is plain (`_fast_us`), or None."""
    m = _FAST_US.fullmatch(text)
    if m is None:
        return None
    _number, _direction, street, kind, dot, utype, _uid, city, state, _zip = m.groups()
    folded = kind.lower()  # (the pattern's words are ASCII: lower() is casefold())
    if folded not in _STREET_TYPES or (dot and folded in ("st", "dr")):
        return None  # "St." and "Dr." are also "Saint" and "Doctor"
    street_words, city_words = street.split(" "), city.split(" ")
    if len(street_words) > 3 or len(city_words) > 3:
        return None
    for w in (*street_words, *city_words):
        if not w or w.lower() in _NOT_PLAIN:
            return None
    for w in street_words:  # a street word is a name or an ordinal; city words are letters
        if not (w.isalpha() or _ORDINAL.fullmatch(w)):
            return None
    if not us_state_code(state) or (utype and utype.lower() not in _UNIT_TYPES):
        return None
    return m


def _tag_us(text: str) -> tuple[dict[str, str], str] | None:
    """The parts of a US address and usaddress's kind of it; None when the parts clash."""
    fast = _fast_us(text)
    if fast is not None:
        return fast, "Street Address"
    import usaddress

    try:
        tagged, kind = usaddress.tag(text)
    except usaddress.RepeatedLabelError:
        return None
    return {k: str(v).strip(" ,") for k, v in tagged.items()}, kind


def _parse_us(raw: str) -> AddressAnalysis:
    text = _US_COUNTRY_RE.sub("", raw).strip().rstrip(",")
    got = _tag_us(text)
    if got is None:
        return AddressAnalysis(
            raw=raw,
            country="US",
            problems=(
                AddressProblem("unparseable", "the address parts cannot be told apart", 0.6),
            ),
        )
    comp, kind = got
    problems: list[AddressProblem] = []
    tail = _US_TAIL_RE.search(text) if kind == "Ambiguous" else None
    if tail and us_state_code(tail.group(1)):
        # "Austin, TX 78701": a place and a ZIP without a street line.
        place = text[: tail.start()].strip(" ,")
        comp = {"PlaceName": place, "StateName": tail.group(1).strip(), "ZipCode": tail.group(2)}
        kind = "Place"
        problems.append(
            AddressProblem("incomplete", "no street line: a place, not an address", 0.3)
        )
    if kind == "Ambiguous":
        problems.append(AddressProblem("unparseable", "not recognisable as a street address", 0.6))
    street = " ".join(
        comp[k]
        for k in (
            "AddressNumber", "StreetNamePreDirectional", "StreetNamePreType", "StreetName",
            "StreetNamePostType", "StreetNamePostDirectional", "USPSBoxType", "USPSBoxID",
        )
        if comp.get(k)
    )  # fmt: skip
    unit = " ".join(comp[k] for k in ("OccupancyType", "OccupancyIdentifier") if comp.get(k))
    city = comp.get("PlaceName", "")
    state_raw = comp.get("StateName", "")
    state = us_state_code(state_raw) or ""
    zip_raw = comp.get("ZipCode", "")
    zip5 = zip_raw[:5] if _ZIP_FORM.fullmatch(zip_raw) else ""
    if kind not in ("Ambiguous", "Place") and not (
        comp.get("AddressNumber") or comp.get("USPSBoxID")
    ):
        problems.append(AddressProblem("incomplete", "no street number or PO box", 0.4))
    if state_raw and not state:
        problems.append(AddressProblem("unknown_state", f"'{state_raw}' is not a US state", 0.7))
    if not zip5 and kind != "Ambiguous":
        problems.append(AddressProblem("incomplete", "no ZIP code", 0.3))
    if zip5:
        problems.extend(_zip_problems(zip5, state, city))
    return AddressAnalysis(
        raw=raw,
        country="US",
        parsed=kind != "Ambiguous",
        street=street,
        unit=unit,
        city=city,
        state=state,
        postcode=zip5,
        components=MappingProxyType(comp),
        problems=tuple(problems),
    )


def _parse_fast(text: str, comp: dict[str, str]) -> AddressAnalysis:
    """`_parse_us(text)` for an address `_fast_us` read (what that path comes to for it): the
    pattern's ZIP at the end makes it US-looking with nothing to strip, its parts are all there
    and its state is known, so only the ZIP's agreement is left to check."""
    direction = comp.get("StreetNamePreDirectional")
    number = f"{comp['AddressNumber']} {direction}" if direction else comp["AddressNumber"]
    street = f"{number} {comp['StreetName']} {comp['StreetNamePostType']}"
    unit = comp.get("OccupancyType")
    state = us_state_code(comp["StateName"]) or ""
    zip5, city = comp["ZipCode"][:5], comp["PlaceName"]
    return AddressAnalysis(
        raw=text,
        country="US",
        parsed=True,
        street=street,
        unit=f"{unit} {comp['OccupancyIdentifier']}" if unit else "",
        city=city,
        state=state,
        postcode=zip5,
        components=MappingProxyType(comp),
        problems=_zip_problems(zip5, state, city),
    )


@dataclass(frozen=True, slots=True)
class ZipInfo:
    """What CT008 needs of one ZIP code: its post-office city, state and other accepted names."""

    city: str
    state: str
    acceptable_cities: tuple[str, ...]


# ZIP code → its records, built one two-digit prefix at a time (`zipcodes.similar_to` scans the
# whole table, ~2 ms, once per prefix): at most 100 scans a process, where three-digit prefixes
# cost a big batch ~900; a block holds ~430 ZIP codes, so one lookup still builds little.
_ZIP_INDEX: dict[str, dict[str, tuple[ZipInfo, ...]]] = {}
_STATE_CITIES: dict[str, frozenset[str]] = {}


def zip_lookup(zip5: str) -> tuple[ZipInfo, ...]:
    """The records of a five-digit ZIP code (`zipcodes.matching`, indexed); () when unknown."""
    import zipcodes

    if not (len(zip5) == 5 and zip5.isascii() and zip5.isdigit()):
        try:  # whatever `matching` makes of it (it refuses most such strings)
            return tuple(_zip_info(r) for r in zipcodes.matching(zip5))
        except (ValueError, TypeError):
            return ()
    prefix = zip5[:2]
    block = _ZIP_INDEX.get(prefix)
    if block is None:
        grouped: dict[str, list[ZipInfo]] = {}
        for record in zipcodes.similar_to(prefix):
            grouped.setdefault(str(record.get("zip_code", "")), []).append(_zip_info(record))
        block = _ZIP_INDEX[prefix] = {z: tuple(v) for z, v in grouped.items()}
    return block.get(zip5, ())


def _zip_info(record: Mapping[str, object]) -> ZipInfo:
    accepted = record.get("acceptable_cities") or []
    return ZipInfo(
        str(record.get("city", "")),
        str(record.get("state", "")),
        tuple(str(c) for c in accepted) if isinstance(accepted, list) else (),
    )


def city_in_state(city: str, state: str) -> bool:
    """Whether the ZIP data has a post office named exactly `city` in `state` (indexed by state)."""
    import zipcodes

    cities = _STATE_CITIES.get(state)
    if cities is None:
        cities = _STATE_CITIES[state] = frozenset(
            str(r.get("city", "")) for r in zipcodes.filter_by(state=state)
        )
    return city in cities


@lru_cache(maxsize=8192)  # real exports repeat places; the answer is the data's, bounded
def _zip_problems(zip5: str, state: str, city: str) -> tuple[AddressProblem, ...]:
    """Whether a ZIP code is known, in the state, and one of the city's (CT008's three facts)."""
    found = zip_lookup(zip5)
    if not found:
        return (AddressProblem("unknown_zip", f"ZIP {zip5} is not a US ZIP code", 0.8),)
    info = found[0]
    zcity, zstate = info.city, info.state
    if state and zstate and state != zstate:
        return (
            AddressProblem(
                "zip_state",
                f"ZIP {zip5} is in {zcity}, {zstate}, not in {US_STATES.get(state, state)}",
                0.85,
            ),
        )
    # (the post office's own name first, then the other accepted names)
    if (
        city
        and zcity
        and not same_city(city, zcity)
        and not any(same_city(city, c) for c in info.acceptable_cities)
    ):
        in_state = bool(state) and city_in_state(_title(city), state)
        confidence = 0.4 if in_state else 0.55
        where = f"{city} is in {state} but " if in_state else ""
        return (
            AddressProblem(
                "zip_city",
                f"{where}ZIP {zip5} belongs to {zcity}, {zstate}, not {city}",
                confidence,
            ),
        )
    return ()


def _title(city: str) -> str:
    return " ".join(w.capitalize() for w in city.split())


def _parse_other(raw: str) -> AddressAnalysis:
    parts = [p.strip() for p in _COMMA_OR_LINE.split(raw) if p.strip()]
    country = location_country(raw)
    postcode, state, city = "", "", ""
    problems: list[AddressProblem] = []
    for regex in (_CA_POSTCODE_RE, _UK_POSTCODE_RE, _GENERIC_POSTCODE_RE):
        m = regex.search(raw)
        if m:
            postcode = " ".join(g for g in m.groups() if g).upper()
            index = next((i for i, p in enumerate(parts) if m.group(0) in p), -1)
            rest = parts[index].replace(m.group(0), " ").strip(" ,") if index >= 0 else ""
            province = _province_code(rest) if rest else None
            if province and regex is _CA_POSTCODE_RE:
                state = province
                city = parts[index - 1] if index > 0 else ""
            elif rest and not _DIGIT.search(rest):
                city = rest
            if regex is _CA_POSTCODE_RE:
                country = country or "CA"
                allowed = _CA_POSTAL_FIRST.get(postcode[0], set())
                if state and allowed and state not in allowed:
                    problems.append(
                        AddressProblem(
                            "postcode_province",
                            f"postal code {postcode} belongs to {'/'.join(sorted(allowed))}, not {state}",
                            0.7,
                        )
                    )
            break
    if not city and len(parts) >= 2:
        region = location_region(parts[-1])
        if region and region[1]:
            state, city = region[1], parts[-2]
        else:
            city = parts[-2] if country and len(parts) >= 3 else parts[-1]
    letters = _LETTER.findall(raw)
    if not letters or (len(raw.split()) < 2 and not postcode):
        problems.append(AddressProblem("unparseable", "not recognisable as a postal address", 0.6))
    elif not _DIGIT.search(raw):
        problems.append(
            AddressProblem(
                "incomplete", "no street number or postcode: a place, not an address", 0.3
            )
        )
    return AddressAnalysis(
        raw=raw,
        country=country,
        parsed=not any(p.kind == "unparseable" for p in problems),
        city=city,
        state=state,
        postcode=postcode,
        components=MappingProxyType({"postcode": postcode, "locality": city}),
        problems=tuple(problems),
    )


def address_problems(raw: str) -> tuple[str, tuple[AddressProblem, ...]]:
    """(the address as `parse_address` gives it, its problems): what CT008 reports, without an
    analysis of the everyday street address, whose only problems are its ZIP code's agreement
    (`_parse_fast`'s, from the same match). tests/test_addresses_parity.py holds the two."""
    text = " ".join((raw or "").split())
    m = _fast_us_match(text) if text else None
    if m is not None:
        state = us_state_code(m["state"]) or ""
        return text, _zip_problems(m["zip"][:5], state, m["city"])
    a = parse_address(raw)
    return a.raw, a.problems


@lru_cache(maxsize=4096)  # a home address is often the shipping one too; bounded
def parse_address(raw: str) -> AddressAnalysis:
    """Take an address apart and say what does not hold together (see the module docstring).

    US-looking addresses (a state and ZIP at the end, or "USA") are checked against the ZIP data:
    "100 Congress Ave, Austin, TX 10001" → ZIP 10001 is in New York, NY. Non-US addresses are only
    flagged when they are not recognisable as an address at all. The everyday street address
    (`_fast_us`) is read at once. Remembered: the analysis is immutable.
    """
    text = " ".join((raw or "").split())
    if not text:
        return AddressAnalysis(
            raw=raw or "", problems=(AddressProblem("unparseable", "the address is empty", 0.6),)
        )
    comp = _fast_us(text)
    if comp is not None:
        return _parse_fast(text, comp)
    if _looks_us(text):
        return _parse_us(text)
    return _parse_other(text)
