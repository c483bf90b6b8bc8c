"""The base of newsfacts' components whose knowledge is data.

As spaCy's own rule-based components (``span_ruler``, ``entity_ruler``) do, a component loads
its rules in ``initialize`` (from ``models/<lang>/``, or the folder the config names), saves
them with the pipeline in ``to_disk`` and loads them back in ``from_disk``, so that
``spacy.load`` of a saved pipeline needs nothing from the source tree.
"""

from pathlib import Path
from typing import Callable, Iterable, Optional, Union

import srsly
from spacy.language import Language
from spacy.util import ensure_path

from .regex_code import RegexCode
from .resources import Resources, config_path, language_dir


class RuleComponent:
    """A pipeline component built from resource files.

    Subclasses name the resource folders they read (`resource_folders`) and build what they
    need from them in `load_resources`.
    """

    #: the folders of the language's resources this component reads ("lexicon", "dates", ...)
    resource_folders: tuple[str, ...] = ()
    #: the file beside the rules that holds the compiled code of the component's regexes
    REGEX_CODE = "regex_code.msgpack"

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.resources: Optional[Resources] = None
        #: compiles the component's large regexes, from the code saved with the pipeline when it
        #: has it (pipeline/regex_code.py); None for a component that compiles little
        self.regexes: Optional[RegexCode] = None

    def compile_regexes(self) -> None:
        """Compile whatever regexes the component compiles only when it first needs them, so that
        `to_disk` saves their code too (in subclasses)."""

    # (annotations are real types, not strings: spaCy validates initialize settings against them)
    def initialize(self, get_examples: Optional[Callable[[], Iterable]] = None, *,
                   nlp: Optional[Language] = None, resources: Optional[str] = None) -> None:
        """Load the component's rules.

        get_examples (Optional[Callable]): unused; the component learns nothing from examples.
        nlp (Optional[Language]): the pipeline.
        resources (Optional[str]): the language's resource folder (default: the
            installed `models/en/`), from `[initialize.components.<name>]` in the config; a
            relative path is inside the models folder (`config_path`).
        RAISES ResourceError: naming the file and line of a bad entry.
        """
        folder = config_path(resources) if resources else language_dir()
        self.set_resources(Resources.from_dir(folder, self.resource_folders))

    def set_resources(self, resources: Resources) -> None:
        """Check `resources` and build the component's rules from them."""
        resources.check()
        self.load_resources(resources)
        self.resources = resources

    def load_resources(self, resources: Resources) -> None:
        """Build what the component needs from its resources (in subclasses)."""

    def require_resources(self) -> None:
        """RAISES ValueError when the component has no rules yet."""
        if self.resources is None:
            raise ValueError(f"component {self.name!r} has no rules: call nlp.initialize() or load a "
                             f"pipeline saved by `newsfacts build` with spacy.load")

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> None:
        """Save the component's resource files under `path`."""
        self.require_resources()
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.resources.to_disk(path)
        if self.regexes is not None:
            self.compile_regexes()
            (path / self.REGEX_CODE).write_bytes(self.regexes.to_bytes())

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = tuple()) -> "RuleComponent":
        """Load the component's resource files from `path` (written by `to_disk`), and the code of
        its regexes if it was saved (missing, damaged or from another Python: they are compiled)."""
        path = ensure_path(path)
        if self.regexes is not None and (path / self.REGEX_CODE).is_file():
            self.regexes.from_bytes((path / self.REGEX_CODE).read_bytes())
        self.set_resources(Resources.from_dir(path, self.resource_folders))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        self.require_resources()
        return srsly.msgpack_dumps(self.resources.files)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = tuple()) -> "RuleComponent":
        self.set_resources(Resources(srsly.msgpack_loads(data), f"<{self.name}>"))
        return self

    def fingerprint(self) -> str:
        """A hash of the component's rules."""
        self.require_resources()
        return self.resources.fingerprint()
