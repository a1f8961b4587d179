"""Canonical identifiers for linking applicants: phones, mailboxes, addresses, handles, texts, photos.

Every function here is pure and deterministic across processes (no `hash()` of strings), so the
local pool, Spark executors and the history store all compute the same keys. A value that is a
placeholder (`n/a`, `000-000-0000`, `test@test.com`, a configured switchboard) canonicalises to
`None` and is counted instead of linked.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scanner.model import Candidate

__all__ = [
    "EXACT_KINDS",
    "Ident",
    "RowKeys",
    "address_key",
    "candidate_keys",
    "email_key",
    "github_key",
    "is_placeholder",
    "linkedin_key",
    "name_key",
    "phone_key",
    "photo_dhash",
    "reference_keys",
    "resume_signature",
    "surname",
]

# Kinds joined by exact key equality. `resume` and `photo` are joined by similarity (LSH).
EXACT_KINDS = ("phone", "email", "address", "linkedin", "github", "photo", "document", "reference")

SIG_BINS = 64  # MinHash (one-permutation) signature length
SHINGLE = 5  # words per shingle
MIN_SHINGLES = 12  # shorter texts are not compared


@dataclass(frozen=True, slots=True)
class Ident:
    """One identifier of one applicant: the join key and where it came from (for evidence)."""

    kind: str  # phone | email | address | linkedin | github | photo | document | reference
    key: str  # canonical value, the join key
    field: str  # the candidate's field: phone, email, address, shipping_address, references, ...
    raw: str  # as given
    source: int | None = None  # index into the candidate's sources


@dataclass(frozen=True, slots=True)
class RowKeys:
    """What linkage needs from one applicant; small, picklable, and JSON-serialisable."""

    index: int  # position in the batch (0-based), the node id in linkage
    id: str
    name: str = ""
    row: int | None = None  # spreadsheet row number (1-based, header is row 1)
    idents: tuple[Ident, ...] = ()
    resume_sig: tuple[int, ...] | None = None
    resume_source: int | None = None
    photo_hash: int | None = None
    photo_source: int | None = None
    placeholders: tuple[tuple[str, str], ...] = ()  # (kind, raw) values recognised as placeholders
    stored: str | None = None  # scanned-at date for a person from the history store
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def name_key(self) -> str:
        return name_key(self.name)

    @property
    def surname(self) -> str:
        return surname(self.name)


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------

_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "sir",
        "jr",
        "sr",
        "ii",
        "iii",
        "iv",
        "phd",
        "md",
        "mba",
        "esq",
    ]
)


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    from anyascii import anyascii

    text = anyascii(name).lower()
    if "," in text:  # "Whitfield, Dana" → "Dana Whitfield"
        last, _, first = text.partition(",")
        text = f"{first} {last}"
    tokens = [t for t in re.split(r"[^a-z]+", text) if t and t not in _TITLES]
    return tuple(tokens)


def name_key(name: str) -> str:
    """First and last name, folded (case, diacritics, titles, order "Last, First"); '' if none."""
    tokens = _name_tokens(name or "")
    if not tokens:
        return ""
    return tokens[0] if len(tokens) == 1 else f"{tokens[0]} {tokens[-1]}"


def surname(name: str) -> str:
    tokens = _name_tokens(name or "")
    return tokens[-1] if len(tokens) > 1 else ""


# --------------------------------------------------------------------------------------------
# Phones
# --------------------------------------------------------------------------------------------

_NANP_REGIONS = frozenset({"US", "CA", "PR", "GU", "VI", "AS", "MP"})
_NON_DIGIT = re.compile(r"\D+")
_PLACEHOLDER_TEXT = frozenset(
    {
        "",
        "n/a",
        "na",
        "none",
        "null",
        "nil",
        "-",
        "--",
        "unknown",
        "tbd",
        "tba",
        "x",
        "xx",
        "xxx",
        "0",
    }
)


def _is_placeholder_digits(digits: str) -> bool:
    national = digits[-10:]
    return (
        len(set(national)) <= 1
        or national in ("1234567890", "0123456789", "9876543210")
        or national.endswith("5555555")
    )


@lru_cache(maxsize=262144)
def phone_key(raw: str, default_region: str = "US") -> str | None:
    """E.164 (`+13125550142`), or None for a placeholder or something that is not a phone.

    North American numbers written in the usual ways take a fast path; everything else goes
    through libphonenumber. Possible (not necessarily valid) numbers are kept: validity is the
    contact checks' business, linkage only needs the same number to get the same key.
    """
    text = raw.strip()
    if text.lower() in _PLACEHOLDER_TEXT:
        return None
    text = text.replace("(0)", " ")  # a trunk prefix kept after the country code
    digits = _NON_DIGIT.sub("", text.split("x")[0].split("ext")[0])
    if len(digits) < 7 or _is_placeholder_digits(digits):
        return None
    plus = text.lstrip().startswith(("+", "00"))
    if default_region in _NANP_REGIONS and not plus and not re.search(r"[A-Za-z]", text):
        if len(digits) == 10 and digits[0] in "23456789" and digits[3] in "23456789":
            return "+1" + digits
        if len(digits) == 11 and digits[0] == "1" and digits[1] in "23456789":
            return "+" + digits
    if (
        text.startswith("+1")
        and len(digits) == 11
        and digits[1] in "23456789"
        and "(0)" not in text
    ):
        return "+" + digits
    import phonenumbers

    try:
        num = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(num):
        return None
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


# --------------------------------------------------------------------------------------------
# Mailboxes
# --------------------------------------------------------------------------------------------

_GMAIL = frozenset({"gmail.com", "googlemail.com"})
_PLACEHOLDER_LOCALS = frozenset(
    [
        "test",
        "none",
        "noemail",
        "no-email",
        "noreply",
        "no-reply",
        "donotreply",
        "na",
        "n/a",
        "null",
        "nobody",
        "unknown",
        "asdf",
        "xxx",
        "abc",
        "fake",
    ]
)
_PLACEHOLDER_DOMAINS = frozenset(
    {"test.com", "none.com", "noemail.com", "email.invalid", "test.test"}
)
_EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")


@lru_cache(maxsize=262144)
def email_key(raw: str) -> str | None:
    """The mailbox behind an address: lower-cased, `+tag` dropped, Gmail dots and googlemail folded."""
    text = raw.strip().strip("<>").lower()
    if text.startswith("mailto:"):
        text = text[7:]
    if not _EMAIL_SHAPE.match(text):
        return None
    local, _, domain = text.rpartition("@")
    domain = domain.rstrip(".")
    local = local.split("+", 1)[0]
    if domain in _GMAIL:
        domain = "gmail.com"
        local = local.replace(".", "")
    if not local or local in _PLACEHOLDER_LOCALS or domain in _PLACEHOLDER_DOMAINS:
        return None
    if len(set(local)) == 1 and len(local) > 1:  # aaaa@…, xxxx@…
        return None
    return f"{local}@{domain}"


# --------------------------------------------------------------------------------------------
# Postal addresses
# --------------------------------------------------------------------------------------------

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
    for size in (3, 2, 1):
        if end - size >= 1 and " ".join(words[end - size : end]) in _STATES:
            return [*words[: end - size], _STATES[" ".join(words[end - size : end])], *words[end:]]
    return words


_ADDRESS_PLACEHOLDERS = frozenset(
    {"", "na", "n a", "none", "unknown", "tbd", "same", "same as above", "x"}
)
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")
_NOT_ADDRESS_CHAR = re.compile(r"[^a-z0-9#]+")
_ZIP4 = re.compile(r"(?<=\d)-(?=\d{4}\b)")


def _address_tokens(raw: str) -> list[str]:
    """Lower-case words with USPS abbreviations; unit designators folded to `#`."""
    text = raw.lower()
    if not text.isascii():
        from anyascii import anyascii

        text = anyascii(text).lower()
    text = _ZIP4.sub(" ", _ORDINAL.sub("", text))  # 5th → 5, 60431-2203 → 60431 2203
    words = _NOT_ADDRESS_CHAR.sub(" ", text.replace("#", " # ")).split()
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
            # every unit designator folds to "#"; "# 5b", "apt 5b", "unit #5b" are one unit
            nxt = words[i + 1] if i + 1 < n_words else ""
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
    return out


@lru_cache(maxsize=262144)
def address_key(raw: str) -> str | None:
    """A postal address folded for comparison (USPS abbreviations, unit designators, ZIP5).

    Well-formed US addresses are normalised by rules; others are put in order by `usaddress`
    first. None for placeholders and for text too short to be an address.
    """
    text = " ".join(raw.split())
    if text.lower().strip(" .") in _ADDRESS_PLACEHOLDERS:
        return None
    tokens = _address_tokens(text)
    if len(tokens) < 3 or not any(ch.isdigit() for ch in "".join(tokens)):
        return None
    if tokens[0][0].isdigit():
        return _finish(tokens)
    return _reorder(text, tokens)


def _finish(tokens: Sequence[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r"\b(\d{5})\s+\d{4}$", r"\1", text)
    return text


def _reorder(raw: str, tokens: list[str]) -> str:
    """Addresses not in the usual order (unit first, "PO Box", no number): usaddress orders them."""
    try:
        import usaddress

        tagged, _ = usaddress.tag(raw)
    except Exception:  # usaddress raises RepeatedLabelError on odd input; keep the rule tokens
        return _finish(tokens)
    order = (
        "AddressNumber", "StreetNamePreDirectional", "StreetName", "StreetNamePostType",
        "StreetNamePostDirectional", "OccupancyIdentifier", "USPSBoxType", "USPSBoxID", "PlaceName",
        "StateName", "ZipCode",
    )  # fmt: skip
    parts = []
    for label in order:
        value = tagged.get(label)
        if not value:
            continue
        sub = _address_tokens(value)
        if label == "OccupancyIdentifier":
            sub = ["#", *[t for t in sub if t != "#"]]
        parts.extend(sub)
    return _finish(parts) if len(parts) >= 3 else _finish(tokens)


# --------------------------------------------------------------------------------------------
# Profiles and handles
# --------------------------------------------------------------------------------------------


def linkedin_key(slug_or_url: str) -> str | None:
    text = slug_or_url.strip()
    if "linkedin.com" in text.lower():
        from extractors.contacts import linkedin_slug

        text = linkedin_slug(text) or ""
    from urllib.parse import unquote

    slug = unquote(text).strip().strip("/-_.").lower()
    return slug or None


def github_key(handle_or_url: str) -> str | None:
    text = handle_or_url.strip().lstrip("@")
    if "github" in text.lower() or "/" in text:
        from extractors.contacts import github_handle

        text = github_handle(text) or ""
    return text.lower() or None


# --------------------------------------------------------------------------------------------
# Résumé text: MinHash (one-permutation hashing with densification) over word shingles
# --------------------------------------------------------------------------------------------

_EMAIL_RE = re.compile(r"\S+@\S+")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\b\S+\.(?:com|org|net|io|dev)/\S*", re.I)
_PHONEISH = re.compile(r"\+?\d[\d\s().-]{6,}\d")
_WORD = re.compile(r"[a-z0-9]+")
_MASK = (1 << 26) - 1


def resume_signature(text: str, names: Iterable[str] = ()) -> tuple[int, ...] | None:
    """A 64-value MinHash signature of the text's 5-word shingles, or None when too short.

    Names and contact details are removed first, so two copies of one résumé under different
    names and phones still match, and two résumés that share only a name do not.
    """
    from anyascii import anyascii

    body = anyascii(text).lower()
    body = _EMAIL_RE.sub(" ", body)
    body = _URL_RE.sub(" ", body)
    body = _PHONEISH.sub(" ", body)
    drop = {t for n in names for t in _name_tokens(n)}
    words = [w for w in _WORD.findall(body) if w not in drop]
    if len(words) < SHINGLE + MIN_SHINGLES:
        return None
    sig = [-1] * SIG_BINS
    crc = zlib.crc32
    for i in range(len(words) - SHINGLE + 1):
        h = (crc(" ".join(words[i : i + SHINGLE]).encode()) * 0x9E3779B1) & 0xFFFFFFFF
        b = h >> 26
        v = h & _MASK
        if sig[b] < 0 or v < sig[b]:
            sig[b] = v
    return _densify(sig)


def _densify(sig: list[int]) -> tuple[int, ...]:
    """Fill empty bins from the next filled bin to the right (rotation densification)."""
    n = len(sig)
    out = list(sig)
    for b in range(n):
        if sig[b] >= 0:
            continue
        for step in range(1, n):
            src = sig[(b + step) % n]
            if src >= 0:
                out[b] = src + step * (_MASK + 1)
                break
    return tuple(out)


def signature_similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal bins)."""
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


