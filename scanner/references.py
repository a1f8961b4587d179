"""Reference tables the timeline checks consult: employers' founding years (TL007) and
technologies' first public releases (TL008).

The tables are data (`scanner/data/founding_years.json`, `scanner/data/tech_releases.json`,
described by `scanner/schema/reference_table.schema.json`); users add or correct entries in
configuration (`[references.founding_years]`, `[references.tech_releases]`), and their entries
win over shipped ones. Lookups are cached per table and per configuration.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

from extractors.normalise.orgs import (
    AliasTable,
    normalise_org,
    owned_by,
    plain_org,
    same_org,
    same_school,
)

__all__ = [
    "FOUNDING_YEARS",
    "TECH_RELEASES",
    "Entry",
    "ReferenceTable",
    "ReferenceTableError",
    "TechMention",
    "find_employer",
    "find_technologies",
    "load_founding_years",
    "load_tech_releases",
    "org_matcher",
    "school_matcher",
]

FOUNDING_YEARS = "founding_years"
TECH_RELEASES = "tech_releases"
DATA_DIR = Path(__file__).parent / "data"
# Years a configured entry may carry (the shipped tables are held to 1800..2026 by their tests).
CONFIG_YEARS = (1000, 2100)

Mode = Literal["prose", "title", "item"]
Rule = Literal["any", "cased", "context"]


class ReferenceTableError(ValueError):
    """A reference table or a configured extension is malformed; the message names the entry."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of a reference table. `source` is "shipped" or "config" (for evidence)."""

    name: str
    year: int
    aliases: tuple[str, ...] = ()
    exact: frozenset[str] = frozenset()
    cased: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()
    origin: tuple[str, ...] = ()
    note: str = ""
    source: str = "shipped"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def rule_for(self, name: str) -> Rule:
        if name in self.context:
            return "context"
        if name in self.cased:
            return "cased"
        return "any"


@dataclass(frozen=True, slots=True)
class TechMention:
    """A technology found in a text: which entry, the words as written, and where."""

    entry: Entry
    text: str
    span: tuple[int, int]

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def year(self) -> int:
        return self.entry.year


# ---------------------------------------------------------------------------------------------
# Organisation names
# ---------------------------------------------------------------------------------------------


def _org_candidates(org: str) -> Iterator[str]:
    """The name as given, then its head before an aside, a comma or a dash ("Google, Zürich")."""
    yield org
    head = re.split(r"\s*[(\[]", org, maxsplit=1)[0]
    if head != org:
        yield head
    for sep in (",", " - ", " – ", " — ", " | ", " / ", " @ "):
        if sep in head:
            yield head.split(sep, 1)[0]


# ---------------------------------------------------------------------------------------------
# Technology names
# ---------------------------------------------------------------------------------------------

_LIST_SEPARATORS = re.compile(r"\s*(?:[,;|/•·:()\[\]{}]|\s+(?:and|or|&)\s+|\s[-–—]\s)\s*")
_BULLETS = "-–—*•·>"


def _sentence_start(text: str, start: int) -> bool:
    """Whether `start` begins a sentence, a line or a bullet point (where any word is capitalised)."""
    before = text[:start].rstrip(" \t")
    if not before or before[-1] in "\n.!?":
        return True
    if before[-1] in _BULLETS:
        rest = before[:-1].rstrip(" \t")
        return not rest or rest[-1] == "\n" or before[-2:-1].isspace()
    return False


def _squash(text: str) -> str:
    return " ".join(text.split())


