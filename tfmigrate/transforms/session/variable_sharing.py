"""Variables shared through ``tf.variable_scope`` reuse: train/test towers and a GAN's discriminator on real and fake
input, ``with tf.variable_scope("model", reuse=True):`` (or ``reuse=tf.AUTO_REUSE``, or ``scope.reuse_variables()``)
around a second build of the same model.

In TF1 a ``tf.get_variable("W", ...)`` in a reusing scope builds nothing: it returns the variable the first build
made under the same full name (``model/hidden_1/W``), so both towers compute with one variable and train it together.
Eager ``tf.compat.v1.get_variable`` keeps no such store: it would make a second, fresh variable. So, before the
proof, each reusing ``get_variable`` statement is dropped and its name read as the first build's variable (the same
Python object, as in TF1); a reusing scope left with nothing that names a variable is read as its body (its ops'
name scope, ``model_1``, names nothing eager code keeps), and the first scope loses its ``reuse=False`` /
``AUTO_REUSE`` flag, which changed nothing there. Only straight-line module code (helpers read at their call sites
first, inlined_helpers.py); a reused name TF1 never built or built with another shape (literal ints, or names bound
once to them), a dropped call whose arguments build ops (an initializer tensor: TF1 built its op even when reusing,
which moves the op-seed counter; a program function computing a stddev with numpy builds none), or names bound more
than once leave the module as written, and the proof says what it refuses there (why_unshared).
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Sequence

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session import branch_definitions, variables
from tfmigrate.transforms.session.analysis import Bindings, LineOf, Resolve, descendants, is_random, loaded_names
from tfmigrate.transforms.session.inert_reuse import READS_REUSE, host_aliases
from tfmigrate.transforms.session.scope_edits import ScopeEdits

REUSE = "reuse"
AUTO = "auto"
FLAGS = {"True": REUSE, "False": None, "None": None, "AUTO_REUSE": AUTO}
# What a reusing scope may not keep when it is read as its body: whatever names a variable or a summary tag.
NAMING: tuple[str, ...] = (
    "Variable",
    "get_variable",
    "variable_scope",
    "name_scope",
    "layers.",
    "keras.",
    "contrib.",
    "summary.",
    "train.",
    "metrics.",
    "nn.rnn_cell.",
    "rnn.",
    "make_template",
)
SHAPE_METHODS = frozenset({"get_shape", "as_list"})  # a tensor's static shape: names nothing
NESTED = (cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


class _Unshared(Exception):
    """The module's sharing is not one this pass reads: it stays as written. With a reason (and the node it names)
    where TF1's sharing is known not to be one variable per name: the proof's follow-up says that (``why_unshared``)."""

    def __init__(self, reason: str = "", node: cst.CSTNode | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.node = node


def why_unshared(module: cst.Module, resolve: Resolve, line_of: LineOf) -> tuple[str, cst.CSTNode] | None:
    """Why the module's ``reuse_variables()`` sharing is not read as one variable per name (``share`` returned
    None), where this pass can tell: a reused name TF1 never built or built with another shape, a scope name that is
    not a literal, an outer scope's reuse set from a nested block, or a variable TF1 built anew under a reusing
    scope (``tf.Variable``, which reuse does not share). None where it cannot."""
    if "reuse" not in module_code(module):
        return None
    bodies = [module.body] + [  # the module's code, then a function holding the program (``def train():``)
        s.body.body for s in module.body if isinstance(s, cst.FunctionDef) and isinstance(s.body, cst.IndentedBlock)
    ]
    for body in bodies:
        plan = _Plan(module, resolve, line_of)
        try:
            plan.block(body, [], None)
        except _Unshared as unshared:
            if unshared.reason and unshared.node is not None:
                return unshared.reason, unshared.node
            continue
        if plan.kept is not None:
            return plan.kept
    return None


def share(module: cst.Module, resolve: Resolve, line_of: LineOf, holder: str | None = None):
    """The module with every reusing ``get_variable`` read as the variable it returns, and the notes saying so; None
    where nothing is reused (or the sharing is not one this pass reads). With ``holder``, the body of that function
    (``def main():`` holding the Session program, run once) is the straight-line code read, its names its own."""
    code = module_code(module)
    if "reuse" not in code:
        return None
    plan = _Plan(module, resolve, line_of)
    body: Sequence[cst.BaseStatement] = module.body
    if holder is not None:
        held = [s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value == holder]
        if len(held) != 1 or not isinstance(held[0].body, cst.IndentedBlock):
            return None
        body = held[0].body.body
        plan.holder = held[0]
    try:
        plan.block(body, [], None)
        plan.check(body)
    except _Unshared:
        return None
    if not plan.dropped and not (
        plan.unflagged and all(plan.auto_read_only_by_get_variable(w) for w in plan.unflagged)
    ):
        return None
    rewrite = _Share(module, resolve, line_of, plan)
    shared = module.visit(rewrite)
    resolve_new, line_of_new = rewrite.remapped()
    notes = [
        (
            line_of(statement),
            f"tf.get_variable({full!r}) in a reusing variable scope: the variable `{first}` it returns",
        )
        for statement, (full, first) in plan.dropped.items()
    ]
    notes += [  # nothing reused: each flag read only by get_variable calls that build their variables first
        (
            line_of(scope),
            "`reuse=tf.AUTO_REUSE` of a variable scope whose tf.get_variable calls all build anew: dropped",
        )
        for scope in (plan.unflagged if not plan.dropped else ())
    ]
    return shared, resolve_new, line_of_new, notes


class _Plan:
    """What the rewrite does: get_variable statements dropped, names renamed, scopes unwrapped or unflagged."""

    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf) -> None:
        self.module = module
        self.resolve = resolve
        self.line_of = line_of
        self.created: dict[str, str] = {}  # full variable name -> the Python name bound to it
        self.dropped: dict[cst.SimpleStatementLine, tuple[str, str]] = {}  # statement -> (full name, first's name)
        self.renames: dict[str, str] = {}
        self.removed: set[cst.CSTNode] = set()  # ``scope.reuse_variables()``, ``if reuse:`` around it
        self.unwrapped: set[cst.With] = set()
        self.unflagged: set[cst.With] = set()
        self.unnamed: set[cst.With] = set()  # ``as scope`` dropped
        self.holder: cst.FunctionDef | None = None  # the function whose body is read (share's ``holder``)
        self.owners: list[str | None] = []  # the enclosing scopes' ``as`` names, innermost last
        self.shapes: dict[str, cst.Call] = {}  # full variable name -> the get_variable call that built it
        self.kept: tuple[str, cst.CSTNode] | None = None  # a reusing scope kept, as it builds a variable anew
        self.hosts = host_aliases(module)  # ``np`` of ``import numpy as np``: modules that build no op

    def path(self, node: cst.CSTNode) -> str:
        return (self.resolve(node) or "").removeprefix("compat.v1.")

    def auto_read_only_by_get_variable(self, scope: cst.With) -> bool:
        """The scope's flag is ``AUTO_REUSE`` and nothing in it but ``tf.get_variable`` reads it (no layer, cell or
        slot it would share by a name built before): with each of those building its variable anew, the flag changes
        nothing. (``reuse=False`` is inert_reuse.py's.)"""
        call = scope.items[0].item
        if not (isinstance(call, cst.Call) and self._scope(call)[1] == AUTO):
            return False
        paths = [self.path(n.func) for n in descendants(scope.body) if isinstance(n, cst.Call)]
        return not any(p != "get_variable" and (p.startswith(READS_REUSE) or p.endswith("Optimizer")) for p in paths)

    def block(self, statements, prefix: list[str], mode: str | None) -> str | None:
        """Reads the statements in order; returns the reuse mode in effect at their end."""
        own = mode
        for statement in statements:
            if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
                self.with_(statement, prefix, own)
                continue
            if isinstance(statement, cst.SimpleStatementLine):
                if self._reuse_call(statement):
                    if prefix and not self._own_scope(statement.body[0].value):  # type: ignore[attr-defined]
                        raise _Unshared(
                            "`reuse_variables()` of a scope other than the one it sits in (the scope entered here "
                            "does not read that flag)",
                            statement,
                        )
                    if not prefix:
                        raise _Unshared
                    self.removed.add(statement)
                    own = REUSE
                    continue
                self.simple(statement, prefix, own)
                continue
            if isinstance(statement, cst.If) and self._reuse_branch(statement) is not None:
                if not prefix:
                    raise _Unshared
                self.removed.add(statement)  # ``if reuse: scope.reuse_variables()``, ``reuse`` passed as a literal
                own = REUSE if self._reuse_branch(statement) else own
                continue
            if any(isinstance(n, cst.Call) and self.path(n.func) == "get_variable" for n in descendants(statement)):
                if own is not None or isinstance(statement, (cst.For, cst.While, cst.If, cst.Try)):
                    raise _Unshared  # a variable built in a loop or branch: not straight-line code this pass reads
            if any(self._reuse_call_node(n) for n in descendants(statement)):
                raise _Unshared
        return own

    def with_(self, statement: cst.With, prefix: list[str], mode: str | None) -> None:
        item = statement.items[0] if len(statement.items) == 1 else None
        call = item.item if item is not None else None
        if not (isinstance(call, cst.Call) and self.path(call.func) == "variable_scope"):
            if any(
                isinstance(i.item, cst.Call) and self.path(i.item.func) == "variable_scope" for i in statement.items
            ):
                raise _Unshared
            self.block(statement.body.body, prefix, mode)
            return
        name, flag = self._scope(call)
        if item is not None and item.asname is not None:
            if not self._only_reused(statement, item.asname.name):
                raise _Unshared
            self.unnamed.add(statement)
        inner = mode if mode is not None else flag
        created = len(self.created)
        asname = item.asname.name if item is not None and item.asname is not None else None
        self.owners.append(asname.value if isinstance(asname, cst.Name) else None)
        ended = self.block(statement.body.body, [*prefix, name], inner)
        self.owners.pop()
        if ended is not None and len(self.created) == created:
            if not self._names_nothing(statement):
                self.kept = self.kept or (
                    f"`with tf.variable_scope({name!r})` reusing variables builds what TF1 made anew there (a "
                    "tf.Variable, a layer or a summary: reuse shares only get_variable's variables)",
                    statement,
                )
                return  # the scope stays, entered twice: the proof refuses it
            self.unwrapped.add(statement)
        elif flag != REUSE and argument(call, None, "reuse") is not None:
            self.unflagged.add(statement)

    def simple(self, statement: cst.SimpleStatementLine, prefix: list[str], mode: str | None) -> None:
        calls = [n for n in descendants(statement) if isinstance(n, cst.Call) and self.path(n.func) == "get_variable"]
        if not calls:
            return
        small = statement.body[0] if len(statement.body) == 1 else None
        if not (
            isinstance(small, cst.Assign)
            and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)
            and small.value is calls[0]
            and len(calls) == 1
        ):
            if mode is not None:
                raise _Unshared
            return
        first = argument(calls[0], 0, "name")
        base = literal_string(first.value) if first is not None else None
        if base is None:
            if mode is not None:
                raise _Unshared
            return
        full = "/".join([*prefix, base])
        target = small.targets[0].target.value
        if mode == REUSE or (mode == AUTO and full in self.created):
            if full not in self.created:
                raise _Unshared(f"tf.get_variable({full!r}) reuses a variable never built (TF1 raises)", statement)
            if not _same_shape(self.shapes[full], calls[0], self._constants()):
                raise _Unshared(
                    f"tf.get_variable({full!r}) reuses the variable with another shape (TF1 raises)", statement
                )
            for node in descendants(calls[0]):
                if node is not calls[0] and isinstance(node, cst.Call):
                    if isinstance(node.func, cst.Attribute) and node.func.attr.value in SHAPE_METHODS:
                        continue  # ``x.get_shape()``: a static shape, no op
                    path = self.resolve(node.func)
                    if variables.constructs(path):
                        continue  # an initializer object: it draws only where a variable is built
                    if path is None and isinstance(node.func, cst.Name) and self._host_only(node.func.value, set()):
                        continue  # ``stddev=xavier_init([J, K])`` computed by numpy: no op, in TF1 either
                    if path is None or is_random(path.removeprefix("compat.v1.")):  # TF1 built it although it
                        code = self.module.code_for_node(node)  # reused: a random op drew an op seed, any op
                        raise _Unshared(  # moved the op-seed counter of the random ops built after it
                            f"tf.get_variable({full!r}) reuses the variable, but its arguments run `{code}` again, "
                            "ops TF1 built at each call (they move the op seeds drawn after them)",
                            statement,
                        )
            self.dropped[statement] = (full, self.created[full])
            self.renames[target] = self.created[full]
            return
        if full in self.created:
            raise _Unshared  # TF1 raised: the variable exists and the scope does not reuse
        self.created[full] = target
        self.shapes[full] = calls[0]

    def _constants(self) -> dict[str, int]:
        """Names the module binds once, to an int literal (``J = 64`` in a builder read at its call)."""
        bindings = Bindings(self.module)
        found: dict[str, int] = {}
        for node in descendants(self.module):
            if not (isinstance(node, cst.Assign) and len(node.targets) == 1):
                continue
            target = node.targets[0].target
            if isinstance(target, cst.Name) and isinstance(node.value, cst.Integer):
                if len(bindings.sites.get(target.value, [])) == 1 and target.value not in bindings.loose:
                    found[target.value] = int(node.value.evaluated_value)
        return found

    def check(self, body) -> None:
        """Each renamed name and its variable's name bound once, read only in the code read (not by a function in
        it; a holder's locals nowhere outside it, as the rename is the module's)."""
        bindings = Bindings(self.module.with_changes(body=body) if self.holder is not None else self.module)
        for target, first in self.renames.items():
            for name in (target, first):
                if len(bindings.sites.get(name, [])) != 1 or name in bindings.loose:
                    raise _Unshared
        names = set(self.renames) | set(self.renames.values())
        if self.holder is not None:
            if any(p.name.value in names for p in self.holder.params.params):
                raise _Unshared
            for statement in self.module.body:
                if statement is not self.holder and any(
                    isinstance(n, cst.Name) and n.value in names for n in descendants(statement)
                ):
                    raise _Unshared
        for node in descendants(self.holder.body if self.holder is not None else self.module):
            if isinstance(node, NESTED) and any(
                isinstance(n, cst.Name) and n.value in names for n in descendants(node)
            ):
                raise _Unshared

    def _scope(self, call: cst.Call) -> tuple[str, str | None]:
        first = argument(call, 0, "name_or_scope")
        name = literal_string(first.value) if first is not None else None
        if name is None or any(a.star for a in call.args):
            raise _Unshared("a variable scope whose name is not a string literal", call)
        flag: str | None = None
        for arg in call.args:
            if arg is first:
                continue
            if arg.keyword is None or arg.keyword.value != "reuse":
                raise _Unshared
            value = arg.value
            spelled = value.attr.value if isinstance(value, cst.Attribute) else getattr(value, "value", None)
            if isinstance(value, cst.Attribute) and self.path(value) != "AUTO_REUSE":
                raise _Unshared
            if spelled not in FLAGS:
                raise _Unshared
            flag = FLAGS[spelled]
        return name, flag

    def _reuse_branch(self, statement: cst.If) -> bool | None:
        """``if True: scope.reuse_variables()`` (a helper's ``if reuse:`` read where it was passed a literal): whether
        it reuses; None for any other ``if``."""
        test = statement.test
        if statement.orelse is not None or not isinstance(test, cst.Name) or test.value not in FLAGS:
            return None
        body = statement.body.body if isinstance(statement.body, cst.IndentedBlock) else ()
        if not body or not all(isinstance(s, cst.SimpleStatementLine) and self._reuse_call(s) for s in body):
            return None
        if not all(self._own_scope(s.body[0].value) for s in body):  # type: ignore[attr-defined]
            raise _Unshared
        return test.value == "True"

    def _own_scope(self, call: cst.Call) -> bool:
        """``reuse_variables()`` of the scope the statement sits in: ``tf.get_variable_scope()``'s, or that of the
        innermost ``with ... as scope:`` (an outer scope's object, called from a nested block, sets a flag the nested
        scope does not read)."""
        owner = call.func.value  # type: ignore[attr-defined]
        if isinstance(owner, cst.Call):
            return not owner.args and self.path(owner.func) == "get_variable_scope"
        return isinstance(owner, cst.Name) and bool(self.owners) and owner.value == self.owners[-1]

    def _reuse_call(self, statement: cst.SimpleStatementLine) -> bool:
        small = statement.body[0] if len(statement.body) == 1 else None
        return isinstance(small, cst.Expr) and self._reuse_call_node(small.value)

    def _reuse_call_node(self, node: cst.CSTNode) -> bool:
        """``scope.reuse_variables()`` / ``tf.get_variable_scope().reuse_variables()``."""
        return (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "reuse_variables"
            and not node.args
        )

    def _only_reused(self, statement: cst.With, name: cst.BaseExpression) -> bool:
        """``with tf.variable_scope("m") as scope:`` whose ``scope`` only says ``scope.reuse_variables()`` in its
        body and is read nowhere else (a keyword ``scope=`` of ``get_collection`` is no read)."""
        if not isinstance(name, cst.Name):
            return False
        uses = [n for n in loaded_names(self.module) if n.value == name.value]
        calls = [
            n
            for n in descendants(statement.body)
            if self._reuse_call_node(n) and isinstance(n.func.value, cst.Name) and n.func.value.value == name.value
        ]
        return len(uses) == 1 + len(calls)

    def _names_nothing(self, statement: cst.With) -> bool:
        """A reusing scope whose body, its dropped statements aside, names no variable or summary and calls no
        function of the program (which might)."""
        for inner in descendants(statement.body):
            if isinstance(inner, cst.Call):
                if any(inner is c for s in self.dropped for c in descendants(s)):
                    continue
                if any(inner is c for s in self.removed for c in descendants(s)):
                    continue
                if any(inner is w.items[0].item for w in self.unwrapped):
                    continue  # a nested reusing scope read as its body too
                path = self.resolve(inner.func)
                if path is None:
                    if isinstance(inner.func, cst.Name) and hasattr(builtins, inner.func.value):
                        continue
                    if isinstance(inner.func, cst.Name) and self._names_nothing_itself(inner.func.value, set()):
                        continue  # ``lrelu(h)``: a function of the program that names nothing either
                    if isinstance(inner.func, cst.Attribute) and inner.func.attr.value in SHAPE_METHODS:
                        continue
                    return False
                if path.removeprefix("compat.v1.").startswith(NAMING):
                    return False
        return True

    def _host_only(self, name: str, seen: set[str]) -> bool:
        """A module-level function bound once whose body calls no TensorFlow: builtins, numpy or math, and such
        functions (a Xavier stddev ``1. / np.sqrt(in_dim / 2.)``)."""
        defined = branch_definitions.definitions(self.module, name)
        if len(defined) != 1 or name in seen or len(Bindings(self.module).sites.get(name, [])) != 1:
            return False
        seen.add(name)
        for call in descendants(defined[0].body):
            if not isinstance(call, cst.Call):
                continue
            if self.resolve(call.func) is not None:
                return False
            func = call.func
            if isinstance(func, cst.Name):
                if not (hasattr(builtins, func.value) or self._host_only(func.value, seen)):
                    return False
                continue
            root = func
            while isinstance(root, cst.Attribute):
                root = root.value
            if not (isinstance(root, cst.Name) and root.value in self.hosts):
                return False
        return True

    def _names_nothing_itself(self, name: str, seen: set[str]) -> bool:
        """A module-level function bound once (``def lrelu(x, leak=0.2): return tf.maximum(x, leak * x)``) whose
        body calls only TensorFlow ops that name no variable or summary, builtins, and such functions."""
        defined = branch_definitions.definitions(self.module, name)  # ops.py's ``concat``: one per version branch
        if not defined or name in seen or len(Bindings(self.module).sites.get(name, [])) != len(defined):
            return False
        seen.add(name)
        for call in (c for d in defined for c in descendants(d.body)):
            if not isinstance(call, cst.Call):
                continue
            path = self.resolve(call.func)
            if path is not None:
                if path.removeprefix("compat.v1.").startswith(NAMING):
                    return False
                continue
            if isinstance(call.func, cst.Attribute) and call.func.attr.value in SHAPE_METHODS and not call.args:
                continue  # ``x.get_shape()`` (ops.py's ``conv_cond_concat``)
            if not isinstance(call.func, cst.Name):
                return False
            if not (hasattr(builtins, call.func.value) or self._names_nothing_itself(call.func.value, seen)):
                return False
        return True


