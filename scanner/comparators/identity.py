"""ID: whether the profiles and documents belong to the person who applies with them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractors.normalise.contacts import mailboxes_match, same_number
from extractors.normalise.names import email_matches_name, names_match, normalise_name
from scanner.comparators.cross_source import _label
from scanner.model import Candidate, Category, Evidence, Severity
from scanner.registry import CheckContext, Hit, check

# Slug suffixes LinkedIn adds to make a vanity URL unique: `-8a7b21`, `-123456789`, `-phd`.
_SLUG_SUFFIX = re.compile(
    r"(-(?=[0-9a-f]*\d)[0-9a-f]{4,}|-\d+|-(phd|mba|cpa|pmp|md|jr|sr|ii|iii))+$"
)


def _candidate_names(candidate: Candidate, *, given_only: bool = False) -> list[str]:
    """Names the candidate uses: every source's, or only the application's and résumé's."""
    names: list[str] = []
    for _, src, p in candidate.indexed_profiles():
        if not (src.kind.given or (src.kind.is_profile and not given_only)):
            continue
        for n in (p.name, *p.other_names):
            if n and n not in names:
                names.append(n)
    if given_only and not names:
        return _candidate_names(candidate)
    return names


_ONLY_ID = re.compile(r"[0-9a-f]*\d[0-9a-f]*")
_SLUG_BREAK = re.compile(r"[-_.]+")


def slug_matches_name(slug: str, name: str) -> bool:
    """`dana-whitfield`, `danawhitfield`, `dana-whitfield-8a7b21`, `dwhitfield`, `whitfield-dana`,
    `dana-j-whitfield` and nickname forms all belong to "Dana Whitfield"."""
    core = _SLUG_SUFFIX.sub("", slug.lower()).strip("-")
    if not core or _ONLY_ID.fullmatch(core):
        return True  # nothing but an id: says nothing about the name
    words = [w for w in _SLUG_BREAK.split(core) if w]
    as_name = " ".join(words)
    if len(words) >= 2 and names_match(as_name, name).level.value <= 4:
        return True
    joined = "".join(words)
    if email_matches_name(joined, [name]) or email_matches_name(".".join(words), [name]):
        return True
    tokens = normalise_name(name).split()
    # A slug of one name part plus digits, or the parts run together.
    return joined in {"".join(tokens), "".join(reversed(tokens))} or (
        len(words) == 1 and joined in tokens
    )


