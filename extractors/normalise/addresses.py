"""Postal addresses as identifiers: the street a letter goes to, and the locality around it.

Two granularities, one reading: `address_parts` splits an address into house number, street,
unit and locality (city, state, postcode); `address_key` is the street-level key linkage joins
on (None for a locality: "Cleveland, OH 44113" is shared by thousands and never links people);
`same_place` says whether two of one person's addresses can be one place once the parts either
leaves out are set aside ("6362 Poplar Blvd" / "6362 POPLAR BLVD BOISE ID 83702").

Rules (USPS abbreviations, unit designators, states) take the common forms fast; `usaddress`
orders the rest. Pure and deterministic across processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from extractors.normalise.contacts import placeholder_reason
from extractors.normalise.text import lazy_re

__all__ = [
    "AddressParts",
    "address_key",
    "address_parts",
    "locality_key",
    "same_city",
    "same_place",
]

# USPS Publication 28 abbreviations (the common ones) and unit designators.
_SUFFIX = {
    "street": "st", "str": "st", "st": "st", "avenue": "ave", "av": "ave", "ave": "ave",
    "boulevard": "blvd", "blvd": "blvd", "road": "rd", "rd": "rd", "drive": "dr", "dr": "dr",
    "lane": "ln", "ln": "ln", "court": "ct", "ct": "ct", "place": "pl", "pl": "pl",
    "terrace": "ter", "ter": "ter", "parkway": "pkwy", "pkwy": "pkwy", "highway": "hwy",
    "hwy": "hwy", "circle": "cir", "cir": "cir", "square": "sq", "sq": "sq", "trail": "trl",
    "trl": "trl", "way": "way", "plaza": "plz", "plz": "plz", "expressway": "expy",
    "freeway": "fwy", "crescent": "cres", "close": "cl", "alley": "aly", "loop": "loop",
}  # fmt: skip
_DIRECTION = {
    "north": "n", "south": "s", "east": "e", "west": "w", "northeast": "ne", "northwest": "nw",
    "southeast": "se", "southwest": "sw", "n": "n", "s": "s", "e": "e", "w": "w", "ne": "ne",
    "nw": "nw", "se": "se", "sw": "sw",
}  # fmt: skip
_UNIT = frozenset(
    [
        "apt",
        "apartment",
        "unit",
        "ste",
        "suite",
        "rm",
        "room",
        "fl",
        "floor",
        "bldg",
        "building",
        "no",
        "number",
        "#",
        "lot",
        "spc",
        "space",
    ]
)
_COUNTRY_WORDS = (["united", "states", "of", "america"], ["united", "states"], ["usa"], ["us"])
_STATES = {
    "alabama": "al", "alaska": "ak", "arizona": "az", "arkansas": "ar", "california": "ca",
    "colorado": "co", "connecticut": "ct", "delaware": "de", "florida": "fl", "georgia": "ga",
    "hawaii": "hi", "idaho": "id", "illinois": "il", "indiana": "in", "iowa": "ia",
    "kansas": "ks", "kentucky": "ky", "louisiana": "la", "maine": "me", "maryland": "md",
    "massachusetts": "ma", "michigan": "mi", "minnesota": "mn", "mississippi": "ms",
    "missouri": "mo", "montana": "mt", "nebraska": "ne", "nevada": "nv", "new hampshire": "nh",
    "new jersey": "nj", "new mexico": "nm", "new york": "ny", "north carolina": "nc",
    "north dakota": "nd", "ohio": "oh", "oklahoma": "ok", "oregon": "or", "pennsylvania": "pa",
    "rhode island": "ri", "south carolina": "sc", "south dakota": "sd", "tennessee": "tn",
    "texas": "tx", "utah": "ut", "vermont": "vt", "virginia": "va", "washington": "wa",
    "west virginia": "wv", "wisconsin": "wi", "wyoming": "wy", "district of columbia": "dc",
}  # fmt: skip


def _abbreviate_state(words: list[str]) -> list[str]:
    """A state written out just before the ZIP (or at the end) becomes its two-letter code."""
    end = len(words)
    while end and words[end - 1].isdigit():
        end -= 1
    if not end or words[end - 1] not in _STATE_LAST_WORDS:
        return words  # no state name ends here (the common case: a code or a city)
    for size in (3, 2, 1):
        if end - size >= 1 and " ".join(words[end - size : end]) in _STATES:
            return [*words[: end - size], _STATES[" ".join(words[end - size : end])], *words[end:]]
    return words


# The last word of every state's name: a name can only end on one of these.
_STATE_LAST_WORDS = frozenset(name.rsplit(" ", 1)[-1] for name in _STATES)
# The country tails `_address_tokens` drops, as tuples, and the last word of each.
_COUNTRY_TAILS = frozenset(tuple(tail) for tail in _COUNTRY_WORDS)
_COUNTRY_LAST_WORDS = frozenset(tail[-1] for tail in _COUNTRY_WORDS)


_ALNUM_BEFORE_COMMA = lazy_re(r"[^,]*[A-Za-z0-9]")
_ORDINAL = lazy_re(r"(?<=\d)(?:st|nd|rd|th)\b")
_NOT_ADDRESS_CHAR = lazy_re(r"[^a-z0-9#]+")
_ZIP4 = lazy_re(r"(?<=\d)-(?=\d{4}\b)")


def _address_tokens(raw: str) -> list[str]:
    """Lower-case words with USPS abbreviations; unit designators folded to `#`."""
    return list(_segment_tokens(raw))


@lru_cache(maxsize=16384)  # cities, "NY 13659", "Apt 4" recur across rows; bounded
def _segment_tokens(raw: str) -> tuple[str, ...]:
    """`_address_tokens` of one segment, remembered per value (a tuple: callers copy it)."""
    text = raw.lower()
    if not text.isascii():
        from anyascii import anyascii

        text = anyascii(text).lower()
    if text.replace(" ", "").isalnum():  # only letters, digits and spaces (text is ASCII):
        # the patterns' answer without them; an ordinal ("5th" → "5") can only end a word
        words = [
            w[:-2] if len(w) > 2 and w[-2:] in _ORDINAL_ENDS and w[-3] in _DIGITS else w
            for w in text.split()
        ]
    else:
        text = _ORDINAL.sub("", text)  # 5th → 5
        if "-" in text:
            text = _ZIP4.sub(" ", text)  # 60431-2203 → 60431 2203
        words = _NOT_ADDRESS_CHAR.sub(" ", text.replace("#", " # ")).split()
    if words and words[-1] in _COUNTRY_LAST_WORDS:
        for tail in _COUNTRY_WORDS:
            n = len(tail)
            if len(words) > n and words[-n:] == tail:
                words = words[:-n]
                break
    words = _abbreviate_state(words)
    out: list[str] = []
    i, n_words = 0, len(words)
    while i < n_words:
        w = words[i]
        if w in _UNIT:
            nxt = words[i + 1] if i + 1 < n_words else ""
            if w == "fl" and len(nxt) == 5 and nxt.isdigit() and (i + 2 == n_words or i == 0):
                out.append(w)  # "FL 32820": Florida and its ZIP code, not a floor
                i += 1
                continue
            # every unit designator folds to "#"; "# 5b", "apt 5b", "unit #5b" are one unit
            if nxt in _UNIT:
                i += 1
                continue
            if nxt and (len(nxt) == 1 or any(ch.isdigit() for ch in nxt)):
                out.append("#")
                out.append(nxt)
                i += 2
                continue
            i += 1
            continue
        if out:
            w = _DIRECTION.get(w, w)
        out.append(_SUFFIX.get(w, w))
        i += 1
    return tuple(out)


_ORDINAL_ENDS = frozenset(("st", "nd", "rd", "th"))
_DIGITS = frozenset("0123456789")
_STATE_CODES = frozenset(_STATES.values())
_TYPES = frozenset(_SUFFIX.values())


@dataclass(frozen=True, slots=True)
class AddressParts:
    """An address taken apart. `street` holds the street's name words without its type."""

    number: str = ""
    street: tuple[str, ...] = ()
    street_type: str = ""
    unit: str = ""
    po_box: bool = False
    locality: tuple[str, ...] = ()  # city words (and foreign postcodes), folded
    state: str = ""
    zip5: str = ""

    @property
    def street_level(self) -> bool:
        """Names a delivery point (a house number on a street, or a PO box), not just a place."""
        return bool(self.number) and (bool(self.street) or self.po_box)

    @property
    def street_text(self) -> str:
        parts = ["po box" if self.po_box else "", self.number, *self.street, self.street_type]
        if self.unit:
            parts += ["#", self.unit]
        return " ".join(p for p in parts if p)

    @property
    def locality_text(self) -> str:
        return " ".join(p for p in (*self.locality, self.state, self.zip5) if p)


