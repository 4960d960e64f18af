"""Variable-scope reuse that reuses nothing: ``tf.get_variable_scope().reuse_variables()`` (or ``scope.reuse_variables()``
under ``with tf.variable_scope("model") as scope:``, a builder's ``if reuse: scope.reuse_variables()``, or ``with
tf.variable_scope("model", reuse=True):``) in a program whose model helpers make only ``tf.Variable``s, as many public
train/test programs and some GAN discriminators do; and ``reuse=False`` (a builder's ``reuse=reuse`` read where it
was passed False), which TF1 reads as no flag.

Reuse changes what ``tf.get_variable`` (and what builds variables through it: ``tf.layers``, RNN cells, templates,
an optimizer's slots, the global step) returns in the rest of the scope; a ``tf.Variable`` ignores it, so the test
net a helper builds after it has new variables in TF1 as it will eagerly, and ops and variables are named the same
with or without it. Where nothing built after the reuse, to the end of the scope it holds for (the helpers it calls
read through, and no object whose methods might build variables called), can read the flag, the call (or the flag,
or an ``as scope`` only used for it) is dropped before the proof and the note says why. Anything else stays as
written: variable_sharing.py reads the ``get_variable`` sharing, and the proof refuses what no pass reads.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.scope_edits import ScopeEdits

# TensorFlow calls that build variables through tf.get_variable (or may), so read the scope's reuse flag.
READS_REUSE = (
    "get_variable",
    "get_local_variable",
    "layers.",
    "contrib.",
    "keras.",
    "nn.rnn_cell.",
    "rnn.",
    "nn.dynamic_rnn",
    "nn.static_rnn",
    "nn.bidirectional",
    "nn.raw_rnn",
    "make_template",
    "metrics.",
    "estimator.",
    "feature_column.",
    "train.ExponentialMovingAverage",
    "train.get_or_create_global_step",
    "train.create_global_step",
    "slim",
)
# Methods that build variables on TensorFlow objects (an optimizer's slots, a layer's or cell's weights).
BUILDING_METHODS = frozenset(
    {"minimize", "apply_gradients", "apply", "call", "build", "fit", "predict", "evaluate", "add_weight", "variables"}
)
# Gradient descent keeps no slot: its minimize() builds no variable (Adam's, under a reusing scope, raised in TF1).
SLOTLESS = "train.GradientDescentOptimizer"
SHAPE_METHODS = frozenset({"get_shape", "as_list"})
HOST_MODULES = frozenset({"numpy", "math", "random", "time", "os", "sys", "collections", "itertools", "functools"})
FLAGS = ("True", "AUTO_REUSE")


def reads_nothing(module: cst.Module, resolve: Resolve) -> Callable[[Sequence[cst.BaseStatement]], bool]:
    """Whether statements build nothing that reads a variable scope's reuse flag (nor its name: what reads one reads
    the other), the program's functions they call read through (numbered_scopes.py)."""
    return _Plan(module, resolve)._inert


class _Reads(Exception):
    """Something after the reuse may read it."""


