"""A variable scope named by a module constant: ``GENERATOR = 'generator'`` then ``with
tf.variable_scope(GENERATOR, reuse=reuse):`` in the builder and ``var.name.startswith(GENERATOR)`` in the
optimizer's variable list (postBG's fashion-MNIST DCGAN), or ``tf.get_collection(GLOBAL_VARIABLES, scope=GENERATOR)``,
read as the literal the constant holds.

The scope models (variable_scopes.py, layer_scopes.py) and the name filters (gradients.py) read a scope's name where
it is written as a string; a name bound once, at module level, to a string literal and never bound again holds that
string wherever it is read, so reading the literal there is the same program. Only these places are read so: the
first argument of ``tf.variable_scope``, the scope of a variable list (``tf.get_collection``, ``tf.global_variables``,
``tf.trainable_variables``) and the argument of a ``.startswith`` / ``in`` test.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import Bindings, LineOf, Resolve, descendants
from tfmigrate.transforms.session.renames import lone_assignment
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

SCOPE = "variable_scope"
LISTS = {"get_collection": 1, "global_variables": 0, "trainable_variables": 0}  # the scope's position


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each scope-naming constant read as its literal there; None where none is."""
    constants = _constants(module)
    if not constants:
        return None
    places: dict[int, cst.SimpleString] = {}
    for node in descendants(module):
        for name in _scope_names(node, resolve):
            if name.value in constants:
                places[id(name)] = constants[name.value]
    if not places:
        return None
    rewrite = _Literal(module, resolve, line_of, places)
    return (module.visit(rewrite), *rewrite.remapped(), [])


def _constants(module: cst.Module) -> dict[str, cst.SimpleString]:
    """Names bound once in the whole module, by a module-level ``NAME = 'literal'``, declared global nowhere."""
    bindings = Bindings(module)
    found: dict[str, cst.SimpleString] = {}
    for statement in module.body:
        assign = lone_assignment(statement)
        if (
            assign is not None
            and isinstance(target := assign.targets[0].target, cst.Name)
            and isinstance(assign.value, cst.SimpleString)
            and len(bindings.sites.get(target.value, [])) == 1
        ):
            found[target.value] = assign.value
    excluded = declared_or_stored_inside(module)
    return {name: value for name, value in found.items() if name not in excluded}


def declared_or_stored_inside(module: cst.Module) -> set[str]:
    """Names some scope may bind other than the module's one statement: declared global, or a local of a function,
    class or comprehension (which reads its own value there)."""
    declared = {n.name.value for g in descendants(module) if isinstance(g, cst.Global) for n in g.names}
    stored_inside = {
        t.value
        for f in descendants(module)
        if isinstance(f, (cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.BaseComp))
        for a in descendants(f)
        for target in _targets(a)
        for t in descendants(target)
        if isinstance(t, cst.Name)
    }
    return declared | stored_inside


def _targets(node: cst.CSTNode) -> list[cst.CSTNode]:
    if isinstance(node, (cst.AssignTarget, cst.For, cst.CompFor, cst.AugAssign, cst.AnnAssign, cst.NamedExpr)):
        return [node.target]
    if isinstance(node, (cst.Param, cst.AsName)):
        return [node.name]
    return []


def _scope_names(node: cst.CSTNode, resolve: Resolve) -> list[cst.Name]:
    """The names a scope is named by at ``node``: ``tf.variable_scope(NAME, ...)``'s first argument, a variable
    list's ``scope=NAME``, ``x.startswith(NAME)``'s argument, ``NAME in x``'s left side."""
    position = LISTS.get((resolve(node.func) or "").removeprefix("compat.v1.")) if isinstance(node, cst.Call) else None
    if isinstance(node, cst.Call) and position is not None:
        scope = argument(node, position, "scope")
        return [scope.value] if scope is not None and isinstance(scope.value, cst.Name) else []
    if isinstance(node, cst.Call) and node.args and node.args[0].keyword is None:
        path = (resolve(node.func) or "").removeprefix("compat.v1.")
        startswith = isinstance(node.func, cst.Attribute) and node.func.attr.value == "startswith"
        if (path == SCOPE or startswith) and isinstance(node.args[0].value, cst.Name):
            return [node.args[0].value]
    if (
        isinstance(node, cst.Comparison)
        and isinstance(node.left, cst.Name)
        and len(node.comparisons) == 1
        and isinstance(node.comparisons[0].operator, cst.In)
    ):
        return [node.left]
    return []


class _Literal(TracedRewrite):
    def __init__(
        self, module: cst.Module, resolve: Resolve, line_of: LineOf, places: dict[int, cst.SimpleString]
    ) -> None:
        super().__init__(module, resolve, line_of)
        self.places = places

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        literal = self.places.get(id(original_node))
        return updated_node if literal is None else self.traced(cst.SimpleString(literal.value), original_node)