@check(
    "ID001",
    "LinkedIn vanity URL does not match the name",
    Category.IDENTITY,
    Severity.MEDIUM,
    needs=("names",),
)
def slug_vs_name(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The LinkedIn vanity URL (`linkedin.com/in/<slug>`) does not correspond to the name on the
    profile or to any name the candidate uses.

    A vanity URL is chosen when the account is made and rarely changed; a rented or hijacked
    account keeps the original owner's slug under the new name. The usual slug forms are
    accepted: `first-last`, `firstlast`, `first-last-8a7b21` (LinkedIn's uniqueness suffix),
    initials (`dwhitfield`), a middle initial, reversed order, nicknames, diacritics dropped or
    percent-encoded. A slug that is only an id says nothing and is not flagged.

    Verify by hand: open the URL and compare the name shown with the slug; look at the web
    archive's earlier captures of the URL.
    """
    names = _candidate_names(candidate)
    if not names:
        return
    seen: set[str] = set()
    for i, _src, p in candidate.indexed_profiles():
        for slug in p.linkedin_slugs:
            if slug.lower() in seen:
                continue
            seen.add(slug.lower())
            if any(slug_matches_name(slug, n) for n in names):
                continue
            yield Hit(
                f"linkedin.com/in/{slug} does not correspond to {' / '.join(repr(n) for n in names)}",
                (Evidence(i, "linkedin_slugs[0]", slug), Evidence(None, "names", "; ".join(names))),
                confidence=0.75,
            )


@check(
    "ID003",
    "Linked profile publishes other contact details",
    Category.IDENTITY,
    Severity.HIGH,
    needs=("two_sources",),
)
def profile_contacts_differ(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """A linked profile (LinkedIn, GitHub, personal site) publishes an email or phone, the
    candidate gave their own, and none of them agree: the profile's owner is reachable elsewhere.

    Mailboxes are compared with provider aliases and separators folded (Gmail dots, `+tags`,
    dots, hyphens and underscores in the local part), phones as E.164 numbers. Only profile sources count here; a résumé whose email differs from the
    application form is the weaker XS007.

    Verify by hand: write to the address the profile publishes and ask whether its owner applied.
    """
    given = [(i, s, p) for i, s, p in candidate.indexed_profiles() if s.kind.given]
    profiles = [(i, s, p) for i, s, p in candidate.indexed_profiles() if s.kind.is_profile]
    for field, same in (("emails", mailboxes_match), ("phones", same_number)):
        mine = [(i, v) for i, _, p in given for v in getattr(p, field)]
        if not mine:
            continue
        for j, sj, pj in profiles:
            theirs = getattr(pj, field)
            if not theirs or any(same(v, w) for v in theirs for _, w in mine):
                continue
            first_given = mine[0]
            yield Hit(
                f"{_label(j, sj)} publishes {field[:-1]} {', '.join(theirs)}; the candidate gave {first_given[1]}",
                (
                    Evidence(j, f"{field}[0]", theirs[0]),
                    Evidence(first_given[0], f"{field}[0]", first_given[1]),
                ),
                confidence=0.8,
            )


_GENERIC_AUTHORS = re.compile(
    r"^(|user|admin|administrator|owner|author|unknown|resume|cv|microsoft office user|"
    r"windows user|linkedin|apache fop.*|pc|home|default|guest|hp|dell|lenovo|test)$",
    re.I,
)


@check(
    "ID005",
    "Document metadata names another author",
    Category.IDENTITY,
    Severity.LOW,
    needs=("documents", "names"),
)
def document_author(candidate: Candidate, ctx: CheckContext) -> Iterator[Hit]:
    """The document's own metadata (PDF Author, DOCX author or last-modified-by) names a person
    other than the candidate.

    Résumés are often written from a template or by a friend or service, so this is `low` on its
    own; it matters when the same author appears on many applicants' documents (NW007) or with
    other findings. Generic values ("Microsoft Office User", "admin", "LinkedIn") are ignored,
    and so are the candidate's own name in any tolerated form and the same given name under
    another surname (a maiden or married name). A shared surname with another given name is
    another person (a relative, perhaps): reported, with that said.

    Verify by hand: open the document properties; ask who prepared the résumé.
    """
    from extractors.normalise.names import NameLevel, name_relation, names_match

    names = _candidate_names(candidate, given_only=True)
    if not names:
        return
    for i, _src, p in candidate.indexed_profiles():
        meta = p.document
        if meta is None:
            continue
        for field in ("author", "last_modified_by"):
            value = (getattr(meta, field) or "").strip()
            if _GENERIC_AUTHORS.match(value) or not re.search(r"[A-Za-z]{2}", value):
                continue
            if "@" in value or len(value.split()) < 2:
                # A user name or single word: compare like an email local part.
                from extractors.normalise.names import email_matches_name

                if email_matches_name(value.split("@")[0], names):
                    continue
            elif any(name_relation(value, n) != "different" for n in names):
                continue
            relative = any(names_match(value, n).level is NameLevel.PARTIAL for n in names)
            aside = " (another given name under a shared surname: a relative, perhaps)"
            yield Hit(
                f"document {field.replace('_', ' ')} is {value!r}, not {' / '.join(repr(n) for n in names)}"
                + (aside if relative else ""),
                (Evidence(i, f"document.{field}", value),),
                confidence=0.6,
            )
