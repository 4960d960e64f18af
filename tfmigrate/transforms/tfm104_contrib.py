"""TFM104: tf.contrib is gone from TF2; rewrite the exact replacements, report the rest with where it went."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import libcst as cst
import libcst.matchers as m
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.helpers import get_full_name_for_node
from libcst.metadata import ParentNodeProvider, PositionProvider, QualifiedNameProvider

from tfmigrate.cstfields import code as module_code
from tfmigrate.facts import Facts
from tfmigrate.transforms import _legacy_keras as legacy_keras
from tfmigrate.transforms._tf1 import (
    TF,
    chain,
    module_bindings,
    table,
    tf_binding,
    v1_path,
)
from tfmigrate.transforms.base import Transform
from tfmigrate.transforms.contrib import aliases, optimize_loss, seq2seq, slim
from tfmigrate.transforms.contrib.args import build, keywords, realign

CONTRIB = "tensorflow.contrib"
# Modules whose members are rewritten one by one: importing the module itself is not reported, the import is
# dropped once no use is left (a use that cannot be rewritten is reported where it is).
REWRITTEN_MODULES = ("contrib.rnn", "contrib.eager", "contrib.seq2seq", "contrib.layers")
# Calls rewritten by code rather than by the table.
BUILT = {"contrib.seq2seq.sequence_loss": seq2seq.sequence_loss}
OPTIMIZE_LOSS = "contrib.layers.optimize_loss"
# TF1 names (relative to tf / tf.compat.v1) that mark graph-mode code, whose seeded numbers must not change.
GRAPH_NAMES = frozenset(
    {
        "Session",
        "InteractiveSession",
        "placeholder",
        "get_variable",
        "variable_scope",
        "global_variables_initializer",
        "initialize_all_variables",
        "disable_eager_execution",
        "disable_v2_behavior",
        "train.Saver",
    }
)


def _contrib_name(qualified: str) -> str | None:
    """``tensorflow.contrib.layers.flatten`` (or under tensorflow.compat.v1) -> ``contrib.layers.flatten``."""
    for prefix in (CONTRIB, "tensorflow.compat.v1.contrib"):
        if qualified.startswith(prefix + "."):
            return "contrib." + qualified[len(prefix) + 1 :]
    return None


def _contrib_module(name: str) -> bool:
    """An import of ``tensorflow.contrib`` or below (what leave_Import / leave_ImportFrom report or track)."""
    return name == CONTRIB or name.startswith(CONTRIB + ".")


def _contrib() -> dict:
    return table()["contrib"]


def _module_advice(path: str) -> str:
    """The replacement library for the longest known tf.contrib module prefix of ``path``."""
    modules = _contrib()["modules"]
    parts = path.split(".")
    for end in range(len(parts), 1, -1):
        prefix = ".".join(parts[:end])
        if prefix in modules:
            return f"tf.{prefix} is gone in TF2: use {modules[prefix]}"
    return "tf.contrib is gone in TF2: find the op in tf.* / tf.keras, or vendor the TF 1.15 code"


class Contrib(Transform):
    """Replace ``tf.contrib`` symbols that have an exact TF2 equivalent; report every other one.

    What it does:
        ``tf.contrib.layers.xavier_initializer()`` -> in graph-mode (Session / get_variable) code
        ``tf.compat.v1.glorot_uniform_initializer(seed=..., dtype=...)`` (the same op, so seeded programs print
        the same numbers; ``uniform=False`` -> the ``tf.compat.v1.variance_scaling_initializer`` that draws
        contrib's truncated normal), elsewhere ``tf.keras.initializers.GlorotUniform()`` / ``GlorotNormal``;
        ``variance_scaling_initializer`` likewise, with contrib's defaults spelled out and, for its truncated
        normal, the scale corrected so the spread is contrib's sqrt(1.3 * factor / n);
        ``tf.contrib.rnn.*`` -> ``tf.compat.v1.nn.rnn_cell.*`` / ``tf.compat.v1.nn.static_rnn`` and
        ``fully_connected`` -> ``tf.compat.v1.layers.dense`` (both with the TF_USE_LEGACY_KERAS env line, as
        they need Keras 2); ``tf.contrib.slim`` (imported, assigned or spelled out) -> the tf-slim package
        (``import tf_slim as slim``); ``tf.contrib.seq2seq.sequence_loss`` with averaging flags -> the
        cross-entropy expression TF 1.15 computed; ``tf.contrib.layers.optimize_loss(loss, step, lr, "Adam")`` ->
        ``tf.compat.v1.train.AdamOptimizer(learning_rate=lr).minimize(loss, global_step=step)`` (each optimizer
        name as TF 1.15 mapped it, a class or an instance) in a program that runs its Session, saves no
        checkpoint (optimize_loss named the optimizer's variables under ``OptimizeLoss/``), has no batch norm
        or other module that could fill ``UPDATE_OPS``, and only runs the train op (optimize_loss returned the
        loss, minimize an op); ``tfe.enable_eager_execution()`` is deleted and
        ``tfe.Variable`` -> ``tf.Variable``, also through ``tfe = tf.contrib.eager``;
        ``l2_regularizer(s)`` -> ``tf.keras.regularizers.L2(0.5 * s)`` (contrib halved the sum),
        ``l1_regularizer``, ``flatten``, ``tf.contrib.data.AUTOTUNE``, ``tf.contrib.eager.defun`` and a few
        more from the table; each with its arguments mapped in place (comments, line breaks and bracket
        alignment kept). Everything else under ``tf.contrib`` (and ``import tensorflow.contrib...``) is
        reported once per name and reason, with the library that now provides it.

    Why:
        TensorFlow 2 has no ``tf.contrib``: such code fails at the first reference.

    Example:
        import tensorflow as tf
        w = tf.compat.v1.get_variable("w", [3, 3], initializer=tf.contrib.layers.xavier_initializer(seed=1))

    Use instead:
        import tensorflow as tf
        w = tf.compat.v1.get_variable("w", [3, 3], initializer=tf.compat.v1.glorot_uniform_initializer(seed=1))
    """

    CODE = "TFM104"
    NAME = "contrib"
    SUMMARY = "Replace tf.contrib symbols with exact TF2 equivalents; report the rest with the successor library."
    SAFE = True
    PRIORITY = 50
    TRIGGERS = ("contrib",)
    BEFORE = (
        "import tensorflow as tf\n"
        'w = tf.compat.v1.get_variable("w", [3, 3], initializer=tf.contrib.layers.xavier_initializer(seed=1))\n'
    )
    AFTER = (
        "import tensorflow as tf\n"
        'w = tf.compat.v1.get_variable("w", [3, 3], initializer=tf.compat.v1.glorot_uniform_initializer(seed=1))\n'
    )

    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider, ParentNodeProvider)

    @classmethod
    def needs(cls, facts: Facts) -> bool:
        """Acts only on names under ``tf.contrib`` / ``tf.compat.v1.contrib`` and on imports of ``tensorflow.contrib``
        (``from tensorflow.contrib import *`` names no symbol, hence the module check)."""
        if any(_contrib_module(name) for name in facts.modules):
            return True
        return any(_contrib_name(ref) is not None for ref in facts.refs) or (
            TF in facts.names and "contrib" in facts.attrs
        )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reported: set[str] = set()  # contrib paths left for a person
        self.causes: set[tuple[str, str]] = set()  # (path, why) reported
        self.seeded = False
        self.tf_name: str | None = None
        self.need_tf_import = False
        self.legacy_node: cst.CSTNode | None = None  # first rewrite that needs Keras 2 (tf_keras)
        self.imports: list[tuple[str, str | None, str | None]] = []  # (module, name, asname) to drop if unused
        self.import_nodes: list[tuple[cst.CSTNode, str]] = []  # (import, contrib path) of REWRITTEN_MODULES
        self.aliases: dict[str, aliases.Alias] = {}
        self.alias_lines: dict[str, cst.BaseStatement] = {}  # alias name -> its line as rewritten
        self.slim_node: cst.CSTNode | None = None  # first rewrite to tf_slim (the install note goes there)
        self.batch_norm_node: cst.CSTNode | None = None
        self.slim_assigns: list[cst.SimpleStatementLine] = []  # ``slim = tf.contrib.slim`` lines
        self.called: set[str] = set()  # contrib functions imported by name and only called (see _only_called)

    def visit_Module(self, node: cst.Module) -> None:
        code = module_code(node)
        self.seeded = "set_random_seed" in code and "keras.utils.set_random_seed" not in code
        self.tf_name = tf_binding(node)
        self.read_module = node
        self.optimize_loss_reason = optimize_loss.module_reason(node, self._tf_path)
        self.graph = "feed_dict" in code or self._uses_graph_names(node)
        found = aliases.find(node, self._qualified_path)
        self.aliases = {a.name: a for a in found if a.path in REWRITTEN_MODULES}
        # A module-level ``import tensorflow.contrib.slim as slim`` becomes ``import tf_slim as slim``: other
        # spellings of tf.contrib.slim in the file then use that name rather than a second import.
        self.slim_name = next(
            (b.name for b in module_bindings(node) if b.target == slim.CONTRIB and b.name != TF), None
        )
        self.called = self._only_called(node)
        self.slim_assigns = [
            line  # type: ignore[misc]  # libcst: m.findall is typed CSTNode, the matcher finds lines
            for line in m.findall(node, m.SimpleStatementLine(body=[m.Assign(targets=[m.AssignTarget(m.Name())])]))
            if self._qualified_path(line.body[0].value) == "contrib.slim" and self._tf_root(line.body[0].value)  # type: ignore[attr-defined]  # libcst: body[0] is the matched Assign
        ]
        for name in cast("Sequence[cst.Name]", m.findall(node, m.Name())):  # what m.Name() finds
            alias = self.aliases.get(name.value)
            if alias is None or self.qualified_names(name) != {alias.name}:
                continue
            parent = self.get_metadata(ParentNodeProvider, name, None)
            if not (isinstance(parent, cst.Attribute) and parent.value is name) and not isinstance(
                parent, cst.AssignTarget
            ):
                alias.bare.append(name)

    def _only_called(self, module: cst.Module) -> set[str]:
        """Functions imported by name (``from tensorflow.contrib.layers import xavier_initializer``) that are
        only ever called, with a call rewrite: their import can go once the calls are rewritten."""
        uses: dict[str, bool] = {}
        for name in m.findall(module, m.Name()):
            path = self._qualified_path(name)
            parent = self.get_metadata(ParentNodeProvider, name, None)
            if path is None or isinstance(parent, (cst.ImportAlias, cst.Attribute, cst.AsName)):
                continue
            spec = _contrib()["replacements"].get(path) or {}
            rewritable = (
                path in BUILT
                or path == OPTIMIZE_LOSS
                or bool(spec and not spec.get("value") and not spec.get("remove"))
            )
            called = isinstance(parent, cst.Call) and parent.func is name
            uses[path] = uses.get(path, True) and rewritable and called
        return {path for path, ok in uses.items() if ok}

    def _uses_graph_names(self, module: cst.Module) -> bool:
        for node in m.findall(module, m.Attribute() | m.Name()):
            for q in self.qualified_names(node):
                path = v1_path(q)
                if path and path.removeprefix("compat.v1.") in GRAPH_NAMES:
                    return True
        return False

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        updated_node = self._drop_aliases(updated_node)
        if self.slim_node is not None:
            self.follow_up(self.slim_node, slim.INSTALL)
        if self.batch_norm_node is not None:
            self.follow_up(self.batch_norm_node, slim.BATCH_NORM)
        if self.need_tf_import:
            asname = None if self.tf_name == TF else "tf"
            AddImportsVisitor.add_needed_import(self.context, TF, asname=asname)
        for module, name, asname in self.imports:
            RemoveImportsVisitor.remove_unused_import(self.context, module, name, asname)
        for node, path in self.import_nodes:
            if any(p == path or p.startswith(path + ".") for p in self.reported):
                self.follow_up(
                    node,
                    f"tf.{path}: this import fails in TF2; delete it once the uses reported "
                    "below are rewritten (the others were)",
                )
        if self.legacy_node is not None:
            updated_node, note = legacy_keras.settle(updated_node, self.context.scratch)
            if note is not None:
                self.follow_up(self.legacy_node, note)
        return updated_node

    def _drop_aliases(self, module: cst.Module) -> cst.Module:
        """Delete ``tfe = tf.contrib.eager`` once every use was rewritten; otherwise say what is left."""
        body = list(module.body)
        for alias in self.aliases.values():
            if alias.bare:
                self._report(alias.value, alias.path, f"{alias.name} is used as a module here")
                continue
            if any(p.startswith(alias.path + ".") for p in self.reported):
                self.follow_up(
                    alias.statement,
                    f"tf.{alias.path}: this line fails in TF2; delete it once the uses "
                    "reported below are rewritten (the others were)",
                )
                continue
            if aliases.delete(body, self.alias_lines.get(alias.name)):
                self.change(alias.statement, f"{alias.name} = tf.{alias.path} deleted: its uses were rewritten")
        return module.with_changes(body=body)

    def _tf_name(self) -> str:
        """A name for the tensorflow package where a use went through another import (``from ... import rnn``)."""
        if self.tf_name is None:
            self.tf_name = self._free_tf_name()
            self.need_tf_import = True
        return self.tf_name

    def _free_tf_name(self) -> str:
        """``tf``, unless the module binds it to ``tensorflow.compat.v1`` (a second ``import tensorflow as tf``
        would shadow it): then the package under its own name."""
        taken = {b.name for b in module_bindings(self.read_module)}
        return "tensorflow" if "tf" in taken else "tf"

    def _qualified_path(self, node: cst.CSTNode) -> str | None:
        for q in self.qualified_names(node):
            path = _contrib_name(q)
            if path is not None:
                return path
        return None

    def _contrib_path(self, node: cst.CSTNode) -> str | None:
        """The tf.contrib path ``node`` names, through imports or a module alias (``tfe.Variable``)."""
        path = self._qualified_path(node)
        if path is not None or not isinstance(node, cst.Attribute):
            return path
        parts = []
        while isinstance(node, cst.Attribute):
            parts.append(node.attr.value)
            node = node.value
        alias = self.aliases.get(node.value) if isinstance(node, cst.Name) else None
        if alias is None or self.qualified_names(node) != {alias.name}:
            return None
        return ".".join([alias.path, *reversed(parts)])

    def _tf_path(self, node: cst.CSTNode) -> str | None:
        """``ones`` for ``tf.ones`` / ``tf.compat.v1.ones``."""
        for q in self.qualified_names(node):
            path = v1_path(q)
            if path:
                return path.removeprefix("compat.v1.")
        return None

    def _tf_root(self, node: cst.BaseExpression) -> str | None:
        while isinstance(node, cst.Attribute):
            node = node.value
        if isinstance(node, cst.Name) and self.qualified_names(node) & {TF, "tensorflow.compat.v1"}:
            return node.value
        return None

    def _report(self, node: cst.CSTNode, path: str, why: str = "") -> None:
        """One follow-up per name and reason in a file; the text depends on nothing else, so that a run can
        also merge the same cause across files."""
        if (path, why) in self.causes:
            return
        self.causes.add((path, why))
        self.reported.add(path)
        note = _contrib().get("notes", {}).get(path)
        advice = note if note else _module_advice(path)
        self.follow_up(node, (f"tf.{path}: {why}; " if why else f"tf.{path}: ") + advice)

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        names = list(updated_node.names)
        for index, alias in enumerate(original_node.names):
            name = get_full_name_for_node(alias.name) or ""
            if not _contrib_module(name):
                continue  # the slice below alone would also take ``import tensorflox.contrib.rnn as r``
            to_slim = slim.module(name)
            if to_slim is not None and slim.uses_batch_norm(name[len(TF) + 1 :]):
                self.batch_norm_node = self.batch_norm_node or original_node
            if to_slim is not None and alias.asname is not None:
                names[index] = names[index].with_changes(name=chain(to_slim))
                self._slim(original_node, f"import {name} -> import {to_slim}")
                continue
            if name[len(TF) + 1 :] in REWRITTEN_MODULES and alias.asname is not None:
                asname = get_full_name_for_node(alias.asname.name)
                self.imports.append((name, None, asname))
                self.import_nodes.append((original_node, name[len(TF) + 1 :]))
                continue
            self._report(original_node, name[len(TF) + 1 :], "this import fails in TF2")
        return updated_node.with_changes(names=names)

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom | cst.Import:
        if original_node.module is None or original_node.relative:
            return updated_node
        name = get_full_name_for_node(original_node.module) or ""
        to_slim = slim.module(name)
        if to_slim is not None:
            self._slim(original_node, f"from {name} import -> from {to_slim} import")
            names = [] if isinstance(original_node.names, cst.ImportStar) else original_node.names
            if any(slim.uses_batch_norm(f"{name}.{get_full_name_for_node(a.name)}"[len(TF) + 1 :]) for a in names):
                self.batch_norm_node = self.batch_norm_node or original_node
            return updated_node.with_changes(module=chain(to_slim))
        imported = original_node.names
        if name == CONTRIB and not isinstance(imported, cst.ImportStar) and len(imported) == 1:
            only = imported[0]
            if get_full_name_for_node(only.name) == "slim":
                bound = cst.ensure_type(only.asname.name, cst.Name).value if only.asname else "slim"
                self._slim(original_node, f"from {CONTRIB} import slim -> import {slim.PACKAGE} as {bound}")
                new = cst.ImportAlias(name=cst.Name(slim.PACKAGE), asname=cst.AsName(name=cst.Name(bound)))
                return cst.Import(names=[new], semicolon=updated_node.semicolon)
        if _contrib_module(name):
            names = [] if isinstance(original_node.names, cst.ImportStar) else original_node.names
            for alias in names or (None,):
                full = f"{name}.{get_full_name_for_node(alias.name)}" if alias is not None else name
                if alias is not None and (
                    full[len(TF) + 1 :] in REWRITTEN_MODULES or full[len(TF) + 1 :] in self.called
                ):
                    asname = get_full_name_for_node(alias.asname.name) if alias.asname else None
                    self.imports.append((name, get_full_name_for_node(alias.name), asname))
                    self.import_nodes.append((original_node, full[len(TF) + 1 :]))
                    continue
                self._report(original_node, full[len(TF) + 1 :], "this import fails in TF2")
        return updated_node

    def _slim(self, node: cst.CSTNode, message: str) -> None:
        self.change(node, message)
        if self.slim_node is None:
            self.slim_node = node

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        path = self._contrib_path(original_node)
        if path is None or any(original_node is a.value for a in self.aliases.values()):
            return updated_node
        if any(original_node is cast(cst.Assign, line.body[0]).value for line in self.slim_assigns):
            return updated_node
        if path == "contrib.slim" or path.startswith("contrib.slim."):
            if slim.uses_batch_norm(path) and self.batch_norm_node is None:
                self.batch_norm_node = original_node
            if path == "contrib.slim" and self._tf_root(original_node) is not None:
                name = self.slim_name or slim.PACKAGE
                self._slim(original_node, f"tf.contrib.slim -> {name}")
                if self.slim_name is None:
                    AddImportsVisitor.add_needed_import(self.context, slim.PACKAGE)
                return cst.Name(name, lpar=updated_node.lpar, rpar=updated_node.rpar)
            return updated_node
        parent = self.get_metadata(ParentNodeProvider, original_node, None)
        spec = _contrib()["replacements"].get(path)
        root = self._tf_root(original_node)
        if spec is not None and spec.get("value"):
            if spec.get("legacy") and self.legacy_node is None:
                self.legacy_node = original_node
            self.change(original_node, f"tf.{path} -> tf.{spec['to']}")
            return chain(f"{root or self._tf_name()}.{spec['to']}")
        if isinstance(parent, cst.Attribute) and parent.value is original_node:
            if self._contrib_path(parent) is not None:
                return updated_node  # the longer chain decides
        if not updated_node.deep_equals(original_node):
            return updated_node  # a prefix was replaced (tf.contrib.data.Dataset.from_tensor_slices)
        if (
            (spec is not None or path in BUILT or path == OPTIMIZE_LOSS)
            and isinstance(parent, cst.Call)
            and parent.func is original_node
        ):
            return updated_node  # leave_Call rewrites the call
        self._report(original_node, path)
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        path = self._contrib_path(original_node.func)
        if path is None:
            return updated_node
        if path == OPTIMIZE_LOSS:
            return self._optimize_loss(original_node, updated_node)
        if path in BUILT:
            prefix = self._tf_root(original_node.func) or self._tf_name()
            written = BUILT[path](original_node, updated_node, prefix, self._tf_path)
            if isinstance(written, str):
                self._report(original_node, path, written)
                return updated_node
            self.change(original_node, f"tf.{path}(...) written out with tf.* ops")
            return written
        spec = _contrib()["replacements"].get(path)
        if spec is None or spec.get("value"):
            return updated_node
        if spec.get("remove"):
            parent = self.get_metadata(ParentNodeProvider, original_node, None)
            if not (isinstance(parent, cst.Expr) and not original_node.args):
                self._report(original_node, path, "it cannot be deleted here")
            return updated_node  # leave_SimpleStatementLine deletes the statement
        root = self._tf_root(original_node.func)
        if self.graph and spec.get("graph"):
            spec = spec["graph"]  # graph-mode code keeps TF1's random numbers
        built = build(updated_node, spec, root or self.tf_name or self._free_tf_name())
        if isinstance(built, str):
            self._report(original_node, path, built)
            return updated_node
        if root is None:
            self._tf_name()
        new, target = built
        new = realign(original_node, new, lambda node: self.get_metadata(PositionProvider, node))
        if spec.get("legacy") and self.legacy_node is None:
            self.legacy_node = original_node
        self.change(original_node, f"tf.{path}(...) -> tf.{target}(...)")
        if self.seeded and target.startswith("keras.initializers.") and "seed" not in keywords(new):
            self.seeded = False  # one note per file
            self.follow_up(
                original_node,
                "Keras initializers without seed= ignore the graph seed set by set_random_seed: pass seed=, or add "
                "tf.keras.utils.set_random_seed(SEED) next to set_random_seed, to keep runs reproducible",
            )
        return new

    def _optimize_loss(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        root = self._tf_root(original.func)
        if root is None:  # imported by name: a module-level tensorflow (or tf.compat.v1) binding, else a new one
            bound = {b.target: b.name for b in module_bindings(self.read_module) if b.simple}
            if TF in bound:
                prefix = f"{bound[TF]}.compat.v1"
            elif "tensorflow.compat.v1" in bound:
                prefix = bound["tensorflow.compat.v1"]
            elif "tf" in bound.values():
                self._report(original, OPTIMIZE_LOSS, "`tf` names another module here")
                return updated
            else:
                prefix = f"{self._tf_name()}.compat.v1"
        else:
            compat = "tensorflow.compat.v1" in self.qualified_names(_root_name(original.func))
            prefix = root if compat else f"{root}.compat.v1"
        written = self.optimize_loss_reason or optimize_loss.rewrite(
            original,
            updated,
            self.read_module,
            lambda node: self.get_metadata(ParentNodeProvider, node, None),
            self._tf_path,
            prefix,
        )
        if isinstance(written, str):
            self._report(original, OPTIMIZE_LOSS, written)
            return updated
        self.change(original, f"tf.{OPTIMIZE_LOSS}(...) -> optimizer.minimize(...) (the same update)")
        return written

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.RemovalSentinel:
        """Delete a statement that only calls a removable contrib function (``tfe.enable_eager_execution()``)."""
        for alias in self.aliases.values():
            if alias.statement is original_node:
                self.alias_lines[alias.name] = updated_node
        if any(original_node is line for line in self.slim_assigns):
            name = original_node.body[0].targets[0].target.value  # type: ignore[attr-defined]  # libcst: a slim_assigns line is a matched `name = ...`
            self._slim(original_node, f"{name} = tf.contrib.slim -> import tf_slim as {name}")
            new = cst.ImportAlias(name=cst.Name(slim.PACKAGE), asname=cst.AsName(name=cst.Name(name)))
            return updated_node.with_changes(body=[cst.Import(names=[new], semicolon=updated_node.body[0].semicolon)])
        if len(original_node.body) != 1 or not isinstance(original_node.body[0], cst.Expr):
            return updated_node
        call = original_node.body[0].value
        if not isinstance(call, cst.Call) or call.args:
            return updated_node
        path = self._contrib_path(call.func)
        spec = _contrib()["replacements"].get(path) if path else None
        if spec is None or not spec.get("remove"):
            return updated_node
        self.change(original_node, f"tf.{path}() deleted: TF2 is eager by default")
        parent = self.get_metadata(ParentNodeProvider, original_node, None)
        if isinstance(parent, cst.IndentedBlock) and len(parent.body) == 1:
            return updated_node.with_changes(body=[cst.Pass()])
        return cst.RemovalSentinel.REMOVE


def _root_name(node: cst.BaseExpression) -> cst.BaseExpression:
    while isinstance(node, cst.Attribute):
        node = node.value
    return node
