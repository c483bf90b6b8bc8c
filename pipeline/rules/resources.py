"""Language resources: the data files under ``models/<lang>/`` that hold what the pipeline knows.

Every resource is a tab-separated table with a header line, ``#`` comments and blank lines
allowed, so that a linguist can edit it and a reviewer can diff it. ``Resources`` keeps the
files' text as it was read: a component saves exactly what it loaded (``to_disk``), loads it
back without the source tree (``from_disk``), and the pipeline fingerprint hashes it. Tables
are checked against a schema when they are parsed; a bad entry raises ``ResourceError``
naming the file and line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence, Union

from .tsv import Column, ResourceError, Row, Table, parse_columns

#: the files of a resource folder that are its tables (the entity ruler reads its own .jsonl)
RESOURCE_SUFFIXES = (".tsv",)
#: the language whose resources the pipeline loads unless told otherwise
DEFAULT_LANGUAGE = "en"


#: resource file ("lexicon/months.tsv") -> its columns; each module registers the tables it reads
SCHEMAS: dict[str, tuple[Column, ...]] = {}


def register_schema(name: str, *columns: Column) -> str:
    """Declare the columns of the table `name`; RETURNS the name, for the module to refer to it."""
    SCHEMAS[name] = tuple(columns)
    return name


@dataclass
class Resources:
    """The text of a language's resource files, keyed by their path inside the language folder
    ("lexicon/months.tsv"), with their tables parsed on demand."""

    files: dict[str, str]
    origin: str = ""  # the folder they were read from, for messages
    _tables: dict[tuple, Table] = field(default_factory=dict, repr=False, compare=False)
    _rows: dict[tuple, list[Row]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_dir(cls, path: Union[str, Path], folders: Optional[Iterable[str]] = None) -> "Resources":
        """Read the resource files under `path` (only those in `folders`, if given).

        RAISES ResourceError: when the folder or a requested subfolder does not exist.
        """
        root = Path(path)
        if not root.is_dir():
            raise ResourceError(f"{root}: no such resource folder; give the language folder, e.g. models/en")
        files = {}
        for folder in (folders if folders is not None else [""]):
            base = root / folder
            if not base.is_dir():
                raise ResourceError(f"{base}: no such resource folder")
            for file in sorted(base.rglob("*")):
                if file.is_file() and file.suffix in RESOURCE_SUFFIXES:
                    files[file.relative_to(root).as_posix()] = file.read_text(encoding="utf-8")
        return cls(files, str(root))

    def to_disk(self, path: Union[str, Path]) -> None:
        """Write every file under `path`, as it was read."""
        root = Path(path)
        for name, text in self.files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")

    def names(self, folder: str = "") -> list[str]:
        """The files in `folder` (all files when empty), sorted."""
        prefix = f"{folder.rstrip('/')}/" if folder else ""
        return sorted(name for name in self.files if name.startswith(prefix))

    def text(self, name: str) -> str:
        try:
            return self.files[name]
        except KeyError:
            raise ResourceError(f"{self._where(name)}: missing resource file") from None

    def table(self, name: str, columns: Optional[Sequence[Column]] = None) -> list[Row]:
        """The rows of the table `name` ("lexicon/months.tsv"), checked against `columns`
        (default: the schema registered for it)."""
        key = self._key(name, columns)
        if key not in self._rows:
            self._rows[key] = self.columns(name, columns).rows()
        return self._rows[key]

    def columns(self, name: str, columns: Optional[Sequence[Column]] = None) -> Table:
        """The table `name`, column by column (for large tables), checked as `table` does."""
        key = self._key(name, columns)
        if key not in self._tables:
            self._tables[key] = parse_columns(self.text(name), key[1], self._where(name))
        return self._tables[key]

    def _key(self, name: str, columns: Optional[Sequence[Column]]) -> tuple[str, tuple[Column, ...]]:
        if columns is None:
            if name not in SCHEMAS:
                raise ResourceError(f"{self._where(name)}: no schema is registered for this table")
            columns = SCHEMAS[name]
        return name, tuple(columns)

    def forget(self, name: str) -> None:
        """Drop the parsed rows of the table `name` (parsed again if asked for): a component that
        has built what it needs from a large table need not keep both."""
        for cache in (self._tables, self._rows):
            for key in [key for key in cache if key[0] == name]:
                del cache[key]

    def check(self) -> None:
        """Parse every table that has a schema, so that a bad entry fails at load time.

        RAISES ResourceError: naming the file and line of the first bad entry.
        """
        for name in self.names():
            if name in SCHEMAS:
                self.columns(name)

    def fingerprint(self) -> str:
        """A hash of every file's name and text."""
        digest = hashlib.sha256()
        for name in sorted(self.files):
            digest.update(name.encode() + b"\0" + self.files[name].encode() + b"\0")
        return digest.hexdigest()

    def subset(self, folders: Iterable[str]) -> "Resources":
        """The files in `folders` only."""
        prefixes = tuple(f"{folder.rstrip('/')}/" for folder in folders)
        return Resources({k: v for k, v in self.files.items() if k.startswith(prefixes)}, self.origin)

    def _where(self, name: str) -> str:
        return f"{self.origin}/{name}" if self.origin else name


def models_dir() -> Path:
    """The folder holding config.cfg and the language resources: `models/` of the source tree, or
    the `pipeline.models` package it is installed as."""
    source_tree = Path(__file__).resolve().parents[2] / "models"
    if (source_tree / "config.cfg").is_file():
        return source_tree
    import importlib.util

    spec = importlib.util.find_spec("pipeline.models")
    if spec and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0])
    raise FileNotFoundError("cannot find models/config.cfg: reinstall newsfacts with `pip install -e .`")


def config_path(path: Union[str, Path]) -> Path:
    """A path of `models/config.cfg` (paths.resources, paths.patterns): an absolute one as it is,
    a relative one inside the models folder, wherever the command runs (`spacy assemble`)."""
    path = Path(path)
    return path if path.is_absolute() else models_dir() / path


def language_dir(language: str = DEFAULT_LANGUAGE) -> Path:
    """The resource folder of a language in the source tree or the installed package
    (`models/<language>/`)."""
    try:
        candidate = models_dir() / language
    except FileNotFoundError:
        candidate = None
    if candidate is None or not candidate.is_dir():
        raise ResourceError(f"no resources for language {language!r} (models/{language}/): reinstall newsfacts "
                            f"with `pip install -e .`")
    return candidate


_DEFAULT: dict[str, Resources] = {}
_BUILT: dict[tuple[Any, int], Any] = {}


def default_resources(language: str = DEFAULT_LANGUAGE) -> Resources:
    """The resources of `language` as installed, read once per process: what the pure
    functions use when they are given none."""
    if language not in _DEFAULT:
        _DEFAULT[language] = Resources.from_dir(language_dir(language))
    return _DEFAULT[language]


def built_from(kind: Callable[[Resources], Any], resources: Optional[Resources] = None) -> Any:
    """`kind(resources)` (a lexicon, a unit table, a grammar ...), built once per process for
    the same resources (default: the installed language's)."""
    resources = resources or default_resources()
    key = (kind, id(resources))
    if key not in _BUILT:
        _BUILT[key] = kind(resources)
    return _BUILT[key]


def words_by_role(rows: Iterable[Row], roles: Iterable[str]) -> dict[str, frozenset[str]]:
    """A table of cue words (columns word, role) as role -> its words; every role present."""
    found: dict[str, set[str]] = {role: set() for role in roles}
    for row in rows:
        found[row["role"]].add(row["word"])
    return {role: frozenset(words) for role, words in found.items()}
