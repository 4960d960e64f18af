"""What every part of the plan reads: the rule and model it plans for, the edits made so far, and what a name in the
file means in tensorflow (through imports and module aliases, as TF1Api._resolve reads it)."""

from __future__ import annotations

import ast

from tfmigrate.model import Binding, Chain, Model, Scope
from tfmigrate.transforms._edit_support import expression_line
from tfmigrate.transforms._tf1 import COMPAT_V1, TF, v1_path
from tfmigrate.transforms._tf1_edits.layout import parenthesized
from tfmigrate.transforms._tf1_edits.module_aliases import module_aliases
from tfmigrate.transforms._tf1_edits.nested_edits import NestedEdits
from tfmigrate.transforms.tfm101_tf1_api import TF1Api


class Names:
    """The plan's state and its name resolution; the other parts are mixins over it."""

    # set by Planner.run before any part plans an edit
    own: frozenset[str]
    defines_main: bool
    graph_mode: bool
    tf1_evidence: bool
    tf1_positional: bool
    tf1_code: bool  # TF1 evidence, or TFM201 rewrote the file (it proved the calls under their TF1 meaning)

    def __init__(self, rule: TF1Api, model: Model) -> None:
        self.rule = rule
        self.m = model
        self.edits = NestedEdits()
        self.imports: list[tuple[str, str | None]] = []
        self.legacy: tuple[int, int, int] | None = None  # post-order key and line of the first Keras-2 name
        self.node_chain: dict[ast.AST, tuple[Chain, int]] = {}
        self.chain_text: dict[ast.AST, str | None] = {}  # a chain node -> its new text, None when unchanged
        self.scopes = {s.node: s for s in model.scopes}
        self.aliases = module_aliases(model)
        self.tf_name: str | None = None
        self.need_tf_import = False
        self.upgrade: set[str] = set()
        self.replaced_callee: dict[ast.AST, str] = {}

    def line(self, node: ast.AST) -> int:
        if isinstance(node, ast.expr):
            return expression_line(self.m, node)
        return node.lineno  # type: ignore[attr-defined]  # statements have positions

    def change(self, node: ast.AST, message: str) -> None:
        self.rule.change(None, message, line=self.line(node))  # type: ignore[arg-type]  # the line is given

    def follow_up(self, node: ast.AST, message: str) -> None:
        self.rule.follow_up(None, message, line=self.line(node))  # type: ignore[arg-type]  # the line is given

    def lookup(self, name: str, scope: Scope) -> list[Binding]:
        return self.m.resolve(name, scope)

    def binding_names(self, binding: Binding, full: str) -> set[str]:
        if binding.kind in ("import", "from-import"):
            return self.m.import_names(binding.node, full)  # type: ignore[arg-type]  # import kinds hold imports
        if binding.scope is not self.m.module:
            return set()
        target = self.aliases.get(binding.name)
        if target is not None:
            return {target + full[len(binding.name) :]}
        return {full}

    def names(self, chain: Chain, index: int) -> set[str]:
        full = chain.dotted(index)
        out: set[str] = set()
        for b in self.lookup(chain.parts[0], chain.scope):
            out |= self.binding_names(b, full)
        return out

    def resolve(self, chain: Chain, index: int) -> tuple[str, str] | None:
        """(mode, tf1 path) for a reference to a TF1 symbol (TF1Api._resolve); mode is "plain" or "compat"."""
        names = {q for q in self.names(chain, index) if q == TF or q.startswith(TF + ".")}
        if len(names) != 1:
            return None
        (qualified,) = names
        roots = {q for q in self.names(chain, 0) if q == TF or q.startswith(TF + ".")}
        if len(roots) != 1:
            return None
        (root_q,) = roots
        if root_q == COMPAT_V1 and chain.parts[0] in self.upgrade:
            return "compat", qualified[len(COMPAT_V1) + 1 :]
        if qualified.startswith(COMPAT_V1 + ".") or root_q.startswith(COMPAT_V1):
            return None
        path = v1_path(qualified)
        return ("plain", path) if path else None

    def root_is_tf(self, chain: Chain) -> bool:
        return TF in self.names(chain, 0)

    def tf(self) -> str | None:
        """TF1Api._tf: the name to reach tensorflow with, importing it when the file has none."""
        if self.tf_name is not None:
            return self.tf_name
        for alias in ("tf", "tensorflow"):
            if alias not in self.m.module.bindings:
                self.tf_name = alias
                self.need_tf_import = True
                return alias
        return None

    def is_own(self, path: str) -> bool:
        return any(path == own or path.startswith(own + ".") for own in self.own)

    def scope_of(self, node: ast.AST) -> Scope:
        scopes = self.scopes
        current: ast.AST | None = self.m.parents.get(node)
        while current is not None and current not in scopes:
            current = self.m.parents.get(current)
        return scopes.get(current, self.m.module) if current is not None else self.m.module

    def parenthesized(self, node: ast.AST) -> bool:
        return parenthesized(self.m, node)
