"""Saved LinkedIn public profile pages: what kind of page it is, and the profile it shows.

The embedded JSON-LD `Person` (top level or inside `@graph`) is read first; the visible sections
(top card, About, Experience, Education) fill in what it lacks, such as job titles and dates of
past roles. A login wall, CAPTCHA, rate-limit ("HTTP 999") or "profile not available" page is
not an empty profile: it raises `BlockedPage`, which the scanner reports as a blocked source.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from extractors.jsonld import ld_list as _list
from extractors.jsonld import ld_text as _str
from extractors.model import (
    DateRange,
    ExtractionError,
    PartialDate,
    Position,
    Profile,
    Study,
    frozen_mapping,
)

__all__ = ["BLOCK_MESSAGES", "BlockedPage", "classify_linkedin_page", "parse_linkedin_page"]

MAX_PAGE_BYTES = 20_000_000
_MAX_TEXT = 300_000  # characters of visible text searched for page markers

BLOCK_MESSAGES = {
    "authwall": "LinkedIn login wall: the public profile was not shown",
    "captcha": "LinkedIn security check (CAPTCHA): the public profile was not shown",
    "rate_limited": "LinkedIn refused the request (rate limit, HTTP 999): the public profile was not shown",
    "unavailable": "LinkedIn says the profile is not available (removed, private or a wrong address)",
}


class BlockedPage(ExtractionError):
    """The saved page is LinkedIn's login wall, CAPTCHA, rate-limit or "not available" page.

    `reason` is the page kind from `classify_linkedin_page`.
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


_CAPTCHA = ("checkpoint/challenge", "security verification", "quick security check", "captcha")
_RATE = ("request denied", "too many requests", "http 999", "status 999", "rate limit")
_UNAVAILABLE = (
    "profile is not available",
    "profile not found",
    "page not found",
    "this page doesn't exist",
    "page doesn't exist",
    "profile is no longer available",
    "this profile is unavailable",
)
_AUTHWALL = (
    "authwall",
    "join linkedin",
    "sign in to view",
    "agree & join",
    "sign up | linkedin",
    "join to view",
    "sign in to see",
    "join now to see",
)
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}


class _Page:
    """The parsed page and the facts the classification and the parser share."""

    def __init__(self, html: bytes) -> None:
        if not html:
            raise ExtractionError("saved page is empty")
        if len(html) > MAX_PAGE_BYTES:
            raise ExtractionError(
                f"saved page is too large ({len(html):,} bytes; the limit is {MAX_PAGE_BYTES:,})"
            )
        from bs4 import BeautifulSoup

        self.soup = BeautifulSoup(html, "lxml")
        self.ld = list(_json_ld(self.soup))
        self.person = _person(self.ld)
        self.title = _text(self.soup.title) if self.soup.title else ""
        self._links = list(self._find_links())
        for tag in self.soup(["script", "style", "noscript", "template"]):
            tag.decompose()
        visible = self.soup.get_text(" ", strip=True)[:_MAX_TEXT]
        self.visible = _fold(visible)

    def meta(self, prop: str) -> str:
        tag = self.soup.find("meta", attrs={"property": prop}) or self.soup.find(
            "meta", attrs={"name": prop}
        )
        return str(tag.get("content") or "") if tag else ""

    def links(self) -> list[str]:
        """Addresses the page declares about itself or loads from (not links in its text)."""
        return self._links

    def _find_links(self) -> Iterator[str]:
        for tag in self.soup.find_all("link", href=True):
            yield str(tag["href"])
        for tag in self.soup.find_all(["script", "img"], src=True):
            yield str(tag["src"])
        for tag in self.soup.find_all("form", action=True):
            yield str(tag["action"])
        yield self.meta("og:url")

    def is_linkedin(self) -> bool:
        if self.meta("og:site_name").strip().lower() == "linkedin":
            return True
        if re.search(r"\blinkedin\b", self.title, re.IGNORECASE):
            return True
        for url in self.links():
            host = _host(url)
            if host == "linkedin.com" or host.endswith((".linkedin.com", "licdn.com")):
                return True
        return self.person is not None and "linkedin.com/" in str(self.person.get("url", ""))

    def has_profile(self) -> bool:
        if self.person is not None and _str(self.person.get("name")):
            return True
        return self.soup.select_one("h1.top-card-layout__title, h1.text-heading-xlarge") is not None

    def markers(self) -> str:
        urls = " ".join(self.links()).lower()
        classes = " ".join(
            " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
            for tag in self.soup.find_all(True, limit=5000)
        ).lower()
        return f"{_fold(self.title)} {self.visible} {urls} {classes}"


