"""Training steps built from the graph's variable list: ``tvars = tf.trainable_variables()``, ``grads, _ =
tf.clip_by_global_norm(tf.gradients(loss, tvars), 5.0)``, ``opt.apply_gradients(zip(grads, tvars))``, and the
GAN split ``[v for v in tvars if 'generator' in v.name]`` given to ``minimize(var_list=...)``.

TF1 listed the variables the graph held when the call ran, in creation order; eager TF2 has no graph to ask. The
program model knows every module-level variable and the order it was built in, so a list call becomes the literal
list of those variables. A filter on ``v.name`` is decided here, on the names TF1 gave (scopes, ``_1`` numbering):
the eager variables need not carry the same names, and the output holds the variables the filter selected in TF1.
Anything whose TF1 name cannot be told (variables built by helpers or layers, containers, scopes entered twice,
names meeting an op's default name) keeps the graph tier. ``tf.gradients`` becomes the compute_gradients path's
tape (rewrite.py), clipped as TF1 clipped it, returning the gradient list TF1's call returned.
"""

from __future__ import annotations

import re

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session import host_builtins, layers, scope_numbering, stateless_scopes
from tfmigrate.transforms.session.analysis import (
    VARIABLES,
    Node,
    Program,
    _trainable_variable,
    descendants,
    loaded_names,
)

KIND = "variables"  # a Node kind: a list of the module's variables, as TF1 listed them
LISTS = {"trainable_variables": True, "global_variables": False, "all_variables": False}
TRAINABLE_KEYS = ("GraphKeys.TRAINABLE_VARIABLES", "GraphKeys.GLOBAL_VARIABLES")
LIST, ZIP = frozenset({"list"}), frozenset({"zip"})
BUILDS_VARIABLES = ("layers.", "keras.", "contrib.", "nn.rnn_cell.", "nn.dynamic_rnn", "estimator.")


def _literal(node: cst.BaseExpression | None) -> str | None:
    value = node.evaluated_value if isinstance(node, cst.SimpleString) else None
    return value if isinstance(value, str) else None


# ------------------------------------------------------------------------------------------- the model
def define(program: Program, node: Node, value: cst.BaseExpression) -> bool:
    """A variable list, a filter of one, ``tf.gradients`` or its clipped value; False for anything else."""
    listed = variable_list(program, value)
    if listed is not None:
        if not listed:
            raise program.deny("a variable list that holds no variable", value)
        node.kind, node.reads = KIND, listed
        node.var_list = "[" + ", ".join(listed) + "]"
        if value in program.layer_lists:
            layers.inlined_list(program, node)
        return True
    call = value if isinstance(value, cst.Call) else None
    if call is None:
        return False
    paired = applied(program, cst.Arg(value=call))
    if paired:  # ``grads_and_vars = list(zip(grads, tvars))``: the pairs compute_gradients would have given
        source = program.nodes[paired]
        node.kind, node.loss, node.reads, node.var_list = "gradients", paired, [paired], source.var_list
        return True
    path = program.tf1_path(call.func)
    if path == "gradients":
        _gradients(program, node, call)
        return True
    if path == "clip_by_global_norm":
        _clipped(program, node, call)
        return True
    return False


def clipped_target(program: Program, target: cst.BaseExpression, value: cst.BaseExpression) -> cst.Name | None:
    """``grads, _ = tf.clip_by_global_norm(...)``: the name the clipped gradients are bound to (the norm is
    dropped, so the statement defines one graph name)."""
    if not (
        isinstance(value, cst.Call)
        and program.tf1_path(value.func) == "clip_by_global_norm"
        and isinstance(target, (cst.Tuple, cst.List))
        and len(target.elements) == 2
        and all(isinstance(e, cst.Element) and isinstance(e.value, cst.Name) for e in target.elements)
    ):
        return None
    first, second = (e.value for e in target.elements)
    norm = second.value  # type: ignore[attr-defined]
    if norm != "_" and sum(1 for n in loaded_names(program.module) if n.value == norm) != 1:
        raise program.deny(f"the global norm `{norm}` tf.clip_by_global_norm returns is read (not modelled)", value)
    return first  # type: ignore[return-value]