def signature_bands(sig: Sequence[int], bands: int = 16) -> list[str]:
    """LSH band keys: rows that share one band are compared (16 bands of 4 → pairs from J≈0.5)."""
    rows = len(sig) // bands
    out = []
    for b in range(bands):
        chunk = sig[b * rows : (b + 1) * rows]
        out.append(f"{b}:{zlib.crc32(','.join(map(str, chunk)).encode()):08x}")
    return out


# --------------------------------------------------------------------------------------------
# Photos: difference hash
# --------------------------------------------------------------------------------------------


def photo_dhash(data: bytes) -> int | None:
    """A 64-bit difference hash of an image (Pillow), or None when it cannot be read."""
    import io

    try:
        from PIL import Image
    except ImportError:
        return None
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.draft("L", (64, 64))
            small = img.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
            px = small.tobytes()
    except Exception:  # Pillow raises many kinds of errors on bad images
        return None
    bits = 0
    for y in range(8):
        for x in range(8):
            bits = (bits << 1) | (px[y * 9 + x] > px[y * 9 + x + 1])
    return bits


def photo_bands(h: int) -> list[str]:
    """Five bands of 13/13/13/13/12 bits: two hashes within Hamming distance 4 share one."""
    widths = (13, 13, 13, 13, 12)
    out, shift = [], 0
    for i, w in enumerate(widths):
        out.append(f"{i}:{(h >> shift) & ((1 << w) - 1):x}")
        shift += w
    return out


