"""A faster attribute ruler: en_core_web_sm's tag-to-POS rules applied by dictionary lookups.

spaCy's ``attribute_ruler`` finds its rules with the ``Matcher`` and then builds a ``Span`` and
sets attributes once per match; with rules that match every token (a tag's POS and morphology)
that costs more than the parser. ``TokenAttributes`` applies the same rules, in the same order,
with the same result, by looking each token's tag and form up in tables built once from the
rules: a token's attributes are merged first and set once. Rules of one or two tokens are all
the base model has; a longer one is refused when the component is built.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable, Optional, Union

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import ensure_path

_SUPPORTED = {"TAG", "LOWER", "DEP", "IS_SPACE"}


def _test(attr: str, spec: Any) -> Callable[[Token], bool]:
    """A predicate for one attribute of one token of a rule ("TAG": "NN", "LOWER": {"IN": [...]})."""
    read = {"TAG": lambda t: t.tag_, "LOWER": lambda t: t.lower_, "DEP": lambda t: t.dep_,
            "IS_SPACE": lambda t: t.is_space}[attr]
    if not isinstance(spec, dict):
        return lambda token: read(token) == spec
    if set(spec) == {"IN"}:
        allowed = frozenset(spec["IN"])
        return lambda token: read(token) in allowed
    if set(spec) == {"NOT_IN"}:
        refused = frozenset(spec["NOT_IN"])
        return lambda token: read(token) not in refused
    if set(spec) == {"REGEX"}:
        pattern = re.compile(spec["REGEX"])
        return lambda token: bool(pattern.search(read(token)))
    raise ValueError(f"attribute rule operator {spec} is not supported; keep spaCy's attribute_ruler")


class _Rule:
    """One alternative of one attribute rule: its token tests, the token it sets, its attributes."""

    def __init__(self, order: int, tokens: list[dict[str, Any]], index: int, attrs: dict[str, Any]) -> None:
        if len(tokens) > 2 or any(set(t) - _SUPPORTED for t in tokens):
            raise ValueError(f"attribute rule {tokens} is not supported; keep spaCy's attribute_ruler")
        self.order = order
        self.tests = [[_test(a, v) for a, v in t.items()] for t in tokens]
        self.index = index if index >= 0 else len(tokens) + index
        self.attrs = attrs
        # where to find the rule: the values its first token must have (all of an IN list)
        first = tokens[0]
        self.keys: list[tuple[str, Any]] = []
        for attr in ("LOWER", "TAG", "DEP", "IS_SPACE"):  # the most selective first
            spec = first.get(attr)
            if spec is None:
                continue
            if not isinstance(spec, dict):
                self.keys = [(attr, spec)]
                break
            if set(spec) == {"IN"}:
                self.keys = [(attr, value) for value in spec["IN"]]
                break

    def target(self, doc: Doc, i: int) -> Optional[int]:
        """The token this rule sets when it matches at token `i`, else None."""
        if i + len(self.tests) > len(doc):
            return None
        for k, tests in enumerate(self.tests):
            token = doc[i + k]
            for test in tests:
                if not test(token):
                    return None
        return i + self.index


class TokenAttributes:
    """Set the POS, morphology and lemma exceptions of en_core_web_sm's attribute ruler."""

    def __init__(self, nlp: Language, name: str = "attribute_ruler") -> None:
        """
        nlp (Language): the pipeline this component belongs to.
        name (str): the component's name in the pipeline.
        """
        self.name = name
        self.vocab = nlp.vocab
        self.patterns: list[dict[str, Any]] = []
        self._index: dict[tuple[str, Any], list[_Rule]] = {}  # (attribute, value) -> rules
        self._general: list[_Rule] = []  # rules to test on every token

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add rules in the attribute ruler's format ({"patterns", "attrs", "index"}), in order."""
        for rule in patterns:
            self.patterns.append(rule)
            order = len(self.patterns)
            for tokens in rule["patterns"]:
                compiled = _Rule(order, tokens, rule.get("index", 0), _ids(self.vocab, rule["attrs"]))
                for key in compiled.keys:
                    self._index.setdefault(key, []).append(compiled)
                if not compiled.keys:
                    self._general.append(compiled)

    def initialize(self, get_examples: Optional[Callable[[], Iterable]] = None, *,
                   nlp: Optional[Language] = None, patterns: Optional[list] = None) -> None:
        """Load the rules (from `[initialize.components.attribute_ruler] patterns` in the config)."""
        self.patterns, self._index, self._general = [], {}, []
        self.add_patterns(patterns or [])

    def __call__(self, doc: Doc) -> Doc:
        """Set each token's attributes by the rules that match it, later rules winning.

        doc (Doc): a tagged and parsed document.
        RETURNS (Doc): the same document.
        """
        found: dict[int, list[tuple[int, dict[str, Any]]]] = {}
        index, general, empty = self._index, self._general, ()
        for token in doc:
            i = token.i
            candidates = [*index.get(("TAG", token.tag_), empty), *index.get(("LOWER", token.lower_), empty),
                          *index.get(("DEP", token.dep_), empty), *index.get(("IS_SPACE", token.is_space), empty),
                          *general]
            for rule in candidates:
                target = rule.target(doc, i)
                if target is not None:
                    found.setdefault(target, []).append((rule.order, rule.attrs))
        for target, rules in found.items():
            if len(rules) == 1:
                _set(doc[target], rules[0][1])
                continue
            merged: dict[str, Any] = {}
            for _, attrs in sorted(rules, key=lambda r: r[0]):
                merged.update(attrs)
            _set(doc[target], merged)
        return doc

    def to_disk(self, path: Union[str, Any], *, exclude: Iterable[str] = tuple()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_msgpack(path / "patterns.msg", self.patterns)

    def from_disk(self, path: Union[str, Any], *, exclude: Iterable[str] = tuple()) -> "TokenAttributes":
        self.initialize(patterns=srsly.read_msgpack(ensure_path(path) / "patterns.msg"))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        return srsly.msgpack_dumps(self.patterns)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = tuple()) -> "TokenAttributes":
        self.initialize(patterns=srsly.msgpack_loads(data))
        return self