def _gradients(program: Program, node: Node, call: cst.Call) -> None:
    """``tf.gradients(loss, var_list)``: the list of gradients, one per variable, as a tape gives them."""
    loss, var_list = argument(call, 0, "ys"), argument(call, 1, "xs")
    if len(call.args) != 2 or loss is None or var_list is None:
        raise program.deny("tf.gradients with arguments beyond (loss, var_list)", call)
    read = program.nodes.get(loss.value.value) if isinstance(loss.value, cst.Name) else None
    if read is None or read.kind != "tensor":
        raise program.deny("tf.gradients of something other than a computed tensor", call)
    listed = var_list_code(program, var_list.value)
    single = program.nodes.get(var_list.value.value) if isinstance(var_list.value, cst.Name) else None
    if listed is None and single is not None and single.kind == "variable" and not single.container:
        listed = f"[{single.name}]", [single.name]  # ``tf.gradients(loss, w)``: TF1's list of one gradient
    if listed is None:
        raise program.deny("tf.gradients over something other than a list of this module's variables", call)
    unused = [v for v in listed[1] if v not in read.variables]
    if unused:
        raise program.deny(f"tf.gradients gives no gradient for `{unused[0]}` (None in TF1)", call)
    node.kind, node.loss, node.reads, node.var_list, node.bare = "gradients", read.name, [read.name], listed[0], True


def _clipped(program: Program, node: Node, call: cst.Call) -> None:
    """``tf.clip_by_global_norm(gradients, clip_norm)``: the gradients, clipped in the same function."""
    given, norm = argument(call, 0, "t_list"), argument(call, 1, "clip_norm")
    if len(call.args) != 2 or given is None or norm is None:
        raise program.deny("tf.clip_by_global_norm with arguments beyond (gradients, clip_norm)", call)
    if any(name.value in program.nodes for name in loaded_names(norm.value)) or any(
        isinstance(c, cst.Call) for c in descendants(norm.value)
    ):
        raise program.deny("tf.clip_by_global_norm with a clip norm that is not a Python value", call)
    for name in loaded_names(norm.value):  # read when the function runs: TF1 read it once, building the graph
        if name.value in program.scope.loose or len(program.scope.sites.get(name.value, [])) > 1:
            raise program.deny(f"the clip norm reads `{name.value}`, which is bound more than once", call)
    inner = given.value
    if isinstance(inner, cst.Call) and program.tf1_path(inner.func) == "gradients":
        _gradients(program, node, inner)
    else:
        source = program.nodes.get(inner.value) if isinstance(inner, cst.Name) else None
        if source is None or source.kind != "gradients" or not source.bare or source.clip:
            raise program.deny("tf.clip_by_global_norm of something other than tf.gradients' list", call)
        # ``clipped = tf.clip_by_global_norm(grads, 5.0)``: computed from the gradients function, then clipped
        node.kind, node.loss, node.reads = "gradients", source.name, [source.name]
        node.var_list, node.bare = source.var_list, True
    node.clip = program.module.code_for_node(norm.value)


def applied(program: Program, first: cst.Arg | None) -> str:
    """``apply_gradients(zip(grads, tvars))`` (or ``list(zip(...))``) over one tf.gradients list and the variables
    it was taken for: the gradients' name; "" for other arguments."""
    value = first.value if first is not None else None
    if isinstance(value, cst.Call) and host_builtins.builtin(program, value.func, LIST):
        value = value.args[0].value if len(value.args) == 1 else None
    if not (
        isinstance(value, cst.Call)
        and host_builtins.builtin(program, value.func, ZIP)
        and len(value.args) == 2
        and isinstance(value.args[0].value, cst.Name)
    ):
        return ""
    gradients = program.nodes.get(value.args[0].value.value)
    if gradients is None or gradients.kind != "gradients" or not gradients.bare:
        return ""
    listed = var_list_code(program, value.args[1].value)
    taken = var_list_code(program, cst.parse_expression(gradients.var_list))
    if listed is None or taken is None or listed[1] != taken[1]:
        raise program.deny("apply_gradients() pairs gradients with other variables than they were taken for", value)
    return gradients.name


