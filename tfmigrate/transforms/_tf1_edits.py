"""TFM101 (the TF1 API renames) planned on the ast model and made as range edits.

Why: TFM101 acts on nearly every TF1 file, and on libcst it paid for a scope and qualified-name analysis of
the whole module and a transform that rebuilt it. The plan here makes the libcst rule's decisions
(``tfm101_tf1_api.TF1Api``: the same table look-ups, messages and lines) from :mod:`tfmigrate.model`: a
rename replaces the source range of the chain it renames, an argument edit touches the argument alone, and
continuation lines aligned with a renamed callee's parenthesis move with it, as libcst's ``follow_callee``
moves them.

Both follow a module alias bound once at module level (``graph_util = tf.graph_util`` then
``graph_util.convert_variables_to_constants(...)``, :func:`module_aliases`), so the names reached through it
are renamed like any other. Where the plan does not model the
libcst rule's answer exactly (a tensorflow name bound in a way it does not follow, parentheses around a
rewritten expression, a removed ``tf.enable_eager_execution()`` line, CR line ends, ...), :func:`plan`
returns None and the engine runs the libcst rule instead (tests/test_engine_edits.py checks the output is the
same either way).
"""

from __future__ import annotations

import ast
import bisect
import math

import libcst as cst

from tfmigrate.edits import Edit, Overlap, apply
from tfmigrate.model import Binding, Chain, Model, Scope
from tfmigrate.transforms._edit_support import (
    COMPOUND,
    TRY_STAR,
    Decline,
    add_imports,
    expression_line,
    without_comment,
)
from tfmigrate.transforms._tf1 import (
    COMPAT,
    COMPAT_V1,
    DIFFERENT,
    LEGACY_KERAS_ENV,
    SAME,
    TF,
    UNUSABLE,
    add_legacy_keras,
    arg_changes,
    fate,
    legacy_keras_message,
    table,
    v1_path,
)
from tfmigrate.transforms.session import EAGER_REWRITTEN
from tfmigrate.transforms.tfm101_tf1_api import (
    CONSTANT_SOURCES,
    DATASET_V1_METHODS,
    DATASET_V1_PROPERTIES,
    EAGER_IDIOMS,
    SHAPE_OPS,
    STOPS_LABEL_GRADIENT,
    TF1Api,
    _reported_unknown,
)


def plan(rule: TF1Api, model: Model) -> str | None:
    """The migrated text, or None when the libcst rule must run. Reports go through ``rule`` as usual."""
    try:
        return _Planner(rule, model).run()
    except (Decline, Overlap, cst.ParserSyntaxError, SyntaxError, RecursionError):
        return None


def module_aliases(model: Model) -> dict[str, str]:
    """Names bound once in the file, at module level, to a tensorflow module (``graph_util = tf.graph_util``,
    ``tf1 = tf.compat.v1``) -> that module's name: ``graph_util.x`` then means ``tensorflow.graph_util.x``.

    libcst's qualified names stop at such an assignment (``graph_util.x`` is just ``graph_util.x``), so the
    TF1 names reached through it were never renamed, and the program failed on TF 2 at the first call."""
    found: dict[str, str] = {}
    for name, bindings in model.module.bindings.items():
        if len(bindings) != 1 or bindings[0].kind != "assign" or bindings[0].value is None:
            continue
        if len(model.bindings_of(name)) != 1 or name in model.other_names:
            continue
        value = bindings[0].value
        targets: set[str] = set()
        roots = model.module.bindings.get(value.split(".")[0], ())
        if not roots or any(b.kind not in ("import", "from-import") for b in roots):
            continue
        for b in roots:
            targets |= model.import_names(b.node, value)  # type: ignore[arg-type]  # import kinds hold imports
        if len(targets) != 1:
            continue
        (target,) = targets
        path = v1_path(target)
        if target in (TF, COMPAT_V1) or (path is not None and path in table()["modules"]):
            found[name] = target
    return found


