"""Writing tables and files whole or not at all.

Rows are written to a temporary file beside the target and moved into place only when the table
is complete (`TableWriter`), so a crash never leaves a half-written table and the previous table
stays intact; the temporary file is removed on every failure. Files that belong together (a
table, its errors table, its manifest, a report) are each written complete first and then moved
into place as one (`publish_together`): all or none. The same rows always give byte-identical files.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence, Union

from .tables import TableFormat, arrow_schema, table_format


class TableWriter:
    """Stream rows into a table file that appears only once it is complete.

    Use as a context manager: on a clean exit the table is moved into place (or, with
    `publish=False`, kept complete in its temporary file until `publish()`); on an exception
    the temporary file is removed and any previous table is left as it was.
    """

    def __init__(self, path: Union[str, Path], schema: dict[str, tuple[str, str]], *,
                 publish: bool = True) -> None:
        """
        path (str | Path): the table to write; its extension picks the format.
        schema (dict): column -> (type, meaning), types "string", "int64" or "double".
        publish (bool): move the table into place on a clean exit; else wait for `publish()`.
        """
        self.path = Path(path)
        self.format = table_format(self.path)
        self.columns = list(schema)
        self.arrow_schema = arrow_schema(schema)
        self.auto_publish = publish
        self.tmp: Optional[Path] = None
        self._table: Optional[TableFormat] = None
        self.rows = 0

    def __enter__(self) -> "TableWriter":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        self.tmp = Path(name)
        try:
            self._table = self.format(self.tmp, self.columns, self.arrow_schema)
        except BaseException:
            self.discard()
            raise
        return self

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        """Append rows (dicts keyed by column)."""
        rows = list(rows)
        if rows:
            self.rows += len(rows)
            self._table.write(rows)

    def write_article(self, article: Any, rows: Iterable[dict[str, Any]]) -> None:
        """Append one article's rows (the interface of every output of a run: see `TimeMLWriter`)."""
        self.write(rows)

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self._finish(complete=exc_type is None)
        except BaseException:
            self.discard()
            raise
        if exc_type is not None:
            self.discard()
        elif self.auto_publish:
            self.publish()

    def _finish(self, complete: bool) -> None:
        """Close the file; `complete` is False when the table is abandoned."""
        table, self._table = self._table, None
        if table is not None:
            table.close(complete=complete)

    def sha256(self) -> str:
        """The hash of the complete table (before or after it is published): see `table_sha256`."""
        return table_sha256(self.tmp if self.tmp is not None else self.path)

    #: permissions of the published table, less the umask (mkstemp makes the temporary file private)
    mode = 0o666

    def staged(self) -> tuple[Path, Path]:
        """The complete temporary table, made readable as any table, and the table's path: the move
        that `publish` makes, for `publish_together` to make with the moves of other files."""
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.tmp, self.mode & ~umask)
        return self.tmp, self.path

    def moves(self) -> list[tuple[Path, Path]]:
        """The moves that publish this output, for `publish_together`: here the one of `staged`."""
        return [self.staged()]

    def publish(self) -> None:
        """Move the complete table into place."""
        try:
            os.replace(*self.staged())
        except BaseException:
            self.discard()
            raise
        self.tmp = None

    def forget(self) -> None:
        """The temporary table was moved into place (by `publish_together`): nothing to discard."""
        self.tmp = None

    def discard(self) -> None:
        """Remove the temporary file, if any; the previous table stays as it was."""
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)
            self.tmp = None


