"""A GitHub account document (the JSON `scanner.collectors.github` writes) → a `Profile`.

The profile carries what the account says about its owner (display name, public email, blog,
location, bio) for the cross-source checks, and `Profile.github` keeps the account's history
for the GitHub checks: its creation date, repositories (fork flag, created/pushed dates), public
events and commit metadata (author and committer names, emails, and dates with their UTC
offsets). Pure: no network, no clock.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from extractors.model import ExtractionError, Profile, frozen_mapping

__all__ = ["SCHEMA", "looks_like_github_document", "parse_github"]

SCHEMA = "scanner.github/1"


def looks_like_github_document(content: bytes) -> bool:
    return b'"scanner.github/' in content[:200]


def _s(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _day(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except (ValueError, AttributeError):
        return None


def _records(data: Any, name: str) -> list[dict[str, Any]]:
    items = data.get(name)
    return [dict(x) for x in items if isinstance(x, dict)] if isinstance(items, list) else []


def parse_github(content: bytes) -> Profile:
    """Read the account document; raises `ExtractionError` for anything else."""
    try:
        data = json.loads(content)
    except (ValueError, RecursionError):
        raise ExtractionError("GitHub account document is not valid JSON") from None
    if not isinstance(data, dict) or not str(data.get("schema", "")).startswith("scanner.github/"):
        raise ExtractionError("not a GitHub account document (no scanner.github schema)")
    user = data.get("user")
    if not isinstance(user, dict) or not _s(user.get("login")):
        raise ExtractionError("GitHub account document has no user")
    login = _s(user["login"])
    blog = _s(user.get("blog"))
    if blog and "://" not in blog:
        blog = "https://" + blog
    urls = [u for u in (blog,) if u]
    twitter = _s(user.get("twitter_username"))
    if twitter:
        urls.append(f"https://x.com/{twitter}")
    email = _s(user.get("email"))
    location = _s(user.get("location"))
    from extractors.contacts import github_handle, linkedin_slug

    slugs = [s for s in (linkedin_slug(u) for u in urls) if s]
    handles = [
        login,
        *(h for h in (github_handle(u) for u in urls) if h and h.lower() != login.lower()),
    ]
    repos = _records(data, "repos")
    commits = _records(data, "commits")
    events = _records(data, "events")
    text = "\n".join(
        x
        for x in (_s(user.get("name")), _s(user.get("bio")), _s(user.get("company")), location)
        if x
    )
    notes = [str(n) for n in data.get("notes", []) if isinstance(n, str)]
    return Profile(
        name=_s(user.get("name")),
        headline=_s(user.get("bio")),
        emails=(email,) if email else (),
        locations=(location,) if location else (),
        urls=tuple(urls),
        linkedin_slugs=tuple(slugs),
        github_handles=tuple(handles),
        as_of=_day(str(data.get("retrieved_at", ""))),
        text=text,
        notes=tuple(notes),
        github=frozen_mapping(
            {
                "login": login,
                "created_at": _s(user.get("created_at")),
                "company": _s(user.get("company")),
                "avatar_url": _s(user.get("avatar_url")),
                "html_url": _s(user.get("html_url")),
                "repos": repos,
                "commits": commits,
                "events": events,
                "clones": _records(data, "clones"),
                "retrieved_at": _s(data.get("retrieved_at")),
            }
        ),
    )