class _Edits:
    """The plan's edits with libcst's nesting: a replaced range drops what was planned inside it (libcst built
    the new node from scratch); insertions at one offset are ordered outermost first when they open a node,
    innermost first when they close one."""

    def __init__(self) -> None:
        self.replaced: list[tuple[int, int, str]] = []
        self.inserted: list[tuple[int, bool, int, str]] = []  # (offset, opening, size of the node, text)

    def replace(self, start: int, end: int, text: str) -> None:
        self.replaced.append((start, end, text))

    def opening(self, offset: int, size: int, text: str) -> None:
        self.inserted.append((offset, True, size, text))

    def closing(self, offset: int, size: int, text: str) -> None:
        self.inserted.append((offset, False, size, text))

    def within(self, start: int, end: int) -> list[Edit]:
        """The edits inside ``[start, end)`` as they stand (for a callee's new text)."""
        return [Edit(e.start - start, e.end - start, e.text) for e in self.edits() if start <= e.start and e.end <= end]

    def edits(self) -> list[Edit]:
        kept: list[tuple[int, int, str]] = []
        max_end = -1
        for s, e, t in sorted(self.replaced, key=lambda r: (r[0], -r[1])):
            if e <= max_end:
                if kept and (s, e) == kept[-1][:2] and t != kept[-1][2]:
                    raise Decline("two rewrites of one range")
                continue  # inside a node replaced whole
            if s < max_end:
                raise Decline("two rewrites overlap")
            kept.append((s, e, t))
            max_end = e
        starts = [k[0] for k in kept]
        merged: dict[int, list[tuple[tuple[int, int], str]]] = {}
        for offset, opening, size, text in self.inserted:
            index = bisect.bisect_right(starts, offset) - 1
            inside = False
            for s, e, _ in kept[max(index - 1, 0) : index + 1]:
                if s < offset < e or (opening and offset == s and size <= e - s):
                    inside = True
                elif not opening and offset == e and size <= e - s:
                    inside = True
            if inside:
                continue
            key = (1, -size) if opening else (0, size)
            merged.setdefault(offset, []).append((key, text))
        out = [Edit(s, e, t) for s, e, t in kept]
        for offset, texts in merged.items():
            out.append(Edit(offset, offset, "".join(t for _, t in sorted(texts, key=lambda x: x[0]))))
        return out


