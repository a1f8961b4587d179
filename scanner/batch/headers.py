"""Which spreadsheet column is which field: ATS export headers matched the way a person reads them.

A header is read as words: case, punctuation, camelCase (`candidateFirstName`), snake_case
(`candidate_phone_number`) and `candidate`/`applicant` prefixes do not matter. Then, in order:
`--map`, the chosen or detected ATS preset, the alias table, and rules on the words that also
read question-style headers ("What address should we ship your equipment to?" is the shipping
address). A column no header rule decides is read by its content (mailboxes, phones, URLs,
street addresses). Staff, pipeline and equal-opportunity columns (recruiter, stage, gender…) are
ignored on purpose, never used and never linked.

Address parts (`Address Line 1`, `City`, `State`, `Zip`) are fields of their own, assembled into
one address per row by the spreadsheet reader; a `Links` or `Social Media` cell is split and
each URL routed by its domain.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "ADDRESS_PARTS",
    "CONTACT_CELLS",
    "IDENTITY_WORDS",
    "MAP_TARGETS",
    "PRESETS",
    "ColumnDecision",
    "Preset",
    "contact_share",
    "decide_columns",
    "detect_preset",
    "header_key",
    "header_tokens",
    "sniff_column",
]

# Address parts, per group: home (the applicant's address) and shipping (equipment delivery).
PART_NAMES = ("number", "line1", "line2", "city", "state", "postal_code", "country")
_STREET_PARTS = ("number", "line1", "line2")
ADDRESS_PARTS = tuple(f"address_{p}" if p in _STREET_PARTS else p for p in PART_NAMES) + tuple(
    f"shipping_address_{p}" if p in _STREET_PARTS else f"shipping_{p}" for p in PART_NAMES
)
FIELD_NAMES = (
    "id", "name", "first_name", "middle_name", "last_name", "email", "phone", "location",
    "address", "shipping_address", "resume", "linkedin", "github", "site", "links", "photo",
    "references", "resume_text", "phone_code",
)  # fmt: skip
MAP_TARGETS = (*FIELD_NAMES, *ADDRESS_PARTS, "ignore")

# Words that make an unmapped column worth stopping for: it probably identifies the applicant.
IDENTITY_WORDS = frozenset(
    {
        "phone", "phones", "mobile", "cell", "telephone", "tel", "whatsapp", "email", "emails",
        "mail", "address", "street", "zip", "postal", "postcode", "linkedin", "github",
        "contact",
    }
)  # fmt: skip

_PREFIXES = frozenset({"candidate", "candidates", "applicant", "applicants", "cand", "prospect"})
_STOP = frozenset({"s", "the", "a", "an", "of", "your", "you", "do", "is", "are", "please"})


# ---------------------------------------------------------------------------------------------
# Reading a header
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def header_tokens(text: str) -> tuple[str, ...]:
    """Words of a header: `candidateFirstName`, `candidate_first_name` and `Candidate First Name`
    all read `candidate first name`; "E-mail" is `email`, "Résumé" is `resume`."""
    from anyascii import anyascii

    t = anyascii(str(text)).strip().replace("_", " ")
    t = re.sub(r"([A-Z]{2,})s\b", lambda m: m.group(1).lower() + "s", t)  # URLs, IDs
    t = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", t)  # camelCase
    t = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", t)  # URLField → URL Field
    t = t.lower()
    t = re.sub(r"\be\s*-?\s*mail", "email", t)
    t = re.sub(r"\bzip\s*code\b", "zip", t)
    t = re.sub(r"\bpost\s+code\b", "postcode", t)
    t = re.sub(r"\bno\.", "number ", t)
    t = re.sub(r"#", " number ", t)
    t = t.replace("linked in", "linkedin").replace("git hub", "github")
    out: list[str] = []
    for word in re.findall(r"[a-z0-9]+", t):
        word = _SYNONYMS.get(word, word)
        if word:
            out.extend(_segment(word) if word not in _VOCABULARY else (word,))
    return tuple(out)


# Header words in other languages, and spellings, read as the English word.
_SYNONYMS = {
    "telefono": "phone", "telefone": "phone", "telefon": "phone", "telephone": "phone",
    "handy": "mobile", "movil": "mobile", "celular": "mobile", "cellulare": "mobile",
    "portable": "mobile", "mobil": "mobile", "correo": "email", "courriel": "email",
    "electronico": "", "electronique": "", "direccion": "address", "adresse": "address",
    "endereco": "address", "indirizzo": "address", "anschrift": "address", "strasse": "street", "hausnummer": "housenumber", "adresszusatz": "address2", "nummer": "number",
    "calle": "street", "rue": "street", "ciudad": "city", "ville": "city", "stadt": "city",
    "ort": "city", "citta": "city", "codigo": "code", "plz": "zip", "cp": "zip", "pais": "country",
    "pays": "country", "land": "country", "nombre": "name", "nom": "name", "vorname": "first",
    "prenom": "first", "nachname": "last", "apellido": "last", "apellidos": "last",
    "cognome": "last", "curriculum": "resume", "lebenslauf": "resume", "envio": "shipping",
    "livraison": "delivery", "lieferadresse": "shippingaddress", "portatil": "laptop",
    "ordinateur": "computer", "mobiltelefon": "mobile", "phoneno": "phone", "tel": "phone",
    "ph": "phone", "mob": "mobile", "addr": "address", "st": "street", "dob": "dob",
}  # fmt: skip
_VOCABULARY = frozenset(
    {
        "first", "last", "middle", "given", "family", "full", "name", "names", "email", "mail",
        "phone", "mobile", "cell", "number", "address", "street", "shipping", "ship", "home",
        "mailing", "current", "city", "state", "zip", "postal", "post", "code", "country",
        "linkedin", "github", "url", "urls", "link", "links", "profile", "profiles", "website",
        "web", "site", "id", "resume", "cv", "line", "equipment", "laptop", "delivery",
        "candidate", "applicant", "social", "media", "portfolio", "photo", "reference",
        "references", "text", "surname", "location", "handle", "username", "province", "region",
        "contact", "personal", "primary", "secondary", "work", "other", "house", "building",
    }
)  # fmt: skip


def _segment(word: str) -> tuple[str, ...]:
    """A lowercase compound read as its words (`phonenumber` → phone number), when it is made of
    known header words only; else the word itself."""
    if len(word) < 6 or word.isdigit():
        return (word,)
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[0] = ()
    for i in range(len(word)):
        if best[i] is None:
            continue
        for j in range(len(word), i + 1, -1):
            piece = word[i:j]
            if piece in _VOCABULARY or piece.isdigit():
                cand = (*best[i], piece)  # type: ignore[misc]
                if best[j] is None or len(cand) < len(best[j]):  # type: ignore[arg-type]
                    best[j] = cand
    found = best[len(word)]
    return found if found and len(found) > 1 else (word,)


def header_key(text: str) -> str:
    """A header's words joined by spaces: the form presets and aliases are written in."""
    return " ".join(header_tokens(text))


