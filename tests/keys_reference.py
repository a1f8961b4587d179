"""The linkage keys' code as it was before the fourth round of issue 14 (commit 4f3d45b), kept
verbatim (logic only: data tables and patterns are imported, unchanged) so the parity tests in
`test_keys_parity.py` hold the faster code to the old answers. Not cached, not for production."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from extractors.model import Profile, SourceDocument, SourceFamily, SourceKind, SourceStatus
from extractors.normalise.addresses import (
    _CITY_WORDS,
    _COUNTRY_WORDS,
    _DIRECTION,
    _METRO_WORDS,
    _NOT_ADDRESS_CHAR,
    _ORDINAL,
    _STATE_CODES,
    _STATES,
    _SUFFIX,
    _TYPES,
    _UNIT,
    _ZIP4,
    AddressParts,
)
from extractors.normalise.contacts import (
    _ADDRESS_PLACEHOLDERS,
    _EMAIL_SHAPE,
    _GMAIL,
    _LEADING_LABEL,
    _NANP_REGIONS,
    _NON_DIGIT,
    _NOREPLY,
    _PLACEHOLDER_DOMAINS,
    _PLACEHOLDER_LOCALS,
    _PLACEHOLDER_TEXT,
    _TEMPLATE,
    _TRAILING_LABEL,
    github_key,
    linkedin_key,
)
from scanner.batch.keys import Ident, RowKeys, photo_dhash, resume_keys
from scanner.identifiers import (
    Identifier,
    IdentifierKind,
    LinkKind,
    document_fingerprint,
    split_references,
)

if TYPE_CHECKING:
    from scanner.model import Candidate

# ---------------------------------------------------------------------------------------------
# extractors.normalise.contacts
# ---------------------------------------------------------------------------------------------


def _is_placeholder_digits(digits: str) -> bool:
    national = digits[-10:]
    return (
        len(set(national)) <= 1
        or national in ("1234567890", "0123456789", "9876543210", "123456789", "0000000000")
        or national.endswith("5555555")
        or digits in ("1234567", "12345678", "123456789", "000000000")
    )


def placeholder_reason(kind: str, raw: str) -> str | None:
    text = " ".join((raw or "").split()).strip().lower()
    if text.strip(" .") in _PLACEHOLDER_TEXT:
        return "no value" if not text.strip(" .") else f"says {raw.strip()!r}"
    if kind in ("address", "shipping_address") and text.strip(" .") in _ADDRESS_PLACEHOLDERS:
        return f"says {raw.strip()!r}"
    if _TEMPLATE.match(text):
        return "template text"
    if kind in ("phone", "reference"):
        digits = _NON_DIGIT.sub("", text)
        if len(digits) >= 7 and _is_placeholder_digits(digits):
            return "a run of digits no one dials"
    if kind in ("email", "reference") and "@" in text:
        local, _, domain = text.rpartition("@")
        local = local.split("+", 1)[0]
        if local in _PLACEHOLDER_LOCALS or domain in _PLACEHOLDER_DOMAINS:
            return "a placeholder mailbox"
    return None


def is_placeholder(kind: str, raw: str) -> bool:
    return placeholder_reason(kind, raw) is not None


def phone_text(raw: str) -> str:
    text = _LEADING_LABEL.sub("", raw or "").strip()
    if any(c.isdigit() for c in text):
        stripped = _TRAILING_LABEL.sub("", text).strip()
        if sum(c.isdigit() for c in stripped) == sum(c.isdigit() for c in text):
            text = stripped
    return text


def phone_key(raw: str, default_region: str = "US") -> str | None:
    text = phone_text(raw)
    if text.lower() in _PLACEHOLDER_TEXT:
        return None
    text = text.replace("(0)", " ")
    digits = _NON_DIGIT.sub("", text.split("x")[0].split("ext")[0])
    if len(digits) < 7 or _is_placeholder_digits(digits):
        return None
    plus = text.lstrip().startswith(("+", "00"))
    if default_region in _NANP_REGIONS and not plus and not re.search(r"[A-Za-z]", text):
        if len(digits) == 10 and digits[0] in "23456789" and digits[3] in "23456789":
            return "+1" + digits
        if len(digits) == 11 and digits[0] == "1" and digits[1] in "23456789":
            return "+" + digits
    if text.startswith("+1") and len(digits) == 11 and digits[1] in "23456789":
        return "+" + digits
    import phonenumbers

    try:
        num = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(num):
        return None
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def email_key(raw: str) -> str | None:
    text = raw.strip().strip("<>").lower()
    if text.startswith("mailto:"):
        text = text[7:]
    if not _EMAIL_SHAPE.match(text):
        return None
    m = _NOREPLY.match(text)
    if m:
        return f"gh:{m.group(1)}"
    local, _, domain = text.rpartition("@")
    domain = domain.rstrip(".")
    local = local.split("+", 1)[0]
    if domain in _GMAIL:
        domain = "gmail.com"
        local = local.replace(".", "")
    if not local or local in _PLACEHOLDER_LOCALS or domain in _PLACEHOLDER_DOMAINS:
        return None
    if len(set(local)) == 1 and len(local) > 1:
        return None
    return f"{local}@{domain}"


# ---------------------------------------------------------------------------------------------
# extractors.normalise.addresses
# ---------------------------------------------------------------------------------------------

_SEGMENT = re.compile(r"[,;\n|]+")
_ZIP5 = re.compile(r"^\d{5}$")


def _abbreviate_state(words: list[str]) -> list[str]:
    end = len(words)
    while end and words[end - 1].isdigit():
        end -= 1
    for size in (3, 2, 1):
        if end - size >= 1 and " ".join(words[end - size : end]) in _STATES:
            return [*words[: end - size], _STATES[" ".join(words[end - size : end])], *words[end:]]
    return words


def address_tokens(raw: str) -> list[str]:
    text = raw.lower()
    if not text.isascii():
        from anyascii import anyascii

        text = anyascii(text).lower()
    text = _ZIP4.sub(" ", _ORDINAL.sub("", text))
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
        nxt = words[i + 1] if i + 1 < n_words else ""
        if w == "fl" and len(nxt) == 5 and nxt.isdigit() and (i + 2 == n_words or i == 0):
            out.append(w)
            i += 1
            continue
        if w in _UNIT:
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


def _is_number(token: str) -> bool:
    return token[:1].isdigit() and len(token) <= 6 and sum(c.isdigit() for c in token) >= 1


def _split_locality(tokens: list[str]) -> tuple[tuple[str, ...], str, str]:
    words = list(tokens)
    if len(words) >= 2 and len(words[-1]) == 4 and words[-1].isdigit() and _ZIP5.match(words[-2]):
        words.pop()
    zip5 = ""
    if words and _ZIP5.match(words[-1]):
        zip5 = words.pop()
    for size in (3, 2, 1):
        name = " ".join(words[-size:])
        if len(words) >= size and name in _STATES:
            words[-size:] = [_STATES[name]]
            break
    state = ""
    if words and words[-1] in _STATE_CODES and (zip5 or len(words) > 1):
        state = words.pop()
    return tuple(w for w in words if w != "#"), state, zip5


def _street_from(tokens: list[str]) -> tuple[str, list[str], str, str, list[str]] | None:
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
            return None
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
    try:
        import usaddress

        tagged, _ = usaddress.tag(text)
    except Exception:
        return None

    def tok(*labels: str) -> list[str]:
        return [t for label in labels for t in address_tokens(tagged.get(label, ""))]

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


def address_parts(raw: str) -> AddressParts | None:
    text = " ".join((raw or "").split())
    if not text or placeholder_reason("address", text):
        return None
    segments = [t for s in _SEGMENT.split(text) if (t := address_tokens(s))]
    segments = [s for s in segments if s not in _COUNTRY_WORDS]
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
        parsed = _usaddress_parts(text)
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


def address_key(raw: str) -> str | None:
    parts = address_parts(raw)
    if parts is None or not parts.street_level:
        return None
    where = parts.zip5 or " ".join((*parts.locality, parts.state)).strip()
    return f"{parts.street_text} {where}".strip()


def city_words(text: str) -> str:
    from extractors.normalise.text import plain_words

    first = (text or "").split(",")[0]
    words = [_CITY_WORDS.get(w, w) for w in plain_words(first)]
    return " ".join(w for w in words if w not in _METRO_WORDS) or " ".join(words)


# ---------------------------------------------------------------------------------------------
# scanner.identifiers
# ---------------------------------------------------------------------------------------------

_REF_EMAIL = re.compile(r"[^\s,;<>()]+@[^\s,;<>()]+")
_REF_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{6,}\d")


def reference_keys(text: str, default_region: str = "US") -> list[str]:
    out = [k for m in _REF_EMAIL.finditer(text) if (k := email_key(m.group()))]
    out += [k for m in _REF_PHONE.finditer(text) if (k := phone_key(m.group(), default_region))]
    return out


def _from_profile(i: int, prof: Profile) -> Iterator[Identifier]:
    fields: tuple[tuple[IdentifierKind, Iterable[str]], ...] = (
        (IdentifierKind.NAME, (prof.name, *prof.other_names)),
        (IdentifierKind.EMAIL, prof.emails),
        (IdentifierKind.PHONE, prof.phones),
        (IdentifierKind.ADDRESS, prof.addresses),
        (IdentifierKind.SHIPPING_ADDRESS, prof.shipping_addresses),
        (IdentifierKind.URL, prof.urls),
        (IdentifierKind.LINKEDIN, prof.linkedin_slugs),
        (IdentifierKind.GITHUB, prof.github_handles),
        (IdentifierKind.PHOTO, prof.photo_hashes),
        (IdentifierKind.REFERENCE, split_references(prof.references)),
    )
    for kind, values in fields:
        for v in values:
            if v and v.strip():
                yield Identifier(kind, v.strip(), i)


def candidate_identifiers(
    sources: Sequence[SourceDocument], profiles: Sequence[Profile | None]
) -> list[Identifier]:
    out: list[Identifier] = []
    seen: set[tuple[IdentifierKind, str]] = set()

    def add(ident: Identifier) -> None:
        if (ident.kind, ident.value) not in seen:
            seen.add((ident.kind, ident.value))
            out.append(ident)

    for i, src in enumerate(sources):
        if src.kind is SourceKind.ARCHIVE:
            continue
        prof = profiles[i] if i < len(profiles) else None
        is_document = src.kind is not SourceKind.APPLICATION and src.collector != "spreadsheet"
        if prof is not None and src.status is SourceStatus.OK:
            for ident in _from_profile(i, prof):
                add(ident)
            if is_document and prof.document is not None:
                fp = document_fingerprint(prof.document)
                if fp:
                    add(Identifier(IdentifierKind.DOCUMENT_FINGERPRINT, fp, i))
                author = prof.document.author.strip()
                if author:
                    add(Identifier(IdentifierKind.DOCUMENT_AUTHOR, author, i))
        if is_document and src.content and src.sha256:
            add(Identifier(IdentifierKind.DOCUMENT_SHA256, src.sha256.lower(), i))
    return out


def join_keys(ident: Identifier, default_region: str = "US") -> list[tuple[LinkKind, str]]:
    kind, value = ident.kind, ident.value
    link = kind.link_kind
    if link is None:
        return []
    key: str | None
    if kind is IdentifierKind.REFERENCE:
        return [(LinkKind.REFERENCE, k) for k in reference_keys(value, default_region)]
    if kind is IdentifierKind.PHONE:
        key = phone_key(value, default_region)
    elif kind is IdentifierKind.EMAIL:
        key = email_key(value)
    elif kind in (IdentifierKind.ADDRESS, IdentifierKind.SHIPPING_ADDRESS):
        key = address_key(value)
    elif kind is IdentifierKind.LINKEDIN:
        key = linkedin_key(value)
    elif kind is IdentifierKind.GITHUB:
        key = github_key(value)
    elif kind is IdentifierKind.PHOTO:
        key = value.strip().lower() or None
    elif kind is IdentifierKind.DOCUMENT_SHA256:
        key = f"sha256:{value.strip().lower()}" if value.strip() else None
    else:
        key = value.strip() or None
    return [(link, key)] if key else []


# ---------------------------------------------------------------------------------------------
# scanner.batch.keys
# ---------------------------------------------------------------------------------------------


def _field(ident: Identifier) -> str:
    if ident.kind is IdentifierKind.REFERENCE:
        return "references"
    if ident.kind in (IdentifierKind.DOCUMENT_SHA256, IdentifierKind.DOCUMENT_FINGERPRINT):
        return "document"
    return ident.kind.value


def candidate_keys(
    candidate: Candidate,
    index: int,
    *,
    row: int | None = None,
    default_region: str = "US",
    placeholders: Mapping[str, str] | None = None,
    photo: bytes | None = None,
) -> RowKeys:
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
    for ident in candidate_identifiers(candidate.sources, candidate.profiles):
        if ident.kind is IdentifierKind.NAME:
            names.append(ident.value)
            continue
        if ident.kind.link_kind is None:
            continue
        fld = _field(ident)
        raw = ident.value
        if fld == "document" and ident.source is not None:
            raw = candidate.sources[ident.source].uri
        keys = join_keys(ident, default_region)
        if not keys or any(k in extra_ph for _, k in keys):
            if any(k in extra_ph for _, k in keys) or is_placeholder(ident.kind.value, ident.value):
                ph.append((ident.kind.link_kind.value, ident.value))
            continue
        for kind, key in keys:
            if (kind.value, key, fld) not in seen:
                seen.add((kind.value, key, fld))
                idents.append(Ident(kind.value, key, fld, raw, ident.source))
    texts: list[tuple[int, str]] = []
    for i, src, prof in candidate.indexed_profiles():
        if src.kind.family is SourceFamily.RESUME and prof.text:
            texts.append((i, prof.text))
    if not texts:
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
    sketch: tuple[int, ...] | None = None
    sig_src: int | None = None
    for i, text in texts:
        measured = resume_keys(text, names)
        if measured is not None:
            (sig, sketch), sig_src = measured, i
            break
    ph_hash = photo_dhash(photo) if photo else None
    return RowKeys(
        index=index,
        id=candidate.id,
        name=candidate.name,
        row=row,
        idents=tuple(idents),
        resume_sig=sig,
        resume_sketch=sketch,
        resume_source=sig_src,
        photo_hash=ph_hash,
        photo_source=None,
        placeholders=tuple(ph),
    )
