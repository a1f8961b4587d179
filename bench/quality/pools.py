"""The raw material of synthetic applicants: names, places, phones, employers, schools, techs.

Everything here is invented or public knowledge. Phones come only from ranges reserved for
fiction (North American 555-0100..0199, Ofcom's UK drama ranges, ACMA's Australian ranges), so
no generated number can reach anybody. Emails are at example.com/.org/.net (Gmail only with
invented mailboxes for the alias-folding cases). Well-known employer and school *names* are
used as employers and schools; the people are all made up.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass

YM = tuple[int, int | None]  # (year, month or None for a year-only date)

MONTHS3 = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip


def ym_add(d: YM, months: int) -> YM:
    """Month arithmetic on a month-precision date (a year-only date moves by whole years)."""
    year, month = d
    if month is None:
        return (year + months // 12, None)
    total = year * 12 + (month - 1) + months
    return (total // 12, total % 12 + 1)


def ym_months(a: YM, b: YM) -> int:
    """Months from a to b (month 1 for year-only dates)."""
    return (b[0] * 12 + (b[1] or 1)) - (a[0] * 12 + (a[1] or 1))


def ym_le(a: YM, b: YM) -> bool:
    return (a[0], a[1] or 1) <= (b[0], b[1] or 1)


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------
FIRST = [
    "Dana", "Riley", "Jordan", "Morgan", "Avery", "Casey", "Priya", "Arjun", "Wei", "Mei",
    "Hiroshi", "Yuki", "Olumide", "Chidi", "Amara", "Fatima", "Omar", "Layla", "Mateo", "Sofia",
    "Diego", "Camila", "Andrei", "Katarzyna", "Piotr", "Elena", "Nikolai", "Aisha", "Kwame",
    "Thandiwe", "Sven", "Ingrid", "Liam", "Noah", "Emma", "Olivia", "Ava", "Ethan", "Lucas",
    "Chloe", "Grace", "Hannah", "Samuel", "Benjamin", "Isabella", "Nathan", "Rachel", "Joon",
    "Minh", "Linh", "Tariq", "Farah", "Ravi", "Ananya", "Kenji", "Sakura", "Ifeoma", "Emeka",
    "Lars", "Astrid", "Marco", "Giulia", "Pierre", "Camille", "Anika", "Jonas", "Mirela",
    "Tomasz", "Zainab", "Yusuf", "Carmen", "Pablo", "Leilani", "Kai", "Nadia", "Hamid", "Quinn",
    "Harper", "Rowan", "Sawyer", "Teagan", "Skyler", "Emerson", "Finley", "Reese", "Parker",
]  # fmt: skip
LAST = [
    "Whitfield", "Thornton", "Okafor", "Nguyen", "Kowalski", "Castellano", "Zhang", "Patel",
    "Ivanova", "Adeyemi", "Lindqvist", "O'Brien", "MacLeod", "Novak", "Rossi", "Haddad", "Kim",
    "Park", "Tanaka", "Silva", "Costa", "Dubois", "Fischer", "Jansen", "Andersen", "Mensah",
    "Banerjee", "Reyes", "Morales", "Cohen", "Schwartz", "Petrov", "Horvat", "Yilmaz", "Demir",
    "Kaur", "Chen", "Wu", "Ahmed", "Hussain", "Moreau", "Brennan", "Fitzgerald", "Ashdown",
    "Ellsworth", "Halvorsen", "Pemberton", "Achterberg", "Vantongeren", "Brightmore", "Sorensby",
    "Delacroix", "Marlow", "Redfern", "Ingleby", "Zeller", "Quintero", "Abernathy", "Kaminski",
    "Lebedev", "Oyelaran", "Takahashi", "Varga", "Hollis", "Sandoval", "Winslow", "Galloway",
    "Prescott", "Calloway", "Oduya", "Feldman", "Kurosawa", "Nakamura", "Eriksen", "Bergstrom",
    "Mwangi", "Balogun", "Chaudhry", "Iyer", "Raman", "Sato", "Vasquez", "Duarte", "Ferreira",
]  # fmt: skip

# Formal given name → nicknames people really go by.
NICKNAMES = {
    "Robert": ["Bob", "Rob", "Bobby"], "William": ["Bill", "Will", "Liam"],
    "Elizabeth": ["Liz", "Beth", "Eliza"], "Katherine": ["Kate", "Katie", "Kathy"],
    "Michael": ["Mike", "Mikey"], "Alexander": ["Alex", "Sasha"], "Jennifer": ["Jen", "Jenny"],
    "Christopher": ["Chris"], "Daniel": ["Dan", "Danny"], "Jonathan": ["Jon", "Jonny"],
    "Nicholas": ["Nick"], "Margaret": ["Maggie", "Peggy", "Meg"], "Richard": ["Rick", "Rich"],
    "Patricia": ["Patty", "Trish"], "Anthony": ["Tony"], "Joseph": ["Joe", "Joey"],
    "Samantha": ["Sam"], "Rebecca": ["Becky", "Becca"], "Theodore": ["Ted", "Theo"],
    "Abigail": ["Abby"], "Benjamin": ["Ben"], "Matthew": ["Matt"], "Victoria": ["Vicky", "Tori"],
}  # fmt: skip
# Which nickname pairs the held-out set alone uses (the dev set uses the others).
HELDOUT_NICKNAMES = {"Margaret", "Richard", "Theodore", "Victoria", "Patricia"}

# Names written with diacritics, and how people type them without.
DIACRITIC_NAMES = [
    ("José", "Hernández", "Jose", "Hernandez"), ("Zoë", "Lefèvre", "Zoe", "Lefevre"),
    ("Søren", "Kjær", "Soren", "Kjaer"), ("Łukasz", "Wiśniewski", "Lukasz", "Wisniewski"),
    ("Inês", "Gonçalves", "Ines", "Goncalves"), ("Çağla", "Öztürk", "Cagla", "Ozturk"),
    ("François", "Bélanger", "Francois", "Belanger"), ("Jürgen", "Müller", "Juergen", "Mueller"),
    ("Renée", "Dvořák", "Renee", "Dvorak"), ("Nuño", "Peña", "Nuno", "Pena"),
]  # fmt: skip
HELDOUT_DIACRITICS = {"Jürgen", "Renée", "Nuño"}

# Transliteration variants of one name (held-out only).
TRANSLITERATIONS = [
    ("Aleksandr", "Alexander"), ("Yevgeniy", "Evgeny"), ("Mohammed", "Muhammad"),
    ("Dmitriy", "Dmitri"), ("Yekaterina", "Ekaterina"), ("Sergey", "Sergei"),
]  # fmt: skip
# CJK names with their romanisation (held-out only): (native, given, family).
CJK_NAMES = [("王伟", "Wei", "Wang"), ("李娜", "Na", "Li"), ("김민준", "Minjun", "Kim"),
             ("佐藤健", "Ken", "Sato"), ("陈静", "Jing", "Chen")]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Places: US cities with their area codes, and a few places elsewhere with fictional ranges
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class City:
    city: str
    state: str  # postal abbreviation, or the region elsewhere
    state_full: str
    country: str  # ISO code
    area_codes: tuple[str, ...]  # NANP area codes; empty elsewhere

    @property
    def short(self) -> str:
        return f"{self.city}, {self.state}"

    @property
    def linkedin(self) -> str:
        """LinkedIn writes the place out: `Austin, Texas, United States`."""
        country = {"US": "United States", "CA": "Canada", "GB": "United Kingdom",
                   "AU": "Australia"}[self.country]  # fmt: skip
        return f"{self.city}, {self.state_full}, {country}"


US_CITIES = [
    City("Chicago", "IL", "Illinois", "US", ("312", "773")),
    City("Austin", "TX", "Texas", "US", ("512", "737")),
    City("Denver", "CO", "Colorado", "US", ("303", "720")),
    City("Seattle", "WA", "Washington", "US", ("206",)),
    City("Boston", "MA", "Massachusetts", "US", ("617", "857")),
    City("Atlanta", "GA", "Georgia", "US", ("404", "678")),
    City("Phoenix", "AZ", "Arizona", "US", ("602", "480")),
    City("Portland", "OR", "Oregon", "US", ("503", "971")),
    City("Minneapolis", "MN", "Minnesota", "US", ("612",)),
    City("Raleigh", "NC", "North Carolina", "US", ("919", "984")),
    City("Columbus", "OH", "Ohio", "US", ("614",)),
    City("Cleveland", "OH", "Ohio", "US", ("216",)),
    City("Boise", "ID", "Idaho", "US", ("208",)),
    City("Nashville", "TN", "Tennessee", "US", ("615", "629")),
    City("Pittsburgh", "PA", "Pennsylvania", "US", ("412",)),
    City("Philadelphia", "PA", "Pennsylvania", "US", ("215", "267")),
    City("San Diego", "CA", "California", "US", ("619", "858")),
    City("San Jose", "CA", "California", "US", ("408", "669")),
    City("Orlando", "FL", "Florida", "US", ("407", "321")),
    City("Miami", "FL", "Florida", "US", ("305", "786")),
    City("Salt Lake City", "UT", "Utah", "US", ("801", "385")),
    City("Kansas City", "MO", "Missouri", "US", ("816",)),
    City("Madison", "WI", "Wisconsin", "US", ("608",)),
    City("Omaha", "NE", "Nebraska", "US", ("402", "531")),
    City("Richmond", "VA", "Virginia", "US", ("804",)),
    City("Detroit", "MI", "Michigan", "US", ("313",)),
    City("Baltimore", "MD", "Maryland", "US", ("410", "443")),
    City("New York", "NY", "New York", "US", ("212", "646", "917")),
    City("Las Vegas", "NV", "Nevada", "US", ("702", "725")),
    City("Albuquerque", "NM", "New Mexico", "US", ("505",)),
    City("Louisville", "KY", "Kentucky", "US", ("502",)),
    City("Indianapolis", "IN", "Indiana", "US", ("317",)),
    City("Tampa", "FL", "Florida", "US", ("813",)),
    City("Charlotte", "NC", "North Carolina", "US", ("704", "980")),
    City("Sacramento", "CA", "California", "US", ("916",)),
    City("Dallas", "TX", "Texas", "US", ("214", "469", "972")),
    City("Houston", "TX", "Texas", "US", ("713", "281", "832")),
]
CA_CITIES = [
    City("Toronto", "ON", "Ontario", "CA", ("416",)),
    City("Vancouver", "BC", "British Columbia", "CA", ("604",)),
]
UK_CITIES = [
    City("London", "England", "England", "GB", ()),
    City("Manchester", "England", "England", "GB", ()),
    City("Leeds", "England", "England", "GB", ()),
]
AU_CITIES = [
    City("Sydney", "NSW", "New South Wales", "AU", ()),
    City("Melbourne", "VIC", "Victoria", "AU", ()),
]

STREETS = ["Oak", "Maple", "Juniper", "Poplar", "Cedar", "Willow", "Birch", "Aspen", "Harbor View",
           "Orchard", "Lakeshore", "Prairie", "Sycamore", "Magnolia", "Hawthorn", "Chestnut",
           "Linden", "Ridgecrest", "Meadowbrook", "Foxglove", "Larkspur", "Bramble", "Quarry",
           "Millbrook", "Kestrel", "Heron", "Summit", "Granite", "Copper Creek", "Tamarack"]  # fmt: skip
SUFFIXES = [("Street", "St"), ("Avenue", "Ave"), ("Road", "Rd"), ("Lane", "Ln"),
            ("Drive", "Dr"), ("Court", "Ct"), ("Boulevard", "Blvd"), ("Place", "Pl")]  # fmt: skip
UK_POSTCODES = {"London": ["E1 6AN", "N1 9GU", "SE1 7PB", "NW1 8NH"],
                "Manchester": ["M1 1AE", "M4 5JD"], "Leeds": ["LS1 4AP", "LS6 2QB"]}  # fmt: skip
AU_POSTCODES = {"Sydney": ["2000", "2010"], "Melbourne": ["3000", "3121"]}
CA_POSTCODES = {"Toronto": ["M5V 2T6", "M4C 1B5"], "Vancouver": ["V6B 1A1", "V5K 0A1"]}


@functools.cache
def city_zips(city: str, state: str) -> tuple[str, ...]:
    """Real ZIP codes of a US city (offline data), so addresses agree with themselves."""
    import zipcodes

    found = zipcodes.filter_by(city=city, state=state, zip_code_type="STANDARD")
    return tuple(sorted(z["zip_code"] for z in found)) or ("00000",)


class PhoneBook:
    """Hands out distinct fictional numbers, so that only rings share a phone."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _take(self, make: object) -> str:
        for _ in range(10_000):
            e164 = make()  # type: ignore[operator]
            if e164 not in self.used:
                self.used.add(e164)
                return str(e164)
        raise RuntimeError("fictional phone ranges exhausted")

    def us(self, city: City) -> str:
        """+1AAA55501NN in one of the city's area codes."""
        return self._take(
            lambda: f"+1{self.rng.choice(city.area_codes)}55501{self.rng.randrange(100):02d}"
        )

    def uk(self, city: City) -> str:
        prefix = {"London": "2079460", "Manchester": "1614960", "Leeds": "1134960"}[city.city]
        return self._take(lambda: f"+44{prefix}{self.rng.randrange(1000):03d}")

    def au(self, city: City, mobile: bool = False) -> str:
        if mobile:
            return self._take(lambda: f"+6149157{self.rng.randrange(10_000):04d}")
        area = {"Sydney": "2", "Melbourne": "3"}[city.city]
        return self._take(lambda: f"+61{area}5550{self.rng.randrange(10_000):04d}")

    def for_city(self, city: City) -> str:
        if city.country in ("US", "CA"):
            return self.us(city)
        if city.country == "GB":
            return self.uk(city)
        return self.au(city, mobile=self.rng.random() < 0.5)


