"""The plan of one file: the parts' edits made in libcst's order, over the bindings the plan can read as libcst
reads them."""

from __future__ import annotations

import ast

from tfmigrate.edits import apply
from tfmigrate.transforms import _legacy_keras as legacy_keras
from tfmigrate.transforms._edit_support import TRY_STAR, Decline, add_imports
from tfmigrate.transforms._tf1 import COMPAT_V1, LEGACY_KERAS_ENV, TF
from tfmigrate.transforms._tf1_edits.calls import Calls
from tfmigrate.transforms._tf1_edits.evidence import Evidence
from tfmigrate.transforms._tf1_edits.imports import ImportEdits, import_bindings, top_level_imports
from tfmigrate.transforms._tf1_edits.layout import post_order
from tfmigrate.transforms._tf1_edits.renames import Renames
from tfmigrate.transforms.base import CHANGES_KEY
from tfmigrate.transforms.session import EAGER_REWRITTEN, never_run_lines, never_run_spans


class Planner(Renames, Calls, ImportEdits, Evidence):
    """TF1Api's decisions made from the model as range edits."""

    def run(self) -> str | None:
        m, rule = self.m, self.rule
        if "\r" in m.text or "\x0c" in m.text or not m.text.endswith("\n"):
            raise Decline("line ends libcst may not reproduce")
        bindings = self.module_bindings()
        self.check_bindings(bindings)
        if not rule.options.keep_compat_import:
            targets: dict[str, set[str]] = {}
            for name, target, _, _ in bindings:
                targets.setdefault(name, set()).add(target)
            for name, target, _, simple in bindings:
                if target == COMPAT_V1 and simple and targets[name] == {COMPAT_V1}:
                    self.upgrade.add(name)
        for name in self.upgrade:
            if any(b.kind not in ("import", "from-import") for b in m.bindings_of(name)):
                raise Decline(f"{name} is bound otherwise too")
            if name in m.other_names:
                raise Decline(f"{name} is also written as a parameter, keyword or attribute")
        if self.upgrade & {part for chain in m.chains for part in chain.parts[1:]}:
            raise Decline("a tf.compat.v1 alias name is also an attribute name")
        tf_names = [name for name, target, _, _ in bindings if target == TF]
        self.tf_name = "tf" if "tf" in tf_names else (tf_names[0] if tf_names else None)
        self.need_tf_import = False
        for chain in m.chains:
            for index, node in enumerate(chain.nodes):
                self.node_chain[node] = (chain, index)
        self.own = self.own_attributes()
        self.defines_main = any(
            isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == "main" for s in m.tree.body
        )
        self.graph_mode = "disable_eager_execution" in m.text or "disable_v2_behavior" in m.text
        tf1, eager = self.scan()
        self.tf1_evidence = bool(self.upgrade) or tf1
        rewritten = bool(rule.context.scratch.get(EAGER_REWRITTEN))
        self.tf1_positional = bool(self.upgrade) or rewritten or (tf1 and not eager)
        self.tf1_code = self.tf1_evidence or rewritten

        for chain in m.chains:
            self.plan_chain(chain)
        self.plan_other_attributes()
        for call in sorted(m.calls.values(), key=post_order):
            self.plan_call(call)
        for stmt, _ in m.imports:
            if isinstance(stmt, ast.Import):
                self.plan_import(stmt)
            else:
                self.plan_import_from(stmt)
        text = apply(m.text, self.kept_as_written(self.edits.edits()))
        text = rule.keras_initializers(text, m.text, self.tf1_evidence)
        if self.legacy is not None and LEGACY_KERAS_ENV not in text:
            text, note = legacy_keras.settle_text(text, rule.context.scratch)
            if note is not None:
                self.rule.follow_up(None, note, line=self.legacy[2])  # type: ignore[arg-type]  # the line is given
        if self.need_tf_import:
            self.imports.append((TF, "tf" if self.tf_name == "tf" else None))
        if self.imports:
            text = add_imports(text, self.imports)
        return text

    def kept_as_written(self, edits: list) -> list:
        """``edits`` without those inside a branch TFM201's eager rewrite kept as written because it never runs
        (NEVER_RUN, found once in the text), and without the changes reported on its lines."""
        spans = never_run_spans(self.m.text, self.rule.context.scratch)
        if not spans:
            return edits
        lines = never_run_lines(self.m.text, self.rule.context.scratch)
        changes = self.rule.context.scratch.get(CHANGES_KEY, [])
        changes[:] = [c for c in changes if not (c.code == self.rule.CODE and c.line in lines)]
        return [e for e in edits if not any(start <= e.start and e.end <= end for start, end in spans)]

    def module_bindings(self) -> list[tuple[str, str, int, bool]]:
        """_tf1.module_bindings on the ast: (name, target, statement index, simple) of each tensorflow import
        at module level, in top-level try/if blocks too."""
        out = []
        for index, stmt in enumerate(self.m.tree.body):
            simple = not isinstance(stmt, (ast.Try, ast.If, *TRY_STAR))
            for small in top_level_imports(stmt):
                for name, target in import_bindings(small):
                    out.append((name, target, index, simple))
        return out

    def check_bindings(self, bindings: list[tuple[str, str, int, bool]]) -> None:
        """Declines the bindings whose meaning libcst's scopes give otherwise than the model."""
        tf_bound = {"tf", "tensorflow"}
        for stmt, _ in self.m.imports:
            for alias in stmt.names:
                if isinstance(stmt, ast.Import) and alias.name.startswith("tensorflow"):
                    if "." in alias.name and alias.asname is None:
                        raise Decline("a dotted tensorflow import without a name")
                    tf_bound.add(alias.asname or alias.name)
                elif isinstance(stmt, ast.ImportFrom) and (stmt.module or "").startswith("tensorflow"):
                    if alias.name != "*":  # a star import binds no name in libcst's scopes, nor in the model
                        tf_bound.add(alias.asname or alias.name)
        for name in tf_bound:
            for b in self.m.bindings_of(name):
                if b.kind in ("global", "del"):
                    raise Decline(f"{name} is bound in a way the plan does not model")
        for scope in self.m.scopes:
            if scope.node is not self.m.tree and getattr(scope.node, "name", None) == "tensorflow":
                raise Decline("a scope named tensorflow")
