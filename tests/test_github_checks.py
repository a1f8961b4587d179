"""ID002, HJ004–HJ006, GH001–GH004 and SRC002, on crafted GitHub account documents, and end to
end on a fake API with local repositories whose commit dates and offsets are crafted."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from extractors.github import parse_github
from extractors.model import (
    DateRange,
    PartialDate,
    Position,
    Profile,
    SourceDocument,
    SourceKind,
    SourceStatus,
)
from scanner.comparators.github import COUNTRY_ZONES, US_STATE_ZONES, location_zones
from scanner.config import Config
from scanner.model import Candidate, Finding
from scanner.registry import CheckContext, run_checks

AS_OF = date(2026, 1, 5)


def commits(
    author: str, email: str, dates: list[str], repo: str = "pipeline"
) -> list[dict[str, Any]]:
    return [
        {
            "repo": repo,
            "sha": f"{abs(hash((author, repo, d))):040x}"[:40],
            "parents": [],
            "author_name": author,
            "author_email": email,
            "author_date": d,
            "committer_name": author,
            "committer_email": email,
            "committer_date": d,
        }
        for d in dates
    ]


def days(start: str, n: int, *, hour: int = 12, offset: str = "-06:00", step: int = 1) -> list[str]:
    d0 = date.fromisoformat(start)
    return [
        f"{(d0 + timedelta(days=k * step)).isoformat()}T{hour:02d}:{k % 60:02d}:00{offset}"
        for k in range(n)
    ]


def repo(name: str, **kw: Any) -> dict[str, Any]:
    base = {
        "name": name,
        "fork": False,
        "created_at": "2016-01-01T00:00:00Z",
        "pushed_at": "2025-10-01T00:00:00Z",
    }
    base.update(kw)
    return base


def account(
    *,
    login: str = "dana-w",
    name: str | None = "Dana Whitfield",
    email: str | None = None,
    created: str = "2015-01-10T12:00:00Z",
    repos: list[dict[str, Any]] | None = None,
    commit_rows: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    blog: str = "",
) -> SourceDocument:
    data = {
        "schema": "scanner.github/1",
        "handle": login,
        "retrieved_at": f"{AS_OF.isoformat()}T10:00:00Z",
        "user": {"login": login, "name": name, "email": email, "blog": blog, "created_at": created},
        "repos": repos if repos is not None else [repo("pipeline")],
        "events": events or [],
        "commits": commit_rows or [],
    }
    content = json.dumps(data).encode()
    return SourceDocument(kind=SourceKind.GITHUB, format="json", uri=f"https://github.com/{login}",
                          content=content, sha256=SourceDocument.digest(content))  # fmt: skip


def candidate(gh: SourceDocument, *, name: str = "Dana Whitfield", location: str = "Austin, TX",
              email: str = "dana@example.com", experience: tuple[Position, ...] = ()) -> Candidate:  # fmt: skip
    app = SourceDocument(kind=SourceKind.APPLICATION, format="fields", uri="application")
    given = Profile(
        name=name, locations=(location,) if location else (), emails=(email,) if email else ()
    )
    sources, profiles = [app, gh], [given, parse_github(gh.content)]
    if experience:
        sources.append(SourceDocument(kind=SourceKind.RESUME, format="txt", uri="cv.txt"))
        profiles.append(Profile(name=name, experience=experience))
    return Candidate(id="c1", sources=sources, profiles=list(profiles), as_of=AS_OF)


def run(code: str, cand: Candidate, **thresholds: Any) -> list[Finding]:
    config = Config(thresholds={code: thresholds} if thresholds else {})
    result = run_checks(cand, CheckContext(config=config), [code])
    assert not result.errors, result.errors
    return result.findings


DANA = ("Dana Whitfield", "dana@example.com")


# -- ID002 ----------------------------------------------------------------------------------------


def test_id002_fires_when_the_display_name_is_someone_else() -> None:
    found = run("ID002", candidate(account(name="Wei Zhang", email="wz@example.org")))
    assert len(found) == 1
    assert "'Wei Zhang'" in found[0].message
    assert {e.field for e in found[0].evidence} >= {"name", "email"}


def test_id002_fires_when_most_commits_are_another_author_and_no_display_name() -> None:
    rows = commits("Chris Porter", "chris@example.org", days("2024-01-01", 8)) + commits(
        *DANA, days("2024-03-01", 2)
    )
    found = run("ID002", candidate(account(name=None, commit_rows=rows)))
    assert len(found) == 1
    assert "Chris Porter" in found[0].message


def test_id002_quiet_for_name_variants_and_own_commits() -> None:
    rows = commits(
        "dana", "12345+dana-w@users.noreply.github.com", days("2024-01-01", 6)
    ) + commits("D. Whitfield", "dana@example.com", days("2024-02-01", 4))
    assert run("ID002", candidate(account(name="Dana  Whitfield", commit_rows=rows))) == []
    assert run("ID002", candidate(account(name="D. Whitfield"))) == []


def test_id002_quiet_with_a_contributor_minority() -> None:
    rows = commits(*DANA, days("2024-01-01", 8)) + commits(
        "Chris Porter", "chris@example.org", days("2024-02-01", 3)
    )
    assert run("ID002", candidate(account(name=None, commit_rows=rows))) == []


# -- HJ004 ----------------------------------------------------------------------------------------


def test_hj004_fires_on_years_of_silence_then_a_burst() -> None:
    rows = commits(*DANA, days("2025-06-01", 20, step=2))
    gh = account(created="2014-02-01T00:00:00Z",
                 repos=[repo("old", created_at="2014-03-01T00:00:00Z", pushed_at="2014-04-01T00:00:00Z"),
                        repo("pipeline", created_at="2025-06-01T00:00:00Z", pushed_at="2025-07-10T00:00:00Z")],
                 commit_rows=rows)  # fmt: skip
    found = run("HJ004", candidate(gh))
    assert len(found) == 1
    assert "silent for 11.2 years (2014-04-01 – 2025-06-01)" in found[0].message


def test_hj004_quiet_for_steady_activity() -> None:
    rows = commits(*DANA, days("2016-01-01", 60, step=60))  # every two months for ten years
    gh = account(repos=[repo("pipeline", created_at="2015-12-01T00:00:00Z")], commit_rows=rows)
    assert run("HJ004", candidate(gh)) == []


# -- HJ005 ----------------------------------------------------------------------------------------


def test_hj005_fires_on_own_commits_dated_before_the_account() -> None:
    rows = commits(*DANA, days("2016-03-01", 6, step=30)) + commits(*DANA, days("2021-08-01", 3))
    gh = account(created="2021-06-01T00:00:00Z", repos=[repo("pipeline", created_at="2021-07-01T00:00:00Z")],
                 commit_rows=rows)  # fmt: skip
    found = run("HJ005", candidate(gh))
    assert len(found) == 1
    assert "6 of the owner's commits are dated before it (earliest 2016-03-01)" in found[0].message


def test_hj005_fires_on_a_repository_older_than_the_account() -> None:
    gh = account(created="2021-06-01T00:00:00Z", repos=[repo("moved", created_at="2017-01-01T00:00:00Z")],
                 commit_rows=commits(*DANA, days("2021-08-01", 3)))  # fmt: skip
    found = run("HJ005", candidate(gh))
    assert len(found) == 1 and "1 repository was created before it" in found[0].message


def test_hj005_quiet_for_an_imported_project_of_other_authors() -> None:
    rows = commits("Linus Example", "linus@example.org", days("2010-01-01", 30)) + commits(
        *DANA, days("2021-08-01", 3)
    )
    gh = account(created="2021-06-01T00:00:00Z", repos=[repo("pipeline", created_at="2021-07-01T00:00:00Z")],
                 commit_rows=rows)  # fmt: skip
    assert run("HJ005", candidate(gh)) == []


def test_hj005_quiet_within_the_tolerance() -> None:
    rows = commits(*DANA, days("2021-05-20", 5))  # days before creation: a local start, then pushed
    gh = account(created="2021-06-01T00:00:00Z", repos=[repo("pipeline", created_at="2021-06-02T00:00:00Z")],
                 commit_rows=rows)  # fmt: skip
    assert run("HJ005", candidate(gh)) == []


# -- HJ006 ----------------------------------------------------------------------------------------

CAREER = (
    Position("Acme Corp", "Staff Engineer", DateRange(PartialDate(2012, 3), None, current=True)),
)


def test_hj006_fires_for_a_new_account_and_a_long_career() -> None:
    found = run("HJ006", candidate(account(created="2025-07-01T00:00:00Z"), experience=CAREER))
    assert len(found) == 1
    assert "created 188 days before this scan" in found[0].message


def test_hj006_quiet_for_an_old_account_or_a_short_career() -> None:
    assert run("HJ006", candidate(account(), experience=CAREER)) == []
    short = (
        Position("Acme Corp", "Engineer", DateRange(PartialDate(2023, 1), None, current=True)),
    )
    assert run("HJ006", candidate(account(created="2025-07-01T00:00:00Z"), experience=short)) == []


# -- GH001 / GH002 ------------------------------------------------------------------------------------


def test_gh001_fires_for_tokyo_offsets_and_a_texas_claim() -> None:
    rows = commits(*DANA, days("2024-01-08", 20, hour=14, offset="+09:00"))
    found = run("GH001", candidate(account(commit_rows=rows)))
    assert len(found) == 1
    assert "+09:00 × 20" in found[0].message
    assert "-06:00/-05:00" not in found[0].message  # January: standard time only
    assert "Austin, TX" in found[0].message


def test_gh001_quiet_when_offsets_match_including_daylight_saving() -> None:
    rows = commits(*DANA, days("2024-01-08", 10, offset="-06:00")) + commits(
        *DANA, days("2024-07-08", 10, offset="-05:00")
    )
    assert run("GH001", candidate(account(commit_rows=rows))) == []


def test_gh001_quiet_for_utc_commits_and_few_commits() -> None:
    assert (
        run(
            "GH001",
            candidate(account(commit_rows=commits(*DANA, days("2024-01-08", 30, offset="+00:00")))),
        )
        == []
    )
    assert (
        run(
            "GH001",
            candidate(account(commit_rows=commits(*DANA, days("2024-01-08", 5, offset="+09:00")))),
        )
        == []
    )


def test_gh001_quiet_without_a_claimed_location() -> None:
    rows = commits(*DANA, days("2024-01-08", 20, offset="+09:00"))
    assert run("GH001", candidate(account(commit_rows=rows), location="")) == []


def test_gh002_fires_when_commits_fall_in_the_claimed_night() -> None:
    rows = commits(*DANA, days("2024-01-08", 20, hour=14, offset="+09:00"))  # 23:00 in Chicago
    found = run("GH002", candidate(account(commit_rows=rows)))
    assert len(found) == 1
    assert "America/Chicago" in found[0].message


def test_gh002_quiet_for_daytime_commits() -> None:
    rows = commits(*DANA, days("2024-01-08", 20, hour=10, offset="+09:00"))  # 19:00 in Chicago
    assert run("GH002", candidate(account(commit_rows=rows))) == []


def test_location_zones() -> None:
    assert location_zones("Austin, TX") == ("America/Chicago", "America/Denver")
    assert location_zones("Toronto, ON, Canada") == ("America/Toronto",)
    assert location_zones("Manila, Philippines") == ("Asia/Manila",)
    assert location_zones("Remote") == ()


def test_every_zone_in_the_tables_exists() -> None:
    from zoneinfo import ZoneInfo

    for zones in [*US_STATE_ZONES.values(), *COUNTRY_ZONES.values()]:
        for z in zones:
            ZoneInfo(z)


# -- GH003 / GH004 ---------------------------------------------------------------------------------


def test_gh003_fires_for_several_authors_leading_repositories() -> None:
    rows = (
        commits(*DANA, days("2024-01-01", 5), repo="a")
        + commits("Chris Porter", "chris@example.org", days("2024-02-01", 5), repo="b")
        + commits("Pat Lee", "pat@example.net", days("2024-03-01", 5), repo="c")
    )
    found = run("GH003", candidate(account(commit_rows=rows)))
    assert len(found) == 1
    assert "3 different author identities" in found[0].message


def test_gh003_quiet_for_one_person_under_variants_and_bots() -> None:
    rows = (
        commits(*DANA, days("2024-01-01", 5), repo="a")
        + commits("dana", "12345+dana-w@users.noreply.github.com", days("2024-02-01", 5), repo="b")
        + commits("Dana Whitfield", "dana.whitfield@example.org", days("2024-03-01", 5), repo="c")
        + commits(
            "dependabot[bot]",
            "49699333+dependabot[bot]@users.noreply.github.com",
            days("2024-03-01", 9),
            repo="c",
        )
        + commits("Chris Porter", "chris@example.org", days("2024-04-01", 1), repo="c")
    )
    assert run("GH003", candidate(account(commit_rows=rows))) == []


def test_gh004_fires_for_an_imported_history() -> None:
    rows = commits(
        "Linus Example", "linus@example.org", days("2010-01-01", 20), repo="kernel-copy"
    ) + commits(*DANA, days("2024-01-01", 1), repo="kernel-copy")
    found = run("GH004", candidate(account(commit_rows=rows)))
    assert len(found) == 1
    assert "kernel-copy" in found[0].evidence[0].value
    assert "Linus Example" in found[0].evidence[0].note


def test_gh004_fires_for_a_portfolio_of_forks() -> None:
    repos = [repo(f"fork{k}", fork=True) for k in range(6)] + [repo("mine")]
    assert len(run("GH004", candidate(account(repos=repos)))) == 1


def test_gh004_quiet_for_own_project_with_contributors() -> None:
    rows = commits(*DANA, days("2024-01-01", 20)) + commits(
        "Chris Porter", "chris@example.org", days("2024-02-01", 4)
    )
    assert run("GH004", candidate(account(commit_rows=rows))) == []


# -- SRC002 ---------------------------------------------------------------------------------------


def test_src002_fires_once_per_blocked_source_with_its_reason() -> None:
    blocked = SourceDocument(kind=SourceKind.LINKEDIN_PAGE, format="url", uri="https://www.linkedin.com/in/x",
                             status=SourceStatus.BLOCKED, error="LinkedIn login wall")  # fmt: skip
    cand = candidate(account())
    cand.sources.append(blocked)
    cand.profiles.append(None)
    found = run("SRC002", cand)
    assert len(found) == 1
    assert (
        found[0].message
        == "The linkedin page source https://www.linkedin.com/in/x was not read: LinkedIn login wall."
    )
    assert found[0].evidence[0].source == 2
    assert found[0].severity.value == "info"


def test_src002_quiet_when_everything_was_read() -> None:
    assert run("SRC002", candidate(account())) == []


# -- end to end: fake API + local repositories with crafted dates ----------------------------------


@pytest.fixture(scope="module")
def e2e_report(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from scanner.pipeline import build_candidate, scan
    from scanner.sources import SourceRef
    from tests.live_helpers import (
        FakeCommit,
        LocalServer,
        fetch_options,
        github_repo,
        github_user,
        make_repo,
        quick_config,
        series,
        serve_github,
    )

    root: Path = tmp_path_factory.mktemp("gh")
    make_repo(root / "tokyo", series(*DANA, "2024-01-08", 12, offset="+09:00", hour=14))
    make_repo(
        root / "old", [FakeCommit(*DANA, f"2012-0{m}-10T10:00:00-06:00") for m in range(1, 4)]
    )
    make_repo(root / "chris", series("Chris Porter", "chris@example.org", "2023-05-01", 5))
    make_repo(root / "pat", series("Pat Lee", "pat@example.net", "2023-06-01", 5))
    repos = [github_repo(n, str(root / n), pushed_at=f"2025-0{k + 1}-01T00:00:00Z")
             for k, n in enumerate(["tokyo", "old", "chris", "pat"])]  # fmt: skip
    with LocalServer() as server:
        api = serve_github(
            server,
            github_user("dana-w", name="Dana Whitfield", created_at="2015-01-10T12:00:00Z"),
            repos,
        )
        fetch = fetch_options(github_api_url=api)
        config = quick_config()
        cand = build_candidate(
            "dana",
            {"name": "Dana Whitfield", "location": "Austin, TX", "email": "dana@example.com"},
            [SourceRef("https://github.com/dana-w", SourceKind.GITHUB)],
            config=config,
            fetch=fetch,
            as_of=AS_OF,
        )
        from scanner.collectors.live import close_session

        close_session()
    return scan([cand], config).candidates[0]


def _codes(report: Any) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in report.findings:
        out.setdefault(f.code, []).append(f)
    return out


def test_gh001_fires_end_to_end_for_plus_nine_commits_of_a_texas_candidate(e2e_report: Any) -> None:
    assert e2e_report.sources[1].status is SourceStatus.OK
    found = _codes(e2e_report)["GH001"]
    assert "+09:00 × 12" in found[0].message


def test_hj005_fires_end_to_end_for_commits_back_dated_before_the_account(e2e_report: Any) -> None:
    found = _codes(e2e_report)["HJ005"]
    assert "earliest 2012-01-10" in found[0].message


def test_gh003_fires_end_to_end_for_many_author_identities(e2e_report: Any) -> None:
    found = _codes(e2e_report)["GH003"]
    assert "3 different author identities" in found[0].message
    assert "ID002" not in _codes(
        e2e_report
    )  # the display name and most commits are the candidate's


def test_e2e_report_is_complete_and_names_when_it_was_built(e2e_report: Any) -> None:
    assert e2e_report.complete
    prof = e2e_report.profiles[1]
    assert prof.github_handles == ("dana-w",)
    assert datetime.fromisoformat(prof.github["retrieved_at"].replace("Z", "+00:00")).year >= 2025