def var_list_code(program: Program, value: cst.BaseExpression) -> tuple[str, list[str]] | None:
    """A ``var_list`` the model can list: a variable-list name, a list call, or a literal list of variables: its
    code in the output and the variables it holds."""
    if isinstance(value, cst.Name):
        known = program.nodes.get(value.value)
        if known is not None and known.kind == KIND and not known.reads:  # tf.layers' variables (layers.py)
            return known.var_list, []
        if known is not None and known.kind == KIND:
            return value.value, list(known.reads)
        once = len(program.scope.sites.get(value.value, [])) == 1 and value.value not in program.scope.loose
        if known is not None and once and isinstance(known.value, (cst.List, cst.Tuple, cst.BinaryOperation)):
            return var_list_code(program, known.value)  # ``theta_D = [D_W1, D_b1]``: bound once, the list it holds
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add):  # ``h.params + s.params``
        left, right = var_list_code(program, value.left), var_list_code(program, value.right)
        if left is not None and right is not None and not set(left[1]) & set(right[1]) and left[1] and right[1]:
            return f"{left[0]} + {right[0]}", [*left[1], *right[1]]
        return None
    listed = variable_list(program, value)
    if listed:
        return "[" + ", ".join(listed) + "]", listed
    if isinstance(value, (cst.List, cst.Tuple)) and all(
        isinstance(e.value, cst.Name)
        and getattr(program.nodes.get(e.value.value), "kind", "") == "variable"
        and not program.nodes[e.value.value].container
        for e in value.elements
    ):
        names = [e.value.value for e in value.elements]  # type: ignore[attr-defined]
        return "[" + ", ".join(names) + "]", names
    return None


def container_entries(program: Program, built: list[Node], loss: Node) -> list[str] | None:
    """``opt.compute_gradients(cost)`` without a var_list over literal containers of variables (aymericdamien's
    ``weights`` and ``biases`` dicts, then clipped pairs): TF1's trainable variables in creation order, a
    container's entries in its literal order (``weights['h1']``). None where an entry is not a trainable
    ``tf.Variable`` by a literal key, or the loss reads a container whole or misses an entry (TF1 pairs it with
    a None gradient, which the pairs' edit would meet)."""
    from tfmigrate.transforms.session.joint_steps import direct_variable_reads

    codes: list[str] = []
    for node in built:
        if not node.container:
            codes.append(node.name)
            continue
        value = node.value
        if isinstance(value, cst.Dict):
            pairs = [(e.key, e.value) for e in value.elements if isinstance(e, cst.DictElement)]
        elif isinstance(value, (cst.List, cst.Tuple)):
            pairs = [(cst.Integer(str(i)), e.value) for i, e in enumerate(value.elements)]
        else:
            return None
        for key, element in pairs:
            if not (
                isinstance(key, (cst.SimpleString, cst.Integer))
                and isinstance(element, cst.Call)
                and program.tf1_path(element.func) == "Variable"
                and _trainable_variable(element)
            ):
                return None
            codes.append(f"{node.name}[{key.evaluated_value!r}]")
    reads: set[str] = set()
    for read in [loss, *loss.upstream.values()]:
        if read.kind == "tensor":
            reads |= direct_variable_reads(program, read)
    containers = {n.name for n in built if n.container}
    if reads & containers or not all(code in reads for code in codes if "[" in code):
        return None
    return codes


