"""One TSV resource table parsed against its schema: the header names the columns, ``#`` lines
are comments, and each cell becomes a value of its column's kind (text, int, float, flag, list).
A bad entry raises ``ResourceError`` naming the file and line. Tables are parsed row by row
(`parse_table`) or column by column (`parse_columns`, quicker for the large ones)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence


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
