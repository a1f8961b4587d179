"""Regenerate `countries.json` and `nanp_area_codes.json` from the phonenumbers package's data.

Run from the repository root when phonenumbers is upgraded:

    python extractors/data/build_tables.py

Both files are committed; nothing reads phonenumbers' geocoder at scan time. Hand-kept aliases
(common and native country names) live below, so a regeneration keeps them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from extractors.addresses import CA_PROVINCES, US_STATES  # noqa: E402

# Names phonenumbers does not give, or gives in a less common form, and native names.
COUNTRY_ALIASES: dict[str, list[str]] = {
    "US": ["United States of America", "USA", "US", "U.S.", "U.S.A.", "America"],
    "GB": ["UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales",
           "Northern Ireland", "GB"],
    "KR": ["Korea", "Republic of Korea", "Korea, Republic of"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "RU": ["Russian Federation", "Rossiya"],
    "CZ": ["Czechia", "Cesko"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "AE": ["UAE", "U.A.E."],
    "TR": ["Turkiye", "Türkiye"],
    "MM": ["Burma"],
    "CD": ["DR Congo", "DRC", "Democratic Republic of the Congo", "Congo-Kinshasa"],
    "CG": ["Republic of the Congo", "Congo-Brazzaville"],
    "NL": ["The Netherlands", "Holland", "Nederland"],
    "VN": ["Viet Nam"],
    "MK": ["North Macedonia"],
    "SZ": ["Eswatini"],
    "CV": ["Cabo Verde"],
    "TL": ["East Timor"],
    "VA": ["Vatican City", "Holy See"],
    "PS": ["State of Palestine"],
    "LA": ["Lao PDR"],
    "PH": ["The Philippines"],
    "BA": ["Bosnia"],
    "DE": ["Deutschland"],
    "ES": ["España"],
    "MX": ["México"],
    "BR": ["Brasil"],
    "IT": ["Italia"],
    "AT": ["Österreich"],
    "CH": ["Schweiz", "Suisse", "Svizzera"],
    "PL": ["Polska"],
    "SE": ["Sverige"],
    "NO": ["Norge"],
    "DK": ["Danmark"],
    "FI": ["Suomi"],
    "HU": ["Magyarország"],
    "RO": ["România"],
    "BE": ["Belgique", "België"],
    "IE": ["Éire", "Republic of Ireland"],
    "GR": ["Hellas", "Ellada"],
    "HR": ["Hrvatska"],
    "RS": ["Srbija"],
    "SK": ["Slovensko"],
    "SI": ["Slovenija"],
    "UA": ["Ukraina"],
    "PE": ["Perú"],
    "IN": ["Bharat"],
    "CN": ["PRC", "People's Republic of China", "Mainland China"],
    "TW": ["Republic of China (Taiwan)"],
    "XK": ["Kosovo"],
    "BL": ["Saint Barthélemy"],
    "MF": ["Saint Martin"],
    "EH": ["Western Sahara"],
    "AC": ["Ascension Island"],
    "TA": ["Tristan da Cunha"],
}  # fmt: skip


def countries() -> dict[str, list[str]]:
    import phonenumbers as pn
    from phonenumbers import geocoder

    out: dict[str, list[str]] = {}
    for region in sorted(pn.SUPPORTED_REGIONS):
        example = pn.example_number(region) or pn.example_number_for_type(
            region, pn.PhoneNumberType.MOBILE
        )
        name = geocoder.country_name_for_number(example, "en") if example else ""
        names = [name] if name else []
        names += [a for a in COUNTRY_ALIASES.get(region, []) if a not in names]
        if names:
            out[region] = names
    return out


def _region_of(description: str, country: str) -> list[str]:
    """ "Texas" → ["TX"]; "San Antonio, TX" → ["TX"]; "Nova Scotia/Prince Edward Island" → both."""
    table = US_STATES if country == "US" else CA_PROVINCES
    by_name = {v.casefold(): k for k, v in table.items()}
    by_name.update({"washington state": "WA", "washington d.c.": "DC", "british colombia": "BC"})
    out = []
    for part in description.split("/"):
        part = part.strip()
        tail = part.rsplit(",", 1)[-1].strip()
        if tail.upper() in table:
            out.append(tail.upper())
        elif part.casefold() in by_name:
            out.append(by_name[part.casefold()])
    return sorted(set(out))


def nanp_area_codes() -> dict[str, dict[str, object]]:
    import phonenumbers as pn
    from phonenumbers import geocoder

    out: dict[str, dict[str, object]] = {}
    for npa in range(200, 1000):
        for exchange in (
            "555",
            "200",
            "234",
            "310",
            "456",
            "520",
            "701",
            "864",
            "925",
            "733",
            "258",
        ):
            num = pn.parse(f"+1{npa}{exchange}0123")
            if not pn.is_valid_number(num):
                continue
            country = pn.region_code_for_number(num)
            description = geocoder.description_for_number(num, "en")
            if country in ("US", "CA") and not description:
                continue  # try another exchange for a description; non-geographic codes stay out
            regions = _region_of(description, country) if country in ("US", "CA") else []
            out[str(npa)] = {"country": country, "regions": regions}
            break
    return out


def main() -> None:
    import phonenumbers as pn

    version = pn.__version__
    (HERE / "countries.json").write_text(
        json.dumps(
            {
                "version": 1,
                "source": f"phonenumbers {version} region names, plus hand-kept aliases (build_tables.py)",
                "countries": countries(),
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    (HERE / "nanp_area_codes.json").write_text(
        json.dumps(
            {
                "version": 1,
                "source": f"phonenumbers {version} geocoding data (build_tables.py); "
                "non-geographic codes (800, 500, ...) are left out",
                "area_codes": nanp_area_codes(),
            },
            ensure_ascii=False,
            indent=1,
            sort_keys=True,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