def _ids(vocab: Any, attrs: dict[str, Any]) -> dict[str, Any]:
    """A rule's attributes as the ids the token takes (strings interned once, not per token)."""
    from spacy.parts_of_speech import IDS as POS_IDS

    found = {}
    for name, value in attrs.items():
        if name == "POS":
            found[name] = POS_IDS[value]
        elif name == "MORPH":
            found[name] = vocab.morphology.add(value)
        elif name in {"TAG", "LEMMA", "DEP"}:
            found[name] = vocab.strings.add(value)
        else:
            raise ValueError(f"attribute {name} is not set by this ruler; keep spaCy's attribute_ruler")
    return found


def _set(token: Token, attrs: dict[str, Any]) -> None:
    """Set a token's attributes (as ids) as spaCy's attribute ruler does."""
    for name, value in attrs.items():
        if name == "POS":
            token.pos = value
        elif name == "MORPH":
            token.set_morph(value)
        elif name == "TAG":
            token.tag = value
        elif name == "LEMMA":
            token.lemma = value
        else:
            token.dep = value


@Language.factory("token_attributes", assigns=["token.pos", "token.morph", "token.lemma", "token.dep"],
                  requires=["token.tag"], default_config={})
def make_token_attributes(nlp: Language, name: str) -> TokenAttributes:
    """Build the attribute ruler that applies its rules by lookups."""
    return TokenAttributes(nlp, name)


@spacy.registry.readers("newsfacts.base_attribute_rules.v1")
def read_base_attribute_rules(model: str) -> list[dict]:
    """The attribute ruler's rules of the base model (en_core_web_sm), for `token_attributes`."""
    base = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "lemmatizer", "ner", "senter"])
    return base.get_pipe("attribute_ruler").patterns