def _stripped(tokens: Sequence[str]) -> tuple[str, ...]:
    """Without a leading `candidate`/`applicant` (and its possessive), when words remain."""
    out = list(tokens)
    while len(out) > 1 and out[0] in _PREFIXES:
        out = out[1:]
        if len(out) > 1 and out[0] == "s":
            out = out[1:]
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Aliases and rules
# ---------------------------------------------------------------------------------------------

_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "candidate id", "applicant id", "ref", "reference id", "reference number",
           "application id", "application number", "candidate number", "applicant number",
           "external id", "person id", "profile id", "record id", "ats id", "uid", "number"),
    "name": ("name", "full name", "candidate name", "applicant name", "candidate", "applicant",
             "legal name", "full legal name", "display name", "candidate full name"),
    "first_name": ("first name", "given name", "forename", "firstname", "first",
                   "legal name first name", "legal first name", "given names"),
    "middle_name": ("middle name", "middle names", "middle initial", "legal name middle name"),
    "last_name": ("last name", "surname", "family name", "lastname", "last",
                  "legal name last name", "legal last name"),
    "email": ("email", "email address", "mail", "personal email", "primary email",
              "email addresses", "emails", "contact email"),
    "phone": ("phone", "phone number", "mobile", "mobile phone", "mobile number", "telephone",
              "tel", "cell", "cell phone", "contact number", "phone numbers", "phones",
              "primary phone", "mobile phone number", "telephone number", "cellphone"),
    "location": ("location", "city", "country", "residence", "current location", "based in",
                 "city state", "locations", "home location", "place of residence"),
    "address": ("address", "home address", "street address", "postal address",
                "mailing address", "current address", "residential address", "full address",
                "permanent address", "home street address"),
    "shipping_address": ("shipping address", "delivery address", "equipment address",
                         "equipment shipping address", "laptop address", "ship to",
                         "ship to address", "hardware address", "laptop shipping address"),
    "resume": ("resume", "cv", "resume file", "resume path", "cv file", "cv path", "resume pdf",
               "resume url", "resume link", "resume attachment", "attachments", "resume cv",
               "curriculum vitae", "resume filename", "cv url"),
    "linkedin": ("linkedin", "linkedin url", "linkedin profile", "linkedin pdf", "linkedin link",
                 "linkedin profile url", "linkedin handle", "linkedin username"),
    "github": ("github", "github url", "github handle", "github profile", "github username",
               "github link", "github profile url"),
    "site": ("site", "website", "portfolio", "personal site", "personal website", "homepage",
             "portfolio url", "website url", "blog", "personal url", "website blog or portfolio",
             "portfolio link", "web site", "personal homepage"),
    "links": ("links", "link", "urls", "url", "social media", "social profiles", "social links",
              "web profiles", "online profiles", "profiles", "social", "social networks",
              "other links", "websites", "profile links", "social media links", "web links"),
    "photo": ("photo", "photo path", "headshot", "picture", "profile photo", "image", "avatar",
              "profile picture"),
    "references": ("references", "referees", "reference", "referee", "reference contacts"),
    "resume_text": ("resume text", "resume body", "cv text", "resume content", "resume plain text"),
    "address_line1": ("address line 1", "address 1", "street", "street 1", "address1",
                      "street address line 1", "address street", "street line 1", "line 1"),
    "address_line2": ("address line 2", "address 2", "street 2", "address2", "apt", "suite",
                      "apartment", "unit", "line 2"),
    "city": ("city", "town", "city town"),
    "state": ("state", "province", "state province", "region", "state region", "county",
              "state province region", "prefecture"),
    "postal_code": ("zip", "postal code", "postcode", "zip postal code", "postal", "zip postal",
                    "postal zip", "post code"),
    "country": ("country", "country region", "nation"),
    "ignore": ("req id", "requisition id", "job id", "posting id", "opening id"),
}  # fmt: skip