def _is_number(token: str) -> bool:
    return token[:1].isdigit() and len(token) <= 6  # (its first character is a digit)


def _split_locality(tokens: list[str]) -> tuple[tuple[str, ...], str, str]:
    """(city words, state code, ZIP5) from the locality's tokens."""
    words = list(tokens)
    if len(words) >= 2 and len(words[-1]) == 4 and words[-1].isdigit() and _is_zip5(words[-2]):
        words.pop()  # ZIP+4
    zip5 = ""
    if words and _is_zip5(words[-1]):
        zip5 = words.pop()
    if words and words[-1] in _STATE_LAST_WORDS:
        for size in (3, 2, 1):  # a state written out ("Joliet, Illinois 60431")
            name = " ".join(words[-size:])
            if len(words) >= size and name in _STATES:
                words[-size:] = [_STATES[name]]
                break
    state = ""
    if words and words[-1] in _STATE_CODES and (zip5 or len(words) > 1):
        state = words.pop()
    city = tuple([w for w in words if w != "#"]) if "#" in words else tuple(words)
    return city, state, zip5


def _is_zip5(token: str) -> bool:
    """Five digits (`^\\d{5}$` on a token: tokens are ASCII letters, digits and `#` only)."""
    return len(token) == 5 and token.isdigit()