def nanp_forms(e164: str) -> list[str]:
    """Valid ways people write one North American number."""
    a, b, c = e164[2:5], e164[5:8], e164[8:]
    return [f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}",
            f"+1-{a}-{b}-{c}", f"1 ({a}) {b}-{c}", f"+1 ({a}) {b}-{c}", f"{a} {b} {c}",
            f"+1{a}{b}{c}", f"1-{a}-{b}-{c}"]  # fmt: skip


def national_forms(e164: str) -> list[str]:
    """Valid ways to write a fictional UK or Australian number (national and international)."""
    if e164.startswith("+44"):
        rest = e164[3:]
        if rest.startswith("20"):  # London: 020 7946 0123
            return [f"020 {rest[2:6]} {rest[6:]}", f"+44 20 {rest[2:6]} {rest[6:]}",
                    f"+44 (0)20 {rest[2:6]} {rest[6:]}", f"(020) {rest[2:6]} {rest[6:]}"]  # fmt: skip
        return [f"0{rest[:3]} {rest[3:6]} {rest[6:]}", f"+44 {rest[:3]} {rest[3:6]} {rest[6:]}",
                f"0{rest[:3]} {rest[3:]}"]  # fmt: skip
    if e164.startswith("+614"):  # mobile 0491 570 123
        rest = e164[3:]
        return [f"0{rest[:3]} {rest[3:6]} {rest[6:]}", f"+61 {rest[:3]} {rest[3:6]} {rest[6:]}"]
    if e164.startswith("+61"):
        rest = e164[3:]
        return [f"(0{rest[0]}) {rest[1:5]} {rest[5:]}", f"+61 {rest[0]} {rest[1:5]} {rest[5:]}",
                f"0{rest[0]} {rest[1:5]} {rest[5:]}"]  # fmt: skip
    return nanp_forms(e164)


