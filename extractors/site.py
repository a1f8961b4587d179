"""Personal sites (and archived snapshots of profile pages) → a `Profile`.

What a personal site says about its owner in machine-readable form is read first: a JSON-LD
`Person` (top level, in `@graph` or as a page's `mainEntity`), schema.org microdata
(`itemtype=…/Person`, as GitHub's profile pages have), and h-card microformats (`h-card`,
or the older `vcard`). Then every `mailto:` and `tel:` link and every `rel=me` link. The name is
only taken from those structures, never guessed from a title. Pure: no network.

`extract_web_source` routes a live or archived web document: a LinkedIn page to the LinkedIn
parser, a GitHub account document to `extractors.github`, any other page to `parse_site`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from extractors.jsonld import ld_list as _list
from extractors.jsonld import ld_text as _s
from extractors.model import (
    ExtractionError,
    Position,
    Profile,
    SourceDocument,
    SourceKind,
    Study,
    frozen_mapping,
)

__all__ = ["extract_web_source", "parse_site"]

MAX_PAGE_BYTES = 20_000_000
_MAX_TEXT = 300_000


def _add(out: list[str], value: str) -> None:
    value = value.strip()
    if value and value.lower() not in (v.lower() for v in out):
        out.append(value)


# ---------------------------------------------------------------------------------------------
# JSON-LD
# ---------------------------------------------------------------------------------------------


def _walk(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, (list, dict)):
                yield from _walk(value, depth + 1)


def _types(node: dict[str, Any]) -> set[str]:
    return {str(t).rsplit("/", 1)[-1] for t in _list(node.get("@type")) if t}


def _ld_people(soup: Any) -> list[dict[str, Any]]:
    people = []
    for tag in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(tag.string or tag.get_text() or "null", strict=False)
        except (ValueError, RecursionError):
            continue
        people += [n for n in _walk(data) if "Person" in _types(n) and _s(n.get("name"))]
    return people


def _ld_location(address: Any) -> str:
    for item in _list(address):
        if isinstance(item, str) and item.strip():
            return _s(item)
        if isinstance(item, dict):
            country = item.get("addressCountry")
            if isinstance(country, dict):
                country = country.get("name")
            parts = [_s(item.get("addressLocality")), _s(item.get("addressRegion")), _s(country)]
            joined = ", ".join(p for p in parts if p)
            if joined:
                return joined
    return ""


def _mail(value: str) -> str:
    value = unquote(value.strip())
    if value.lower().startswith("mailto:"):
        value = value[7:]
    value = value.split("?", 1)[0].strip()
    return value if re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", value) else ""


def _tel(value: str) -> str:
    value = unquote(value.strip())
    if value.lower().startswith("tel:"):
        value = value[4:]
    return value.strip() if sum(c.isdigit() for c in value) >= 7 else ""


# ---------------------------------------------------------------------------------------------
# Microformats and microdata
# ---------------------------------------------------------------------------------------------

_MF = {
    "name": ("p-name", "fn"),
    "email": ("u-email", "email"),
    "tel": ("p-tel", "tel"),
    "url": ("u-url", "url"),
    "note": ("p-note", "note"),
    "title": ("p-job-title", "title"),
    "org": ("p-org", "org"),
    "nickname": ("p-nickname", "nickname"),
    "locality": ("p-locality", "locality"),
    "region": ("p-region", "region"),
    "country": ("p-country-name", "country-name"),
    "label": ("p-label", "label"),
    "adr": ("p-adr", "adr"),
}


def _text(tag: Any) -> str:
    if tag.name == "img":
        return _s(tag.get("alt"))
    if tag.name in ("abbr",) and tag.get("title"):
        return _s(tag.get("title"))
    return " ".join(tag.get_text(" ", strip=True).split())


def _value(tag: Any, base: str) -> str:
    for attr in ("href", "src", "value", "content"):
        if tag.get(attr):
            value = str(tag.get(attr)).strip()
            return urljoin(base, value) if attr in ("href", "src") and base else value
    return _text(tag)


def _props(card: Any, names: tuple[str, ...]) -> list[Any]:
    """Property elements of this card, not of cards nested inside it."""
    found = []
    for tag in card.find_all(class_=lambda c: bool(c) and any(n in c.split() for n in names)):
        parent = tag.parent
        nested = False
        while parent is not None and parent is not card:
            classes = parent.get("class") or []
            if "h-card" in classes or "vcard" in classes:
                nested = True
                break
            parent = parent.parent
        if not nested:
            found.append(tag)
    return found


def _h_cards(soup: Any) -> list[Any]:
    cards = soup.find_all(
        class_=lambda c: bool(c) and ("h-card" in c.split() or "vcard" in c.split())
    )
    top = [
        c
        for c in cards
        if c.find_parent(class_=lambda x: bool(x) and "h-card" in x.split()) is None
    ]
    return top or cards


def _microdata_people(soup: Any) -> list[Any]:
    return [
        t
        for t in soup.find_all(attrs={"itemscope": True})
        if str(t.get("itemtype", "")).rstrip("/").endswith("schema.org/Person")
    ]


def _itemprop(scope: Any, name: str) -> list[Any]:
    return scope.find_all(attrs={"itemprop": lambda v: bool(v) and name in str(v).split()})


# ---------------------------------------------------------------------------------------------
# Parse
# ---------------------------------------------------------------------------------------------


class _Collected:
    def __init__(self) -> None:
        self.names: list[str] = []
        self.emails: list[str] = []
        self.phones: list[str] = []
        self.locations: list[str] = []
        self.urls: list[str] = []
        self.summary = ""
        self.headline = ""
        self.positions: list[Position] = []
        self.studies: list[Study] = []
        self.handles: list[str] = []
        self.found: list[str] = []  # which structures were present, for notes


def _from_ld(people: list[dict[str, Any]], page_url: str, out: _Collected) -> None:
    if not people:
        return
    out.found.append("JSON-LD Person")
    main = people[0]
    for person in people:
        if page_url and page_url.rstrip("/") in (_s(person.get("url")).rstrip("/"),):
            main = person
            break
    _add(out.names, _s(main.get("name")))
    for alt in _list(main.get("alternateName")):
        _add(out.names, _s(alt))
    for e in _list(main.get("email")):
        _add(out.emails, _mail(_s(e)))
    for t in _list(main.get("telephone")):
        _add(out.phones, _s(t))
    _add(out.locations, _ld_location(main.get("address")) or _ld_location(main.get("homeLocation")))
    for u in [*_list(main.get("url")), *_list(main.get("sameAs"))]:
        _add(out.urls, _s(u))
    out.summary = out.summary or _s(main.get("description"))
    titles = [_s(t) for t in _list(main.get("jobTitle")) if _s(t)]
    out.headline = out.headline or ", ".join(titles)
    orgs = [o for o in _list(main.get("worksFor")) if isinstance(o, dict) and _s(o.get("name"))]
    for i, org in enumerate(orgs):
        title = titles[i] if len(titles) == len(orgs) else ""
        out.positions.append(
            Position(
                org=_s(org["name"]),
                title=title,
                raw=_s(org["name"]),
                confidence=0.9,
                confidence_reason="structured markup on the page (JSON-LD worksFor)",
            )
        )
    for org in _list(main.get("alumniOf")):
        if isinstance(org, dict) and _s(org.get("name")):
            out.studies.append(
                Study(
                    school=_s(org["name"]),
                    raw=_s(org["name"]),
                    confidence=0.9,
                    confidence_reason="structured markup on the page (JSON-LD alumniOf)",
                )
            )


def _from_microdata(soup: Any, base: str, out: _Collected) -> None:
    scopes = _microdata_people(soup)
    if not scopes:
        return
    out.found.append("schema.org microdata")
    scope = scopes[0]
    for tag in _itemprop(scope, "name")[:1]:
        _add(out.names, _text(tag))
    for tag in _itemprop(scope, "email"):
        link = tag if tag.name == "a" else tag.find("a", href=True)
        _add(out.emails, _mail(_value(link, base) if link is not None else _text(tag)))
    for tag in _itemprop(scope, "telephone"):
        _add(out.phones, _text(tag))
    for prop in ("homeLocation", "address"):
        for tag in _itemprop(scope, prop)[:1]:
            _add(out.locations, _text(tag))
    for tag in _itemprop(scope, "url"):
        link = tag if tag.get("href") else tag.find("a", href=True)
        if link is not None:
            _add(out.urls, _value(link, base))
    for tag in _itemprop(scope, "additionalName")[:1]:
        _add(out.handles, _text(tag))


def _from_h_card(soup: Any, base: str, out: _Collected) -> None:
    cards = [c for c in _h_cards(soup) if _props(c, _MF["name"]) or _props(c, _MF["email"])]
    if not cards:
        return
    out.found.append("h-card")
    card = cards[0]
    for tag in _props(card, _MF["name"])[:1]:
        _add(out.names, _text(tag))
    for tag in _props(card, _MF["email"]):
        _add(out.emails, _mail(_value(tag, base) if tag.get("href") else _text(tag)))
    for tag in _props(card, _MF["tel"]):
        _add(out.phones, _text(tag) or _tel(_value(tag, base)))
    parts = [
        _text(t) for key in ("locality", "region", "country") for t in _props(card, _MF[key])[:1]
    ]
    _add(out.locations, ", ".join(p for p in parts if p))
    for key in ("adr", "label"):
        for tag in _props(card, _MF[key])[:1]:
            _add(out.locations, _text(tag))
    for tag in _props(card, _MF["url"]):
        _add(out.urls, _value(tag, base))
    for tag in _props(card, _MF["note"])[:1]:
        out.summary = out.summary or _text(tag)
    titles = [_text(t) for t in _props(card, _MF["title"])]
    orgs = [_text(t) for t in _props(card, _MF["org"])]
    out.headline = out.headline or ", ".join(t for t in titles if t)
    if orgs and not out.positions:
        for i, org in enumerate(orgs):
            title = titles[i] if len(titles) == len(orgs) else ""
            out.positions.append(
                Position(
                    org=org,
                    title=title,
                    raw=org,
                    confidence=0.85,
                    confidence_reason="structured markup on the page (h-card org)",
                )
            )
    for tag in _props(card, _MF["nickname"])[:1]:
        _add(out.handles, _text(tag))


def _from_links(soup: Any, base: str, out: _Collected) -> None:
    for a in soup.find_all("a", href=True):
        href = str(a["href"]).strip()
        low = href.lower()
        if low.startswith("mailto:"):
            _add(out.emails, _mail(href))
        elif low.startswith("tel:"):
            text = _text(a)
            _add(out.phones, text if sum(c.isdigit() for c in text) >= 7 else _tel(href))
    for tag in soup.find_all(["a", "link"], href=True, rel=True):
        rels = tag.get("rel") or []
        rels = rels.split() if isinstance(rels, str) else rels
        if "me" in [r.lower() for r in rels]:
            href = str(tag["href"]).strip()
            if not href.lower().startswith(("mailto:", "tel:")):
                _add(out.urls, urljoin(base, href) if base else href)


def parse_site(html: bytes, url: str = "", as_of: date | None = None) -> Profile:
    """The owner of a personal site as the page describes them. `url` is the page's address
    (relative links resolve against it); `as_of` is when the page was captured."""
    if not html or not html.strip():
        raise ExtractionError("page is empty")
    if len(html) > MAX_PAGE_BYTES:
        raise ExtractionError(
            f"page is too large ({len(html):,} bytes; the limit is {MAX_PAGE_BYTES:,})"
        )
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    out = _Collected()
    _from_ld(_ld_people(soup), url, out)
    _from_microdata(soup, url, out)
    _from_h_card(soup, url, out)
    _from_links(soup, url, out)
    from extractors.contacts import github_handle, linkedin_slug

    page_handle = github_handle(url) if url and "github.com/" in url.lower() else None
    handles: list[str] = []
    if page_handle:
        _add(handles, page_handle)
        for nick in out.handles:  # the login a GitHub profile page shows beside the name
            _add(handles, nick)
    for u in out.urls:
        h = github_handle(u)
        if h:
            _add(handles, h)
    urls = [u for u in out.urls if u.rstrip("/") != url.rstrip("/")] if url else out.urls
    slugs: list[str] = []
    for u in urls:
        s = linkedin_slug(u)
        if s:
            _add(slugs, s)
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    notes = [] if out.found else ["no JSON-LD Person, microdata or h-card: only links were read"]
    return Profile(
        name=out.names[0] if out.names else "",
        other_names=tuple(out.names[1:]),
        headline=out.headline,
        summary=out.summary,
        emails=tuple(out.emails),
        phones=tuple(out.phones),
        locations=tuple(out.locations),
        urls=tuple(urls),
        linkedin_slugs=tuple(slugs),
        github_handles=tuple(handles),
        experience=tuple(out.positions),
        education=tuple(out.studies),
        as_of=as_of,
        text=soup.get_text("\n", strip=True)[:_MAX_TEXT],
        notes=tuple(notes),
        extra=frozen_mapping({"structures": out.found} if out.found else {}),
    )


def _date(text: Any) -> date | None:
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00")).date()
    except ValueError:
        return None


def extract_web_source(doc: SourceDocument) -> tuple[Profile, SourceKind] | None:
    """A fetched or archived page (or GitHub account document) → (profile, kind), or None when
    the content is of another format (a PDF résumé behind a site URL) and the general dispatch
    should read it. Archived sources keep the kind `archive`. Raises `ExtractionError`
    (`BlockedPage` for LinkedIn login walls)."""
    from extractors.github import looks_like_github_document, parse_github

    keep = doc.kind if doc.kind is SourceKind.ARCHIVE else None
    captured = _date(doc.meta.get("captured_at")) if doc.meta.get("captured_at") else None
    page_url = str(doc.meta.get("snapshot_of") or doc.meta.get("final_url") or doc.uri)
    if doc.format == "json":
        if not looks_like_github_document(doc.content):
            return None
        return parse_github(doc.content), keep or SourceKind.GITHUB
    if doc.format != "html":
        return None
    from extractors.linkedin_page import classify_linkedin_page, parse_linkedin_page

    if classify_linkedin_page(doc.content) != "not_linkedin":
        return parse_linkedin_page(doc.content, as_of=captured), keep or SourceKind.LINKEDIN_PAGE
    kind = keep or (SourceKind.SITE if doc.kind is not SourceKind.GITHUB else SourceKind.GITHUB)
    return parse_site(
        doc.content, page_url if urlsplit(page_url).scheme else "", as_of=captured
    ), kind
