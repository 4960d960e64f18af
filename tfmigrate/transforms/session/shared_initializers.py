"""An initializer object shared by several ``tf.get_variable`` calls: the VAE and GAN layer helpers' ``w_init =
tf.random_normal_initializer(stddev=0.02)`` then ``w0 = tf.get_variable('w0', [...], initializer=w_init)``,
``w1 = tf.get_variable('w1', [...], initializer=w_init)``.

Building the object makes no op: it holds its arguments. TF1 drew each variable's initial value when get_variable
called the object, each draw an op of its own taking the next op seed of the graph (the object's seed is None), so
the program is the one with the constructor written at each ``initializer=``. Eagerly one object would draw every
variable from one stream; written at each use, each variable's initializer is seeded as TF1 seeded its draw
(seeds.py). So, before the proof, each use is read as the constructor and the binding goes. Only where the name is
bound once, by a statement of its own, to a ``tf.*_initializer(...)`` whose arguments are literals or TensorFlow
names (nothing evaluated, no ``seed``: a given seed draws the same numbers for every variable in TF1, once per
object eagerly) and every other read of the name is ``get_variable``'s ``initializer=``.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.scope_edits import ScopeEdits
from tfmigrate.transforms.session.seeds import DRAWING_INITIALIZERS, FIXED_INITIALIZERS, uniform_draw

GET_VARIABLE = "get_variable"
CONSTANTS = frozenset({"True", "False", "None"})
LITERALS: tuple[type[cst.CSTNode], ...] = (cst.Integer, cst.Float, cst.SimpleString, cst.Arg, cst.AssignEqual)
LITERALS += (cst.Comma, cst.Minus, cst.UnaryOperation, cst.BaseParenthesizableWhitespace, cst.Dot)


def inline(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each shared initializer object read as its constructor at each use, and the notes; None
    where there is none."""
    if "_initializer" not in module_code(module):
        return None
    shared = _shared(module, resolve)
    if not shared:
        return None
    rewrite = _Inline(module, resolve, line_of, shared)
    done = module.visit(rewrite)
    resolve_new, line_of_new = rewrite.remapped()
    notes = [
        (line_of(statement), f"the initializer object `{name}` written at each tf.get_variable it initializes")
        for name, (statement, _, _) in shared.items()
    ]
    return done, resolve_new, line_of_new, notes


def _path(resolve: Resolve, node: cst.CSTNode) -> str:
    return (resolve(node) or "").removeprefix("compat.v1.")


def _shared(module: cst.Module, resolve: Resolve) -> dict[str, tuple[cst.SimpleStatementLine, cst.Call, set[int]]]:
    """name -> (its binding statement, the constructor, ids of the Names read as ``initializer=``)."""
    bindings: dict[str, list[cst.SimpleStatementLine]] = {}
    constructors: dict[str, cst.Call] = {}
    for statement in descendants(module):
        small = lone_assignment(statement)
        if small is None or not isinstance(small.targets[0].target, cst.Name) or not isinstance(small.value, cst.Call):
            continue
        name = small.targets[0].target.value
        bindings.setdefault(name, []).append(statement)
        if _pure_constructor(resolve, small.value):
            constructors[name] = small.value
    passed: dict[str, set[int]] = {}
    for call in descendants(module):
        if isinstance(call, cst.Call) and _path(resolve, call.func) == GET_VARIABLE:
            given = argument(call, 3, "initializer")
            if given is not None and isinstance(given.value, cst.Name) and given.value.value in constructors:
                passed.setdefault(given.value.value, set()).add(id(given.value))
    shared: dict[str, tuple[cst.SimpleStatementLine, cst.Call, set[int]]] = {}
    for name, uses in passed.items():
        statements = bindings.get(name, [])
        reads = [n for n in descendants(module) if isinstance(n, cst.Name) and n.value == name]
        if len(uses) < 2 or len(statements) != 1 or len(reads) != len(uses) + 1:
            continue  # bound elsewhere too (a ``for``, a parameter, ``import``) or read other than as initializer=
        if any(isinstance(n, (cst.Param, cst.Global, cst.Nonlocal)) for n in descendants(module) if _names(n, name)):
            continue
        shared[name] = (statements[0], constructors[name], uses)
    return shared


def _names(node: cst.CSTNode, name: str) -> bool:
    if isinstance(node, cst.Param):
        return node.name.value == name
    if isinstance(node, (cst.Global, cst.Nonlocal)):
        return any(n.name.value == name for n in node.names)
    return False


def _pure_constructor(resolve: Resolve, call: cst.Call) -> bool:
    """``tf.random_normal_initializer(stddev=0.02)``: an initializer tfmigrate seeds, built from literals and
    TensorFlow names only, with no seed of its own."""
    path = _path(resolve, call.func)
    if path not in DRAWING_INITIALIZERS and path not in FIXED_INITIALIZERS:
        return False
    if path in DRAWING_INITIALIZERS and argument(call, DRAWING_INITIALIZERS[path], "seed") is not None:
        return False
    if not uniform_draw(call, path):
        return False
    for arg in call.args:
        if arg.star:
            return False
        for node in [arg.value, *descendants(arg.value)]:
            if isinstance(node, cst.Name) and node.value in CONSTANTS:
                continue
            if isinstance(node, cst.Attribute) and resolve(node) is not None:
                continue  # ``dtype=tf.float32``
            if isinstance(node, cst.Name) and any(
                isinstance(a, cst.Attribute) and node in descendants(a) and resolve(a) is not None
                for a in descendants(arg.value)
            ):
                continue  # the ``tf`` of ``tf.float32``
            if not isinstance(node, LITERALS):
                return False
    return True


class _Inline(ScopeEdits):
    """The bindings removed (scope_edits.py), each use the constructor."""

    def __init__(self, module, resolve, line_of, shared) -> None:
        super().__init__(module, resolve, line_of, {statement for statement, _, _ in shared.values()}, (), ())
        self.constructor = {use: call for _, call, uses in shared.values() for use in uses}

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        call = self.constructor.get(id(original_node))
        if call is None:
            return updated_node
        clone = call.deep_clone()
        for copy, original in zip([clone, *descendants(clone)], [call, *descendants(call)], strict=True):
            self.origins[id(copy)] = (copy, original)  # the constructor's line
            path = self.resolver(original)
            if path is not None:
                self.forced[id(copy)] = path  # and the TensorFlow names it reads
        return clone