def phone_forms(e164: str) -> list[str]:
    return nanp_forms(e164) if e164.startswith("+1") else national_forms(e164)


# ---------------------------------------------------------------------------------------------
# Employers
# ---------------------------------------------------------------------------------------------
_ADJ = ["Lumen", "Cedar", "Harbor", "Blue", "Granite", "Silver", "Quarry", "Bright", "Summit",
        "Pine", "Copper", "Iron", "Maple", "River", "Falcon", "Orchid", "Tidal", "Vertex",
        "Nimbus", "Aurora", "Cobalt", "Juniper", "Keystone", "Lantern", "Meridian", "Northwind",
        "Obsidian", "Prairie", "Redwood", "Sable", "Sterling", "Willow", "Bluebonnet", "Kestrel",
        "Halcyon", "Marigold", "Tamarack", "Sandpiper", "Ironbark", "Larkspur"]  # fmt: skip
_NOUN = ["Forge", "Point", "Line", "Ridge", "Peak", "Works", "Field", "Stone", "Gate", "Path",
         "Loop", "Wave", "Crest", "Bridge", "Grove", "Harbor", "Mill", "Signal", "Arc", "Yard"]  # fmt: skip
_KIND = ["Software", "Analytics", "Systems", "Data", "Technologies", "Labs", "Health",
         "Logistics", "Financial", "Networks", "Robotics", "Media", "Cloud", "Security",
         "Insurance", "Energy", "Retail", "Payments"]  # fmt: skip