ALIASES: dict[str, str] = {a: f for f, names in _ALIASES.items() for a in names}

# Columns about the job, the pipeline or the staff, and equal-opportunity data: never used.
_IGNORE_WORDS = frozenset(
    {
        "recruiter", "coordinator", "sourcer", "interviewer", "interviewers", "owner", "hiring",
        "referrer", "referred", "emergency", "created", "updated", "modified", "stage", "status",
        "job", "jobs", "requisition", "req", "posting", "opening", "department", "team",
        "salary", "compensation", "rating", "ratings", "score", "tags", "tag", "gender", "race",
        "ethnicity", "veteran", "disability", "pronouns", "nationality", "citizenship", "visa",
        "sponsorship", "consent", "gdpr", "origin", "applied", "hired", "offer", "rejection",
        "rejected", "disqualified", "disqualification", "credited", "sequence", "project",
        "pipeline", "scorecard", "feedback", "evaluation", "office", "headline", "company",
        "employer", "title", "birth", "dob", "age", "sex", "archived", "archive", "reason",
        "desired", "available", "availability", "notice", "medium", "campaign", "agency",
        "source", "sources", "date", "dates", "timestamp", "national", "ssn", "passport",
        "tax", "license", "licence", "insurance",
    }
)  # fmt: skip
_SHIP_WORDS = frozenset(
    {"ship", "shipping", "shipment", "equipment", "laptop", "hardware", "device", "devices",
     "computer", "courier", "delivery", "deliver", "delivered", "kit"}
)  # fmt: skip
_WHERE_WORDS = frozenset({"address", "where", "send", "sent", "street", "ship", "location"})
_GROUP_HOME = frozenset({"home", "mailing", "current", "permanent", "residential", "personal"})
_LINK_WORDS = frozenset(
    {"links", "link", "urls", "url", "social", "profiles", "websites", "web", "online"}
)
_PART_RULES: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"city", "town"}), "city"),
    (frozenset({"state", "province", "region", "county", "prefecture"}), "state"),
    (frozenset({"zip", "postal", "postcode"}), "postal_code"),
    (frozenset({"country"}), "country"),
)


