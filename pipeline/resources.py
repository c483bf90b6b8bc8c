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
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, Union

#: the files of a resource folder that are its tables (the entity ruler reads its own .jsonl)
RESOURCE_SUFFIXES = (".tsv",)
#: the language whose resources the pipeline loads unless told otherwise
DEFAULT_LANGUAGE = "en"


class ResourceError(ValueError):
    """A resource file that cannot be read or does not fit its schema."""


def _text(value: str) -> str:
    return value


def _integer(value: str) -> int:
    return int(value)


def _number(value: str) -> float:
    return float(value)


def _flag(value: str) -> bool:
    if value not in {"yes", "no"}:
        raise ValueError("expected yes or no")
    return value == "yes"


def _words(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


#: column kinds: how a cell's text becomes a value
KINDS: dict[str, Callable[[str], Any]] = {"text": _text, "int": _integer, "float": _number,
                                            "flag": _flag, "list": _words}


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, kind (text, int, float, flag, list), whether a cell
    may be empty (then its value is `default`) and, if given, the values it may take."""

    name: str
    kind: str = "text"
    required: bool = True
    default: Any = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """One entry of a table: its values by column name, and where it was written."""

    values: dict[str, Any]
    where: str  # "models/en/lexicon/months.tsv:14"
    raw: dict[str, str] = field(default_factory=dict)  # the cells as written

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None else value


def parse_table(text: str, columns: Sequence[Column], origin: str) -> list[Row]:
    """Parse one TSV resource against its schema.

    text (str): the file's text; the first line that is not a comment names the columns.
    columns (Sequence[Column]): the schema; the header must name these columns, in any order,
        and may name more (kept as text).
    origin (str): the file's name, for messages.
    RETURNS (list[Row]): the entries in file order.
    RAISES ResourceError: naming the file and line of the first entry that does not fit.
    """
    header: Optional[list[str]] = None
    in_order: list[Column] = []  # the header's columns, found once
    rows = []
    schema = {column.name: column for column in columns}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{origin}:{number}"
        cells = [cell.strip() for cell in line.split("\t")]
        if header is None:
            header = cells
            missing = [name for name in schema if name not in header]
            if missing:
                raise ResourceError(f"{where}: the header lacks the column(s) {', '.join(missing)}; "
                                    f"expected {', '.join(schema)}")
            in_order = [schema.get(name) or Column(name, required=False) for name in header]
            continue
        if len(cells) > len(header):
            raise ResourceError(f"{where}: {len(cells)} cells but {len(header)} columns "
                                f"({', '.join(header)}); separate cells with one tab")
        cells += [""] * (len(header) - len(cells))
        values: dict[str, Any] = {}
        raw = dict(zip(header, cells))
        for name, cell, column in zip(header, cells, in_order):
            if not cell:
                if column.required:
                    raise ResourceError(f"{where}: column {name!r} is empty; every entry needs one")
                values[name] = column.default
                continue
            try:
                value = KINDS[column.kind](cell)
            except ValueError as err:
                raise ResourceError(f"{where}: column {name!r}: {cell!r} is not a valid {column.kind} "
                                    f"({err})") from None
            if column.choices and cell not in column.choices:
                raise ResourceError(f"{where}: column {name!r}: {cell!r} is not one of "
                                    f"{', '.join(column.choices)}")
            values[name] = value
        rows.append(Row(values, where, raw))
    if header is None:
        raise ResourceError(f"{origin}: no header line; the first line that is not a comment names the columns")
    return rows


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
    _tables: dict[tuple, list[Row]] = field(default_factory=dict, repr=False, compare=False)

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
        if columns is None:
            if name not in SCHEMAS:
                raise ResourceError(f"{self._where(name)}: no schema is registered for this table")
            columns = SCHEMAS[name]
        key = (name, tuple(columns))
        if key not in self._tables:
            self._tables[key] = parse_table(self.text(name), columns, self._where(name))
        return self._tables[key]

    def forget(self, name: str) -> None:
        """Drop the parsed rows of the table `name` (parsed again if asked for): a component that
        has built what it needs from a large table need not keep both."""
        for key in [key for key in self._tables if key[0] == name]:
            del self._tables[key]

    def check(self) -> None:
        """Parse every table that has a schema, so that a bad entry fails at load time.

        RAISES ResourceError: naming the file and line of the first bad entry.
        """
        for name in self.names():
            if name in SCHEMAS:
                self.table(name)

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


def language_dir(language: str = DEFAULT_LANGUAGE) -> Path:
    """The resource folder of a language in the source tree or the installed package
    (`models/<language>/`)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "models" / language, here / "models" / language):
        if candidate.is_dir():
            return candidate
    import importlib.util

    spec = importlib.util.find_spec("pipeline.models")
    if spec and spec.submodule_search_locations:
        candidate = Path(list(spec.submodule_search_locations)[0]) / language
        if candidate.is_dir():
            return candidate
    raise ResourceError(f"no resources for language {language!r} (models/{language}/): reinstall newsfacts "
                        f"with `pip install -e .`")


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


def rows_where(rows: Iterable[Row], **conditions: str) -> Iterator[Row]:
    """The rows whose cells read as the given values (as written: "yes", "3")."""
    for row in rows:
        if all(row.raw.get(name) == value for name, value in conditions.items()):
            yield row