SUFFIX_FORMS = [", Inc.", " Inc.", ", LLC", " LLC", " Corp.", " Corporation", ", Ltd.", " GmbH",
                " Co."]  # fmt: skip


def invented_employer(rng: random.Random) -> str:
    return f"{rng.choice(_ADJ)} {rng.choice(_NOUN)} {rng.choice(_KIND)}"


# Well-known employers with the year they (or their oldest predecessor) began: public facts, so
# that genuine careers start there only after that year.
REAL_EMPLOYERS = {
    "Google": 1998, "Microsoft": 1975, "Amazon": 1994, "IBM": 1911, "Oracle": 1977,
    "Accenture": 1989, "Deloitte": 1845, "Capital One": 1994, "Target": 1902, "Walmart": 1962,
    "Salesforce": 1999, "Adobe": 1982, "Intel": 1968, "Cisco": 1984, "Dell": 1984,
    "Netflix": 1997, "Shopify": 2004, "Atlassian": 2002, "Spotify": 2006,
}  # fmt: skip
# Young well-known companies (founding year) for TL007's frauds; dev and held-out use different ones.
YOUNG_EMPLOYERS_DEV = {"Stripe": 2010, "Airbnb": 2008, "Uber": 2009, "Snowflake": 2012,
                       "Coinbase": 2012, "DoorDash": 2013}  # fmt: skip