def _street_from(tokens: list[str]) -> tuple[str, list[str], str, str, list[str]] | None:
    """(number, street words, type, unit, leftover) of a segment that holds a street, or None.

    House number first ("77 Harbor View Dr") or last ("Calle Mayor 5"); the street ends at its
    type word (then a directional and a unit may follow); what comes after is locality.
    """
    if not tokens:
        return None
    if tokens[:2] in (["po", "box"], ["p", "o"]) or tokens[0] == "box":
        rest = [t for t in tokens if t not in ("po", "p", "o", "box")]
        if rest and _is_number(rest[0]):
            return rest[0], [], "", "", rest[1:]
        return None
    unit = ""
    if tokens[0] == "#" and len(tokens) > 2:
        unit, tokens = tokens[1], tokens[2:]
    if _is_number(tokens[0]) and len(tokens) > 1 and not tokens[1][:1].isdigit():
        number, rest = tokens[0], tokens[1:]
        if len(number) == 5 and rest[-1] in _STATE_CODES and not _TYPES & set(rest[:-1]):
            return None  # "44113 Cleveland OH": a ZIP before its city, not a house number
    elif len(tokens) > 1 and _is_number(tokens[-1]) and len(tokens[-1]) <= 4:
        number, rest = tokens[-1], tokens[:-1]
    else:
        return None
    street: list[str] = []
    kind = ""
    leftover: list[str] = []
    for k, t in enumerate(rest):
        if t == "#" and k + 1 < len(rest):
            unit = rest[k + 1]
            leftover = rest[k + 2 :]
            break
        if t in _TYPES and street:
            kind = t
            tail = rest[k + 1 :]
            if tail and tail[0] in ("n", "s", "e", "w", "ne", "nw", "se", "sw"):
                street.append(tail[0])
                tail = tail[1:]
            if len(tail) >= 2 and tail[0] == "#":
                unit, tail = tail[1], tail[2:]
            leftover = tail
            break
        street.append(t)
    if not street:
        return None
    return number, street, kind, unit, leftover


def _usaddress_parts(text: str) -> AddressParts | None:
    """One-line addresses without a street type word ("100 Broadway New York NY 10001")."""
    try:
        import usaddress

        tagged, _ = usaddress.tag(text)
    except Exception:  # usaddress raises RepeatedLabelError and others on odd input
        return None

    def tok(*labels: str) -> list[str]:
        return [t for label in labels for t in _address_tokens(tagged.get(label, ""))]

    number = " ".join(tok("AddressNumber")) or " ".join(tok("USPSBoxID"))
    street = tok("StreetNamePreDirectional", "StreetName", "StreetNamePostDirectional")
    kind = " ".join(tok("StreetNamePostType"))
    if not number or not (street or tagged.get("USPSBoxType")) or kind in _STATE_CODES:
        return None
    unit = [t for t in tok("OccupancyIdentifier") if t != "#"]
    city, state, zip5 = _split_locality(tok("PlaceName", "StateName", "ZipCode"))
    return AddressParts(
        number=number,
        street=tuple(street),
        street_type=kind,
        unit=" ".join(unit),
        po_box=bool(tagged.get("USPSBoxType")),
        locality=city,
        state=state,
        zip5=zip5,
    )


@lru_cache(maxsize=16384)  # the same value is asked for several times a row; bounded
def address_parts(raw: str) -> AddressParts | None:
    """The parts of a postal address; None for a placeholder or text with no letters or digits.

    An address without a delivery point ("Boise, ID 83702") has only locality parts. The
    everyday street address is read by `_everyday_parts`, the rest by `_general_parts`.
    """
    text = " ".join((raw or "").split())
    if not text or placeholder_reason("address", text):
        return None
    return _everyday_parts(text) or _general_parts(text)