def _trie_pattern(names: Iterator[str] | Sequence[str] | Mapping[str, Any]) -> str:
    """One regular expression for many literal names, shared prefixes factored out (a plain
    alternation of hundreds of names is tried name by name at every position: slow)."""
    trie: dict[str, Any] = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [
            (r"\s+" if ch == " " else re.escape(ch)) + build(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class _TechMatcher:
    """One regular expression over every name of the table; per-name rules decide each hit."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.specs: dict[str, list[tuple[Entry, str, Rule]]] = {}
        for entry in entries:
            for name in entry.names:
                key = _squash(name).casefold()
                specs = self.specs.setdefault(key, [])
                # A configured entry replaces a shipped one that uses the same name.
                if specs and specs[0][0].name != entry.name and entry.source == "config":
                    specs.clear()
                if not specs or specs[0][0].name == entry.name:
                    specs.append((entry, name, entry.rule_for(name)))
        trie = _trie_pattern(self.specs)
        self.pattern = re.compile(rf"(?<![\w.])(?:{trie})(?![\w+#]|\.\w)", re.IGNORECASE)

    def find(self, text: str, mode: Mode) -> list[TechMention]:
        out: list[TechMention] = []
        lists: dict[int, tuple[str, list[tuple[int, int]]]] = {}  # line start → (line, items)
        known: dict[tuple[str, tuple[Rule, ...]], bool] = {}  # (item, rules) → holds a tech
        for m in self.pattern.finditer(text):
            for entry, name, rule in self.specs.get(_squash(m.group(0)).casefold(), ()):
                if self._accept(text, m, name, rule, mode, lists, known):
                    out.append(TechMention(entry, m.group(0), m.span()))
                    break
        return out

    def _accept(
        self,
        text: str,
        m: re.Match[str],
        name: str,
        rule: Rule,
        mode: Mode,
        lists: dict[int, tuple[str, list[tuple[int, int]]]],
        known: dict[tuple[str, tuple[Rule, ...]], bool],
    ) -> bool:
        if rule == "any":
            return True
        if _squash(m.group(0)) != _squash(name):
            return False  # a cased or context name must be written exactly so
        if mode == "item" and _squash(text.strip(" .\t")) == _squash(name):
            return True
        if rule == "cased" and (mode != "prose" or not _sentence_start(text, m.start())):
            return True
        return self._in_list(text, m, rule, lists, known)

    def _in_list(
        self,
        text: str,
        m: re.Match[str],
        rule: Rule,
        lists: dict[int, tuple[str, list[tuple[int, int]]]],
        known: dict[tuple[str, tuple[Rule, ...]], bool],
    ) -> bool:
        """The name is a whole item of a list that also holds another technology.

        A context name ("Go") needs a neighbour that is not itself a context name, so that a
        list of first names ("Julia, Claude and Ruby") is not read as a stack.
        """
        line_start = text.rfind("\n", 0, m.start()) + 1
        if line_start not in lists:
            line_end = text.find("\n", m.end())
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            cuts = [0]
            for sep in _LIST_SEPARATORS.finditer(line):
                cuts.extend(sep.span())
            cuts.append(len(line))
            lists[line_start] = (line, [(cuts[k], cuts[k + 1]) for k in range(0, len(cuts) - 1, 2)])
        line, items = lists[line_start]
        start, end = m.start() - line_start, m.end() - line_start
        own = [(a, b) for a, b in items if a <= start and end <= b]
        if len(items) < 2 or not own:
            return False
        a, b = own[0]
        if _squash(line[a:b].strip(" .-*\t")) != _squash(m.group(0)):
            return False
        allowed: tuple[Rule, ...] = ("any", "cased")
        if rule != "context":
            allowed = ("any", "cased", "context")
        for x, y in items:
            if (x, y) == (a, b):
                continue
            key = (line[x:y], allowed)
            if key not in known:
                known[key] = self._has_tech(line[x:y], allowed)
            if known[key]:
                return True
        return False

    def _has_tech(self, item: str, allowed: tuple[Rule, ...]) -> bool:
        for m in self.pattern.finditer(item):
            for _entry, name, rule in self.specs.get(_squash(m.group(0)).casefold(), ()):
                exact = _squash(m.group(0)) == _squash(name)
                if rule in allowed and (rule == "any" or exact):
                    return True
        return False


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


class ReferenceTable:
    """A loaded table (shipped entries plus configured ones) with its lookups."""

    def __init__(
        self, kind: str, description: str, rule: str, entries: Mapping[str, Entry]
    ) -> None:
        self.kind = kind
        self.description = description
        self.rule = rule
        self.entries = dict(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, name: object) -> bool:
        return name in self.entries

    def __getitem__(self, name: str) -> Entry:
        return self.entries[name]

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    # -- employers ------------------------------------------------------------------------------
    @cached_property
    def _org_index(self) -> tuple[dict[str, Entry], dict[str, Entry]]:
        normalised: dict[str, Entry] = {}
        exact: dict[str, Entry] = {}
        ordered = sorted(self.entries.values(), key=lambda e: e.source == "config")
        for entry in ordered:  # shipped first, so configured entries overwrite them
            for name in entry.names:
                if name in entry.exact:
                    exact[plain_org(name)] = entry
                else:
                    key = normalise_org(name)
                    if key:
                        normalised[key] = entry
        return normalised, exact

    def employer(self, org: str) -> Entry | None:
        """The entry naming this organisation, or None (whole name first, then its head)."""
        if not (org or "").strip():
            return None
        normalised, exact = self._org_index
        for candidate in _org_candidates(org):
            hit = exact.get(plain_org(candidate)) or normalised.get(normalise_org(candidate))
            if hit is not None:
                return hit
        return None

    # -- technologies ---------------------------------------------------------------------------
    @cached_property
    def _matcher(self) -> _TechMatcher:
        ordered = sorted(self.entries.values(), key=lambda e: e.source == "config")
        return _TechMatcher(ordered)

    def technologies(self, text: str, mode: Mode = "prose") -> list[TechMention]:
        """Technologies named in `text`, in order of appearance (one per place)."""
        if not (text or "").strip():
            return []
        return self._matcher.find(text, mode)


def _names(value: Any, where: str, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, str) and v.strip() for v in value
    ):
        raise ReferenceTableError(f"{where}: {field} must be a list of names")
    return tuple(v.strip() for v in value)


def _entry(name: str, value: Any, where: str, source: str) -> Entry:
    """An entry from `2016` or `{year = 2016, aliases = [...], ...}`."""
    if not isinstance(name, str) or not name.strip():
        raise ReferenceTableError(f"{where}: an entry has an empty name")
    here = f"{where} {name!r}"
    spec: Mapping[str, Any] = value if isinstance(value, Mapping) else {"year": value}
    year = spec.get("year")
    lo, hi = CONFIG_YEARS
    if isinstance(year, bool) or not isinstance(year, int) or not lo <= year <= hi:
        raise ReferenceTableError(
            f"{here}: year must be a whole number between {lo} and {hi} (got {year!r})"
        )
    unknown = set(spec) - {"year", "aliases", "exact", "cased", "context", "origin", "note"}
    if unknown:
        raise ReferenceTableError(f"{here}: unknown field(s) {', '.join(sorted(unknown))}")
    aliases = _names(spec.get("aliases"), here, "aliases")
    names = {name.strip(), *aliases}
    restricted: dict[str, frozenset[str]] = {}
    for field in ("exact", "cased", "context"):
        listed = frozenset(_names(spec.get(field), here, field))
        if listed - names:
            raise ReferenceTableError(
                f"{here}: {field} lists {sorted(listed - names)!r}, which are not its name or aliases"
            )
        restricted[field] = listed
    return Entry(
        name=name.strip(),
        year=year,
        aliases=aliases,
        exact=restricted["exact"],
        cased=restricted["cased"],
        context=restricted["context"],
        origin=_names(spec.get("origin"), here, "origin"),
        note=str(spec.get("note") or ""),
        source=source,
    )


@lru_cache(maxsize=2)
def _shipped(kind: str) -> tuple[str, str, dict[str, Entry]]:
    path = DATA_DIR / f"{kind}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReferenceTableError(f"{path}: cannot read the reference table: {exc}") from None
    entries = {n: _entry(n, v, path.name, "shipped") for n, v in data.get("entries", {}).items()}
    return str(data.get("description", "")), str(data.get("rule", "")), entries


def _plain(value: Any) -> Any:
    """A JSON-able copy (Mapping proxies and tuples become dicts and lists) for a cache key."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


@lru_cache(maxsize=64)
def _table(kind: str, extra_json: str) -> ReferenceTable:
    description, rule, shipped = _shipped(kind)
    entries = dict(shipped)
    extra = json.loads(extra_json)
    if not isinstance(extra, Mapping):
        raise ReferenceTableError(f"[references.{kind}] must be a table of name = year")
    by_folded = {n.casefold(): n for n in entries}
    for name, value in extra.items():
        spec = dict(value) if isinstance(value, Mapping) else {"year": value}
        shipped_name = by_folded.get(str(name).strip().casefold())
        if shipped_name is not None:  # a correction: keep what it does not restate
            spec = _merge(entries.pop(shipped_name), spec)
        entry = _entry(name, spec, f"[references.{kind}]", "config")
        entries[entry.name] = entry
    return ReferenceTable(kind, description, rule, entries)


def _merge(shipped: Entry, spec: Mapping[str, Any]) -> dict[str, Any]:
    """A configured correction of a shipped entry: given fields win, aliases add up."""
    merged: dict[str, Any] = {
        "year": shipped.year,
        "exact": sorted(shipped.exact),
        "cased": sorted(shipped.cased),
        "context": sorted(shipped.context),
        "origin": list(shipped.origin),
    }
    merged.update(spec)
    extra_aliases = _names(spec.get("aliases"), "[references]", "aliases")
    merged["aliases"] = list(dict.fromkeys((*shipped.aliases, *extra_aliases)))
    return merged


def _load(kind: str, extra: Mapping[str, Any] | None) -> ReferenceTable:
    return _table(kind, json.dumps(_plain(extra or {}), sort_keys=True, default=str))


def load_founding_years(extra: Mapping[str, Any] | None = None) -> ReferenceTable:
    """The employers' founding-year table, extended by `extra` (`[references.founding_years]`)."""
    return _load(FOUNDING_YEARS, extra)


def load_tech_releases(extra: Mapping[str, Any] | None = None) -> ReferenceTable:
    """The technologies' first-release table, extended by `extra` (`[references.tech_releases]`)."""
    return _load(TECH_RELEASES, extra)


def find_employer(org_name: str, extra: Mapping[str, Any] | None = None) -> tuple[str, int] | None:
    """`(canonical name, founding year)` of a known employer, or None."""
    entry = load_founding_years(extra).employer(org_name)
    return (entry.name, entry.year) if entry else None


def find_technologies(
    text: str, extra: Mapping[str, Any] | None = None, *, mode: Mode = "prose"
) -> list[tuple[str, int, tuple[int, int]]]:
    """`(canonical name, first public release year, span)` for each technology named in `text`.

    Names are matched on word boundaries ("Go" never fires inside "Google" or "go-to-market").
    Ambiguous names ("Go", "Swift", "Rust", "Spark") count only with their exact capitalisation
    as a list item beside another technology, or, with `mode="item"`, as the whole text (a skill
    or an "N years of X" subject). `mode="title"` reads a job title, where every word is
    capitalised, so a capitalised first word is not taken for the start of a sentence.
    """
    return [(m.name, m.year, m.span) for m in load_tech_releases(extra).technologies(text, mode)]


# ---------------------------------------------------------------------------------------------
# The one employer comparison
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _aliases(orgs_json: str, schools_json: str, owners_json: str = "{}") -> AliasTable | None:
    from extractors.normalise.orgs import load_aliases

    orgs, schools = json.loads(orgs_json), json.loads(schools_json)
    owners = json.loads(owners_json)
    if not orgs and not schools and not owners:
        return None
    return load_aliases({"aliases": orgs, "schools": schools, "owners": owners})


def _alias_table(references: Mapping[str, Any]) -> AliasTable | None:
    """The shipped alias tables extended by `[references.org_aliases]`,
    `[references.school_aliases]` and `[references.org_owners]` (None when none is configured:
    the shipped tables)."""

    def as_json(name: str) -> str:
        return json.dumps(_plain(references.get(name) or {}), sort_keys=True, default=str)

    return _aliases(as_json("org_aliases"), as_json("school_aliases"), as_json("org_owners"))


@lru_cache(maxsize=16)
def _matcher(aliases: AliasTable | None, founding_json: str) -> Callable[[str, str], bool]:
    founding = _table(FOUNDING_YEARS, founding_json)

    @lru_cache(maxsize=16384)
    def same(a: str, b: str) -> bool:
        return same_org(a, b, aliases=aliases, lineage=founding.employer)

    return same


def org_matcher(references: Mapping[str, Any] | None = None) -> Callable[[str, str], bool]:
    """`same(a, b)`: one employer under two names, for every check, the history diff and the
    reporters: the shipped alias table extended by `[references.org_aliases]`, plus the renames
    and mergers of the founding-year table extended by `[references.founding_years]`."""
    refs = references or {}
    return _matcher(
        _alias_table(refs),
        json.dumps(_plain(refs.get("founding_years") or {}), sort_keys=True, default=str),
    )


def owner_matcher(references: Mapping[str, Any] | None = None) -> Callable[[str, str], bool]:
    """`related(a, b)`: one of two employers owns the other, a brand that still exists on its
    own ("GitHub" / "Microsoft"), from the employer table's `owners`."""
    aliases = _alias_table(references or {})

    @lru_cache(maxsize=4096)
    def related(a: str, b: str) -> bool:
        return owned_by(a, b, aliases) or owned_by(b, a, aliases)

    return related


def school_matcher(references: Mapping[str, Any] | None = None) -> Callable[[str, str], bool]:
    """`same(a, b)`: one school under two names, with `[references.school_aliases]` added to
    the shipped school table (abbreviations, other languages and initials need no entry)."""
    aliases = _alias_table(references or {})
    return lambda a, b: same_school(a, b, aliases=aliases)