def stage_text(path: Union[str, Path], text: str, mode: int = 0o644) -> Path:
    """Write `text` whole to a temporary file beside `path` and return it, for `os.replace` or
    `publish_together`; on any failure nothing is left.

    RAISES OSError: the folder cannot be written (full, read-only, missing).
    """
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(name, mode)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def atomic_text(path: Union[str, Path], text: str, mode: int = 0o644) -> None:
    """Write `text` to `path` whole or not at all: a temporary file beside it, moved into place."""
    tmp = stage_text(path, text, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class PublishError(OSError):
    """A publication that failed and could not be undone in full; `note` says where the previous
    files are, for a message that tells the truth."""

    def __init__(self, error: OSError, note: str) -> None:
        super().__init__(error.errno, error.strerror or str(error), error.filename)
        self.note = note


def publish_together(moves: Sequence[tuple[Optional[Path], Path]]) -> None:
    """Move complete temporary files or folders into place as one publication: either every
    target is the new one, or, should a move fail, every target is as it was.

    Each previous target is kept aside until all have moved: a file by a hard link beside it (it
    stays in place until the new file replaces it), a folder (or a file where hard links are not
    possible) moved to `.<name>.<random>.old`, which the next run puts back should a crash fall
    between the two moves (`datasets.restore_moved_aside`). The temporaries of moves not made are
    left for the caller to remove.

    moves (Sequence[tuple[Optional[Path], Path]]): (temporary, target) pairs, each in the target's
        folder; a temporary None removes the target with the others' moves (put back should one fail).
    RAISES OSError: a move failed and all were undone. PublishError: one could not be undone.
    """
    made: list[tuple[Path, Optional[Path], bool, bool]] = []  # target, aside, moved aside, new in place
    try:
        for tmp, target in moves:
            aside, renamed = _keep_aside(target, linked=tmp is not None and not tmp.is_dir())
            made.append((target, aside, renamed, False))
            if tmp is None:
                continue  # removed: moved aside, and the aside goes once every move is made
            (os.rename if tmp.is_dir() else os.replace)(tmp, target)  # a folder replaces nothing: its target is aside
            made[-1] = (target, aside, renamed, True)
    except OSError as error:
        _undo(made, error)
        raise
    except BaseException:
        _undo(made, None)
        raise
    for _, aside, _, _ in made:
        if aside is not None:
            remove_path(aside)


def _keep_aside(target: Path, linked: bool) -> tuple[Optional[Path], bool]:
    """Keep the previous `target` (if any) under a hidden name beside it; RETURNS that name and
    whether the target itself was moved there rather than linked (a folder, a file to be replaced
    by a folder, or a file on a system without hard links).

    linked (bool): a file replaces the target, so a hard link may keep a previous file.
    """
    if not (target.exists() or target.is_symlink()):
        return None, False
    aside = target.with_name(f".{target.name}.{secrets.token_hex(4)}.old")
    if linked and (not target.is_dir() or target.is_symlink()):
        try:
            os.link(target, aside, follow_symlinks=False)
            return aside, False
        except OSError:
            pass
    os.rename(target, aside)
    return aside, True


def _undo(made: list[tuple[Path, Optional[Path], bool, bool]], error: Optional[OSError]) -> None:
    """Put the previous targets of a failed publication back, the last first.

    RAISES PublishError: one or more could not be put back (saying where each is kept)."""
    kept = []
    for target, aside, renamed, moved in reversed(made):
        try:
            if moved and (aside is None or target.is_dir()):
                remove_path(target)  # the new file or folder: it had no predecessor, or one moved aside
            if aside is not None and (moved or renamed):
                os.replace(aside, target)
            elif aside is not None:
                aside.unlink(missing_ok=True)  # a hard link to the target, which never moved
        except OSError as failed:
            error = error or failed
            kept.append(f"the previous {target} could not be put back: it is kept as {aside}")
    if kept:
        raise PublishError(error, "; ".join(kept) + "; move it back by hand before the next run")


def remove_path(path: Path) -> None:
    """Remove a file or a folder with everything in it; nothing if it is not there."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def table_sha256(path: Union[str, Path]) -> str:
    """The hash of a table: of its bytes for a file; for a dataset folder, of each file's
    relative name and bytes, in sorted order."""
    path = Path(path)
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(file.relative_to(path).as_posix().encode() + b"\0")
        with open(file, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def write_table(path: Union[str, Path], rows: Iterable[dict[str, Any]],
                schema: dict[str, tuple[str, str]]) -> int:
    """Write all rows to `path` atomically; RETURNS the number of rows written."""
    with TableWriter(path, schema) as writer:
        writer.write(rows)
    return writer.rows