YOUNG_EMPLOYERS_HELDOUT = {"Databricks": 2013, "Figma": 2012, "Discord": 2015, "Plaid": 2013,
                           "Instacart": 2012, "Robinhood": 2013, "Datadog": 2010}  # fmt: skip

# (résumé form, LinkedIn form, year of the rename): an employer renamed or acquired.
RENAMES_DEV = [("Facebook", "Meta", 2004), ("Square", "Block", 2009), ("Twitter", "X Corp.", 2006)]
RENAMES_HELDOUT = [("Hewlett-Packard", "Hewlett Packard Enterprise", 1939),
                   ("HP / Autonomy", "HP", 1996), ("Sun Microsystems", "Oracle", 1982),
                   ("Pivotal Software", "VMware", 2013), ("Red Hat", "IBM", 1993)]  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Schools: official name and the other names people write (abbreviations, native language)
# ---------------------------------------------------------------------------------------------
SCHOOLS_PLAIN = ["University of Washington", "Purdue University", "Arizona State University",
                 "University of Florida", "Boston University", "Northwestern University",
                 "Texas A&M University", "University of Minnesota", "Oregon State University",
                 "University of Utah", "Drexel University", "Illinois Institute of Technology",
                 "University of Colorado Boulder", "North Carolina State University"]  # fmt: skip
