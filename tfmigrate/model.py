"""One semantic model of a file, from Python's ``ast`` in one pass: scopes, bindings, chains, calls, offsets.

Why: rules used to ask libcst's scope and qualified-name metadata what a name means, a walk of the whole tree
per rule per version of the file, about thirty times the cost of ``ast.parse``. Ruff's rules instead read one
semantic model built once (``ruff_python_semantic``); this is that model for tfmigrate. It records

* every binding (imports with their aliases, assignments, definitions, parameters, ``global``/``del``) in the
  scope that holds it (module, class, function, lambda, comprehension), and what a plain assignment of a
  dotted name binds (``tf1 = tf.compat.v1`` -> ``tf1`` refers to ``tf.compat.v1``);
* every dotted chain (``tf.train.Saver``, root Name first) and every other place an identifier is written
  that is not an expression (a parameter, a keyword, a definition's name, ``x.attr`` of a non-name value);
* calls by the node of their function, with their keywords;
* source offsets of any node (ast columns are UTF-8 bytes; :meth:`Model.offset` turns them into indices of
  the text).

:meth:`Model.import_names` answers what libcst's QualifiedNameProvider answers for a chain whose root is bound
by an import (its ``find_qualified_name_for_import_alike``), so rules that move to range edits keep matching
names exactly as they did.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from tfmigrate.facts import child_nodes

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp)
_SCOPES_ALL = (*_SCOPES, ast.GeneratorExp)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as ast counts lines


@dataclass
class Scope:
    node: ast.AST  # the Module, def, class, lambda or comprehension
    parent: Scope | None
    bindings: dict[str, list[Binding]] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return type(self.node).__name__


@dataclass
class Binding:
    name: str
    kind: str  # "import", "from-import", "assign", "def", "class", "param", "global", "del", "other"
    node: ast.AST  # the statement (imports: the Import/ImportFrom; others: the node that binds)
    scope: Scope
    alias: ast.alias | None = None
    value: str | None = None  # a plain ``x = a.b.c``: the dotted chain assigned


@dataclass(frozen=True)
class Chain:
    """``a.b.c`` as spelled: the Attribute nodes outward from the root Name (``nodes[0]`` is the Name)."""

    nodes: tuple[ast.AST, ...]
    parts: tuple[str, ...]
    scope: Scope

    def dotted(self, upto: int) -> str:
        """The name of ``nodes[upto]`` (0 is the root)."""
        return ".".join(self.parts[: upto + 1])


class Model:
    """The semantic model of one version of a file. Built by :func:`build`."""

    def __init__(self, text: str, tree: ast.Module) -> None:
        self.text = text
        self.tree = tree
        self.module = Scope(tree, None)
        self.scopes: list[Scope] = [self.module]
        self.chains: list[Chain] = []
        self.imports: list[tuple[ast.Import | ast.ImportFrom, Scope]] = []
        self.calls: dict[ast.AST, ast.Call] = {}  # the node of a call's function -> the call
        self.other_names: dict[str, list[ast.AST]] = {}  # identifiers written outside expressions
        self.parents: dict[ast.AST, ast.AST] = {}
        self.assignments: list[ast.Assign | ast.AnnAssign | ast.AugAssign] = []  # every one, in no promised order
        self._line_starts: list[int] | None = None
        self._bindings_by_name: dict[str, list[Binding]] | None = None  # bindings_of's index, once built
        self._ascii = text.isascii()

    # ---- positions -----------------------------------------------------------------------------------
    def line_start(self, line: int) -> int:
        """Offset in the text of the start of 1-based ``line`` (lines end at \\n, \\r\\n or \\r, as ast counts)."""
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(self.text))]
        return self._line_starts[line - 1]

    def offset(self, line: int, col: int) -> int:
        start = self.line_start(line)
        if self._ascii:
            return start + col
        # ast columns count UTF-8 bytes
        end = self.text.find("\n", start)
        text_line = self.text[start : end if end != -1 else len(self.text)]
        return start + len(text_line.encode("utf-8")[:col].decode("utf-8", errors="replace"))

    def span(self, node: ast.AST) -> tuple[int, int]:
        return (
            self.offset(node.lineno, node.col_offset),  # type: ignore[attr-defined]  # positioned nodes only
            self.offset(node.end_lineno, node.end_col_offset),  # type: ignore[attr-defined]  # positioned nodes only
        )

    # ---- names ---------------------------------------------------------------------------------------
    def resolve(self, name: str, scope: Scope) -> list[Binding]:
        """The bindings a load of ``name`` in ``scope`` may refer to (flow-insensitive, as libcst's scopes)."""
        current: Scope | None = scope
        first = True
        while current is not None:
            if (first or current.kind != "ClassDef") and name in current.bindings:
                return current.bindings[name]
            first = False
            current = current.parent
        return []

    def bindings_of(self, name: str) -> list[Binding]:
        """Every binding of ``name`` in any scope of the file (scopes in model order).

        Indexed by name on the first call: the private-import plan asks for every chain's root, and a scan of
        every scope per question was quadratic in a module with many functions."""
        if self._bindings_by_name is None:
            index: dict[str, list[Binding]] = {}
            for scope in self.scopes:
                for bound, bindings in scope.bindings.items():
                    index.setdefault(bound, []).extend(bindings)
            self._bindings_by_name = index
        return list(self._bindings_by_name.get(name, ()))

    @staticmethod
    def import_names(statement: ast.Import | ast.ImportFrom, full_name: str) -> set[str]:
        """What ``full_name`` (a chain whose root this statement binds) means: libcst's
        ``find_qualified_name_for_import_alike``, over every name of the statement."""
        module = ""
        if isinstance(statement, ast.ImportFrom):
            module = "." * statement.level + (statement.module or "")
        results: set[str] = set()
        for alias in statement.names:
            if alias.name == "*":
                continue
            parts = alias.name.split(".")
            for i in range(len(parts), 0, -1):
                real_name = as_name = ".".join(parts[:i])
                if module and module.endswith("."):
                    real_name = f"{module}{real_name}"
                elif module:
                    real_name = f"{module}.{real_name}"
                if alias.asname:
                    as_name = alias.asname
                if full_name.startswith(as_name):
                    remaining = full_name.split(as_name, 1)[1]
                    if remaining and not remaining.startswith("."):
                        continue
                    remaining = remaining.lstrip(".")
                    results.add(f"{real_name}.{remaining}" if remaining else real_name)
                    break
        return results

    def qualified_names(self, binding: Binding, full_name: str) -> set[str]:
        """What ``full_name`` means through one binding of its root: through an import, the imported name;
        through any other binding, the name as spelled (libcst's answer for a module-level assignment)."""
        if binding.kind in ("import", "from-import"):
            return self.import_names(binding.node, full_name)  # type: ignore[arg-type]  # import kinds hold import statements
        return {full_name} if binding.scope is self.module else set()


def build(text: str, tree: ast.Module) -> Model:
    """The model of ``text``, whose parsed tree is ``tree`` (one walk)."""
    model = Model(text, tree)
    _Builder(model).run()
    return model


_RECENT: dict[str, Model] = {}  # text -> its model, the last few asked for (:func:`of_text`)
_RECENT_KEPT = 4


def of_text(text: str, tree: ast.Module | None = None) -> Model:
    """The model of ``text`` (``tree``: its parse, when the caller has it), built once for the few texts asked last.

    The engine builds the model of each version of a file for the gates and the range-edit rules; a libcst rule
    that reads module aliases (TFM101, TFM201) asked for a model of the same text again, parse included. Models
    are read, never changed, so one serves them all; :func:`forget_recent` drops them after each file."""
    model = _RECENT.pop(text, None)
    if model is None:
        model = build(text, tree if tree is not None else ast.parse(text))
        while len(_RECENT) >= _RECENT_KEPT:
            del _RECENT[next(iter(_RECENT))]
    _RECENT[text] = model
    return model


def forget_recent() -> None:
    _RECENT.clear()


class _Builder:
    def __init__(self, model: Model) -> None:
        self.m = model
        self.values: dict[ast.AST, str] = {}  # ``x = a.b``: the target Name -> "a.b", until x is bound

    def bind(self, scope: Scope, name: str, kind: str, node: ast.AST, **extra) -> None:
        scope.bindings.setdefault(name, []).append(Binding(name, kind, node, scope, **extra))

    def other(self, name: str, node: ast.AST) -> None:
        self.m.other_names.setdefault(name, []).append(node)

    def run(self) -> None:
        m = self.m
        # (node, scope) pairs; a scope-making node's own parts are visited in the right scope by hand
        todo: list[tuple[ast.AST, Scope]] = [(m.tree, m.module)]
        parents = m.parents
        while todo:
            node, scope = todo.pop()
            children = child_nodes(node)
            for child in children:
                parents[child] = node
            inner = scope
            if isinstance(node, _SCOPES_ALL) and node is not m.tree:
                inner = Scope(node, scope)
                m.scopes.append(inner)
                self.enter(node, scope, inner, todo)
                continue
            self.visit(node, scope)
            if isinstance(node, ast.Attribute):
                if self.chain(node, scope):
                    continue
            for child in reversed(children):
                todo.append((child, inner))

    def enter(self, node: ast.AST, outer: Scope, inner: Scope, todo: list) -> None:
        """A def, class, lambda or comprehension: its name, decorators, defaults and bases belong to the
        enclosing scope; its parameters and body to its own."""
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.bind(outer, node.name, "class" if isinstance(node, ast.ClassDef) else "def", node)
            self.other(node.name, node)
            outer_parts: list[ast.AST] = list(node.decorator_list)
            if isinstance(node, ast.ClassDef):
                outer_parts += node.bases + [k.value for k in node.keywords]
                for k in node.keywords:
                    if k.arg:
                        self.other(k.arg, k)
            else:
                outer_parts += self.defaults(node.args)
                if node.returns is not None:
                    outer_parts.append(node.returns)
                self.params(node.args, inner, outer_parts)
            for part in outer_parts:
                todo.append((part, outer))
            for stmt in reversed(node.body):
                todo.append((stmt, inner))
            return
        if isinstance(node, ast.Lambda):
            outer_parts = self.defaults(node.args)
            self.params(node.args, inner, outer_parts)
            for part in outer_parts:
                todo.append((part, outer))
            todo.append((node.body, inner))
            return
        # comprehensions: the first iterable is evaluated outside
        gens = node.generators  # type: ignore[attr-defined]  # every comprehension has generators
        todo.append((gens[0].iter, outer))
        for index, gen in enumerate(gens):
            self.m.parents[gen] = node
            todo.append((gen.target, inner))
            if index:
                todo.append((gen.iter, inner))
            for cond in gen.ifs:
                todo.append((cond, inner))
        if isinstance(node, ast.DictComp):
            todo += [(node.key, inner), (node.value, inner)]
        else:
            todo.append((node.elt, inner))  # type: ignore[attr-defined]  # ListComp/SetComp/GeneratorExp

    @staticmethod
    def defaults(args: ast.arguments) -> list[ast.AST]:
        return [d for d in (*args.defaults, *args.kw_defaults) if d is not None]

    def params(self, args: ast.arguments, inner: Scope, annotations: list[ast.AST]) -> None:
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        every += [a for a in (args.vararg, args.kwarg) if a is not None]
        for arg in every:
            self.bind(inner, arg.arg, "param", arg)
            self.other(arg.arg, arg)
            if arg.annotation is not None:
                annotations.append(arg.annotation)

    def chain(self, node: ast.Attribute, scope: Scope) -> bool:
        """Record ``node`` as a chain when it is a dotted name; False when its value is something else."""
        nodes: list[ast.AST] = []
        parts: list[str] = []
        current: ast.AST = node
        while isinstance(current, ast.Attribute):
            nodes.append(current)
            parts.append(current.attr)
            current = current.value
        if not isinstance(current, ast.Name):
            self.other(node.attr, node)  # libcst writes ``f().attr``'s attr as a Name of its own
            return False
        nodes.append(current)
        parts.append(current.id)
        self.m.chains.append(Chain(tuple(reversed(nodes)), tuple(reversed(parts)), scope))
        for index in range(1, len(nodes)):
            self.m.parents.setdefault(nodes[index], nodes[index - 1])
        self.visit(current, scope)
        return True

    def visit(self, node: ast.AST, scope: Scope) -> None:
        if isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Load):
                kind = "del" if isinstance(node.ctx, ast.Del) else "assign"
                self.bind(scope, node.id, kind, node, value=self.values.pop(node, None))
            if isinstance(node.ctx, ast.Load) and self.m.parents.get(node).__class__ is not ast.Attribute:
                self.m.chains.append(Chain((node,), (node.id,), scope))
        elif isinstance(node, ast.Call):
            self.m.calls[node.func] = node
            for k in node.keywords:
                if k.arg:
                    self.other(k.arg, k)
        elif isinstance(node, ast.Assign):
            self.m.assignments.append(node)
            if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                value = _dotted(node.value)
                if value is not None:
                    self.values[node.targets[0]] = value
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            self.m.assignments.append(node)
        elif isinstance(node, ast.Import):
            self.m.imports.append((node, scope))
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                self.bind(scope, bound, "import", node, alias=alias)
        elif isinstance(node, ast.ImportFrom):
            self.m.imports.append((node, scope))
            for alias in node.names:
                if alias.name != "*":
                    self.bind(scope, alias.asname or alias.name, "from-import", node, alias=alias)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                self.bind(scope, name, "global", node)
                self.other(name, node)
        elif isinstance(node, ast.ExceptHandler):
            if node.name:
                self.bind(scope, node.name, "other", node)
                self.other(node.name, node)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)):
            if node.name:
                self.bind(scope, node.name, "other", node)
                self.other(node.name, node)
        elif isinstance(node, ast.MatchMapping):
            if node.rest:
                self.bind(scope, node.rest, "other", node)
                self.other(node.rest, node)


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))