def _part(group: str, part: str) -> str:
    if part in _STREET_PARTS:
        return f"shipping_address_{part}" if group == "shipping" else f"address_{part}"
    return f"shipping_{part}" if group == "shipping" else part


def _address_part(words: frozenset[str], group: str) -> str | None:
    """An address part from its words ("Address Line 2", "Shipping Zip", "House number"), or
    None."""
    street_words = words & {"address", "street", "line", "addr"}
    if words & {"apt", "suite", "apartment", "unit"} or (street_words and words & {"2", "two"}):
        return _part(group, "line2")
    if (words & {"house", "building"} and "number" in words) or {"street", "number"} <= words:
        return _part(group, "number")
    if (street_words and words & {"1", "one"}) or ("street" in words and "address" not in words):
        return _part(group, "line1")
    for keys, part in _PART_RULES:
        if words & keys:
            return _part(group, part)
    return None


def rule_field(tokens: Sequence[str]) -> tuple[str | None, str]:
    """The field the words of a header say, and why ("question", "words", "ignored"), or None."""
    words = frozenset(tokens) - _STOP
    if not words:
        return None, ""
    if words & {"gender", "race", "ethnicity", "veteran", "disability", "nationality",
                "citizenship", "pronouns"}:  # fmt: skip
        return "ignore", "equal-opportunity data: never used"
    if words & _IGNORE_WORDS and not words & {"linkedin", "github"}:
        return "ignore", "the job, the pipeline, the staff or personal data the checks do not use"
    if "code" in words and (
        words & {"dial", "dialing", "dialling", "calling", "area"}
        or ("country" in words and words & {"phone", "mobile", "tel"})
    ):
        return "phone_code", "words"
    if words == {"country", "code"}:
        return None, ""  # a dialling code or a country: its cells decide
    shipping = bool(words & _SHIP_WORDS) and bool(words & _WHERE_WORDS)
    group = "shipping" if (words & _SHIP_WORDS) else "home"
    part = _address_part(words, group)
    if part is not None and not (words & {"email", "phone", "mobile"}):
        how = "question" if len(tokens) > 4 else "words"
        return part, how
    if shipping:
        return "shipping_address", "question" if len(tokens) > 4 else "words"
    if "linkedin" in words:
        return "linkedin", "words"
    if "github" in words:
        return "github", "words"
    if words & {"resume", "cv", "curriculum"}:
        if words & {"text", "body", "content", "plain"}:
            return "resume_text", "words"
        return "resume", "words"
    if words & {"email", "emails", "mail"}:
        return "email", "words"
    if words & {"phone", "phones", "mobile", "cell", "cellphone", "telephone", "tel", "whatsapp"}:
        return "phone", "words"
    if "number" in words and words & {"contact", "reach", "call", "text", "dial"}:
        return "phone", "words"
    if words & {"reference", "references", "referee", "referees"}:
        return "references", "words"
    if words & {"photo", "headshot", "picture", "avatar"}:
        return "photo", "words"
    if words & {"website", "portfolio", "homepage", "blog"}:
        return "site", "words"
    if words & _LINK_WORDS:
        return "links", "words"
    if words & {"address", "street", "residence", "domicile"}:
        return "address", "question" if len(tokens) > 4 else "words"
    if words & {"located", "live", "reside", "based", "location"}:
        return "location", "question" if len(tokens) > 4 else "words"
    if "name" in words:
        if words & {"first", "given", "forename"}:
            return "first_name", "words"
        if words & {"last", "family", "surname"}:
            return "last_name", "words"
        if "middle" in words:
            return "middle_name", "words"
        if words & {"preferred", "nickname", "maiden", "former", "previous"}:
            return "ignore", "another name than the applicant's legal one: not linked"
        return "name", "words"
    if words & {"id", "identifier", "identification"}:
        return "id", "words"
    return None, ""