# ------------------------------------------------------------------------------------------- the lists
def variable_list(program: Program, value: cst.BaseExpression) -> list[str] | None:
    """The variables a list call or a filter of one selects, in TF1's order; None for other expressions."""
    if isinstance(value, cst.ListComp):
        return _filtered(program, value)
    if not isinstance(value, cst.Call):
        return None
    path = program.tf1_path(value.func)
    if path in LISTS:
        scope = argument(value, 0, "scope")
        if len(value.args) > 1 or (value.args and scope is None):
            raise program.deny(f"tf.{path} with arguments other than scope=", value)
        trainable = LISTS[path]
    elif path == "get_collection":
        key = argument(value, 0, "key")
        key_path = program.tf1_path(key.value) if key is not None else ""
        if key_path not in TRAINABLE_KEYS:
            return None
        if len(value.args) > 2:
            raise program.deny("tf.get_collection with arguments beyond (key, scope)", value)
        trainable, scope = key_path == TRAINABLE_KEYS[0], argument(value, 1, "scope")
    else:
        return None
    pattern = _literal(scope.value) if scope is not None else ""
    if pattern is None:
        raise program.deny(f"tf.{path} with a scope that is not a string literal", value)
    if program.layers:
        return layers.variable_list(program, value, pattern, trainable)
    built = _built(program, value, trainable)
    names = tf1_names(program) if pattern else {}
    return [v.name for v in built if not pattern or re.match(pattern, names[v.name])]


def _built(program: Program, value: cst.BaseExpression, trainable: bool) -> list[Node]:
    """The variables TF1 held when the list call ran: every variable node built before it. Refused where the
    model may not know every variable (layers, helpers, containers, rebound names) or, for all variables, where an
    optimizer already built its slots."""
    for call in descendants(program.module):
        path = program.tf1_path(call.func) if isinstance(call, cst.Call) else ""
        if path.startswith(BUILDS_VARIABLES) and "initializer" not in path:
            raise program.deny(f"tf.{path} builds variables the variable list would hold", call)
    function = getattr(program, "function", None)  # a Session program inside ``def main():`` (functions.py)
    if isinstance(function, cst.FunctionDef) and isinstance(getattr(program, "whole", None), cst.Module):
        inside = set(map(id, descendants(function)))
        for call in descendants(program.whole):  # type: ignore[attr-defined]
            path = program.tf1_path(call.func) if isinstance(call, cst.Call) else ""
            if id(call) not in inside and (path in VARIABLES or path.startswith(BUILDS_VARIABLES)):
                raise program.deny("variables built outside the function would be in TF1's variable list", value)
    values = {n.value for vs in program.versions.values() for n in vs if n.kind == "variable"}
    line = program.line_of(value)
    for call in descendants(program.module):
        path = program.tf1_path(call.func) if isinstance(call, cst.Call) else ""
        if "global_step" in path:
            raise program.deny(f"tf.{path} builds a variable the variable list would hold", call)
        if path in VARIABLES and call not in values and program.line_of(call) < line:
            raise program.deny("a variable built where tfmigrate cannot list it (a helper, an expression)", call)
    variables = [n for n in program.nodes.values() if n.kind == "variable"]
    if any(n.container for n in variables) or any(
        v.kind == "variable" and program.nodes.get(v.name) is not v for vs in program.versions.values() for v in vs
    ):
        raise program.deny("a variable list over variables tfmigrate cannot list by name", value)
    if not trainable and any(n.kind == "train" for n in program.nodes.values()):
        raise program.deny("tf.global_variables after a training op built the optimizer's slot variables", value)
    return sorted(
        (n for n in variables if not trainable or _trainable_variable(n.value)),
        key=lambda n: n.index,
    )


def _filtered(program: Program, comp: cst.ListComp) -> list[str] | None:
    """``[v for v in tvars if 'generator' in v.name]``: decided on the names TF1 gave."""
    source = filter_source(comp)
    if source is None:
        return None
    listed = var_list_code(program, source.iter)
    known = program.nodes.get(source.iter.value) if isinstance(source.iter, cst.Name) else None
    if program.layers and listed is not None and known is not None and layers.removed_list(known):
        listed = (listed[0], variable_list(program, known.value) or [])  # ``T_vars``: written where it is used
    if listed is None:
        if any(n.value in program.nodes for n in loaded_names(source.iter)):
            raise program.deny("a filter over something other than a variable list", comp)
        return None
    names = layers.weights(program, comp) if program.layers else tf1_names(program)
    if program.layers:
        program.layer_lists.add(comp)  # written where it is used, as the list it filters (layers.inlined_list)
    target = source.target.value  # type: ignore[attr-defined]
    kept = []
    for variable in listed[1]:
        verdict = _predicate(source.ifs[0].test if source.ifs else None, target, names[variable])
        if verdict is None:
            raise program.deny("a variable filter other than a test on `v.name` with string literals", comp)
        if verdict:
            kept.append(variable)
    return kept