def _fold(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u00a0", " ").lower().split())


def _host(url: str) -> str:
    m = re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//([^/?#:]+)", url.strip(), re.IGNORECASE)
    host = m.group(1).lower() if m else ""
    return host[4:] if host.startswith("www.") else host


def _classify(page: _Page) -> str:
    if not page.is_linkedin():
        return "not_linkedin"
    if page.has_profile():
        return "profile"
    markers = page.markers()
    for kind, words in (
        ("captcha", _CAPTCHA),
        ("rate_limited", _RATE),
        ("unavailable", _UNAVAILABLE),
        ("authwall", _AUTHWALL),
    ):
        if any(w in markers for w in words):
            return kind
    return "unavailable"


def classify_linkedin_page(html: bytes) -> str:
    """What a saved page is: "profile", "authwall", "unavailable", "rate_limited", "captcha",
    or "not_linkedin" (a page of some other site). Raises `ExtractionError` only for empty or
    oversized input."""
    return _classify(_Page(html))


# ---------------------------------------------------------------------------------------------
# JSON-LD
# ---------------------------------------------------------------------------------------------


def _json_ld(soup: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object on the page, flattened out of lists and `@graph`."""
    for tag in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(tag.string or tag.get_text() or "null", strict=False)
        except (ValueError, RecursionError):
            continue
        yield from _flatten(data, 0)


def _flatten(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"], depth + 1)


def _types(node: dict[str, Any]) -> set[str]:
    t = node.get("@type")
    values = t if isinstance(t, list) else [t]
    return {str(v) for v in values if v}


def _person(nodes: list[dict[str, Any]]) -> dict[str, Any] | None:
    people = [n for n in nodes if "Person" in _types(n) and _str(n.get("name"))]
    for person in people:
        if "linkedin.com/in/" in str(person.get("url", "")) + str(person.get("sameAs", "")):
            return person
    return people[0] if people else None


def _ld_date(value: Any) -> PartialDate | None:
    text = _str(value)
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:T.*)?", text)
    if m:
        try:
            return PartialDate(int(m.group(1)), int(m.group(2)) if m.group(2) else None)
        except ValueError:
            return None
    return _page_date(text)


def _ld_range(member: Any) -> DateRange | None:
    role = member[0] if isinstance(member, list) and member else member
    if not isinstance(role, dict):
        return None
    start, end = _ld_date(role.get("startDate")), _ld_date(role.get("endDate"))
    if start is None and end is None:
        return None
    raw = f"{_str(role.get('startDate'))} - {_str(role.get('endDate'))}".strip(" -")
    return DateRange(start, end, raw=raw)


def _location(address: Any) -> str:
    for item in _list(address):
        if isinstance(item, str) and item.strip():
            return " ".join(item.split())
        if isinstance(item, dict):
            locality = _str(item.get("addressLocality"))
            if locality:
                return locality
            parts = [_str(item.get(k)) for k in ("addressRegion", "addressCountry")]
            joined = ", ".join(p for p in parts if p)
            if joined:
                return joined
    return ""


# ---------------------------------------------------------------------------------------------
# Visible sections
# ---------------------------------------------------------------------------------------------


def _text(tag: Any) -> str:
    return " ".join(tag.get_text(" ", strip=True).split()) if tag is not None else ""


def _page_date(text: str) -> PartialDate | None:
    t = text.strip().rstrip(".").lower()
    m = re.fullmatch(r"(?:([a-z]{3})[a-z]*\.?\s+)?(\d{4})", t)
    if m:
        month = _MONTHS.get(m.group(1) or "")
        if m.group(1) and month is None:
            return None
        return PartialDate(int(m.group(2)), month)
    from extractors.dates import parse_date

    return parse_date(text, fallback=False)


def _date_range(tag: Any, single_is_end: bool = False) -> DateRange | None:
    """`<span class="date-range"><time>Mar 2019</time> - Present<span>5 years…</span></span>`."""
    if tag is None:
        return None
    times = [_text(t) for t in tag.find_all("time")]
    for extra in tag.find_all("span"):
        extra.extract()  # the duration
    raw = _text(tag)
    present = bool(re.search(r"\b(present|current|now)\b", raw, re.IGNORECASE))
    if not times:
        from extractors.dates import parse_date_range

        return parse_date_range(raw) if raw else None
    start = _page_date(times[0])
    end = _page_date(times[1]) if len(times) > 1 else None
    if len(times) == 1 and not present and "-" not in raw and "–" not in raw:
        if single_is_end:  # a school with one year: the (expected) graduation, as in the PDF
            return DateRange(None, start, raw=raw)
        end = start  # a single date: that year or month only
    return DateRange(start, end, current=present and len(times) == 1, raw=raw)


def _section(soup: Any, names: tuple[str, ...]) -> Any:
    for name in names:
        found = soup.select_one(f'section[data-section="{name}"]') or soup.select_one(
            f"section.{name}"
        )
        if found is not None:
            return found
    return None


def _card_position(card: Any, company: str) -> Position | None:
    from extractors.normalise.employment import employment_type

    title = _text(card.select_one(".profile-section-card__title") or card.find("h3"))
    if not company:
        company = _text(card.select_one(".profile-section-card__subtitle") or card.find("h4"))
    if not (title or company):
        return None
    rng = _date_range(card.select_one(".date-range"))
    location = _text(card.select_one(".experience-item__location"))
    description = _text(
        card.select_one(".show-more-less-text__text--more")
        or card.select_one(".show-more-less-text__text--less")
        or card.select_one(".experience-item__description")
    )
    raw = " | ".join(p for p in (company, title, rng.raw if rng else "", location) if p)
    return Position(
        org=company,
        title=title,
        range=rng,
        location=location,
        employment_type=employment_type(title, org=company),
        description=description,
        raw=raw,
        confidence=0.95,
        confidence_reason="LinkedIn page markup: experience card",
    )


def _visible_experience(soup: Any) -> list[Position]:
    section = _section(soup, ("experience",))
    if section is None:
        return []
    out: list[Position] = []
    for item in section.select("li.experience-item, li.experience-group"):
        if "experience-group-position" in (item.get("class") or []):
            continue
        classes = item.get("class") or []
        if "experience-group" in classes:
            company = _text(item.select_one(".experience-group-header__company") or item.find("h4"))
            for card in item.select("li.experience-group-position"):
                pos = _card_position(card, company)
                if pos is not None:
                    out.append(pos)
        elif item.find_parent("li", class_="experience-group") is None:
            pos = _card_position(item, "")
            if pos is not None:
                out.append(pos)
    return out


def _visible_education(soup: Any) -> list[Study]:
    section = _section(soup, ("educationsDetails", "education"))
    if section is None:
        return []
    out: list[Study] = []
    for card in section.select("li.education__list-item, li.profile-section-card"):
        school = _text(card.select_one(".profile-section-card__title") or card.find("h3"))
        if not school:
            continue
        info = [_text(t) for t in card.select(".education__item--degree-info")]
        rng = _date_range(card.select_one(".date-range"), single_is_end=True)
        out.append(
            Study(
                school=school,
                degree=info[0] if info else "",
                field=info[1] if len(info) > 1 else "",
                range=rng,
                raw=" | ".join([school, *info, rng.raw if rng else ""]).strip(" |"),
                confidence=0.95,
                confidence_reason="LinkedIn page markup: education card",
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# A profile saved while logged in: `<div id="experience" class="pv-profile-card-anchor">` in a
# section whose `ul.pvs-list` holds one item per role, or per employer with its roles nested
# ---------------------------------------------------------------------------------------------

_SHOW_ALL = re.compile(r"show all (\d+) (experiences?|educations?)", re.IGNORECASE)
_LOGGED_IN = "LinkedIn page markup (logged-in profile): role item"


def _anchor_section(soup: Any, name: str) -> Any:
    anchor = soup.find(id=name)
    if anchor is None:
        return None
    return anchor.find_parent("section") or anchor.parent


def _own_texts(item: Any) -> list[str]:
    """The visible texts of a list item outside its nested lists (`aria-hidden` copies only:
    LinkedIn writes each text twice, once for screen readers)."""
    out = []
    for span in item.find_all("span", attrs={"aria-hidden": "true"}):
        nested = span.find_parent("ul")
        if nested is not None and nested.find_parent("li") is item:
            continue
        text = _text(span)
        if text:
            out.append(text)
    return out


def _is_dates(text: str) -> bool:
    from extractors.dates import parse_date_range

    return bool(re.search(r"\d{4}", text)) and parse_date_range(text) is not None


def _items(section: Any) -> list[Any]:
    top = section.find("ul", class_="pvs-list")
    return top.find_all("li", recursive=False) if top is not None else []


def _role(texts: list[str], company: str, raw_extra: str = "") -> Position | None:
    from extractors.dates import parse_date_range
    from extractors.normalise.employment import employment_type

    dates_at = next((i for i, t in enumerate(texts) if _is_dates(t)), None)
    if dates_at is None or not texts:
        return None
    title = texts[0] if dates_at > 0 else ""
    kind = ""
    if not company and dates_at > 1:
        company, _, kind = texts[1].partition(" · ")
    after = texts[dates_at + 1 : dates_at + 2]
    location = after[0] if after and not _is_dates(after[0]) and len(after[0]) < 80 else ""
    rng = parse_date_range(texts[dates_at])
    return Position(
        org=company.strip(),
        title=title,
        range=rng,
        location=location,
        employment_type=employment_type(title, kind, org=company),
        raw=" | ".join(p for p in (company, title, texts[dates_at], location, raw_extra) if p),
        confidence=0.9,
        confidence_reason=_LOGGED_IN,
    )


def _logged_in_experience(soup: Any) -> tuple[list[Position], str | None]:
    """Roles of the logged-in markup, and a note when LinkedIn cut the list ("Show all N")."""
    section = _anchor_section(soup, "experience")
    if section is None:
        return [], None
    out: list[Position] = []
    for item in _items(section):
        texts = _own_texts(item)
        nested = [
            li
            for ul in item.find_all("ul")
            for li in ul.find_all("li", recursive=False)
            if any(_is_dates(t) for t in _own_texts(li))
        ]
        if nested and texts and not any(_is_dates(t) for t in texts):
            company = texts[0]  # a grouped employer: its roles are the nested items
            for li in nested:
                pos = _role(_own_texts(li), company, raw_extra=texts[1] if len(texts) > 1 else "")
                if pos is not None:
                    out.append(pos)
            continue
        pos = _role(texts, "")
        if pos is not None:
            out.append(pos)
    return out, _cut_note(section, "experience", len(out))


def _cut_note(section: Any, what: str, read: int) -> str | None:
    m = _SHOW_ALL.search(section.get_text(" ", strip=True))
    if m is None:
        return None
    return (
        f'the saved page shows only part of the {what} (LinkedIn\'s "Show all {m.group(1)}" '
        f"link; {read} entries read): save the full {what} page as well"
    )


def _logged_in_education(soup: Any) -> list[Study]:
    section = _anchor_section(soup, "education")
    if section is None:
        return []
    from extractors.dates import parse_date_range

    out: list[Study] = []
    for item in _items(section):
        texts = _own_texts(item)
        if not texts:
            continue
        dates_at = next((i for i, t in enumerate(texts) if _is_dates(t)), None)
        detail = texts[1] if len(texts) > 1 and dates_at != 1 else ""
        degree, _, area = detail.partition(", ")
        rng = parse_date_range(texts[dates_at]) if dates_at is not None else None
        out.append(
            Study(
                school=texts[0],
                degree=degree.strip(),
                field=area.strip(),
                range=rng,
                raw=" | ".join(texts),
                confidence=0.9,
                confidence_reason="LinkedIn page markup (logged-in profile): education item",
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Parse
# ---------------------------------------------------------------------------------------------


def _has_section(soup: Any, name: str) -> bool:
    """Whether the page has a section of that name (by anchor, data attribute or heading)."""
    if soup.find(id=name) is not None or _section(soup, (name,)) is not None:
        return True
    return any(_text(h).lower() == name for h in soup.find_all(["h2", "h3"], limit=200))


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


_LD_REASON = "LinkedIn page JSON-LD Person (structured, but no titles for past roles)"


def _ld_positions(person: dict[str, Any]) -> list[Position]:
    from extractors.normalise.employment import employment_type

    out = []
    titles = [_str(t) for t in _list(person.get("jobTitle")) if _str(t)]
    for i, org in enumerate(_list(person.get("worksFor"))):
        if isinstance(org, dict) and _str(org.get("name")):
            rng = _ld_range(org.get("member"))
            if rng is not None and rng.end is None:
                rng = DateRange(rng.start, None, current=True, raw=rng.raw)
            title = (
                titles[i]
                if i < len(titles) and len(titles) == len(_list(person["worksFor"]))
                else ""
            )
            name = _str(org["name"])
            out.append(
                Position(org=name, title=title, range=rng, raw=name,
                         employment_type=employment_type(title, org=name),
                         confidence=0.9, confidence_reason=_LD_REASON)
            )  # fmt: skip
    for org in _list(person.get("alumniOf")):
        if isinstance(org, dict) and "Organization" in _types(org) and _str(org.get("name")):
            out.append(
                Position(
                    org=_str(org["name"]),
                    range=_ld_range(org.get("member")),
                    raw=_str(org["name"]),
                    confidence=0.9,
                    confidence_reason=_LD_REASON,
                )
            )
    return out


def _ld_studies(person: dict[str, Any]) -> list[Study]:
    return [
        Study(
            school=_str(org["name"]),
            range=_ld_range(org.get("member")),
            raw=_str(org["name"]),
            confidence=0.9,
            confidence_reason=_LD_REASON,
        )
        for org in _list(person.get("alumniOf"))
        if isinstance(org, dict)
        and "EducationalOrganization" in _types(org)
        and _str(org.get("name"))
    ]


def _merge_positions(visible: list[Position], ld: list[Position]) -> list[Position]:
    """The visible list (it has titles and dates), plus JSON-LD employers it lacks; a visible
    entry without dates borrows the JSON-LD dates of the same employer."""
    if not visible:
        return ld
    out = []
    by_org = {_key(p.org): p for p in ld}
    for pos in visible:
        match = by_org.get(_key(pos.org))
        if pos.range is None and match is not None and match.range is not None:
            pos = Position(**{**_fields(pos), "range": match.range})
        out.append(pos)
    seen = {_key(p.org) for p in visible}
    out.extend(p for p in ld if _key(p.org) not in seen)
    return out


def _merge_studies(visible: list[Study], ld: list[Study]) -> list[Study]:
    if not visible:
        return ld
    out = []
    by_school = {_key(s.school): s for s in ld}
    for study in visible:
        match = by_school.get(_key(study.school))
        if study.range is None and match is not None and match.range is not None:
            study = replace(study, range=match.range)
        out.append(study)
    seen = {_key(s.school) for s in visible}
    out.extend(s for s in ld if _key(s.school) not in seen)
    return out


def _fields(pos: Position) -> dict[str, Any]:
    return {name: getattr(pos, name) for name in Position.__slots__}


def parse_linkedin_page(html: bytes, as_of: date | None = None) -> Profile:
    """The profile shown on a saved LinkedIn public profile page.

    Raises `BlockedPage` for login walls, CAPTCHAs, rate-limit and "not available" pages, and
    `ExtractionError` for a page of another site. `as_of` is when the page was captured.
    """
    page = _Page(html)
    kind = _classify(page)
    if kind == "not_linkedin":
        raise ExtractionError("not a LinkedIn page: the saved page belongs to another site")
    if kind != "profile":
        raise BlockedPage(BLOCK_MESSAGES[kind], kind)
    from extractors.contacts import github_handle, linkedin_slug

    soup = page.soup
    person = page.person or {}
    notes: list[str] = []
    if not person:
        notes.append("the page has no JSON-LD Person; read from its visible sections only")
    name = _str(person.get("name")) or _text(
        soup.select_one("h1.top-card-layout__title, h1.text-heading-xlarge")
    )
    headline = _text(soup.select_one(".top-card-layout__headline, .text-body-medium"))
    if not headline:
        headline = ", ".join(_str(t) for t in _list(person.get("jobTitle")) if _str(t))
    location = _location(person.get("address")) or _text(
        soup.select_one(
            ".top-card__subline-item, .top-card-layout__first-subline, "
            ".pv-top-card span.text-body-small.inline.t-black--light"
        )
    )
    summary = _str(person.get("description")) or _text(
        (_section(soup, ("summary",)) or soup.new_tag("x")).select_one(
            ".core-section-container__content"
        )
    )
    urls: list[str] = []
    for value in [
        *_list(person.get("url")),
        *_list(person.get("sameAs")),
        page.meta("og:url"),
        *(str(t["href"]) for t in soup.find_all("link", rel="canonical", href=True)),
    ]:
        url = _str(value)
        if url and url not in urls:
            urls.append(url)
    slugs = list(dict.fromkeys(s for s in (linkedin_slug(u) for u in urls) if s))
    handles = list(dict.fromkeys(h for h in (github_handle(u) for u in urls) if h))
    unread: list[str] = []
    visible = _visible_experience(soup)
    if not visible:
        visible, cut = _logged_in_experience(soup)
        if cut:
            unread.append(cut)
    studies = _visible_education(soup) or _logged_in_education(soup)
    experience = _merge_positions(visible, _ld_positions(person))
    education = _merge_studies(studies, _ld_studies(person))
    if not experience and not education and _has_section(soup, "experience"):
        # A profile page whose experience the reader could not interpret is not an empty one.
        unread.append("the saved page's Experience section could not be read (unrecognised markup)")
    languages = [
        _str(lang.get("name") if isinstance(lang, dict) else lang)
        for lang in _list(person.get("knowsLanguage"))
    ]
    extra: dict[str, Any] = {"languages": [x for x in languages if x]} if any(languages) else {}
    return Profile(
        name=name,
        headline=headline,
        summary=summary,
        locations=(location,) if location else (),
        urls=tuple(urls),
        linkedin_slugs=tuple(slugs),
        github_handles=tuple(handles),
        experience=tuple(experience),
        education=tuple(education),
        as_of=as_of,
        text=page.soup.get_text("\n", strip=True)[:_MAX_TEXT],
        notes=tuple(notes + unread),
        unread_parts=tuple(unread),
        extra=frozen_mapping(extra),
    )