# ---------------------------------------------------------------------------------------------
# ATS presets
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preset:
    """One ATS export layout: its columns (as exported) and the fields they are."""

    name: str
    title: str
    columns: Mapping[str, str]  # header as the ATS writes it → field
    signature: tuple[str, ...]  # headers that tell this export from the others

    @property
    def keys(self) -> dict[str, str]:
        return {header_key(h): f for h, f in self.columns.items()}


def _preset(name: str, title: str, columns: dict[str, str], signature: Iterable[str]) -> Preset:
    return Preset(name, title, columns, tuple(header_key(s) for s in signature))


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        _preset(
            "greenhouse",
            "Greenhouse (candidate export)",
            {
                "Candidate ID": "id", "First Name": "first_name", "Last Name": "last_name",
                "Email": "email", "Phone": "phone", "Social Media": "links",
                "Website": "site", "Address": "address", "Current Company": "ignore",
                "Current Title": "ignore", "Source": "ignore", "Recruiter": "ignore",
                "Coordinator": "ignore", "Job": "ignore", "Stage": "ignore",
                "Application Date": "ignore", "Resume": "resume",
                "What address should we ship your equipment to?": "shipping_address",
            },
            ("Candidate ID", "Social Media", "Recruiter", "Coordinator", "Current Company"),
        ),
        _preset(
            "lever",
            "Lever (opportunities export; no id column)",
            {
                "Name": "name", "Email": "email", "Phone": "phone", "Location": "location",
                "Links": "links", "Resume": "resume", "Stage": "ignore", "Origin": "ignore",
                "Owner": "ignore", "Sources": "ignore", "Tags": "ignore",
                "Applied At": "ignore", "Posting": "ignore",
                "Shipping Address": "shipping_address",
            },
            ("Links", "Origin", "Owner", "Posting", "Applied At"),
        ),
        _preset(
            "workday",
            "Workday (candidate report; address in parts)",
            {
                "Candidate ID": "id", "Legal Name - First Name": "first_name",
                "Legal Name - Last Name": "last_name", "Email Address": "email",
                "Phone Number": "phone", "Address Line 1": "address_line1",
                "Address Line 2": "address_line2", "City": "city",
                "State/Province": "state", "Postal Code": "postal_code", "Country": "country",
                "Job Requisition": "ignore", "Candidate Stage": "ignore",
                "Resume/CV": "resume",
            },
            ("Legal Name - First Name", "Address Line 1", "Job Requisition", "Candidate Stage",
             "State/Province"),
        ),
        _preset(
            "ashby",
            "Ashby (candidates export)",
            {
                "Application ID": "id", "Name": "name", "Email": "email",
                "Phone Number": "phone", "LinkedIn": "linkedin", "GitHub": "github",
                "Website": "site", "Location": "location", "Resume": "resume",
                "Current Stage": "ignore", "Source": "ignore", "Credited To": "ignore",
                "Job": "ignore", "Laptop Shipping Address": "shipping_address",
            },
            ("Application ID", "Current Stage", "Credited To", "LinkedIn", "GitHub"),
        ),
        _preset(
            "smartrecruiters",
            "SmartRecruiters (candidates report; camelCase headers)",
            {
                "Candidate ID": "id", "candidateFirstName": "first_name",
                "candidateLastName": "last_name", "candidateEmail": "email",
                "Candidate phone number": "phone", "candidateCity": "city",
                "candidateCountry": "country", "Web profiles": "links",
                "Application status": "ignore", "Job ad": "ignore",
                "Equipment delivery address": "shipping_address",
            },
            ("candidateFirstName", "candidateEmail", "Candidate phone number", "Web profiles",
             "Job ad"),
        ),
        _preset(
            "bamboohr",
            "BambooHR (applicants report; address in parts)",
            {
                "Applicant ID": "id", "First Name": "first_name", "Last Name": "last_name",
                "Email": "email", "Phone": "phone", "Address": "address_line1",
                "City": "city", "State": "state", "Zip": "postal_code", "Country": "country",
                "LinkedIn Profile URL": "linkedin",
                "Website, Blog, or Portfolio": "site", "Desired Salary": "ignore",
                "Date Available": "ignore", "Referred By": "ignore", "Job Opening": "ignore",
                "Status": "ignore", "Rating": "ignore",
            },
            ("Applicant ID", "Desired Salary", "Date Available", "Website, Blog, or Portfolio",
             "Referred By"),
        ),
        _preset(
            "gem",
            "Gem (prospects export; snake_case headers)",
            {
                "candidate_id": "id", "candidate_first_name": "first_name",
                "candidate_last_name": "last_name", "candidate_email": "email",
                "candidate_phone_number": "phone", "candidate_linkedin_url": "linkedin",
                "candidate_github_url": "github", "candidate_location": "location",
                "candidate_shipping_address": "shipping_address", "project": "ignore",
                "sequence": "ignore", "owner": "ignore",
            },
            ("candidate_first_name", "candidate_phone_number", "candidate_linkedin_url",
             "project", "sequence"),
        ),
        _preset(
            "workable",
            "Workable (candidates export)",
            {
                "Candidate ID": "id", "Name": "name", "Email": "email", "Phone": "phone",
                "Address": "address", "Headline": "ignore", "Social profiles": "links",
                "Resume": "resume", "Job": "ignore", "Stage": "ignore", "Source": "ignore",
                "Disqualified": "ignore", "Created at": "ignore",
                "Where should we send your laptop?": "shipping_address",
            },
            ("Headline", "Social profiles", "Disqualified", "Created at"),
        ),
    )
}  # fmt: skip