def is_placeholder(kind: str, raw: str) -> bool:
    """A value that stands for "none given" (`n/a`, `000-000-0000`, `test@test.com`)."""
    text = raw.strip().lower()
    if text in _PLACEHOLDER_TEXT or text.strip(" .") in _ADDRESS_PLACEHOLDERS:
        return True
    if kind in ("phone", "reference"):
        digits = _NON_DIGIT.sub("", text)
        if digits and len(digits) >= 7 and _is_placeholder_digits(digits):
            return True
    if kind in ("email", "reference") and "@" in text:
        local, _, domain = text.rpartition("@")
        return local.split("+", 1)[0] in _PLACEHOLDER_LOCALS or domain in _PLACEHOLDER_DOMAINS
    return False


# --------------------------------------------------------------------------------------------
# From a candidate
# --------------------------------------------------------------------------------------------


def _split(values: Iterable[str]) -> list[str]:
    return [v.strip() for x in values for v in re.split(r"[;\n]", x) if v.strip()]


def candidate_keys(
    candidate: Candidate,
    index: int,
    *,
    row: int | None = None,
    default_region: str = "US",
    placeholders: Mapping[str, str] | None = None,
    photo: bytes | None = None,
) -> RowKeys:
    """All linkage identifiers of one candidate, with the source each came from.

    `placeholders` maps extra values to ignore (the company's own switchboard, say) to a label;
    they are compared after canonicalisation.
    """
    from extractors.model import SourceKind

    extra_ph = {
        k: v
        for raw, v in (placeholders or {}).items()
        for k in (
            phone_key(raw, default_region),
            email_key(raw),
            address_key(raw),
            raw.strip().lower(),
        )
        if k
    }
    idents: list[Ident] = []
    seen: set[tuple[str, str, str]] = set()
    ph: list[tuple[str, str]] = []
    names: list[str] = []

    def add(kind: str, key: str | None, fld: str, raw: str, src: int | None) -> None:
        if key is None or key in extra_ph:
            if raw.strip() and (key in extra_ph or is_placeholder(kind, raw)):
                ph.append((kind, raw.strip()))
            return
        if (kind, key, fld) in seen:
            return
        seen.add((kind, key, fld))
        idents.append(Ident(kind, key, fld, raw, src))

    texts: list[tuple[int, str]] = []
    for i, src, prof in candidate.indexed_profiles():
        if src.kind is SourceKind.ARCHIVE:
            continue  # an earlier snapshot, not a current claim (the HJ checks read it)
        if prof.name:
            names.append(prof.name)
        names.extend(prof.other_names)
        for p in prof.phones:
            add("phone", phone_key(p, default_region), "phone", p, i)
        for e in prof.emails:
            add("email", email_key(e), "email", e, i)
        for a in prof.addresses:
            add("address", address_key(a), "address", a, i)
        for a in prof.shipping_addresses:
            add("address", address_key(a), "shipping_address", a, i)
        for s in prof.linkedin_slugs:
            add("linkedin", linkedin_key(s), "linkedin", s, i)
        for g in prof.github_handles:
            add("github", github_key(g), "github", g, i)
        for h in prof.photo_hashes:
            add("photo", h.strip().lower() or None, "photo", h, i)
        for ref in _split(prof.references):
            for k in reference_keys(ref, default_region):
                add("reference", k, "references", ref, i)
        if src.kind is not SourceKind.APPLICATION:
            fp = document_fingerprint(prof.document)
            if fp:
                add("document", fp, "document", src.uri, i)
            if src.kind in (SourceKind.RESUME, SourceKind.JSON_RESUME) and prof.text:
                texts.append((i, prof.text))
    for i, src in enumerate(candidate.sources):  # identical files, read or not
        if (
            src.kind is not SourceKind.APPLICATION
            and src.content
            and src.sha256
            and src.collector != "spreadsheet"
        ):
            add("document", f"sha256:{src.sha256}", "document", src.uri, i)
    if not texts:  # résumé text the extractors could not parse is still text to compare
        for i, src in enumerate(candidate.sources):
            read = candidate.profiles[i] if i < len(candidate.profiles) else None
            if (
                src.kind is SourceKind.RESUME
                and src.format in ("txt", "md")
                and src.content
                and not (read and read.text)
            ):
                texts.append((i, src.content.decode("utf-8", errors="replace")))
    if not names and candidate.name:
        names.append(candidate.name)
    sig: tuple[int, ...] | None = None
    sig_src: int | None = None
    for i, text in texts:
        sig = resume_signature(text, names)
        if sig is not None:
            sig_src = i
            break
    ph_hash = photo_dhash(photo) if photo else None
    return RowKeys(
        index=index,
        id=candidate.id,
        name=candidate.name,
        row=row,
        idents=tuple(idents),
        resume_sig=sig,
        resume_source=sig_src,
        photo_hash=ph_hash,
        photo_source=None,
        placeholders=tuple(ph),
    )


