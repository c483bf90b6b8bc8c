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


class Row:
    """One entry of a table: its values by column name, and where it was written."""

    __slots__ = ("values", "origin", "line", "_cells", "_header")

    def __init__(self, values: dict[str, Any], origin: str, line: int = 0,
                 header: Sequence[str] = (), cells: Sequence[str] = ()) -> None:
        """
        values (dict[str, Any]): the parsed values by column name.
        origin (str): the file, e.g. "models/en/lexicon/months.tsv".
        line (int): the entry's line in it (0 if not from a file).
        header, cells (Sequence[str]): the column names and the cells as written.
        """
        self.values, self.origin, self.line = values, origin, line
        self._header, self._cells = header, cells

    @property
    def where(self) -> str:
        """Where the entry was written: "models/en/lexicon/months.tsv:14"."""
        return f"{self.origin}:{self.line}" if self.line else self.origin

    @property
    def raw(self) -> dict[str, str]:
        """The cells as written, by column name."""
        return dict(zip(self._header, self._cells))

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def __repr__(self) -> str:
        return f"Row({self.values!r}, {self.where!r})"

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
    checks: list[tuple[int, str, Column, Callable[[str], Any]]] = []  # the cells that need more than copying
    rows = []
    schema = {column.name: column for column in columns}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped[0] == "#":
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if header is None:
            header = cells
            missing = [name for name in schema if name not in header]
            if missing:
                raise ResourceError(f"{origin}:{number}: the header lacks the column(s) {', '.join(missing)}; "
                                    f"expected {', '.join(schema)}")
            for index, name in enumerate(header):
                column = schema.get(name) or Column(name, required=False)
                if column.kind != "text" or column.choices or column.required or column.default != "":
                    checks.append((index, name, column, KINDS[column.kind]))
            continue
        if len(cells) != len(header):
            if len(cells) > len(header):
                raise ResourceError(f"{origin}:{number}: {len(cells)} cells but {len(header)} columns "
                                    f"({', '.join(header)}); separate cells with one tab")
            cells += [""] * (len(header) - len(cells))
        values: dict[str, Any] = dict(zip(header, cells))
        for index, name, column, convert in checks:
            cell = cells[index]
            if not cell:
                if column.required:
                    raise ResourceError(f"{origin}:{number}: column {name!r} is empty; every entry needs one")
                values[name] = column.default
                continue
            try:
                values[name] = convert(cell)
            except ValueError as err:
                raise ResourceError(f"{origin}:{number}: column {name!r}: {cell!r} is not a valid {column.kind} "
                                    f"({err})") from None
            if column.choices and cell not in column.choices:
                raise ResourceError(f"{origin}:{number}: column {name!r}: {cell!r} is not one of "
                                    f"{', '.join(column.choices)}")
        rows.append(Row(values, origin, number, header, cells))
    if header is None:
        raise ResourceError(f"{origin}: no header line; the first line that is not a comment names the columns")
    return rows


@dataclass(frozen=True)
class Table:
    """A parsed table, column by column: what a component that reads a large table (60,000 city
    names) needs, without an object per entry."""

    origin: str
    header: tuple[str, ...]
    lines: list[int]  # each entry's line in the file
    cells: dict[str, list[str]]  # column -> the cells as written
    values: dict[str, list[Any]]  # column -> the parsed values

    def __len__(self) -> int:
        return len(self.lines)

    def rows(self) -> list[Row]:
        """The entries as `Row`s, in file order."""
        names = list(self.values)
        raw = zip(*(self.cells[name] for name in self.header)) if self.header else iter(())
        return [Row(dict(zip(names, values)), self.origin, line, self.header, cells)
                for line, values, cells in zip(self.lines, zip(*self.values.values()), raw)]


class _Unusual(Exception):
    """An entry the column-wise parse leaves to `parse_table`, which names what is wrong."""


def parse_columns(text: str, columns: Sequence[Column], origin: str) -> Table:
    """Parse one TSV resource against its schema, column by column: the same values and checks
    as `parse_table`, several times faster on large tables.

    RETURNS (Table): the table's columns.
    RAISES ResourceError: naming the file and line of the first entry that does not fit.
    """
    try:
        return _parse_columns(text, columns, origin)
    except _Unusual:
        rows = parse_table(text, columns, origin)  # raises, naming the entry
        header = tuple(rows[0]._header) if rows else ()
        return Table(origin, header, [row.line for row in rows],
                     {name: [row.raw[name] for row in rows] for name in header},
                     {name: [row.values[name] for row in rows] for name in header})


def _parse_columns(text: str, columns: Sequence[Column], origin: str) -> Table:
    lines, records = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        first = line[:1]
        if not first or first == "#" or (first.isspace() and line.strip()[:1] in ("", "#")):
            continue
        lines.append(number)
        records.append(line.split("\t"))
    if not records:
        raise _Unusual
    header = tuple(cell.strip() for cell in records[0])
    schema = {column.name: column for column in columns}
    if any(name not in header for name in schema):
        raise _Unusual
    lines, records = lines[1:], records[1:]
    width = len(header)
    if set(map(len, records)) - {width}:
        for record in records:
            if len(record) > width:
                raise _Unusual
            record.extend([""] * (width - len(record)))
    transposed = list(zip(*records)) if records else [()] * width
    cells: dict[str, list[str]] = {}
    values: dict[str, list[Any]] = {}
    for name, column_cells in zip(header, transposed):
        column = schema.get(name) or Column(name, required=False)
        written = [cell.strip() for cell in column_cells]
        if column.required and not all(written):
            raise _Unusual
        if column.choices and any(cell and cell not in column.choices for cell in written):
            raise _Unusual
        convert = KINDS[column.kind]
        try:
            if column.kind == "text":
                parsed = written if all(written) else [cell or column.default for cell in written]
            else:
                parsed = [convert(cell) if cell else column.default for cell in written]
        except ValueError:
            raise _Unusual from None
        cells[name], values[name] = written, parsed
    return Table(origin, header, lines, cells, values)


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