def detect_preset(headers: Iterable[str]) -> tuple[str | None, float]:
    """The preset whose signature the headers carry (at least 60% of it, and clearly more than
    any other's), and its share; (None, best share) when no export is recognised."""
    keys = {header_key(h) for h in headers if h}
    scores = sorted(
        (
            (sum(1 for s in p.signature if s in keys) / len(p.signature), p.name)
            for p in PRESETS.values()
        ),
        reverse=True,
    )
    best, name = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    if best >= 0.6 and best - runner_up >= 0.2:
        return name, best
    return None, best


# ---------------------------------------------------------------------------------------------
# Deciding every column
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnDecision:
    """What one column is and why: `how` is map, preset, alias, words, question, content,
    ignored or unknown."""

    index: int
    header: str
    field: str | None  # a field, an address part, "ignore", or None (not used)
    how: str
    note: str = ""

    @property
    def identity_bearing(self) -> bool:
        """Unmapped, and its header or its cells say it identifies someone (phone, email,
        address…)."""
        if self.field is not None:
            return False
        return bool(set(header_tokens(self.header)) & IDENTITY_WORDS) or self.note == CONTACT_CELLS


def header_field(header: str, preset: Preset | None) -> tuple[str | None, str, str]:
    """(field, how, note) for one header from the preset, the aliases and the rules."""
    tokens = header_tokens(header)
    key = " ".join(tokens)
    if preset is not None and key in preset.keys:
        return preset.keys[key], "preset", preset.name
    stripped = " ".join(_stripped(tokens))
    for k in (key, stripped, key.replace(" ", ""), stripped.replace(" ", "")):
        if k in ALIASES:
            return ALIASES[k], "alias", ""
    field, why = rule_field(_stripped(tokens))
    if field == "ignore":
        return "ignore", "ignored", why
    if field is not None:
        return field, why, ""
    return None, "unknown", ""


def decide_columns(
    headers: Sequence[str], mapping: Mapping[str, str], preset: Preset | None
) -> list[ColumnDecision]:
    """One decision per non-empty header: `--map` first (by its header key), then the preset,
    aliases and rules. Content is read later, for the columns left undecided."""
    extra = {header_key(k) if " " in k or not k.islower() else k: v for k, v in mapping.items()}
    out = []
    for i, h in enumerate(headers):
        if not h:
            continue
        key = header_key(h)
        target = extra.get(key) or extra.get(key.replace(" ", ""))
        if target is not None:
            out.append(ColumnDecision(i, h, target, "map"))
            continue
        field, how, note = header_field(h, preset)
        out.append(ColumnDecision(i, h, field, how, note))
    return _name_as_first(_street_as_line(_one_id(out)))


def _name_as_first(decisions: list[ColumnDecision]) -> list[ColumnDecision]:
    """A `Name` column beside a surname column and no first-name column is the given name
    ("Nombre" and "Apellidos", "Name" and "Surname")."""
    fields = [d.field for d in decisions]
    if "last_name" not in fields or "first_name" in fields or fields.count("name") != 1:
        return decisions
    return [
        ColumnDecision(
            d.index,
            d.header,
            "first_name",
            d.how,
            "the given name: the surname is a column of its own",
        )
        if d.field == "name" and d.how in ("alias", "words")
        else d
        for d in decisions
    ]