# "100 N Congress Ave., Apt 4, Austin, TX 78701-1234": a house number, street words ending on
# a type word (an optional dot), an optional unit, the city's words, a state and a ZIP, each
# part plain ASCII letters (or an ordinal among the street words), parts joined by ", ".
_EVERYDAY = lazy_re(
    r"([0-9]{1,6})((?: [A-Za-z0-9]+)+)\.?(?:, ([A-Za-z]+) ([A-Za-z0-9]{1,6}))?"
    r", ([A-Za-z]+(?: [A-Za-z]+)*), ([A-Za-z]{2}) ([0-9]{5})(?:-[0-9]{4})?"
)


def _everyday_parts(text: str) -> AddressParts | None:
    """`_general_parts(text)` for the everyday street address, worked out from one match, or
    None to read it in general: each part's words are what `_segment_tokens` makes of them
    (lower case, an ordinal's digits, a direction after the first word and a street type
    abbreviated), and anything those steps or the street reading would treat specially (a unit,
    country or state word where a street or city word belongs, a type word inside the street,
    "FL 32820"-like units, a ZIP-like house number) is left to the general reading.
    tests/test_addresses_parity.py holds the two to the same answers."""
    m = _EVERYDAY.fullmatch(text)
    if m is None:
        return None
    number, street, utype, uid, city, state, zip5 = m.groups()
    words = street.lower().split()
    last = words[-1]
    if len(words) < 2 or not last.isalpha() or last in _NOT_LAST:
        return None
    mapped: list[str] = []
    for k, w in enumerate(words):
        if not w.isalpha():  # an ordinal ("5th" → "5"), never the first street word
            if k == 0 or len(w) < 3 or w[-2:] not in _ORDINAL_ENDS or not w[:-2].isdigit():
                return None
            w = w[:-2]
        elif w in _UNIT:
            return None
        w = _DIRECTION.get(w, w)
        mapped.append(_SUFFIX.get(w, w))
    kind = mapped.pop()
    if kind not in _TYPES or not _TYPES.isdisjoint(mapped[1:]):
        return None  # no type word last, or one inside the street: the street ends elsewhere
    if len(number) == 5 and kind in _STATE_CODES:
        return None  # "44113 Cleveland Ct": maybe a ZIP before its city
    unit = ""
    if utype is not None:
        u, unit = utype.lower(), uid.lower()
        if u not in _UNIT or u == "fl" or not (len(unit) == 1 or _unit_id(unit)):
            return None
    places = city.lower().split()
    if places[-1] in _NOT_LAST or not _UNIT.isdisjoint(places):
        return None
    locality = [_SUFFIX.get(places[0], places[0])]
    for w in places[1:]:
        w = _DIRECTION.get(w, w)
        locality.append(_SUFFIX.get(w, w))
    code = state.lower()
    if code in _UNIT and code != "fl":
        return None
    # `_split_locality` of the city's words, the state's word and the ZIP (and its +4): the
    # ZIP goes, and the state's word is the state when it is a state's code, else a city word.
    code = _SUFFIX.get(code, code)
    if code in _STATE_CODES:
        return AddressParts(number=number, street=tuple(mapped), street_type=kind, unit=unit,
                            locality=tuple(locality), state=code, zip5=zip5)  # fmt: skip
    locality.append(code)
    return AddressParts(number=number, street=tuple(mapped), street_type=kind, unit=unit,
                        locality=tuple(locality), zip5=zip5)  # fmt: skip


def _unit_id(word: str) -> bool:
    """A unit's identifier that `_segment_tokens` keeps as it is after "#": digits in it, and
    not an ordinal it would shorten ("12th")."""
    if not any(ch.isdigit() for ch in word):
        return False
    return not (len(word) > 2 and word[-2:] in _ORDINAL_ENDS and word[-3] in _DIGITS)


# Last words of a street or city that `_segment_tokens` reads as a country or a state.
_NOT_LAST = _COUNTRY_LAST_WORDS | _STATE_LAST_WORDS