def reference_keys(text: str, default_region: str = "US") -> list[str]:
    """Canonical phones and mailboxes named in one reference ("Jo Park, (312) 555-0100")."""
    out = []
    for m in re.finditer(r"[^\s,;<>()]+@[^\s,;<>()]+", text):
        k = email_key(m.group())
        if k:
            out.append(k)
    for m in re.finditer(r"\+?\(?\d[\d\s().-]{6,}\d", text):
        k = phone_key(m.group(), default_region)
        if k:
            out.append(k)
    return out


_SERVICE_AUTHORS = frozenset({"linkedin", "indeed", "linkedin corporation"})
_SERVICE_PRODUCERS = ("apache fop",)


def document_fingerprint(meta: Any) -> str | None:
    """Author, producer, creator and creation time of a document, when it has a creation time.

    A creation time to the second plus the tool and author is specific to one authoring session;
    a shared producer alone (every LinkedIn export has the same one) is not.
    """
    if meta is None or getattr(meta, "created", None) is None:
        return None
    author = (meta.author or meta.last_modified_by or "").strip().lower()
    tool = (meta.creator or "").strip().lower()
    producer = (meta.producer or "").strip().lower()
    if not (author or tool):
        return None
    if author in _SERVICE_AUTHORS or producer.startswith(_SERVICE_PRODUCERS):
        return None  # made by a service for everyone (LinkedIn's exports): no authoring session
    created = meta.created.replace(microsecond=0).isoformat()
    return f"fp:{author}|{tool}|{producer}|{created}"