SCHOOL_ALIASES_DEV = [
    ("University of Central Florida", ["UCF"]),
    ("The Pennsylvania State University", ["Penn State", "Penn State University"]),
    ("University of Texas at Austin", ["UT Austin", "The University of Texas at Austin"]),
    ("Georgia Institute of Technology", ["Georgia Tech"]),
    ("University of Illinois Urbana-Champaign", ["UIUC", "University of Illinois at Urbana-Champaign"]),
    ("Massachusetts Institute of Technology", ["MIT"]),
    ("University of California, Los Angeles", ["UCLA"]),
    ("Stanford University", ["Stanford"]),
    ("Sapienza University of Rome", ["Sapienza Università di Roma", "Università di Roma La Sapienza"]),
]  # fmt: skip
SCHOOL_ALIASES_HELDOUT = [
    ("Rutgers, The State University of New Jersey", ["Rutgers", "Rutgers University"]),
    ("Carnegie Mellon University", ["CMU"]),
    ("Virginia Polytechnic Institute and State University", ["Virginia Tech"]),
    ("Technical University of Munich", ["Technische Universität München", "TU München"]),
    ("University of São Paulo", ["Universidade de São Paulo", "USP"]),
    ("National Autonomous University of Mexico", ["Universidad Nacional Autónoma de México", "UNAM"]),
    ("University of Michigan", ["University of Michigan - Ann Arbor", "UMich"]),
    ("The Ohio State University", ["Ohio State", "Ohio State University"]),
    ("Arizona State University", ["ASU", "Arizona State University - Tempe Campus"]),
]  # fmt: skip
COMMUNITY_COLLEGES = ["Austin Community College", "Portland Community College",
                      "Valencia College", "Santa Monica College"]  # fmt: skip

# Degree spellings of one level: (résumé form, LinkedIn form).
BACHELOR_FORMS_DEV = [("BS", "Bachelor of Science - BS"), ("B.S.", "Bachelor of Science - BS"),
                      ("Bachelor of Science", "BS"), ("BS", "Bachelor of Science")]  # fmt: skip
BACHELOR_FORMS_HELDOUT = [("B.Sc.", "Bachelor of Science - BS"), ("BSc", "Bachelor's degree"),
                          ("Bachelor's degree", "BS"), ("B.E.", "Bachelor of Engineering - BE"),
                          ("B.Tech", "Bachelor of Technology - BTech")]  # fmt: skip
MASTER_FORMS_DEV = [("MS", "Master of Science - MS"), ("M.S.", "Master of Science - MS"),
                    ("Master of Science", "MS")]  # fmt: skip
MASTER_FORMS_HELDOUT = [("MSc", "Master's degree"), ("M.Sc.", "Master of Science - MS"),
                        ("Master's degree", "MS"), ("M.Eng.", "Master of Engineering - MEng")]  # fmt: skip
FIELDS = ["Computer Science", "Computer Engineering", "Software Engineering",
          "Information Systems", "Electrical Engineering", "Mathematics", "Statistics",
          "Data Science", "Information Technology"]  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Work: titles and technologies (first public release years: public facts)
