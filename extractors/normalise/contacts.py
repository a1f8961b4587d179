"""Contact values as identifiers: the mailbox behind an address, a phone's number, a profile's
account, a URL's canonical form, and the values that stand for "none given".

Every function is pure and deterministic across processes (no `hash()` of strings), so checks,
the history diff, batch linkage, the store and Spark executors all get the same answer.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from extractors.normalise.text import lazy_re

__all__ = [
    "canonical_url",
    "email_key",
    "github_key",
    "is_placeholder",
    "linkedin_key",
    "mailbox",
    "mailboxes_match",
    "phone_key",
    "phone_number_key",
    "phone_text",
    "placeholder_reason",
    "same_number",
]

# ---------------------------------------------------------------------------------------------
# Placeholders: values that stand for "none given"
# ---------------------------------------------------------------------------------------------

_PLACEHOLDER_TEXT = frozenset(
    {
        *("", "n/a", "na", "none", "null", "nil", "-", "--", "unknown", "tbd", "tba"),
        *("x", "xx", "xxx", "0", "not applicable", "not available", "not provided"),
        *("upon request", "on request", "available upon request", "available on request"),
        *("provided upon request", "will provide", "to be provided", "confidential"),
        *("private", "withheld", "prefer not to say", "see resume", "see cv"),
    }
)
_ADDRESS_PLACEHOLDERS = frozenset(
    {"", "na", "n a", "none", "unknown", "tbd", "same", "same as above", "same as home", "x"}
)
_TEMPLATE = lazy_re(
    r"^\s*(?:\[[^\]]*\]|<[^>]*>|\{[^}]*\}|your (?:phone|email|name|address)\b.*|"
    r"(?:phone|email|e-mail|address|mobile|tel)(?: number| address)?(?: here)?|"
    r"x{3}[- .]?x{3}[- .]?x{4}|\(?x{3}\)?[- .]?x{3}[- .]?x{4}|"
    r"(?:name|user(?:name)?|you|your\.?name|firstname\.?lastname|first\.?last)@"
    r"(?:email|example|domain|company|mail)\.(?:com|org|net))\s*$",
    re.I,
)
_NON_DIGIT = lazy_re(r"\D+")
_ASCII_DIGITS = frozenset("0123456789")


def _is_placeholder_digits(digits: str) -> bool:
    """Digits nobody dials: all one digit, counting runs, 555-555-5555, 000-00-0000 shapes."""
    national = digits[-10:]
    return (
        len(set(national)) <= 1
        or national in ("1234567890", "0123456789", "9876543210", "123456789", "0000000000")
        or national.endswith("5555555")
        or digits in ("1234567", "12345678", "123456789", "000000000")
    )


@lru_cache(maxsize=8192)  # several checks and the linkage keys ask about each value of a row
def placeholder_reason(kind: str, raw: str) -> str | None:
    """Why a contact value stands for "none given" ("template text", "all one digit"), or None.

    `kind` is phone, email, address, reference or another field name."""
    text = " ".join((raw or "").split()).strip().lower()
    if text.strip(" .") in _PLACEHOLDER_TEXT:
        return "no value" if not text.strip(" .") else f"says {raw.strip()!r}"
    if kind in ("address", "shipping_address") and text.strip(" .") in _ADDRESS_PLACEHOLDERS:
        return f"says {raw.strip()!r}"
    if text[:1] not in _ASCII_DIGITS and _TEMPLATE.match(text):  # no template starts on a digit
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
    """A value that stands for "none given" (`n/a`, `000-000-0000`, `test@test.com`)."""
    return placeholder_reason(kind, raw) is not None


# ---------------------------------------------------------------------------------------------
# Phones
# ---------------------------------------------------------------------------------------------

_NANP_REGIONS = frozenset({"US", "CA", "PR", "GU", "VI", "AS", "MP"})
_LEADING_LABEL = lazy_re(
    r"^\s*(?:tel(?:ephone)?|phone|ph|mobile|mob|cell(?:phone)?|home|work|office|whatsapp|"
    r"[mtpwhc])\s*[:.]\s*",
    re.I,
)
_TRAILING_LABEL = lazy_re(
    r"\s*(?:[(\[]\s*)?[-–—,:]?\s*(?:mobile|mob|cell(?:phone)?|home|work|office|personal|"
    r"main|landline|whatsapp|viber|signal|day|evening|pref(?:erred)?|primary|m|h|w|c)"
    r"\s*(?:[)\]])?\s*$",
    re.I,
)


_BARE_START = frozenset("0123456789+(")
_LETTER = lazy_re(r"[A-Za-z]")


def phone_text(raw: str) -> str:
    """A phone string without the labels people write around it: "Mobile: (312) 555-0142",
    "629-555-0130 (mobile)", "615-555-0108 - home" → the number as written."""
    text = (raw or "").strip()
    if text and text[0] in _BARE_START and text[-1] in _ASCII_DIGITS:
        return text  # no label can start before a digit, "+" or "(", nor end on a digit
    text = _LEADING_LABEL.sub("", raw or "").strip()
    if any(c.isdigit() for c in text):
        stripped = _TRAILING_LABEL.sub("", text).strip()
        if sum(c.isdigit() for c in stripped) == sum(c.isdigit() for c in text):
            text = stripped
    return text


@lru_cache(maxsize=16384)  # the same value is asked for several times a row; bounded
def phone_key(raw: str, default_region: str = "US") -> str | None:
    """E.164 (`+13125550142`), or None for a placeholder or something that is not a phone.

    North American numbers written in the usual ways take a fast path; everything else goes
    through libphonenumber. Possible (not necessarily valid) numbers are kept: validity is the
    contact checks' business, linkage only needs the same number to get the same key.
    """
    text = phone_text(raw)
    if text.lower() in _PLACEHOLDER_TEXT:
        return None
    text = text.replace("(0)", " ")  # a trunk prefix kept after the country code
    digits = _NON_DIGIT.sub("", text.split("x")[0].split("ext")[0])
    if len(digits) < 7 or _is_placeholder_digits(digits):
        return None
    plus = text.lstrip().startswith(("+", "00"))
    if default_region in _NANP_REGIONS and not plus and not _LETTER.search(text):
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


def same_number(a: str, b: str) -> bool:
    """Two phone strings that dial one number (`(512) 555-0142` / `+1 512 555 0142`)."""
    return phone_number_key(a) == phone_number_key(b)


def phone_number_key(raw: str, default_region: str | None = "US") -> str:
    """The number a phone string dials, for comparing two of one person's contact lists:
    `phone_key`, else the digits as written (a malformed number still equals itself)."""
    return phone_key(raw, default_region or "US") or _NON_DIGIT.sub("", raw)


# ---------------------------------------------------------------------------------------------
# Mailboxes
# ---------------------------------------------------------------------------------------------

_GMAIL = frozenset({"gmail.com", "googlemail.com"})
_PLACEHOLDER_LOCALS = frozenset(
    [
        *("test", "none", "noemail", "no-email", "noreply", "no-reply", "donotreply", "na"),
        *("n/a", "null", "nobody", "unknown", "asdf", "xxx", "abc", "fake", "email"),
        *("youremail", "your.email", "yourname", "your.name", "name", "firstname.lastname"),
        *("first.last", "john.doe", "jane.doe", "johndoe", "janedoe"),
    ]
)
_PLACEHOLDER_DOMAINS = frozenset(
    {"test.com", "none.com", "noemail.com", "email.invalid", "test.test", "domain.com"}
)
_EMAIL_SHAPE = lazy_re(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
_NOREPLY = lazy_re(r"^(?:\d+\+)?([a-z0-9-]+)@users\.noreply\.github\.com$")
_NOREPLY_ENDS = ("@users.noreply.github.com", "@users.noreply.github.com\n")  # `$`: before a \n


@lru_cache(maxsize=16384)  # the same value is asked for several times a row; bounded
def email_key(raw: str) -> str | None:
    """The mailbox that receives an address: lower-cased, `+tag` dropped, Gmail dots and
    googlemail folded; GitHub's no-reply addresses name the account (`gh:login`). None for a
    placeholder or something that is not an address.

    This is identity: two applicants with one key share one mailbox (NW002).
    """
    text = raw.strip().strip("<>").lower()
    if text.startswith("mailto:"):
        text = text[7:]
    if not _EMAIL_SHAPE.match(text):
        return None
    if text.endswith(_NOREPLY_ENDS):  # the only endings _NOREPLY matches
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
    if len(set(local)) == 1 and len(local) > 1:  # aaaa@…, xxxx@…
        return None
    return f"{local}@{domain}"


def mailbox(raw: str) -> str:
    """`email_key`, or the address folded to lower case when it is no usable address (so a
    value still equals itself)."""
    return email_key(raw) or raw.strip().lower()


def _loose_mailbox(raw: str) -> str:
    key = mailbox(raw)
    local, _, domain = key.rpartition("@")
    return f"{re.sub(r'[._-]', '', local)}@{domain}" if domain else key


def mailboxes_match(a: str, b: str) -> bool:
    """One person's address written two ways: the same mailbox (`email_key`), or the same
    domain with local parts that differ only by dots, hyphens or underscores
    (`hanswolfgang.heinrich@` / `hans-wolfgang.heinrich@`).

    For comparing one candidate's own contact lists (XS007, ID003, HJ007), never for linking
    two applicants: there, only the same mailbox counts.
    """
    if not a.strip() or not b.strip():
        return False
    ka, kb = email_key(a), email_key(b)
    if ka is not None and ka == kb:
        return True
    return _loose_mailbox(a) == _loose_mailbox(b)


# ---------------------------------------------------------------------------------------------
# Profiles, accounts and URLs
# ---------------------------------------------------------------------------------------------


def linkedin_key(slug_or_url: str) -> str | None:
    """The LinkedIn vanity slug, folded (`https://uk.linkedin.com/in/J%C3%B6rg/` → `jörg`)."""
    text = slug_or_url.strip()
    if "linkedin.com" in text.lower():
        from extractors.contacts import linkedin_slug

        text = linkedin_slug(text) or ""
    slug = unquote(text).strip().strip("/-_.").lower()
    return slug or None


def github_key(handle_or_url: str) -> str | None:
    """The GitHub account name, lower-cased (`https://github.com/QHalvorsen` → `qhalvorsen`)."""
    text = handle_or_url.strip().lstrip("@")
    if "github" in text.lower() or "/" in text:
        from extractors.contacts import github_handle

        text = github_handle(text) or ""
    return text.lower() or None


def canonical_url(url: str) -> str:
    """A stable form of a URL for comparing across sources and snapshots.

    https scheme, lower-case host without `www.` (LinkedIn country subdomains become
    `linkedin.com`), no default port, fragment or tracking parameters, no trailing slash, and a
    uniform percent-encoding of the path.
    """
    text = url.strip()
    if not text:
        return ""
    if "://" not in text:
        text = "https://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return text
    scheme = "https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower()
    if host.startswith("www."):
        host = host[4:]
    if re.fullmatch(r"[a-z]{2,3}\.linkedin\.com", host):
        host = "linkedin.com"
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = unquote(parts.path).rstrip("/")
    if host in ("linkedin.com", "github.com"):
        path = path.lower()  # slugs and account names are case-insensitive there
    path = quote(path, safe="/:@!$&'()*+,;=-._~")
    query = ""
    if host not in ("linkedin.com", "github.com"):
        kept = [
            q
            for q in parts.query.split("&")
            if q and not q.lower().startswith(("utm_", "fbclid=", "gclid="))
        ]
        query = "&".join(kept)
    return urlunsplit((scheme, netloc, path, query, ""))
