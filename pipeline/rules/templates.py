"""Value templates of the date rules: "{day(dct, w@day_offset)}T{p@part}".

A template is literal text and {expressions}; an expression is a group of the rule's match
(`n`), a literal (`-1`, `0.5`, `'day'`, `x` for an unknown number), a name the resolver provides (`dct`,
`ref`), a lookup in a table (`n@number`), a call of a resolver function (`shift(ref, n, unit)`),
or alternatives (`y|year(dct, 0)`: the first that is not missing), with an optional format
after a colon (`{mo@month:02d}`). Templates are parsed once, when the grammar loads, so a
typo fails then, naming the rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Optional, Union

from .tsv import ResourceError

_TOKEN = re.compile(r"\s*(?:(?P<number>-?\d+(?:\.\d+)?)|(?P<string>'[^']*')|(?P<name>[a-z_][a-z0-9_]*)|(?P<op>[(),|@]))")


class Unknown:
    """The literal `x`: a number the text leaves open ("every few hours" is PTXH)."""

    def __repr__(self) -> str:
        return "x"


UNKNOWN = Unknown()


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Literal:
    value: Any


@dataclass(frozen=True)
class Lookup:
    key: "Node"
    table: str


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple["Node", ...]


@dataclass(frozen=True)
class Either:
    options: tuple["Node", ...]


Node = Union[Name, Literal, Lookup, Call, Either]


class _Parser:
    def __init__(self, text: str, where: str) -> None:
        self.where = where
        self.text = text
        self.tokens: list[tuple[str, str]] = []
        position = 0
        while position < len(text):
            m = _TOKEN.match(text, position)
            if m is None or m.end() == position:
                if text[position:].strip() == "":
                    break
                raise ResourceError(f"{where}: cannot read {text[position:]!r} in the value {{{text}}}")
            kind = m.lastgroup
            self.tokens.append((kind, m.group(kind)))
            position = m.end()
        self.i = 0

    def peek(self) -> Optional[str]:
        return self.tokens[self.i][1] if self.i < len(self.tokens) else None

    def take(self, expected: Optional[str] = None) -> tuple[str, str]:
        if self.i >= len(self.tokens):
            raise ResourceError(f"{self.where}: the value {{{self.text}}} ends too soon")
        token = self.tokens[self.i]
        if expected is not None and token[1] != expected:
            raise ResourceError(f"{self.where}: expected {expected!r}, found {token[1]!r} in {{{self.text}}}")
        self.i += 1
        return token

    def either(self) -> Node:
        options = [self.term()]
        while self.peek() == "|":
            self.take("|")
            options.append(self.term())
        return options[0] if len(options) == 1 else Either(tuple(options))

    def term(self) -> Node:
        kind, value = self.take()
        if kind == "number":
            node: Node = Literal(float(value) if "." in value else int(value))
        elif kind == "string":
            node = Literal(value[1:-1])
        elif kind == "name" and self.peek() == "(":
            self.take("(")
            args = []
            while self.peek() != ")":
                args.append(self.either())
                if self.peek() == ",":
                    self.take(",")
            self.take(")")
            node = Call(value, tuple(args))
        elif kind == "name":
            node = Literal(UNKNOWN) if value == "x" else Name(value)
        else:
            raise ResourceError(f"{self.where}: unexpected {value!r} in {{{self.text}}}")
        while self.peek() == "@":
            self.take("@")
            node = Lookup(node, self.take()[1])
        return node


def parse_expression(text: str, where: str) -> Node:
    parser = _Parser(text, where)
    node = parser.either()
    if parser.peek() is not None:
        raise ResourceError(f"{where}: unexpected {parser.peek()!r} in {{{text}}}")
    return node


def names_in(node: Node) -> set[str]:
    """The names a node reads (groups and the resolver's own names)."""
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Lookup):
        return names_in(node.key)
    if isinstance(node, (Call, Either)):
        children = node.args if isinstance(node, Call) else node.options
        return set().union(*(names_in(child) for child in children)) if children else set()
    return set()


def calls_in(node: Node) -> set[str]:
    if isinstance(node, Call):
        return {node.function}.union(*(calls_in(a) for a in node.args))
    if isinstance(node, Either):
        return set().union(*(calls_in(o) for o in node.options))
    if isinstance(node, Lookup):
        return calls_in(node.key)
    return set()


def tables_in(node: Node) -> set[str]:
    if isinstance(node, Lookup):
        return {node.table} | tables_in(node.key)
    if isinstance(node, Call):
        return set().union(*(tables_in(a) for a in node.args)) if node.args else set()
    if isinstance(node, Either):
        return set().union(*(tables_in(o) for o in node.options))
    return set()


@dataclass(frozen=True)
class Template:
    """A parsed value template: literal text and expressions with their formats."""

    parts: tuple[Union[str, tuple[Node, str]], ...]
    source: str

    @classmethod
    def parse(cls, text: str, where: str) -> "Template":
        parts: list[Union[str, tuple[Node, str]]] = []
        position = 0
        for m in re.finditer(r"\{([^{}]*)\}", text):
            if m.start() > position:
                parts.append(text[position:m.start()])
            body, _, spec = m.group(1).partition(":")
            parts.append((parse_expression(body, where), spec))
            position = m.end()
        if position < len(text):
            parts.append(text[position:])
        if any("{" in p or "}" in p for p in parts if isinstance(p, str)):
            raise ResourceError(f"{where}: unbalanced braces in the value {text!r}")
        return cls(tuple(parts), text)

    def nodes(self) -> list[Node]:
        return [part[0] for part in self.parts if not isinstance(part, str)]

    def render(self, evaluate: Callable[[Node], Any]) -> Optional[str]:
        """The value, or None when an expression in it is missing (the rule does not apply)."""
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            node, spec = part
            value = evaluate(node)
            if value is None or value is UNKNOWN:
                return None
            out.append(format(value, spec) if spec else str(value))
        return "".join(out)