def filter_source(comp: cst.CSTNode) -> cst.CompFor | None:
    """The one ``for v in ... if ...`` clause of a list comprehension that yields its loop variable."""
    if not isinstance(comp, cst.ListComp) or not isinstance(comp.elt, cst.Name):
        return None
    clause = comp.for_in
    if clause.inner_for_in is not None or len(clause.ifs) > 1 or not isinstance(clause.target, cst.Name):
        return None
    return clause if clause.target.value == comp.elt.value else None


def filter_name_reads(program: Program) -> set[cst.Attribute]:
    """The ``v.name`` reads inside the module-level filter comprehensions (``dvar = [v for v in tvars if 'd_' in
    v.name]``): the filter is decided on TF1's names (or the program keeps the graph tier), so they read no eager
    name."""
    found: set[cst.Attribute] = set()
    statements: list[cst.CSTNode] = list(program.module.body)
    while statements:
        statement = statements.pop()
        if isinstance(statement, cst.With):
            statements.extend(statement.body.body)
        if not isinstance(statement, cst.SimpleStatementLine) or not isinstance(statement.body[0], cst.Assign):
            continue
        value = statement.body[0].value
        source = filter_source(value)
        if source is not None:
            target = source.target.value  # type: ignore[attr-defined]
            found.update(
                n
                for n in descendants(value)
                if isinstance(n, cst.Attribute) and n.attr.value == "name" and _is_name(n, target)
            )
    return found


def _predicate(test: cst.BaseExpression | None, target: str, name: str) -> bool | None:
    """The filter's verdict on one TF1 name; None for a test not modelled."""
    if test is None:
        return True
    if isinstance(test, cst.BooleanOperation):
        left, right = _predicate(test.left, target, name), _predicate(test.right, target, name)
        if left is None or right is None:
            return None
        return (left and right) if isinstance(test.operator, cst.And) else (left or right)
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        inner = _predicate(test.expression, target, name)
        return None if inner is None else not inner
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        text, operator = _literal(test.left), test.comparisons[0].operator
        if text is not None and _is_name(test.comparisons[0].comparator, target):
            if isinstance(operator, cst.In):
                return text in name
            if isinstance(operator, cst.NotIn):
                return text not in name
        return None
    if (
        isinstance(test, cst.Call)
        and isinstance(test.func, cst.Attribute)
        and test.func.attr.value in ("startswith", "endswith")
        and _is_name(test.func.value, target)
        and len(test.args) == 1
        and test.args[0].keyword is None
    ):
        text = _literal(test.args[0].value)
        if text is None:
            return None
        return name.startswith(text) if test.func.attr.value == "startswith" else name.endswith(text)
    return None


def _is_name(node: cst.BaseExpression, target: str) -> bool:
    return (
        isinstance(node, cst.Attribute)
        and node.attr.value == "name"
        and isinstance(node.value, cst.Name)
        and node.value.value == target
    )


