"""Initializer objects in a Session program: ``init = tf.constant_initializer(1)`` then
``tf.get_variable("w", [1], initializer=init)``.

TF1 builds the initializer object once, in Python, and each ``get_variable`` that is given it draws (or fills) the
variable's initial value where the variable is built. The eager program keeps both statements as written: the
object is the same Python value, and ``tf.compat.v1.get_variable`` draws where it runs, once, as TF1 did. Such a
name may only be passed as ``initializer=``; any other use (called, fetched, computed with) keeps the graph tier.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.cstfields import children
from tfmigrate.transforms._checkpoint import INITIALIZERS, argument
from tfmigrate.transforms.session import (
    gradients,
    initial_values,
    scope_numbering,
    stateless_scopes,
    variable_dimensions,
    variable_scopes,
)
from tfmigrate.transforms.session.analysis import Node, Program, loaded_names

KIND = "initializer"
PREFIXES = ("initializers.", "keras.initializers.", "contrib.layers.xavier", "contrib.layers.variance_scaling")


def constructs(path: str | None) -> bool:
    """``tf.constant_initializer(...)``, ``tf.random_normal_initializer(...)``, ``tf.initializers.zeros()``..."""
    if path is None:
        return False
    path = path.removeprefix("compat.v1.")
    return (path.endswith("_initializer") and path not in INITIALIZERS) or path.startswith(PREFIXES)


def define(program: Program, node: Node, call: cst.Call) -> None:
    """An initializer object bound to a name: built from Python values, or from constants computed from them
    (``stddev=xavier`` where ``xavier = 1. / tf.sqrt(n_in / 2.)``: one value, evaluated once where it is built in
    both programs, as its op-seed count is)."""
    for name in loaded_names(call):
        if name.value in program.nodes and program.nodes[name.value].kind != "const":
            raise program.deny("an initializer's arguments read graph values", call)
    node.kind = KIND


def check_variable(program: Program, value: cst.BaseExpression) -> None:
    """A variable's definition reads no graph value, except an initializer object passed as
    ``get_variable(..., initializer=init)``."""
    passed = None
    if isinstance(value, cst.Call) and (program.tf_path(value.func) or "").removeprefix("compat.v1.") == "get_variable":
        given = argument(value, 3, "initializer")
        passed = given.value if given is not None and isinstance(given.value, cst.Name) else None
    allowed = set()
    if passed is not None and initializer_node(program, passed) is not None:
        if sum(1 for name in loaded_names(value) if name.value == passed.value) == 1:
            allowed.add(passed.value)
    allowed |= initial_values.allowed(program, value)
    allowed |= variable_dimensions.shape_only(program, value)  # ``[x.get_shape()[1], n]``: no value read
    if set(program._reads(value)) - allowed:
        raise program.deny(initial_values.refusal(program, value, allowed), value)


def initializer_node(program: Program, value: cst.BaseExpression) -> Node | None:
    """The initializer object a ``get_variable(initializer=name)`` passes, as modelled."""
    if isinstance(value, cst.Name):
        node = program.nodes.get(value.value)
        if node is not None and node.kind == KIND:
            return node
    return None


def uses(program: Program, node: Node) -> int:
    """How many places read the initializer's name (each a ``get_variable`` that draws with it): its one binding
    is not one."""
    return sum(1 for name in loaded_names(program.module) if name.value == node.name) - 1


def graph_name(program: Program, variable: Node) -> str:
    """The name TF1 gave a module-level variable (``scope/var2_1:0``): what ``v.name`` printed, which eager TF2
    does not number. Computed as the graph numbered names: explicit ``name=`` and ``Variable`` under each
    ``tf.name_scope``; ``get_variable`` names ignore name scopes. Raises Blocked where that cannot be told."""
    from tfmigrate.transforms.session.savers import graph_calls, unique_name
    from tfmigrate.transforms.session.summaries import DEFAULT_NAMES

    used: dict[str, int] = {}
    names: dict[int, str] = {}
    for call, prefix in graph_calls(program):
        path = (program.tf_path(call.func) or "").removeprefix("compat.v1.")
        if path == "name_scope":
            scope = "/".join([*prefix, _literal(argument(call, 0, "name")) or ""])
            numbered = unique_name(used, scope)
            if numbered != scope:
                why = scope_numbering.renumbered(numbered, scope_numbering.NAME_SCOPE)
                raise program.deny(f"a tf.name_scope entered twice ({why})", call)
            continue
        given = argument(call, None, "name")
        literal = _literal(given)
        if given is not None and literal is None:
            raise program.deny("a graph name that is not a string literal", call)
        if path == "get_variable":
            base = _literal(argument(call, 0, "name"))
            if base is None or unique_name(used, base) != base:
                raise program.deny("a tf.get_variable name tfmigrate cannot tell", call)
            names[id(call)] = base
        elif path == "Variable":
            names[id(call)] = unique_name(used, "/".join([*prefix, literal or "Variable"]))
        elif literal is not None:
            unique_name(used, "/".join([*prefix, literal]))
    found = names.get(id(variable.value))
    if found is None:
        raise program.deny(f"the graph name of `{variable.name}` cannot be told", variable.value)
    leaf = found.rsplit("/", 1)[-1]
    if leaf != "Variable" and leaf.split("_")[0].lower() in DEFAULT_NAMES:
        raise program.deny(
            f"the name of `{variable.name}` may meet an op's default name (TF1 renames it)", variable.value
        )
    return f"{found}:0"


def _literal(arg: cst.Arg | None) -> str | None:
    value = arg.value.evaluated_value if arg is not None and isinstance(arg.value, cst.SimpleString) else None
    return value if isinstance(value, str) else None


def name_read(program: Program, attribute: cst.Attribute) -> bool:
    """``v.name`` of a module-level variable (not a container of them)."""
    owner = attribute.value
    node = program.nodes.get(owner.value) if isinstance(owner, cst.Name) else None
    return attribute.attr.value == "name" and node is not None and node.kind == "variable" and not node.container


def variable_scope(program: Program, statement: cst.With) -> bool:
    """``with tf.variable_scope("layer1"):`` at module level, run once: its get_variable names get the prefix in
    eager TF2 as in TF1, its tf.Variable names too (a Saver that restores checks them: savers.py). Not where a
    ``.name`` read prints them, not entered twice (TF1 numbered the second name scope), not with reuse or a scope object
    (an ``as scope`` nothing reads is none)."""
    if len(statement.items) != 1 or not variable_scopes.unread_as(program, statement.items[0]):
        return False
    call = statement.items[0].item
    if not isinstance(call, cst.Call) or (program.tf_path(call.func) or "").removeprefix("compat.v1.") != (
        "variable_scope"
    ):
        return False
    if len(call.args) != 1 or call.args[0].keyword is not None or _literal(call.args[0]) is None:
        return False
    scopes = [
        _literal(c.args[0]) if len(c.args) == 1 else None
        for c in loaded_calls(program)
        if program.tf1_path(c.func) in stateless_scopes.SCOPES
    ]
    name = _literal(call.args[0])
    if scopes.count(name) != 1 and not stateless_scopes.stateless_after_first(program, name):
        return False
    filtered = gradients.filter_name_reads(program)
    return not any(
        isinstance(n, cst.Attribute) and n.attr.value == "name" and n not in filtered
        for n in _descendants(program.module)
    )


def scope_refusal(program: Program, statement: cst.With) -> tuple[str, cst.CSTNode] | None:
    """Why ``variable_scope`` refused a module-level ``with tf.variable_scope(...)``, and where: the report names
    that cause, not the run-phase check the statement falls through to. None for other statements."""
    calls = [item.item for item in statement.items if isinstance(item.item, cst.Call)]
    call = next(
        (c for c in calls if (program.tf_path(c.func) or "").removeprefix("compat.v1.") == "variable_scope"), None
    )
    if call is None:
        return None
    if len(statement.items) != 1 or not variable_scopes.unread_as(program, statement.items[0]):
        from tfmigrate.transforms.session import variable_sharing  # it reads this module's names

        unshared = variable_sharing.why_unshared(program.module, program.resolve, program.line_of)
        return unshared or ("tf.variable_scope entered as a scope object or with other context managers", statement)
    if len(call.args) != 1 or call.args[0].keyword is not None or _literal(call.args[0]) is None:
        return "tf.variable_scope with arguments other than one literal name (reuse, initializers)", call
    name = _literal(call.args[0])
    scopes = [
        _literal(c.args[0]) if len(c.args) == 1 else None
        for c in loaded_calls(program)
        if program.tf1_path(c.func) in stateless_scopes.SCOPES
    ]
    if scopes.count(name) != 1 and not stateless_scopes.stateless_after_first(program, name):
        from tfmigrate.transforms.session import variable_sharing  # it reads this module's names

        unshared = variable_sharing.why_unshared(program.module, program.resolve, program.line_of)
        assert name is not None  # a literal name: checked above
        return unshared or (_entered_again(program, call, name), call)
    where = f"under tf.variable_scope({name!r}) (line {program.line_of(statement)})"
    filtered = gradients.filter_name_reads(program)
    for node in _descendants(program.module):
        if isinstance(node, cst.Attribute) and node.attr.value == "name" and node not in filtered:
            code = program.module.code_for_node(node)
            return f"`{code}` is read, and variables are named {where}; eager names are not proven to match", node
    return None


def _entered_again(program: Program, call: cst.Call, name: str) -> str:
    """Why a module-level ``with tf.variable_scope(name):`` met another scope of its name, as TF1 numbered them:
    an entry within the name scope an earlier one stood in is numbered (``outer/gen_1``); one under another name
    scope (``outer_1/gen``, ``b/gen``) or in a function (whose enclosing scope is its caller's) is not."""
    entries = _scope_entries(program)
    mine = [c for c in entries if _literal(c.args[0]) == name]
    numbered = next((entries[c][1] for c in mine if entries[c][1] is not None and _renumbered(entries[c], name)), None)
    if numbered is not None:
        kind = scope_numbering.VARIABLE_SCOPE if program.tf1_path(call.func) == "variable_scope" else "name_scope"
        return f"scope {name!r} is entered more than once ({scope_numbering.renumbered(numbered, kind)})"
    other = next((c for c in mine if c is not call), None)
    parent = entries[other][0] if other is not None else None
    where = "in a function" if parent is None else f"under `{'/'.join(parent)}`" if parent else "at module level"
    line = program.line_of(other) if other is not None else 0
    return (
        f"scope {name!r} is entered more than once, again {where}{f' (line {line})' if line else ''}, where TF1 "
        "numbers it within that entry's own enclosing name scope; a module-level scope is read as entered once only"
    )


def _renumbered(entry: tuple[tuple[str, ...] | None, str | None], name: str) -> bool:
    parent, numbered = entry
    return parent is not None and numbered != "/".join([*parent, name])


def _scope_entries(program: Program) -> dict[cst.Call, tuple[tuple[str, ...] | None, str | None]]:
    """Each scope call of one literal name, in the order TF1 entered the module's: the name scope it stands in and
    the name TF1 gave it (``tf.Graph.unique_name`` over the scopes alone); None for both inside a function or
    lambda, whose enclosing scope is its caller's."""
    from tfmigrate.transforms.session.savers import unique_name

    found: dict[cst.Call, tuple[tuple[str, ...] | None, str | None]] = {}
    used: dict[str, int] = {}

    def walk(node: cst.CSTNode, path: tuple[str, ...] | None) -> None:
        if isinstance(node, (cst.FunctionDef, cst.Lambda)):
            path = None
        if isinstance(node, cst.With):
            inner = path
            for item in node.items:
                walk(item, path)
                entry = found.get(item.item) if isinstance(item.item, cst.Call) else None
                if entry is not None and entry[1] is not None:
                    inner = tuple(entry[1].split("/"))
            walk(node.body, inner)
            return
        if isinstance(node, cst.Call) and program.tf1_path(node.func) in stateless_scopes.SCOPES:
            literal = _literal(node.args[0]) if len(node.args) == 1 else None
            if literal is not None:
                full = None if path is None else unique_name(used, "/".join([*path, literal]))
                found[node] = (path, full)
        for child in children(node):
            walk(child, path)

    walk(program.module, ())
    return found


def loaded_calls(program: Program) -> list[cst.Call]:
    return [c for c in _descendants(program.module) if isinstance(c, cst.Call)]


def _descendants(node: cst.CSTNode):
    from tfmigrate.transforms.session.analysis import descendants

    return descendants(node)