def _street_as_line(decisions: list[ColumnDecision]) -> list[ColumnDecision]:
    """An `Address` column beside `City`/`State`/`Zip` columns is the street line of that
    address (BambooHR and many custom reports split it so)."""
    fields = {d.field for d in decisions}
    if "address_line1" in fields or not fields & {"city", "state", "postal_code"}:
        return decisions
    street = [d for d in decisions if d.field == "address" and d.how in ("alias", "words")]
    if len(street) != 1:
        return decisions
    return [
        ColumnDecision(
            d.index,
            d.header,
            "address_line1",
            d.how,
            "the street line: city, state and zip are columns of their own",
        )
        if d is street[0]
        else d
        for d in decisions
    ]


def _one_id(decisions: list[ColumnDecision]) -> list[ColumnDecision]:
    """Several id-like columns (candidate id and application id): the person's id wins."""
    ids = [d for d in decisions if d.field == "id"]
    if len(ids) <= 1:
        return decisions

    def rank(d: ColumnDecision) -> int:
        words = set(header_tokens(d.header))
        if d.how == "map":
            return 0
        if words & {"candidate", "applicant", "person", "profile"}:
            return 1
        return 2

    keep = min(ids, key=lambda d: (rank(d), d.index))
    return [
        ColumnDecision(
            d.index,
            d.header,
            "ignore",
            "ignored",
            f"a second id column ({keep.header!r} is the id)",
        )
        if d.field == "id" and d is not keep
        else d
        for d in decisions
    ]


# ---------------------------------------------------------------------------------------------
# Content
# ---------------------------------------------------------------------------------------------

_EMAIL = re.compile(r"[^\s@<>(),;]+@[^\s@<>(),;]+\.[a-z]{2,}", re.I)
_URL = re.compile(r"^(?:https?://|www\.)\S+$|^[a-z0-9-]+(?:\.[a-z0-9-]+)+/\S*$", re.I)
_PHONE = re.compile(r"^\+?[\d\s().\-/]{7,}(?:\s*(?:x|ext\.?)\s*\d+)?$", re.I)


CONTACT_CELLS = "its cells hold contact data of more than one kind"


def _contact_like(c: str) -> bool:
    """A cell that holds a mailbox, a phone number or a profile URL."""
    if _EMAIL.search(c) or "linkedin.com/" in c.lower() or "github.com/" in c.lower():
        return True
    return bool(_PHONE.match(c)) and sum(ch.isdigit() for ch in c) >= 10


def contact_share(values: Sequence[str]) -> float:
    """The share of non-empty cells that hold contact data (for columns left undecided)."""
    cells = [v.strip() for v in values if v and v.strip()]
    return sum(1 for c in cells if _contact_like(c)) / len(cells) if cells else 0.0


def sniff_column(values: Sequence[str], header: str = "") -> str | None:
    """The field a column's cells are (email, phone, links, address), when most of them are;
    a `… Code` column of `+1`, `44` is a dialling code."""
    cells = [v.strip() for v in values if v and v.strip()]
    if len(cells) < 2:
        return None

    def share(pred: Callable[[str], bool]) -> float:
        return sum(1 for c in cells if pred(c)) / len(cells)

    if (
        "code" in header_tokens(header)
        and share(lambda c: bool(re.fullmatch(r"\+?\d{1,4}", c))) >= 0.7
    ):
        return "phone_code"
    if share(lambda c: any(_EMAIL.fullmatch(x) for x in re.split(r"[\s,;]+", c))) >= 0.7:
        return "email"
    if share(lambda c: all(_URL.match(x) for x in re.split(r"[\s,;|]+", c) if x)) >= 0.7:
        return "links"
    if share(lambda c: bool(_PHONE.match(c)) and sum(ch.isdigit() for ch in c) >= 10) >= 0.7:
        return "phone"
    from extractors.normalise.addresses import address_parts

    def is_address(c: str) -> bool:
        parts = address_parts(c)
        return parts is not None and parts.street_level and bool(parts.number)

    if share(is_address) >= 0.6:
        return "address"
    return None