# ---------------------------------------------------------------------------------------------
TITLE_LADDERS = {
    "software": ["Junior Software Engineer", "Software Engineer", "Software Engineer II",
                 "Senior Software Engineer", "Staff Software Engineer", "Principal Engineer"],
    "data": ["Data Analyst", "Data Engineer", "Data Engineer II", "Senior Data Engineer",
             "Lead Data Engineer", "Principal Data Engineer"],
    "devops": ["Systems Administrator", "DevOps Engineer", "Site Reliability Engineer",
               "Senior Site Reliability Engineer", "Staff SRE", "Principal Platform Engineer"],
    "qa": ["QA Analyst", "QA Engineer", "Software Engineer in Test", "Senior QA Engineer",
           "QA Lead", "Director of Quality Engineering"],
    "frontend": ["Web Developer", "Frontend Developer", "Frontend Engineer",
                 "Senior Frontend Engineer", "Lead Frontend Engineer", "Staff Frontend Engineer"],
}  # fmt: skip
TITLE_WORDING = {"Senior Software Engineer": "Sr. Software Engineer",
                 "Software Engineer II": "Software Engineer",
                 "Senior Data Engineer": "Sr. Data Engineer",
                 "Site Reliability Engineer": "SRE",
                 "Frontend Engineer": "Front-End Engineer",
                 "Senior Frontend Engineer": "Senior Front-End Developer",
                 "QA Engineer": "Quality Assurance Engineer"}  # fmt: skip

TECH = {"Python": 1991, "Java": 1995, "JavaScript": 1995, "PostgreSQL": 1996, "MySQL": 1995,
        "Linux": 1991, "AWS": 2006, "Git": 2005, "Node.js": 2009, "Redis": 2009, "MongoDB": 2009,
        "Kotlin": 2011, "TypeScript": 2012, "Docker": 2013, "React": 2013, "Kubernetes": 2014,
        "Terraform": 2014, "Vue.js": 2014, "TensorFlow": 2015, "GraphQL": 2015, "Kafka": 2011,
        "Elasticsearch": 2010, "Ansible": 2012, "PyTorch": 2016, "Next.js": 2016, "C++": 1985,
        "Oracle Database": 1979, "Hadoop": 2006, "Jira": 2002, "Selenium": 2004,
        "Flutter": 2017, "FastAPI": 2018, "Svelte": 2016, "Tailwind CSS": 2017}  # fmt: skip
# Technologies the TL008 frauds project back in time: dev and held-out use different ones.
ANACHRONISM_DEV = ["Kubernetes", "Docker", "React", "TypeScript", "Terraform", "Kotlin"]
ANACHRONISM_HELDOUT = ["Flutter", "GraphQL", "PyTorch", "FastAPI", "Next.js", "Tailwind CSS"]

VERBS = ["Designed", "Built", "Migrated", "Automated", "Led", "Maintained", "Scaled", "Rewrote",
         "Introduced", "Owned", "Shipped", "Hardened", "Instrumented", "Simplified"]  # fmt: skip
OBJECTS = ["the billing pipeline", "an internal metrics service", "the customer onboarding flow",
           "the order management system", "nightly ETL jobs", "the search indexer",
           "the mobile API gateway", "the fraud scoring service", "the reporting warehouse",
           "the deployment tooling", "a feature-flag service", "the inventory sync",
           "the claims intake service", "the partner integrations", "the audit log store"]  # fmt: skip
RESULTS = ["cutting latency by {n}%", "saving {n} engineer hours a month",
           "serving {n}k requests a day", "reducing incidents by {n}%",
           "for {n} enterprise customers", "within {n} weeks", "lowering cloud cost by {n}%"]  # fmt: skip

CHURCHES = ["Grace Community Church", "St. Brendan's Parish", "Riverside Fellowship",
            "Temple Beth Shalom", "Hope Valley Church"]  # fmt: skip
CLUBS = ["Lakeside Chess Club", "Northside Running Club", "Eastgate Robotics League",
         "Riverside Food Bank", "Harbor Literacy Project", "Westfield Youth Soccer"]  # fmt: skip
AGENCIES = ["Randstad", "TEKsystems", "Robert Half", "Insight Global", "Kforce"]
