"""What a run may write, and where: the paths beside an output (its errors table, its manifest),
the checks every command that writes makes before any work (an output that would overwrite an
input or be read as one, a folder where a file is meant), the lock on an output, and the
temporary files a killed run left behind."""

from __future__ import annotations

import fcntl
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Union

from pipeline.core.failures import InputConflict, OutputBusy, OutputError, UsageFailure

from .articles import GOLD_SUFFIX, is_article_file, is_parquet
from .datasets import restore_moved_aside
from .partitions import is_url
from .tables import DATASET_METADATA, FORMATS, is_dataset, table_format
from .writing import remove_path


def manifest_path(table: Union[str, Path]) -> Path:
    """The manifest of a table: `<name>.manifest.json` beside it."""
    table = Path(table)
    return table.with_name(f"{table.name}.manifest.json")


def errors_path(output: Union[str, Path]) -> Path:
    """The errors table of a run's output: `<stem>.errors<ext>` beside a table (in its format), or
    `<name>.errors.jsonl` beside a TimeML folder or file (its `.tml` left out)."""
    output = Path(output)
    if output.suffix.lower() in FORMATS:
        return output.with_name(f"{output.stem}.errors{output.suffix}")
    return output.with_name(f"{output.name.removesuffix('.tml')}.errors.jsonl")


def written_name(filename: Union[str, Path]) -> str:
    """The file an OSError's file name stands for: the file a temporary one (`.<name>.<random>.tmp`,
    as `tempfile.mkstemp` makes them) was to become, else the name itself."""
    path = Path(filename)
    found = re.fullmatch(r"\.(.+)\.[a-z0-9_]{8}\.tmp", path.name)
    return str(path.with_name(found.group(1)) if found else path)


def check_output(inputs: list[Union[str, Path]], output: Path, dataset: bool = False,
                 also: Sequence[Output] = ()) -> None:
    """Refuse, before any work, a table output that is a folder (unless a dataset is written), has
    an unknown extension, or that (with its errors table, its manifest and the outputs `also`)
    would overwrite an input or be read as one (`check_writes`).

    dataset (bool): the output is a Parquet dataset folder (see `DatasetWriter`).
    also (Sequence[Output]): other files the run writes, such as regenerate's report.
    RAISES UsageFailure: saying which path and what to do (InputConflict for a clash with an input).
    """
    if dataset:
        if output.suffix.lower() != ".parquet":
            raise UsageFailure(f"output {output}: a run on a cluster writes a Parquet dataset (a folder of "
                               f"part files): give an output ending in .parquet, such as {output.with_suffix('.parquet')}")
        if output.is_dir() and not is_dataset(output) and any(output.iterdir()):
            raise UsageFailure(f"output {output} is a folder but not a newsfacts dataset (it has no "
                               f"{DATASET_METADATA}): it would be replaced; give another output path")
    elif output.is_dir():
        raise UsageFailure(f"output {output} is a folder: give a file name such as {output / 'facts.parquet'}")
    try:
        table_format(output)
    except ValueError as err:
        raise UsageFailure(str(err)) from None
    check_writes(inputs, [Output("output", output, "part-000000.parquet" if dataset else None),
                          Output("errors table", errors_path(output)), Output("manifest", manifest_path(output)),
                          *also])


@dataclass(frozen=True)
class Output:
    """A path a command writes, for `check_writes`: what it is (named in messages) and, for a
    folder of files (a dataset, a TimeML folder), the name of a file it holds."""

    role: str  # "output", "errors table", "manifest", "report", ...
    path: Path
    member: Optional[str] = None  # set for a folder output: e.g. "article.tml"