def _general_parts(text: str) -> AddressParts | None:
    """`address_parts` of a whitespace-normalised text that is not a placeholder."""
    # split on `,` `;` `|` one by one (the text has no line breaks; empty pieces have no tokens)
    pieces = (
        text.replace(";", ",").replace("|", ",").split(",")
        if ";" in text or "|" in text
        else text.split(",")
    )
    segments = [list(t) for s in pieces if (t := _segment_tokens(s)) and t not in _COUNTRY_TAILS]
    if not segments:
        return None
    unit = ""
    street: tuple[str, list[str], str, str, list[str]] | None = None
    locality: list[str] = []
    for k, seg in enumerate(segments):
        if seg[0] == "#" and len(seg) == 2:
            unit = seg[1]
            continue
        if street is None and locality == [] and (found := _street_from(seg)) is not None:
            number, words, kind, seg_unit, leftover = found
            five_digit_place = len(number) == 5 and not kind and len(segments) > 1 and k > 0
            if not five_digit_place:
                street = found
                unit = unit or seg_unit
                locality.extend(leftover)
                continue
        locality.extend(seg)
    if street is None:
        if len(segments) == 1 and segments[0][0][:1].isdigit():
            parsed = _usaddress_parts(text)
            if parsed is not None:
                return parsed
        city, state, zip5 = _split_locality(locality)
        return AddressParts(locality=city, state=state, zip5=zip5)
    number, words, kind, _seg_unit, _ = street
    if not kind and len(segments) == 1 and not locality:
        parsed = _usaddress_parts(text)  # no type word, no commas: where does the street end?
        if parsed is not None and parsed.street_level:
            return parsed
    city, state, zip5 = _split_locality(locality)
    po_box = words == [] and number != ""
    return AddressParts(
        number=number,
        street=tuple(words),
        street_type=kind,
        unit=unit,
        po_box=po_box,
        locality=city,
        state=state,
        zip5=zip5,
    )


@lru_cache(maxsize=16384)  # a row's checks and its linkage keys both ask; bounded
def address_key(raw: str) -> str | None:
    """The street-level key two applicants share when they give one delivery point:
    `"77 harbor view dr # 4 60431"` (ZIP when known, else city and state). None for a
    placeholder and for a locality without a street ("Cleveland, OH 44113")."""
    parts = address_parts(raw)
    if parts is None or not parts.street_level:
        return None
    where = parts.zip5 or " ".join((*parts.locality, parts.state)).strip()
    return f"{parts.street_text} {where}".strip()


def locality_key(raw: str) -> str | None:
    """The place around an address: ZIP5, else city and state words; None when unknown."""
    parts = address_parts(raw)
    if parts is None:
        return None
    return parts.zip5 or " ".join((*parts.locality, parts.state)).strip() or None


def _localities_agree(a: AddressParts, b: AddressParts) -> bool:
    if a.zip5 and b.zip5:
        return a.zip5 == b.zip5
    if a.state and b.state and a.state != b.state:
        return False
    if a.locality and b.locality:
        sa, sb = set(a.locality), set(b.locality)
        return sa <= sb or sb <= sa
    return True


def same_place(a: str, b: str) -> bool:
    """Two of one person's addresses can be one place: the same delivery point where both name
    one (number, street, and type and unit where both give them), in agreeing localities, with
    parts one side leaves out set aside (a street without its city, a city without its ZIP).

    False when either cannot be read as an address.
    """
    pa, pb = address_parts(a), address_parts(b)
    if pa is None or pb is None:
        return False
    if pa.street_level and pb.street_level:
        if pa.po_box != pb.po_box or pa.number != pb.number or pa.street != pb.street:
            return False
        if pa.street_type and pb.street_type and pa.street_type != pb.street_type:
            return False
        if pa.unit and pb.unit and pa.unit != pb.unit:
            return False
    return _localities_agree(pa, pb)


_CITY_WORDS = {"saint": "st", "fort": "ft", "mount": "mt"}
_METRO_WORDS = frozenset({"greater", "area", "metropolitan", "metro", "region"})


@lru_cache(maxsize=8192)  # a row's location and its addresses' cities recur; bounded
def _city_words(text: str) -> str:
    from extractors.normalise.text import plain_words

    first = (text or "").split(",")[0]
    words = [_CITY_WORDS.get(w, w) for w in plain_words(first)]
    return " ".join(w for w in words if w not in _METRO_WORDS) or " ".join(words)


def same_city(a: str, b: str) -> bool:
    """Two place strings naming one city by their first part ("Austin, Texas, United States" /
    "Austin, TX"; "Greater Seattle Area" / "Seattle, WA"; "St. Paul" / "Saint Paul")."""
    if a.isascii() and b.isascii() and a.lower() == b.lower() and _ALNUM_BEFORE_COMMA.match(a):
        return True  # one name in two cases: both fold to one non-empty set of words
    from rapidfuzz import fuzz

    ca, cb = _city_words(a), _city_words(b)
    if not ca or not cb:
        return False
    return ca == cb or fuzz.ratio(ca, cb) >= 85