def _same_shape(built: cst.Call, reused: cst.Call, constants: dict[str, int]) -> bool:
    """A reusing ``get_variable`` asks for the shape the first call built, or none: TF1 raised where the shapes
    differ, told where each is a literal list of ints or of names bound once to one (``[J, K]`` of a builder given
    ``J=32`` on its second call). Other shapes (``[shape[1], 8]``) are read as TF1 read them where the program ran."""
    asked, first = argument(reused, 1, "shape"), argument(built, 1, "shape")
    if asked is None or first is None:
        return asked is None
    shapes = [_literal_shape(asked.value, constants), _literal_shape(first.value, constants)]
    return None in shapes or shapes[0] == shapes[1]


def _literal_shape(value: cst.BaseExpression, constants: dict[str, int]) -> tuple[int, ...] | None:
    """The shape a list or tuple of int literals (or names of them) spells; None for any other expression."""
    if isinstance(value, (cst.List, cst.Tuple)):
        dims = []
        for element in value.elements:
            item = element.value
            if isinstance(item, cst.Name) and item.value in constants:
                dims.append(constants[item.value])
            elif isinstance(item, cst.Integer):
                dims.append(int(item.evaluated_value))
            else:
                return None
        return tuple(dims)
    try:
        shape = ast.literal_eval(cst.Module([]).code_for_node(value))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    if isinstance(shape, (list, tuple)) and all(isinstance(d, int) for d in shape):
        return tuple(shape)
    return None


class _Share(ScopeEdits):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, plan: _Plan) -> None:
        removed = {*plan.dropped, *plan.removed}
        super().__init__(module, resolve, line_of, removed, plan.unnamed, plan.unflagged, plan.unwrapped)
        self.plan = plan
        self.labels: set[int] = set()

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        self.labels.add(id(node.attr))
        return True

    def visit_Arg(self, node: cst.Arg) -> bool:
        if node.keyword is not None:
            self.labels.add(id(node.keyword))
        return True

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        renamed = self.plan.renames.get(original_node.value)
        if renamed is None or id(original_node) in self.labels:
            return updated_node
        return updated_node.with_changes(value=renamed)