def tf1_names(program: Program) -> dict[str, str]:
    """The name TF1 gave each module-level variable (``generator/Variable_1:0``): ``tf.Variable`` under the name
    scopes (``tf.variable_scope`` opens one), ``get_variable`` under the variable scopes, both numbered as
    ``tf.Graph.unique_name`` numbered them. Raises Blocked where a name cannot be told."""
    from tfmigrate.transforms.session.savers import unique_name
    from tfmigrate.transforms.session.summaries import DEFAULT_NAMES

    used: dict[str, int] = {}
    found: dict[int, str] = {}
    chosen: dict[int, str] = {}  # the names the program chose (an unnamed tf.Variable meets only other variables)

    def walk(statements, variable_scope: list[str], name_scope: list[str]) -> None:
        for statement in statements:
            if isinstance(statement, cst.With):
                call = statement.items[0].item if len(statement.items) == 1 else None
                path = program.tf1_path(call.func) if isinstance(call, cst.Call) else ""
                if path not in stateless_scopes.SCOPES:
                    walk(statement.body.body, variable_scope, name_scope)
                    continue
                assert isinstance(call, cst.Call)
                literal = _literal(call.args[0].value) if len(call.args) == 1 else None
                if literal is None or call.args[0].keyword is not None or statement.items[0].asname is not None:
                    raise program.deny(f"tf.{path} other than with one literal name", call)
                scope = "/".join([*name_scope, literal])
                numbered = unique_name(used, scope)
                if numbered != scope and not stateless_scopes.stateless_after_first(program, literal):
                    kind = scope_numbering.VARIABLE_SCOPE if path == "variable_scope" else scope_numbering.NAME_SCOPE
                    why = scope_numbering.renumbered(numbered, kind)
                    raise program.deny(f"scope {literal!r} is entered more than once ({why})", call)
                inner = [*variable_scope, literal] if path == "variable_scope" else variable_scope
                walk(statement.body.body, inner, [*name_scope, numbered.rsplit("/", 1)[-1]])
            elif isinstance(statement, cst.SimpleStatementLine):
                for call in descendants(statement):
                    if not isinstance(call, cst.Call) or program.tf_path(call.func) is None:
                        continue
                    path = program.tf1_path(call.func)
                    given = argument(call, None, "name")
                    literal = _literal(given.value) if given is not None else None
                    if given is not None and literal is None:
                        raise program.deny("a graph name that is not a string literal", call)
                    if path == "get_variable":
                        first = argument(call, 0, "name")
                        base = _literal(first.value) if first is not None else None
                        full = "/".join([*variable_scope, base or ""])
                        if base is None or unique_name(used, full) != full:
                            raise program.deny("a tf.get_variable name tfmigrate cannot tell", call)
                        found[id(call)], chosen[id(call)] = full, base
                    elif path == "Variable":
                        if literal is not None:
                            chosen[id(call)] = literal
                        found[id(call)] = unique_name(used, "/".join([*name_scope, literal or "Variable"]))
                    elif literal is not None:
                        unique_name(used, "/".join([*name_scope, literal]))

    walk(program.module.body, [], [])
    names: dict[str, str] = {}
    for variable in (n for n in program.nodes.values() if n.kind == "variable"):
        name = found.get(id(variable.value))
        if name is None:
            raise program.deny(f"the graph name of `{variable.name}` cannot be told", variable.value)
        if id(variable.value) in chosen and chosen[id(variable.value)].split("_")[0].lower() in DEFAULT_NAMES:
            raise program.deny(
                f"the name of `{variable.name}` may meet an op's default name (TF1 renames it)", variable.value
            )
        names[variable.name] = f"{name}:0"
    return names


# ------------------------------------------------------------------------------------------- the rewrite
def definition(node: Node) -> tuple[str, str]:
    """The statement that replaces a variable list, and the report line."""
    return f"{node.name} = {node.var_list}", f"variable list `{node.name}` -> the variables TF1 listed, in its order"


def differentiated(train: Node) -> Node | None:
    """The tensor an ``apply_gradients`` step's gradients are taken of (``loss`` in ``opt.compute_gradients(loss)``,
    through zips, clips and edited pairs), when one tensor is, else None. ``_, l = sess.run([train_op, loss])``
    fetches it beside the step: TF1 computed it once, before the update, as the step's function does first."""
    pairs = train.resolved.get(train.loss)
    if pairs is None:
        return None
    if pairs.kind != "gradients":
        sources = [n for n in pairs.upstream.values() if n.kind == "gradients"]
        outermost = [n for n in sources if not any(n.name in s.ancestors for s in sources if s is not n)]
        if len(outermost) != 1:
            return None
        pairs = outermost[0]
    while pairs is not None and pairs.kind == "gradients":
        read = pairs.resolved.get(pairs.loss)
        if read is None or read.kind != "gradients":
            return read if read is not None and read.kind == "tensor" else None
        pairs = read
    return None
