"""Calls TF1Api.leave_Call rewrites: a call whose TF1 arguments TF 2 lacks moves to tf.compat.v1 whole (or has its
arguments edited), ``tf.app.run`` becomes ``absl.app.run``, a bare ``tf.enable_eager_execution()`` line goes."""

from __future__ import annotations

import ast

from tfmigrate.transforms._edit_support import COMPOUND, Decline
from tfmigrate.transforms._tf1 import DIFFERENT, arg_changes, constant_args_may_fill, fate
from tfmigrate.transforms._tf1_defaults import kept_tf1_default
from tfmigrate.transforms._tf1_edits.callee_layout import CalleeLayout
from tfmigrate.transforms._tf1_edits.datasets import Datasets
from tfmigrate.transforms._tf1_edits.keywords import KeywordEdits
from tfmigrate.transforms._tf1_edits.layout import arguments, block_of
from tfmigrate.transforms.tfm101_tf1_api import STOPS_LABEL_GRADIENT


class Calls(KeywordEdits, Datasets, CalleeLayout):
    """Each call's rewrite, in libcst's leave order."""

    def plan_call(self, call: ast.Call) -> None:
        """TF1Api.leave_Call (and leave_SimpleStatementLine, for a call that is a line of its own)."""
        if not call.args and not call.keywords and isinstance(self.m.parents.get(call), ast.Expr):
            self.enable_eager_execution(call)
        if self.dataset_method(call):
            return
        func = call.func
        found = self.resolve(*self.node_chain[func]) if func in self.node_chain else None
        if found is not None and found[1] == "app.run" and self.app_run(call):
            return
        func_replaced = False
        if found is not None and found[0] == "plain" and fate(found[1]) == DIFFERENT:
            func_replaced = self.map_call(call, found[1])
        if func_replaced or self.callee_changed(func):
            self.follow_callee(call)

    def callee_changed(self, func: ast.expr) -> bool:
        if func in self.node_chain:
            return any(node in self.chain_text for node in self.node_chain[func][0].nodes)
        if isinstance(func, (ast.Name, ast.Attribute)) and not self.edits.replaced and not self.edits.inserted:
            return False
        start, end = self.m.span(func)
        return bool(self.edits.within(start, end))

    def enable_eager_execution(self, call: ast.Call) -> None:
        """A bare ``tf.enable_eager_execution()`` line goes, with the blank and comment lines before it (libcst
        removes the statement with its leading lines)."""
        found = self.resolve(*self.node_chain[call.func]) if call.func in self.node_chain else None
        if found is None or found[1] != "enable_eager_execution" or self.graph_mode:
            return
        m = self.m
        stmt = m.parents[call]
        assert isinstance(stmt, ast.Expr)
        start, end = m.span(stmt)
        line_end = m.text.find("\n", end)
        if m.text[m.line_start(stmt.lineno) : start].strip() or m.text[end:line_end].split("#")[0].strip():
            return  # another statement on the line: libcst leaves it
        siblings = block_of(m, stmt)
        index = next(i for i, s in enumerate(siblings) if s is stmt)
        if len(siblings) == 1 or (index and isinstance(siblings[index - 1], COMPOUND)):
            raise Decline("a removed line alone in its block or after a compound statement")
        first = stmt.lineno
        while first > 1:
            text = m.text[m.line_start(first - 1) : m.line_start(first)].strip()
            if text and not text.startswith("#"):
                break
            first -= 1
        if first == 1:
            raise Decline("a removed line that may take the module's header")
        self.edits.replace(m.line_start(first), line_end + 1, "")
        self.change(stmt, "tf.enable_eager_execution() removed: TF2 executes eagerly by default")

    def app_run(self, call: ast.Call) -> bool:
        """TF1Api._app_run: ``tf.app.run(main, argv)`` -> ``absl.app.run(main, argv=..., flags_parser=...)``."""
        m = self.m
        main: str | None = None
        argv: str | None = None
        for index, arg in enumerate(arguments(call)):
            if isinstance(arg, ast.Starred) or (isinstance(arg, ast.keyword) and arg.arg is None):
                return False
            key = arg.arg if isinstance(arg, ast.keyword) else ("main", "argv")[index] if index < 2 else None
            if key not in ("main", "argv"):
                return False
            value = arg.value if isinstance(arg, ast.keyword) else arg
            if self.parenthesized(value):
                raise Decline("a parenthesized argument of tf.app.run")
            text = m.text[slice(*m.span(value))]
            if key == "main":
                main = "" if isinstance(value, ast.Constant) and value.value is None else text
            else:
                argv = text
        if not main:
            if not self.defines_main:
                return False
            main = "main"
        scope = self.scope_of(call)
        absl = self.m.resolve("absl", scope)
        if absl and not all(b.kind in ("import", "from-import") for b in absl):
            return False
        if self.parenthesized(call):
            raise Decline("a parenthesized tf.app.run call")
        self.imports += [("absl.app", None), ("absl.flags", None)]
        args = [main] + ([f"argv={argv}"] if argv is not None else [])
        args.append("flags_parser=lambda argv: absl.flags.FLAGS(argv, known_only=True)")
        start, end = m.span(call)
        self.edits.replace(start, end, f"absl.app.run({', '.join(args)})")
        self.change(call, "tf.app.run -> absl.app.run (unknown flags still left to main, as tf.app.run did)")
        return True

    def constant_may_fill(self, call: ast.Call) -> bool:
        """``tf.constant(value, dtype, shape)`` whose value TF1 padded to the shape (``constant_call_may_fill``)."""
        return constant_args_may_fill(self.arg_texts(call), self.tf1_evidence)

    def arg_texts(self, call: ast.Call) -> list[tuple[str | None, str] | None]:
        """The call's arguments as (keyword or None, source text), None for ``*a`` / ``**k``."""
        text = self.m.text
        return [
            None
            if isinstance(a, ast.Starred) or (isinstance(a, ast.keyword) and a.arg is None)
            else (a.arg, text[slice(*self.m.span(a.value))])
            if isinstance(a, ast.keyword)
            else (None, text[slice(*self.m.span(a))])
            for a in arguments(call)
        ]

    def map_call(self, call: ast.Call, path: str) -> bool:
        """TF1Api._call for a DIFFERENT name: argument edits, or the whole call to tf.compat.v1. True when
        the callee was replaced."""
        info = arg_changes(path)
        if info is None:
            return False
        chain, _ = self.node_chain[call.func]
        fills = path == "constant" and self.constant_may_fill(call)
        kept = kept_tf1_default(info, self.arg_texts(call), self.m.tree, self.tf1_code)
        mapped = None if fills or kept is not None else self.map_args(call, info)
        if mapped is None:
            base = chain.parts[0] if self.root_is_tf(chain) else self.tf()
            if base is None:
                return False
            if self.parenthesized(call.func):
                raise Decline("a parenthesized callee")
            self.change(call, f"tf.{path}: {kept or 'TF1-only arguments'} -> tf.compat.v1.{path}")
            start, end = self.m.span(call.func)
            self.edits.replace(start, end, f"{base}.compat.v1.{path}")
            self.replaced_callee[call.func] = f"{base}.compat.v1.{path}"
            return True
        planned, notes = mapped
        if path in STOPS_LABEL_GRADIENT and self.tf1_evidence:
            self.stop_label_gradient(call, chain, planned, notes)
        if not notes:
            return False
        for apply_edit in planned:
            apply_edit()
        self.change(call, f"tf.{path}: " + ", ".join(notes))
        return False