def drop(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module without the reuse calls and flags nothing reads, and a note for each; None where there is none."""
    if "reuse" not in module_code(module):
        return None
    plan = _Plan(module, resolve)
    plan.block(module.body, [], None)
    for function in plan.functions.values():  # ``def main():`` holding the program, or a helper building towers
        if isinstance(function.body, cst.IndentedBlock):
            plan.block(function.body.body, [], None, root=False)
    if not (plan.removed or plan.unflagged):
        return None
    rewrite = ScopeEdits(module, resolve, line_of, plan.removed, plan.unnamed, plan.unflagged)
    dropped = module.visit(rewrite)
    resolve_new, line_of_new = rewrite.remapped()
    notes = [
        (line_of(node), "variable-scope reuse that no tf.get_variable (or layer) after it reads: dropped")
        for node in [*plan.removed, *(w for w in plan.unflagged if w not in plan.inheriting)]
    ]
    notes += [
        (line_of(node), "`reuse=False` of a variable scope (TF1 reads it as inheriting the enclosing flag): dropped")
        for node in plan.inheriting
    ]
    return dropped, resolve_new, line_of_new, sorted(notes)


class _Plan:
    def __init__(self, module: cst.Module, resolve: Resolve) -> None:
        self.module = module
        self.resolve = resolve
        self.functions = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
        self.classes = {s.name.value for s in module.body if isinstance(s, cst.ClassDef)}
        self.hosts = host_aliases(module)
        self.removed: set[cst.SimpleStatementLine | cst.If] = set()
        self.unflagged: set[cst.With] = set()
        self.inheriting: set[cst.With] = set()  # ``reuse=False``: no flag at all
        self.unnamed: set[cst.With] = set()

    def path(self, node: cst.CSTNode) -> str | None:
        found = self.resolve(node)
        return found.removeprefix("compat.v1.") if found is not None else None

    def block(self, statements, rest: list, scope: cst.With | None, root: bool = True) -> None:
        """Reads straight-line statements; ``rest`` holds the statements after this block that the innermost
        variable scope still covers (a reuse inside a ``with tf.name_scope`` holds on after it). ``root``: the
        statements are the module's, so the root scope's reuse is read to the end of them (in a function it would
        hold on after the function returns: not read)."""
        statements = list(statements)
        for index, statement in enumerate(statements):
            after = [*statements[index + 1 :], *rest]
            if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
                opened = self._literal_scope(statement)
                if opened is None:
                    self.block(statement.body.body, after, scope, root)
                    continue
                self.block(statement.body.body, [], statement, root)
                if self._flagged(opened) and self._inert(statement.body.body):
                    self.unflagged.add(statement)
                elif _inherits(opened):
                    self.unflagged.add(statement)
                    self.inheriting.add(statement)
                continue
            if scope is not None and isinstance(statement, cst.If) and self._reuse_branch(statement, scope):
                if self._inert(after):
                    self.removed.add(statement)  # ``if reuse: scope.reuse_variables()``, either way inert
                continue
            if (scope is not None or root) and isinstance(statement, cst.SimpleStatementLine):
                if not self._reuse_call(statement, scope):
                    continue
                if self._inert(after):
                    self.removed.add(statement)
        for statement in statements:
            asname = statement.items[0].asname if isinstance(statement, cst.With) else None
            if asname is None or not isinstance(asname.name, cst.Name):
                continue
            owned = [n for s in self.removed for n in descendants(s) if _named(n, asname.name.value)]
            if owned and self._only_reuse(statement, asname.name.value):
                self.unnamed.add(statement)

    def _literal_scope(self, statement: cst.With) -> cst.Call | None:
        """``with tf.variable_scope("name"[, reuse=...])[ as scope]:`` with a literal name; None otherwise."""
        if len(statement.items) != 1:
            return None
        call = statement.items[0].item
        if not isinstance(call, cst.Call) or self.path(call.func) != "variable_scope":
            return None
        first = argument(call, 0, "name_or_scope")
        if first is None or literal_string(first.value) is None:
            return None
        if any(a.star or (a is not first and (a.keyword is None or a.keyword.value != "reuse")) for a in call.args):
            return None
        return call

    def _flagged(self, call: cst.Call) -> bool:
        flag = argument(call, None, "reuse")
        if flag is None:
            return False
        value = flag.value
        if isinstance(value, cst.Name):
            return value.value == "True"
        return isinstance(value, cst.Attribute) and self.path(value) == "AUTO_REUSE"

    def _reuse_call(self, statement: cst.SimpleStatementLine, scope: cst.With | None) -> bool:
        """``tf.get_variable_scope().reuse_variables()``, or ``scope.reuse_variables()`` of the enclosing
        ``with tf.variable_scope(...) as scope:``."""
        owner = reuse_owner(statement)
        if owner is None:
            return False
        if isinstance(owner, cst.Call) and not owner.args and self.path(owner.func) == "get_variable_scope":
            return True
        asname = scope.items[0].asname if scope is not None else None
        if not (
            scope is not None
            and asname is not None
            and isinstance(asname.name, cst.Name)
            and isinstance(owner, cst.Name)
            and owner.value == asname.name.value
        ):
            return False
        return self._only_reuse(scope, owner.value)

    def _reuse_branch(self, statement: cst.If, scope: cst.With) -> bool:
        """``if reuse: scope.reuse_variables()`` of a builder called with ``reuse=True`` for its second tower: a flag
        passed in, no ``else``, the body only reuse calls of the enclosing scope."""
        body = statement.body.body if isinstance(statement.body, cst.IndentedBlock) else ()
        return (
            isinstance(statement.test, cst.Name)
            and statement.orelse is None
            and bool(body)
            and all(isinstance(s, cst.SimpleStatementLine) and self._reuse_call(s, scope) for s in body)
        )

    def _only_reuse(self, statement: cst.With, name: str) -> bool:
        """``as scope`` read only by ``scope.reuse_variables()`` in its body (re-entered elsewhere, it would carry
        the flag on)."""
        uses = [n for n in descendants(self.module) if _named(n, name)]
        calls = [
            n
            for n in descendants(statement.body)
            if isinstance(n, cst.Call)
            and isinstance(n.func, cst.Attribute)
            and n.func.attr.value == "reuse_variables"
            and _named(n.func.value, name)
        ]
        return len(uses) == 1 + len(calls)

    def _inert(self, statements) -> bool:
        try:
            for statement in statements:
                self._check(statement, set())
        except _Reads:
            return False
        return True

    def _check(self, node: cst.CSTNode, seen: set[str]) -> None:
        for inner in descendants(node):
            if isinstance(inner, (cst.ClassDef, cst.Lambda)):
                raise _Reads
            if isinstance(inner, cst.Call):
                self._call(inner, seen)

    def _call(self, call: cst.Call, seen: set[str]) -> None:
        path = self.path(call.func)
        if path is not None:
            if path.startswith(SLOTLESS):
                return
            if path.startswith(READS_REUSE) or path.endswith("Optimizer"):
                raise _Reads
            return
        func = call.func
        if isinstance(func, cst.Name):
            if func.value in self.functions:
                if func.value not in seen:
                    seen.add(func.value)
                    self._check(self.functions[func.value].body, seen)
                return
            if func.value in self.classes or not hasattr(builtins, func.value) or self._rebound(func.value):
                raise _Reads
            return
        if not isinstance(func, cst.Attribute):
            raise _Reads
        if func.attr.value in SHAPE_METHODS:
            return
        root = func.value
        while isinstance(root, (cst.Attribute, cst.Subscript, cst.Call)):
            root = root.func if isinstance(root, cst.Call) else root.value
        if isinstance(root, cst.Name) and root.value in self.hosts:
            return
        if func.attr.value in ("minimize", "apply_gradients") and isinstance(root, cst.Name) and self._slotless(root):
            return
        if func.attr.value in BUILDING_METHODS or self.classes:
            raise _Reads
        if isinstance(root, cst.Name) and self._builds(root.value):
            raise _Reads

    def _slotless(self, name: cst.Name) -> bool:
        """``optimizer = tf.train.GradientDescentOptimizer(...)``, its only binding."""
        values = [
            n.value
            for n in descendants(self.module)
            if isinstance(n, cst.Assign) and any(_named(t.target, name.value) for t in n.targets)
        ]
        return (
            len(values) == 1
            and isinstance(values[0], cst.Call)
            and self.path(values[0].func) == SLOTLESS
            and not _rebinds(self.module, name.value)
        )

    def _rebound(self, name: str) -> bool:
        """A builtin's name the program binds itself (a layer object called ``input``...)."""
        return any(
            isinstance(n, cst.AssignTarget) and isinstance(n.target, cst.Name) and n.target.value == name
            for n in descendants(self.module)
        )

    def _builds(self, name: str) -> bool:
        """``name`` is bound somewhere to what a TensorFlow call that reads reuse, or a program function, returns:
        its methods may build variables."""
        for node in descendants(self.module):
            value = None
            if isinstance(node, cst.Assign) and any(
                isinstance(n, cst.Name) and n.value == name for t in node.targets for n in descendants(t.target)
            ):
                value = node.value
            elif isinstance(node, cst.WithItem) and isinstance(node.asname, cst.AsName):
                if isinstance(node.asname.name, cst.Name) and node.asname.name.value == name:
                    value = node.item
            if value is None:
                continue
            for inner in descendants(value):
                if isinstance(inner, cst.Call):
                    path = self.path(inner.func)
                    if path is not None and (path.startswith(READS_REUSE) or path.endswith("Optimizer")):
                        return True
                    if isinstance(inner.func, cst.Name) and inner.func.value in self.functions:
                        return True
        return False


def _inherits(call: cst.Call) -> bool:
    """``reuse=False`` (or ``None``), as a builder's ``reuse=reuse`` reads where its first call passed False: TF1
    takes either as "inherit the enclosing scope's flag", what the scope does without the argument."""
    flag = argument(call, None, "reuse")
    return flag is not None and isinstance(flag.value, cst.Name) and flag.value.value in ("False", "None")


def _named(node: cst.CSTNode, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name


def _rebinds(module: cst.Module, name: str) -> bool:
    """``name`` bound other than by a plain assignment (a loop, ``with ... as``, a parameter, an import)."""
    for node in descendants(module):
        if isinstance(node, (cst.For, cst.CompFor)) and any(_named(n, name) for n in descendants(node.target)):
            return True
        if isinstance(node, cst.AsName) and _named(node.name, name):
            return True
        if isinstance(node, cst.Param) and _named(node.name, name):
            return True
        if isinstance(node, (cst.AugAssign, cst.AnnAssign)) and _named(node.target, name):
            return True
    return False


def host_aliases(module: cst.Module) -> set[str]:
    """Names bound by ``import numpy as np`` and the like: modules that build no TensorFlow variable."""
    found: set[str] = set()
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    dotted = cst.Module([]).code_for_node(alias.name)
                    if dotted.split(".")[0] in HOST_MODULES:
                        bound = alias.asname.name if alias.asname is not None else alias.name
                        if isinstance(bound, cst.Name):
                            found.add(bound.value)
                        elif isinstance(bound, cst.Attribute):
                            found.add(dotted.split(".")[0])
    return found


def reuse_owner(statement: cst.SimpleStatementLine) -> cst.BaseExpression | None:
    """``X`` of a line that is only ``X.reuse_variables()`` (the scope whose reuse flag the call sets); else None."""
    small = statement.body[0] if len(statement.body) == 1 else None
    call = small.value if isinstance(small, cst.Expr) else None
    if not (
        isinstance(call, cst.Call)
        and not call.args
        and isinstance(call.func, cst.Attribute)
        and call.func.attr.value == "reuse_variables"
    ):
        return None
    return call.func.value
