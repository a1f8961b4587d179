"""What linkage needs from one applicant: the join keys of its identifiers, a MinHash signature
of its résumé text and a hash of its photo (`RowKeys`).

Identifiers come from `scanner.identifiers` and are keyed by `extractors.normalise`, like the
store's. Every function is pure and deterministic across processes (no `hash()` of strings), so
the local pool and Spark executors compute the same keys. A placeholder (`n/a`, `000-000-0000`,
`test@test.com`, a configured switchboard) is counted instead of linked.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from extractors.model import SourceFamily, SourceKind
from extractors.normalise.addresses import address_key
from extractors.normalise.contacts import email_key, is_placeholder, phone_key
from extractors.normalise.names import name_key, name_tokens, surname
from scanner.identifiers import (
    JOIN_KEY,
    IdentifierKind,
    identifier_values,
    reference_keys,
)

if TYPE_CHECKING:
    from scanner.model import Candidate

__all__ = [
    "EXACT_KINDS",
    "LSH_BANDS",
    "Ident",
    "RowKeys",
    "candidate_keys",
    "photo_bands",
    "photo_dhash",
    "resume_keys",
    "resume_signature",
    "resume_sketch",
    "signature_bands",
    "signature_similarity",
    "sketch_set_similarity",
    "sketch_similarity",
]

# Kinds joined by exact key equality. `resume` and `photo` are joined by similarity (LSH).
EXACT_KINDS = ("phone", "email", "address", "linkedin", "github", "photo", "document", "reference")

SIG_BINS = 128  # MinHash (one-permutation) signature length, cut into LSH bands
SHINGLE = 4  # words per shingle, within one line
MIN_SHINGLES = 12  # shorter texts are not compared
SKETCH = 128  # bottom-k sketch size: similarity exact up to this many shingles, else ±0.045
LSH_BANDS = 42  # bands of 3 bins: a pair with Jaccard 0.45 shares one with probability 0.98
# Words that carry no content, left out of shingles so rewording them changes nothing.
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "for",
        "to",
        "in",
        "on",
        "with",
        "by",
        "at",
        "as",
        "from",
        "into",
        "over",
        "via",
        "per",
        "our",
        "my",
        "we",
        "i",
        "us",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
    ]
)


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
    resume_sig: tuple[int, ...] | None = None  # MinHash bins, for LSH banding
    resume_sketch: tuple[int, ...] | None = None  # bottom-k hashes, for similarity
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
# Résumé text: MinHash (one-permutation hashing with densification) over word shingles
# --------------------------------------------------------------------------------------------

_EMAIL_RE = re.compile(r"\S+@\S+")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\b\S+\.(?:com|org|net|io|dev)/\S*", re.I)
_PHONEISH = re.compile(r"\+?\d[\d\s().-]{6,}\d")
_WORD = re.compile(r"[a-z0-9]+")
_VALUE_BITS = 32 - (SIG_BINS.bit_length() - 1)  # the hash's high bits pick the bin
_MASK = (1 << _VALUE_BITS) - 1


def _shingles(text: str, names: Iterable[str]) -> set[str]:
    """4-word shingles of each line (never across lines), with names, contact details, numbers
    and dates, and stop words left out: a copy with other names, other dates, bullets in
    another order and a few words changed keeps most of its shingles."""
    from anyascii import anyascii

    body = anyascii(text).lower()
    body = _EMAIL_RE.sub(" ", body)
    body = _URL_RE.sub(" ", body)
    body = _PHONEISH.sub(" ", body)
    drop = {t for n in names for t in name_tokens(n)} | _STOPWORDS
    out: set[str] = set()
    for line in body.splitlines():
        words = [w for w in _WORD.findall(line) if w not in drop and not w.isdigit()]
        out.update(" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))
    return out


def _shingle_hashes(text: str, names: Iterable[str]) -> list[int] | None:
    """32-bit hashes of the text's shingles (`_shingles`), or None when it is too short."""
    shingles = _shingles(text, names)
    if len(shingles) < MIN_SHINGLES:
        return None
    crc = zlib.crc32
    return [(crc(s.encode()) * 0x9E3779B1) & 0xFFFFFFFF for s in shingles]


def _one_permutation(hashes: Iterable[int]) -> tuple[int, ...]:
    sig = [-1] * SIG_BINS
    for h in hashes:
        b = h >> _VALUE_BITS
        v = h & _MASK
        if sig[b] < 0 or v < sig[b]:
            sig[b] = v
    return _densify(sig)


def resume_signature(text: str, names: Iterable[str] = ()) -> tuple[int, ...] | None:
    """A 128-value MinHash signature of the text's shingles (`_shingles`), or None when the text
    is too short to compare: what LSH bands are cut from (`signature_bands`).

    Names and contact details are removed first, so two copies of one résumé under different
    names and phones still match, and two résumés that share only a name do not.
    """
    hashes = _shingle_hashes(text, names)
    return None if hashes is None else _one_permutation(hashes)


def resume_sketch(text: str, names: Iterable[str] = ()) -> tuple[int, ...] | None:
    """The `SKETCH` smallest shingle hashes (a bottom-k sketch), or None when the text is too
    short: what two résumés' similarity is measured on (`sketch_similarity`). Exact for texts
    of up to `SKETCH` shingles, where a one-permutation signature is mostly filled-in bins."""
    hashes = _shingle_hashes(text, names)
    return None if hashes is None else tuple(sorted(set(hashes))[:SKETCH])


