"""Argument edits of a call whose TF2 signature differs (``keep_prob=`` -> ``rate=1 - keep_prob``, a positional
argument made a keyword, labels wrapped in tf.stop_gradient): each touches the argument alone."""

from __future__ import annotations

import ast
import math

from tfmigrate.model import Chain, Scope
from tfmigrate.transforms._edit_support import Decline
from tfmigrate.transforms._tf1 import v1_path
from tfmigrate.transforms._tf1_edits.layout import arguments
from tfmigrate.transforms._tf1_edits.names import Names
from tfmigrate.transforms.tfm101_tf1_api import CONSTANT_SOURCES, SHAPE_OPS


class KeywordEdits(Names):
    """TF1Api._map_args and _stop_label_gradient as range edits; planned as deferred calls, made only when the whole call maps."""

    def map_args(self, call: ast.Call, info: dict):
        """TF1Api._map_args: the edits (as deferred calls) and their notes, or None when the TF1 call cannot
        be expressed in TF2."""
        v1, v2 = info["v1"], info["v2"]
        renamed, complement = info.get("renamed", {}), info.get("complement", {})
        v1_pos = [n for n in v1 if not n.startswith(("*", "="))]
        v2_pos = [n for n in v2 if not n.startswith(("*", "="))]
        v2_names = {n.lstrip("*=") for n in v2 if not n.startswith("**")}
        v1_star = any(n.startswith("*") and not n.startswith("**") for n in v1)
        v2_kwargs = any(n.startswith("**") for n in v2)
        planned: list = []
        notes: list[str] = []
        keys: list[str] = []
        keywordize = False
        for index, arg in enumerate(arguments(call)):
            if isinstance(arg, ast.Starred) or (isinstance(arg, ast.keyword) and arg.arg is None):
                if isinstance(arg, ast.Starred) and (notes or keywordize):
                    return None
                continue
            if not isinstance(arg, ast.keyword):
                if v1_star or index >= len(v1_pos):
                    continue
                name = v1_pos[index]
                if not self.tf1_positional:
                    continue
                if name in complement:
                    planned.append(self.deferred(self.keyword_value, arg, complement[name], True))
                    keys.append(complement[name])
                    notes.append(f"positional {name} -> {complement[name]}=1 - {name}")
                    keywordize = True
                    continue
                target = renamed.get(name, name)
                if not keywordize and index < len(v2_pos) and v2_pos[index] == target:
                    continue
                if target in v2_names:
                    planned.append(self.deferred(self.keyword_value, arg, target, False))
                    keys.append(target)
                    notes.append(f"positional {name} -> {target}=")
                    keywordize = True
                    continue
                return None
            key = arg.arg
            assert key is not None
            if key in v2_names:
                keys.append(key)
            elif key in renamed:
                planned.append(self.deferred(self.rename_keyword, arg, renamed[key]))
                keys.append(renamed[key])
                notes.append(f"{key}= -> {renamed[key]}=")
            elif key in complement:
                planned.append(self.deferred(self.rename_keyword, arg, complement[key]))
                planned.append(self.deferred(self.one_minus, arg.value))
                keys.append(complement[key])
                notes.append(f"{key}=p -> {complement[key]}=1 - p")
            elif v2_kwargs:
                keys.append(key)
            else:
                return None
        if len(keys) != len(set(keys)):
            return None
        return planned, notes

    @staticmethod
    def deferred(func, *args):
        return lambda: func(*args)

    def rename_keyword(self, arg: ast.keyword, name: str) -> None:
        start = self.m.offset(arg.lineno, arg.col_offset)
        assert arg.arg is not None
        if self.m.text[start : start + len(arg.arg)] != arg.arg:
            raise Decline("a keyword the plan cannot find")
        self.edits.replace(start, start + len(arg.arg), name)

    def keyword_value(self, value: ast.expr, name: str, complement: bool) -> None:
        """A positional argument becomes ``name=value`` (or ``name=1 - value``)."""
        if self.parenthesized(value):
            raise Decline("a parenthesized positional argument")
        start, end = self.m.span(value)
        self.edits.opening(start, end - start + 1, f"{name}=")
        if complement:
            self.one_minus(value)

    def one_minus(self, value: ast.expr) -> None:
        """_one_minus on the value's text: folded for a literal, parenthesised when compound."""
        if self.parenthesized(value):
            raise Decline("a parenthesized value")
        start, end = self.m.span(value)
        if isinstance(value, ast.Constant) and type(value.value) in (int, float):
            number = value.value
            assert isinstance(number, int | float)
            if not math.isfinite(number):
                raise Decline("an infinite literal")
            folded = round(1 - float(number), 12)
            text = repr(folded) if folded != int(folded) or isinstance(number, float) else str(int(folded))
            self.edits.replace(start, end, text)
            return
        if isinstance(value, (ast.Name, ast.Attribute, ast.Call, ast.Subscript)):
            self.edits.opening(start, end - start, "1 - ")
        else:
            self.edits.opening(start, end - start, "1 - (")
            self.edits.closing(end, end - start, ")")

    def stop_label_gradient(self, call: ast.Call, chain: Chain, planned: list, notes: list[str]) -> None:
        """TF1Api._stop_label_gradient: ``labels=tf.stop_gradient(labels)`` unless provably constant."""
        labels = [k.value for k in call.keywords if k.arg == "labels"]
        if not labels or self.constant(labels[0], self.scope_of(call)):
            return
        for k in call.keywords:
            if k.arg == "labels":
                base = chain.parts[0] if self.root_is_tf(chain) else self.tf()
                if base is None:
                    return
                value = k.value
                if self.parenthesized(value):
                    raise Decline("parenthesized labels")
                start, end = self.m.span(value)
                planned.append(self.deferred(self.edits.opening, start, end - start + 1, f"{base}.stop_gradient("))
                planned.append(self.deferred(self.edits.closing, end, end - start + 1, ")"))
                notes.append("labels -> tf.stop_gradient(labels) (TF1 did not backpropagate into labels)")

    def constant(self, node: ast.expr, scope: Scope, depth: int = 0) -> bool:
        """TF1Api._constant on the ast."""
        if depth > 4:
            return False
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str | bytes):
                raise Decline("a string literal as labels")
            return type(node.value) in (int, float)
        if isinstance(node, ast.Subscript):
            return self.constant(node.value, scope, depth + 1)
        if isinstance(node, (ast.List, ast.Tuple)):
            return all(self.constant(e.value if isinstance(e, ast.Starred) else e, scope, depth + 1) for e in node.elts)
        if isinstance(node, ast.Call):
            names = self.names(*self.node_chain[node.func]) if node.func in self.node_chain else set()
            if any(n.split(".")[0] == "numpy" for n in names):
                return True
            paths = {short for n in names if (short := v1_path(n)) is not None}
            if paths & CONSTANT_SOURCES:
                return True
            first = arguments(node)[:1]
            if not (paths & SHAPE_OPS) or not first:
                return False
            value = first[0].value if isinstance(first[0], (ast.keyword, ast.Starred)) else first[0]
            return self.constant(value, scope, depth + 1)
        if isinstance(node, ast.Name):
            bindings = self.m.resolve(node.id, scope)
            if not bindings:
                return False
            values = []
            for b in bindings:
                parent = self.m.parents.get(b.node)
                if not (
                    b.kind == "assign"
                    and isinstance(parent, ast.Assign)
                    and len(parent.targets) == 1
                    and parent.targets[0] is b.node
                ):
                    return False
                values.append(parent.value)
            return all(self.constant(v, scope, depth + 1) for v in values)
        return False