class _Planner:
    def __init__(self, rule: TF1Api, model: Model) -> None:
        self.rule = rule
        self.m = model
        self.edits = _Edits()
        self.imports: list[tuple[str, str | None]] = []
        self.legacy: tuple[int, int, int] | None = None  # post-order key and line of the first Keras-2 name
        self.node_chain: dict[ast.AST, tuple[Chain, int]] = {}
        self.chain_text: dict[ast.AST, str | None] = {}  # a chain node -> its new text, None when unchanged
        self.alias_followed = False
        self.scopes = {s.node: s for s in model.scopes}
        self.aliases = module_aliases(model)
        self.tf_name: str | None = None
        self.need_tf_import = False
        self.upgrade: set[str] = set()
        self.replaced_callee: dict[ast.AST, str] = {}

    # ---- reports -------------------------------------------------------------------------------------
    def line(self, node: ast.AST) -> int:
        if isinstance(node, ast.expr):
            return expression_line(self.m, node)
        return node.lineno  # type: ignore[attr-defined]  # statements have positions

    def change(self, node: ast.AST, message: str) -> None:
        self.rule.change(None, message, line=self.line(node))  # type: ignore[arg-type]  # the line is given

    def follow_up(self, node: ast.AST, message: str) -> None:
        self.rule.follow_up(None, message, line=self.line(node))  # type: ignore[arg-type]  # the line is given

    # ---- names ---------------------------------------------------------------------------------------
    def lookup(self, name: str, scope: Scope) -> list[Binding]:
        return self.m.resolve(name, scope)

    def binding_names(self, binding: Binding, full: str, follow: bool = True) -> set[str]:
        if binding.kind in ("import", "from-import"):
            return self.m.import_names(binding.node, full)  # type: ignore[arg-type]  # import kinds hold imports
        if binding.scope is not self.m.module:
            return set()
        target = self.aliases.get(binding.name) if follow else None
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

    # ---- setup ---------------------------------------------------------------------------------------
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

        for chain in m.chains:
            self.plan_chain(chain)
        self.plan_other_attributes()
        for call in sorted(m.calls.values(), key=_post_order):
            self.plan_call(call)
        for stmt, _ in m.imports:
            if isinstance(stmt, ast.Import):
                self.plan_import(stmt)
            else:
                self.plan_import_from(stmt)
        text = apply(m.text, self.edits.edits())
        if self.legacy is not None and LEGACY_KERAS_ENV not in text:
            text = _add_legacy_keras(text)
            self.rule.follow_up(None, legacy_keras_message(), line=self.legacy[2])  # type: ignore[arg-type]
        if self.need_tf_import:
            self.imports.append((TF, "tf" if self.tf_name == "tf" else None))
        if self.imports:
            text = add_imports(text, self.imports)
        return text

    def module_bindings(self) -> list[tuple[str, str, int, bool]]:
        """_tf1.module_bindings on the ast: (name, target, statement index, simple) of each tensorflow import
        at module level, in top-level try/if blocks too."""
        out = []
        for index, stmt in enumerate(self.m.tree.body):
            simple = not isinstance(stmt, (ast.Try, ast.If, *TRY_STAR))
            for small in _top_level_imports(stmt):
                for name, target in _import_bindings(small):
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

    def own_attributes(self) -> frozenset[str]:
        """TF1Api._own_attributes: paths the file assigns on tensorflow (``tf.model = ...``)."""
        found: list[ast.AST] = []
        for node in ast.walk(self.m.tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    found.append(target)
                    for inner in ast.walk(target):
                        if isinstance(inner, (ast.Tuple, ast.List, ast.Set)):
                            found += inner.elts
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
                found.append(node.target)
        own = set()
        for node in found:
            if isinstance(node, ast.Attribute) and node in self.node_chain:
                chain, index = self.node_chain[node]
                for q in self.names(chain, index):
                    path = v1_path(q)
                    if path is not None:
                        own.add(path)
        return frozenset(own)

    def is_own(self, path: str) -> bool:
        return any(path == own or path.startswith(own + ".") for own in self.own)

    def evidence(self, names: set[str]) -> tuple[bool, bool]:
        tf1 = eager = False
        for q in names:
            path = v1_path(q)
            if path is None or q.startswith(COMPAT_V1 + ".") or self.is_own(path):
                continue
            eager = eager or path in EAGER_IDIOMS
            f = fate(path)
            tf1 = tf1 or (f is not None and f not in (SAME, DIFFERENT, UNUSABLE))
        return tf1, eager

    def scan(self) -> tuple[bool, bool]:
        """TF1Api._scan: (uses TF1-only names, uses TF2 eager idioms). libcst asks every Name and Attribute;
        the model's chains and the names imports bind are where those meanings come from. An identifier
        written elsewhere (a keyword, a parameter, an attribute) that an import binds to such a name would
        count for libcst too: the plan declines when that could change the answer."""
        tf1 = eager = False
        for chain in self.m.chains:
            for index in range(len(chain.nodes)):
                t, e = self.evidence(self.names(chain, index))
                tf1, eager = tf1 or t, eager or e
        risky: dict[str, tuple[bool, bool]] = {}
        for stmt, _ in self.m.imports:
            for alias in stmt.names:
                bound = alias.asname or alias.name
                written = [bound] if alias.asname is None else [alias.asname, alias.name]
                for text in written:
                    t, e = self.evidence(self.m.import_names(stmt, text))
                    tf1, eager = tf1 or t, eager or e
                found = self.evidence(self.m.import_names(stmt, bound))
                if any(found):
                    was = risky.get(bound, (False, False))
                    risky[bound] = (was[0] or found[0], was[1] or found[1])
        elsewhere = set(self.m.other_names)
        elsewhere |= {part for chain in self.m.chains for part in chain.parts[1:]}
        elsewhere |= {
            name
            for scope in self.m.scopes
            for name, bs in scope.bindings.items()
            if any(b.kind not in ("import", "from-import") for b in bs)
        }
        for name, target in self.aliases.items():
            risky[name] = self.evidence({target})
        for name in risky.keys() & elsewhere:
            if (risky[name][0] and not tf1) or (risky[name][1] and not eager):
                raise Decline("a name a tensorflow import binds is also written where libcst would ask about it")
        eager = eager or any(
            isinstance(call.func, ast.Attribute) and call.func.attr == "numpy" and not call.args and not call.keywords
            for call in self.m.calls.values()
        )
        return tf1, eager

    # ---- chains --------------------------------------------------------------------------------------
    def plan_chain(self, chain: Chain) -> None:
        """TF1Api.leave_Attribute on each Attribute of the chain, inner first, and leave_Name on its root."""
        m = self.m
        root = chain.nodes[0]
        current = changed_text = chain.parts[0]
        changed_at = -1
        if chain.parts[0] in self.upgrade and len(chain.nodes) == 1:
            if self.is_value_use(chain) and self.names(chain, 0) == {COMPAT_V1}:
                self.change(root, f"{chain.parts[0]} (tf.compat.v1 module) -> tf.compat.v1")
                current = changed_text = f"{chain.parts[0]}.compat.v1"
                changed_at = 0
        for index in range(1, len(chain.nodes)):
            updated = f"{current}.{chain.parts[index]}"
            new = self.leave_attribute(chain, index, updated)
            if new is not None:
                current, changed_at, changed_text = new, index, new
            else:
                current = updated
        if changed_at >= 0:
            node = chain.nodes[changed_at]
            if _has_gaps(m, chain, changed_at) or self.parenthesized(node):
                raise Decline("a rewritten chain with parentheses, comments or spaces inside")
            start, end = m.span(node)
            self.edits.replace(start, end, changed_text)
            self.chain_text[node] = changed_text

    def is_value_use(self, chain: Chain) -> bool:
        parent = self.m.parents.get(chain.nodes[0])
        return not isinstance(parent, (ast.Import, ast.ImportFrom, ast.alias))

    def leave_attribute(self, chain: Chain, index: int, updated: str) -> str | None:
        node = chain.nodes[index]
        found = self.resolve(chain, index)
        if found is None:
            if index == len(chain.nodes) - 1:
                self.dataset_property(node)  # type: ignore[arg-type]  # chain nodes past the root are Attributes
            elif chain.parts[index] in DATASET_V1_PROPERTIES and self.dataset_base() is not None:
                raise Decline("a dataset property inside a longer chain")
            return None
        mode, path = found
        root = chain.parts[0]
        if self.is_own(path):
            return None
        f = fate(path)
        renames = table().get("renames", {})
        if f is None and path in renames:
            self.change(node, f"tf.{path} -> tf.{renames[path]} (renamed in TF 1.0)")
            return f"{root}.{renames[path]}"
        if f is None:
            self.report_unknown(node, path)
            return None
        if mode == "plain":
            if f == DIFFERENT and self.tf1_evidence and self.rule._keeps_tf1_class(path):
                f = COMPAT
            elif f in (SAME, DIFFERENT):
                return None
            if f == UNUSABLE:
                if path.split(".")[0] == "layers":
                    return None
                self.report_unusable(node)
            base = root if self.root_is_tf(chain) else self.tf()
            if base is None:
                self.follow_up(node, f"tf.{path} is not in TF2 and no name for tensorflow is free here")
                return None
            new = f"{base}.compat.v1.{path}" if f in (COMPAT, UNUSABLE) else f"{base}.{f}"
        else:
            if f == SAME:
                return None
            if f == UNUSABLE:
                self.report_unusable(node)
            new = f"{root}.compat.v1.{path}" if f in (COMPAT, DIFFERENT, UNUSABLE) else f"{root}.{f}"
        if new == updated:
            return None
        self.change(node, f"tf.{path} -> tf.{new.split('.', 1)[1]}")
        return new

    def report_unknown(self, node: ast.AST, path: str) -> None:
        if not _reported_unknown(path):
            return
        self.follow_up(
            node,
            f"tf.{path} exists in neither TensorFlow {table()['tensorflow']} nor tf.compat.v1 (a pre-1.0 name? "
            "e.g. tf.nn.rnn -> tf.compat.v1.nn.static_rnn; tf.concat(axis, values) -> tf.concat(values, axis)): "
            "replace it by hand",
        )

    def report_unusable(self, node: ast.AST) -> None:
        key = _post_order(node)
        if self.legacy is None or key < self.legacy[:2]:
            self.legacy = (*key, self.line(node))

    # ---- datasets ------------------------------------------------------------------------------------
    def dataset_base(self) -> str | None:
        if not self.tf1_evidence or (self.rule.options.keep_compat_import and not self.tf_name):
            return None
        return self.tf_name or (sorted(self.upgrade)[0] if self.upgrade else None)

    def plan_other_attributes(self) -> None:
        """Attributes of something other than a name (``make_dataset().output_types``)."""
        for name in DATASET_V1_PROPERTIES:
            for node in self.m.other_names.get(name, ()):
                if isinstance(node, ast.Attribute):
                    self.dataset_property(node)

    def dataset_property(self, node: ast.Attribute) -> None:
        """TF1Api._dataset_property: ``ds.output_types`` -> ``tf.compat.v1.data.get_output_types(ds)``."""
        target = DATASET_V1_PROPERTIES.get(node.attr)
        if target is None:
            return
        if node.value in self.node_chain and self.resolve(*self.node_chain[node.value]) is not None:
            return
        if not isinstance(node.ctx, ast.Load):
            raise Decline("a dataset property assigned to")
        base = self.dataset_base()
        if base is None:
            return
        if self.m.calls.get(node) is not None or isinstance(self.m.parents.get(node), ast.Attribute):
            raise Decline("a dataset property called or read further")
        self.wrap(node, node.value, f"{base}.compat.v1.{target}(")
        self.change(node, f".{node.attr} -> tf.compat.v1.{target}(dataset)")

    def wrap(self, node: ast.AST, value: ast.AST, opening: str) -> None:
        """``value<tail of node>`` -> ``opening value)``: a new call on the value, dropping the rest of node."""
        m = self.m
        start, end = m.span(node)
        value_start, value_end = m.span(value)
        if self.parenthesized(value) or self.parenthesized(node) or m.text[value_end : value_end + 1] != ".":
            raise Decline("a dataset value in parentheses")
        self.edits.opening(value_start, end - start, opening)
        self.edits.replace(value_end, end, ")")

    # ---- calls ---------------------------------------------------------------------------------------
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
        siblings = _siblings(m, stmt)
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

    def dataset_method(self, call: ast.Call) -> bool:
        func = call.func
        if call.args or call.keywords or not isinstance(func, ast.Attribute):
            return False
        target = DATASET_V1_METHODS.get(func.attr)
        base = self.dataset_base() if target is not None else None
        if base is None:
            return False
        if func in self.node_chain:
            chain, index = self.node_chain[func]
            if any(self.resolve(chain, i) is not None for i in range(1, index + 1)):
                raise Decline("a dataset method on a tensorflow name")
        self.wrap(call, func.value, f"{base}.compat.v1.{target}(")
        self.change(call, f".{func.attr}() -> tf.compat.v1.{target}(dataset)")
        return True

    def app_run(self, call: ast.Call) -> bool:
        """TF1Api._app_run: ``tf.app.run(main, argv)`` -> ``absl.app.run(main, argv=..., flags_parser=...)``."""
        m = self.m
        main: str | None = None
        argv: str | None = None
        for index, arg in enumerate(_arguments(call)):
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

    def scope_of(self, node: ast.AST) -> Scope:
        scopes = self.scopes
        current: ast.AST | None = self.m.parents.get(node)
        while current is not None and current not in scopes:
            current = self.m.parents.get(current)
        return scopes.get(current, self.m.module) if current is not None else self.m.module

    def map_call(self, call: ast.Call, path: str) -> bool:
        """TF1Api._call for a DIFFERENT name: argument edits, or the whole call to tf.compat.v1. True when
        the callee was replaced."""
        info = arg_changes(path)
        if info is None:
            return False
        chain, _ = self.node_chain[call.func]
        mapped = self.map_args(call, info)
        if mapped is None:
            base = chain.parts[0] if self.root_is_tf(chain) else self.tf()
            if base is None:
                return False
            if self.parenthesized(call.func):
                raise Decline("a parenthesized callee")
            self.change(call, f"tf.{path}: TF1-only arguments -> tf.compat.v1.{path}")
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
        for index, arg in enumerate(_arguments(call)):
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
            first = _arguments(node)[:1]
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

    def callee_text(self, func: ast.expr, start: int, end: int) -> str:
        replaced = self.replaced_callee.get(func)
        if replaced is not None:
            return replaced
        if func in self.node_chain:
            chain, _ = self.node_chain[func]
            for node in reversed(chain.nodes):
                new = self.chain_text.get(node)
                if new is not None:
                    return new + self.m.text[self.m.span(node)[1] : end]
            return self.m.text[start:end]
        return apply(self.m.text[start:end], self.edits.within(start, end))

    def follow_callee(self, call: ast.Call) -> None:
        """_call_layout.follow_callee: arguments on continuation lines aligned with the old parenthesis move
        by the change in the callee's length."""
        m = self.m
        func = call.func
        args = _arguments(call)
        if not args or func.lineno != func.end_lineno:
            return
        start, end = m.span(func)
        if m.text[end : end + 1] != "(" or self.parenthesized(func):
            if self.parenthesized(func):
                raise Decline("a parenthesized callee")
            return
        new_func = self.callee_text(func, start, end)
        delta = len(new_func) - (end - start)
        if delta == 0:
            return
        if delta < 0 and not m.text[start:end].isascii():
            raise Decline("a callee that is not ASCII")
        func_end_column = end - m.line_start(func.end_lineno)
        line = func.end_lineno
        previous_end = end + 1
        for arg in args:
            arg_start = m.offset(arg.lineno, arg.col_offset)
            value = arg.value if isinstance(arg, ast.keyword) else arg
            if arg.lineno != line:
                line_start = m.line_start(arg.lineno)
                if arg_start - line_start == func_end_column + 1:
                    if not isinstance(arg, ast.keyword) and self.parenthesized(value):
                        raise Decline("a parenthesized argument on a continuation line")
                    between = m.text[previous_end:arg_start]
                    if "\\" in between or ")" in between:
                        raise Decline("an argument layout the plan does not model")
                    head = between.split("\n", 1)[0]
                    if previous_end != end + 1 and not head.lstrip().startswith(","):
                        raise Decline("a comma on the argument's own line")
                    if "\n" not in between or "\t" in m.text[line_start:arg_start]:
                        raise Decline("an argument layout the plan does not model")
                    if delta > 0:
                        self.edits.opening(arg_start, 1 << 40, " " * delta)
                    elif m.text[arg_start + delta : arg_start] == " " * -delta:
                        self.edits.replace(arg_start + delta, arg_start, "")
                    else:
                        raise Decline("an aligned argument without the spaces to move")
            line = arg.end_lineno
            previous_end = m.offset(arg.end_lineno, arg.end_col_offset)

    # ---- imports -------------------------------------------------------------------------------------
    def plan_import(self, stmt: ast.Import) -> None:
        """TF1Api.leave_Import: ``import tensorflow.compat.v1 as tf`` -> ``import tensorflow as tf``."""
        changed = False
        for alias in stmt.names:
            if alias.asname in self.upgrade and alias.name == COMPAT_V1:
                start = self.m.offset(alias.lineno, alias.col_offset)
                if self.m.text[start : start + len(COMPAT_V1)] != COMPAT_V1:
                    raise Decline("an import spelled with spaces")
                self.edits.replace(start, start + len(COMPAT_V1), TF)
                changed = True
        if changed:
            self.change(stmt, "import tensorflow.compat.v1 -> import tensorflow (names rewritten below)")

    def plan_import_from(self, stmt: ast.ImportFrom) -> None:
        """TF1Api.leave_ImportFrom."""
        if stmt.level or stmt.module is None or any(a.name == "*" for a in stmt.names):
            return
        module = stmt.module
        if module == "tensorflow.compat" and len(stmt.names) == 1:
            alias = stmt.names[0]
            bound = alias.asname or alias.name
            if alias.name == "v1" and bound in self.upgrade:
                start, end = self.alone(stmt)
                self.change(stmt, "from tensorflow.compat import v1 -> import tensorflow (names rewritten)")
                self.edits.replace(start, end, f"import {TF}" + (f" as {bound}" if bound != TF else ""))
            return
        if module != TF and not module.startswith(TF + "."):
            return
        if module.startswith(("tensorflow.compat", "tensorflow.python", "tensorflow.keras", "tensorflow.contrib")):
            return
        sub = module[len(TF) + 1 :] if module != TF else ""
        fates = [(p, fate(p)) for p in (f"{sub}.{a.name}" if sub else a.name for a in stmt.names)]
        moving = [p for p, f in fates if f not in (None, SAME, DIFFERENT, UNUSABLE)]
        if not moving:
            return
        if len(moving) != len(fates):
            self.follow_up(
                stmt,
                f"import mixes TF2 names with TF1-only names ({', '.join(moving)}): import those from "
                "tensorflow.compat.v1",
            )
            return
        new_module = f"{COMPAT_V1}.{sub}" if sub else COMPAT_V1
        start = self.m.offset(stmt.lineno, stmt.col_offset)
        head = self.m.text[start : start + len("from ") + len(module) + 1]
        if head != f"from {module} ":
            raise Decline("an import spelled with other spaces")
        self.change(stmt, f"from {module} import ... -> from {new_module} import ... (TF1-only names)")
        self.edits.replace(start + len("from "), start + len("from ") + len(module), new_module)

    def alone(self, stmt: ast.stmt) -> tuple[int, int]:
        m = self.m
        start, end = m.span(stmt)
        if (
            m.text[m.line_start(stmt.lineno) : start].strip()
            or m.text[end : m.text.find("\n", end)].split("#")[0].strip()
        ):
            raise Decline("an import sharing its line")
        return start, end

    # ---- helpers -------------------------------------------------------------------------------------
    def parenthesized(self, node: ast.AST) -> bool:
        return parenthesized(self.m, node)


def parenthesized(m: Model, node: ast.AST) -> bool:
    """Whether ``node`` has parentheses of its own (libcst keeps them on the node, ast leaves them out):
    a ``(`` right before it and a ``)`` right after it that are not its call's or class's. Declines
    where a comment is in the way."""
    start, end = m.span(node)
    if _previous_char(m.text, start) != "(" or _next_char(m.text, end) != ")":
        return False
    parent = m.parents.get(node)
    if isinstance(parent, ast.Call) and node is not parent.func:
        args = _arguments(parent)
        if len(args) == 1 and args[0] is node:
            paren = m.text.rindex("(", 0, start)
            return bool(m.text[m.span(parent.func)[1] : paren].strip())
        return True
    if isinstance(parent, ast.ClassDef) and len(parent.bases) + len(parent.keywords) == 1:
        return False
    return True


def _previous_char(text: str, offset: int) -> str:
    """The character before ``offset`` past whitespace, line continuations and comments on earlier lines."""
    index = offset - 1
    while index >= 0:
        char = text[index]
        if char in " \t\\":
            index -= 1
        elif char == "\n":
            line_start = text.rfind("\n", 0, index) + 1
            line = text[line_start:index]
            if "#" in line:
                index = line_start + len(without_comment(line))
            index -= 1
        else:
            return char
    return ""


def _next_char(text: str, offset: int) -> str:
    """The character after ``offset`` past whitespace and line continuations; declines on a comment."""
    index = offset
    while index < len(text):
        char = text[index]
        if char in " \t\\\n":
            index += 1
        elif char == "#":
            raise Decline("a comment after an edited expression")
        else:
            return char
    return ""


def _has_gaps(m: Model, chain: Chain, upto: int) -> bool:
    """Spaces, comments, line breaks or parentheses inside the chain up to node ``upto``."""
    start, end = m.span(chain.nodes[upto])
    return m.text[start:end] != chain.dotted(upto)


def _post_order(node: ast.AST) -> tuple:
    """Sort key of libcst's leave order: a node leaves after what it contains, and before what follows it."""
    return (
        (node.end_lineno, node.end_col_offset),  # type: ignore[attr-defined]  # positioned nodes
        (-node.lineno, -node.col_offset),  # type: ignore[attr-defined]  # positioned nodes
    )


def _arguments(call: ast.Call) -> list:
    """A call's arguments in the order they are written (``f(a=1, *b)`` puts a keyword first)."""
    return sorted([*call.args, *call.keywords], key=lambda a: (a.lineno, a.col_offset))


def _siblings(m: Model, stmt: ast.AST) -> list[ast.stmt]:
    parent = m.parents.get(stmt, m.tree)
    for name in ("body", "orelse", "finalbody"):
        body = getattr(parent, name, None)
        if isinstance(body, list) and any(s is stmt for s in body):
            return body
    raise Decline("a statement in a block the plan does not model")


def _top_level_imports(stmt: ast.stmt) -> list[ast.Import | ast.ImportFrom]:
    """_tf1._top_level_imports: a statement's own imports, or those in the arms of a try/if."""
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return [stmt]
    found: list[ast.Import | ast.ImportFrom] = []
    if isinstance(stmt, (ast.Try, *TRY_STAR)):
        blocks = [stmt.body, *(h.body for h in stmt.handlers), stmt.orelse, stmt.finalbody]  # type: ignore[attr-defined]
    elif isinstance(stmt, ast.If):
        blocks = [stmt.body, stmt.orelse]
    else:
        return found
    for block in blocks:
        for inner in block:
            found += _top_level_imports(inner)
    return found


def _import_bindings(stmt: ast.Import | ast.ImportFrom) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(stmt, ast.Import):
        for alias in stmt.names:
            if alias.asname is not None:
                found.append((alias.asname, alias.name))
            else:
                found.append((alias.name.split(".")[0], alias.name.split(".")[0]))
    elif not stmt.level and stmt.module is not None:
        for alias in stmt.names:
            if alias.name != "*":
                found.append((alias.asname or alias.name, f"{stmt.module}.{alias.name}"))
    return [(n, t) for n, t in found if t == TF or t.startswith(TF + ".")]


def _add_legacy_keras(text: str) -> str:
    """_tf1.add_legacy_keras on the module's head: the statements through the first tensorflow import."""
    tree = ast.parse(text)
    body = tree.body
    index = next((i for i, s in enumerate(body) if any(_import_bindings(x) for x in _top_level_imports(s))), None)
    if index is None:
        raise Decline("no tensorflow import for the legacy-Keras line")
    stmt = body[index]
    model = Model(text, tree)
    if index + 1 < len(body) and body[index + 1].lineno == stmt.end_lineno:
        raise Decline("a statement after the tensorflow import on its line")
    end = model.span(stmt)[1]
    cut = text.find("\n", end) + 1
    if text[end:cut].split("#")[0].strip() or cut == 0:
        raise Decline("a statement after the tensorflow import on its line")
    head = text[:cut]
    module = cst.parse_module(head)
    if module.code != head or len(module.body) != index + 1:
        raise Decline("a head libcst reads otherwise")
    new, inserted = add_legacy_keras(module)
    if not inserted:
        raise Decline("no legacy-Keras line inserted")
    return new.code + text[cut:]