def resume_keys(
    text: str, names: Iterable[str] = ()
) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """`resume_signature` and `resume_sketch` of one text, shingled once."""
    hashes = _shingle_hashes(text, names)
    if hashes is None:
        return None
    return _one_permutation(hashes), tuple(sorted(set(hashes))[:SKETCH])


def sketch_similarity(a: Sequence[int], b: Sequence[int], at_least: float = 0.0) -> float:
    """Estimated Jaccard similarity of two bottom-k sketches: of the k smallest hashes of both,
    the share found in each (exact when both texts have at most k shingles).

    With `at_least`, a pair that cannot reach it is answered 0.0 without the full count (the
    shared hashes bound the similarity from above): linkage asks this of many LSH candidates
    that share a layout and little else."""
    return sketch_set_similarity(frozenset(a), frozenset(b), at_least)


def sketch_set_similarity(sa: frozenset[int], sb: frozenset[int], at_least: float = 0.0) -> float:
    """`sketch_similarity` of two sketches already made sets (linkage makes each row's once)."""
    if not sa or not sb:
        return 0.0
    both = sa & sb
    n_union = len(sa) + len(sb) - len(both)
    size = min(n_union, max(len(sa), len(sb)))
    if len(both) < at_least * size:
        return 0.0
    if n_union > size:
        cut = sorted(sa | sb)[size - 1]
        return sum(1 for h in both if h <= cut) / size
    return len(both) / size


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
    """Estimated Jaccard similarity of two signatures (share of equal bins); 0 for signatures
    of different lengths (one kept from an older version)."""
    if len(a) != len(b) or not a:
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


def signature_bands(sig: Sequence[int], bands: int = LSH_BANDS) -> list[str]:
    """LSH band keys: rows that share one band are compared (42 bands of 3: a pair with
    Jaccard 0.45 is compared with probability 0.98, 0.5 with 0.996, one with 0.05 with 0.005)."""
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


# --------------------------------------------------------------------------------------------
# From a candidate
# --------------------------------------------------------------------------------------------


# Per identifier kind: the candidate's field evidence names an identifier's source by.
_FIELD = {
    kind: (
        "references"
        if kind is IdentifierKind.REFERENCE
        else "document"
        if kind in (IdentifierKind.DOCUMENT_SHA256, IdentifierKind.DOCUMENT_FINGERPRINT)
        else kind.value
    )
    for kind in IdentifierKind
}
# Per identifier kind that links: (link kind, field, the kind's own name, its key function;
# None for references, which name several keys). Enum attributes are slow to read per value.
_KEYING: dict[IdentifierKind, tuple[str, str, str, Callable[[str, str], str | None] | None]] = {
    kind: (link.value, _FIELD[kind], kind.value, JOIN_KEY.get(kind))
    for kind in IdentifierKind
    if (link := kind.link_kind) is not None
}
# The source kinds of the résumé family (`SourceKind.family`, a property, read once).
_RESUME_KINDS = frozenset(k for k in SourceKind if k.family is SourceFamily.RESUME)
_EXTRA_PH: dict[tuple[tuple[tuple[str, str], ...], str], frozenset[str]] = {}


def _extra_placeholder_keys(placeholders: Mapping[str, str], default_region: str) -> frozenset[str]:
    """The keys of the configured extra placeholders, worked out once per settings (bounded)."""
    token = (tuple(placeholders.items()), default_region)
    found = _EXTRA_PH.get(token)
    if found is None:
        found = frozenset(
            k
            for raw in placeholders
            for k in (
                phone_key(raw, default_region),
                email_key(raw),
                address_key(raw),
                raw.strip().lower(),
            )
            if k
        )
        if len(_EXTRA_PH) >= 16:
            _EXTRA_PH.clear()
        _EXTRA_PH[token] = found
    return found


def candidate_keys(
    candidate: Candidate,
    index: int,
    *,
    row: int | None = None,
    default_region: str = "US",
    placeholders: Mapping[str, str] | None = None,
    photo: bytes | None = None,
) -> RowKeys:
    """All linkage keys of one candidate (`scanner.identifiers`), with the source of each.

    `placeholders` maps extra values to ignore (the company's own switchboard, say) to a label;
    they are compared after canonicalisation. A résumé's text gives a MinHash signature.
    """
    extra_ph = _extra_placeholder_keys(placeholders, default_region) if placeholders else None
    sources = candidate.sources
    idents: list[Ident] = []
    seen: set[tuple[str, str, str]] = set()
    ph: list[tuple[str, str]] = []
    names: list[str] = []
    name_kind = IdentifierKind.NAME
    for kind, value, source in identifier_values(sources, candidate.profiles):
        if kind is name_kind:
            names.append(value)
            continue
        keying = _KEYING.get(kind)
        if keying is None:
            continue
        link, fld, kind_name, keyer = keying
        keys: list[str]
        if keyer is None:
            keys = reference_keys(value, default_region)
        else:
            key = keyer(value, default_region)
            keys = [key] if key else []
        if extra_ph is not None and any(k in extra_ph for k in keys):
            ph.append((link, value))
            continue
        if not keys:
            if is_placeholder(kind_name, value):
                ph.append((link, value))
            continue
        raw = sources[source].uri if fld == "document" else value
        for key in keys:
            if (link, key, fld) not in seen:
                seen.add((link, key, fld))
                idents.append(Ident(link, key, fld, raw, source))
    texts: list[tuple[int, str]] = []
    for i, src, prof in candidate.indexed_profiles():
        if src.kind in _RESUME_KINDS and prof.text:
            texts.append((i, prof.text))
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