def check_writes(inputs: Iterable[Union[str, Path]], outputs: Sequence[Output]) -> None:
    """Refuse, before any work, an output that would overwrite an input or another output, a file
    output that is a folder, a folder output that holds an input, and an output inside an input
    folder whose reader would read it as input on the next run. Every command that writes calls
    it with everything it reads (articles, gold, a table) and everything it writes.

    RAISES InputConflict: naming both paths and what to do. UsageFailure: a file output is a folder.
    """
    sources = [(Path(i), _real(i)) for i in inputs if not is_url(i) and Path(i).exists()]
    taken: dict[Path, Output] = {}
    for out in outputs:
        real = _real(out.path)
        if out.member is None and out.path.is_dir():
            raise UsageFailure(f"{out.role} {out.path} is a folder: remove or rename it, or give another path")
        other = taken.get(real) or next((o for o in taken.values() if _same_file(o.path, out.path)), None)
        if other is not None:
            raise InputConflict(f"{out.role} {out.path} is also the {other.role} ({other.path}): "
                                f"give another {out.role} path")
        taken[real] = out
        for source, src in sources:
            if real == src or _same_file(source, out.path):
                named = "" if str(source) == str(out.path) else f" ({source})"
                raise InputConflict(f"{out.role} {out.path} is also an input{named}: writing it would "
                                    f"overwrite it; give another {out.role} path")
            if src in real.parents and source.is_dir() and _read_as_input(source, src, real / (out.member or "")):
                raise InputConflict(f"{out.role} {out.path} is also an input: it lies in the input folder "
                                    f"{source}, where it would be read as articles; give a path outside {source}")
            if real in src.parents:
                raise InputConflict(f"{out.role} {out.path} holds the input {source}, which writing it could "
                                    f"overwrite; give another {out.role} path")


def _real(path: Union[str, Path]) -> Path:
    """The absolute path, with every symbolic link of the part that exists resolved."""
    return Path(os.path.realpath(path))


def _same_file(a: Path, b: Path) -> bool:
    """Two existing paths to one file (a hard link too)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _read_as_input(folder: Path, real: Path, path: Path) -> bool:
    """Whether reading the input folder `folder` (`real` once resolved) reads `path` in it: every
    data file of a Parquet dataset folder (`articles.parquet_files`), the article and gold files
    of any other."""
    if is_parquet(folder):
        return not any(part.startswith(("_", ".")) for part in path.relative_to(real).parts)
    return is_article_file(path) or path.name.endswith(GOLD_SUFFIX)


@contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold an exclusive lock on `output` (a hidden `.<name>.lock` beside it) while writing, and
    remove the lock file when done: a run leaves nothing of it behind.

    The file is removed while still locked; a run that opened it just before (and so locks a
    removed file) sees that the file at the path is no longer its own and locks the one there.

    RAISES OutputBusy: another run holds it. OutputError: the folder cannot be written.
    """
    lock = output.with_name(f".{output.name}.lock")
    while True:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            handle = open(lock, "a+b")
        except OSError as err:
            raise OutputError(f"cannot write to {output.parent}: {err.strerror or err}; choose a folder you may "
                              f"write to") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise OutputBusy(f"another run is writing {output} (it holds {lock}); wait for it to finish "
                             f"or choose another output") from None
        if _same_file_as(handle, lock):
            break
        handle.close()  # locked a file that the run before removed as it ended: lock the one there now
    with handle:
        try:
            yield
        finally:
            lock.unlink(missing_ok=True)  # before the lock is released, so no run locks a file that goes
            fcntl.flock(handle, fcntl.LOCK_UN)


def _same_file_as(handle, path: Path) -> bool:
    """Whether the open file `handle` is the file at `path` (not one removed since it was opened)."""
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except OSError:
        return False


def remove_stale_temp_files(output: Path) -> list[Path]:
    """Remove the temporary files that killed runs left beside `output`, its errors table and
    its manifest (names made by `tempfile.mkstemp`). Call with the output's lock held.

    RETURNS (list[Path]): the files removed.
    """
    names = [re.escape(output.name), re.escape(errors_path(output).name), re.escape(manifest_path(output).name)]
    stale = re.compile(rf"\.(?:{'|'.join(names)})\.[a-z0-9_]{{8}}(?:\.manifest)?\.tmp")
    removed = []
    for path in output.parent.iterdir() if output.parent.is_dir() else []:
        if stale.fullmatch(path.name):
            remove_path(path)  # a file, or a dataset's folder
            removed.append(path)
    for path in (output, errors_path(output), manifest_path(output)):
        restore_moved_aside(path)  # moved aside by a run killed in the middle of its publication
    return removed
