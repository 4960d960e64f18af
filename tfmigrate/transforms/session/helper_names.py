"""TF1's names of the variables a layer helper builds at one call site, handed to its creation function.

A TF1 graph numbers names per graph: the second ``add_layer`` call's unnamed variables are ``Variable_2`` and
``Variable_3``, its ``tf.name_scope("layer")`` is ``layer_1``. Eager TF2 numbers nothing, so the creation function
(builders.py) would give every call site the first call's names, and a TF1 Saver checkpoint, read by name, would not
restore. Each variable or name scope whose TF1 name differs somewhere becomes a keyword parameter of the creation
function, defaulting to what the helper wrote (``None``: eager's ``Variable``), and each call site where TF1's name
differs passes it: the eager variables then carry TF1's names, which is also what a TF1 Saver reads from the
migrated program's checkpoints (checked on TF 2.21 in tests/test_helper_names.py).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session.analysis import VARIABLE, Blocked, Program, descendants

if TYPE_CHECKING:
    from tfmigrate.transforms.session.builders import Helper, Site


def site_names(program: Program, helper: Helper, site: Site, prefix: list[str], used: dict[str, int], unique) -> None:
    """Walk the helper's body as TF1 builds it at ``site`` (under ``prefix``), numbering names in ``used``, and
    record on the site each name TF1 gives otherwise than the creation function would; raises Blocked where that
    name cannot be passed (a name that is not a literal, a ``tf.get_variable``)."""
    split = helper.split
    assert split is not None
    creations = {c.statement: c for c in split.creations}

    def walk(statements, tf1: list[str]) -> None:
        for statement in statements:
            if isinstance(statement, cst.With):
                scope_call = statement.items[0].item
                assert isinstance(scope_call, cst.Call)
                scope = literal_string(scope_call.args[0].value)
                if scope is None or len(statement.items) != 1 or len(scope_call.args) != 1:
                    raise Blocked(
                        f"function `{helper.name}`: a name scope that is not a literal, so old checkpoints may not "
                        "match",
                        program.line_of(statement),
                    )
                full = unique(used, "/".join([*tf1, scope]))
                last = full.rsplit("/", 1)[-1]
                if last != scope:
                    _record(helper, site, scope_call, last, json.dumps(scope))
                walk(statement.body.body, [*tf1, last])  # the site passes TF1's scope: eager's prefix is TF1's
            elif isinstance(statement, cst.SimpleStatementLine) and statement in creations:
                call = creations[statement].call
                written = _written(call)
                if written == "":
                    raise Blocked(
                        f"function `{helper.name}`: a variable name that is not a string literal, so old "
                        "checkpoints may not match",
                        program.line_of(statement),
                    )
                base = written or "Variable"
                full = unique(used, "/".join([*tf1, base]))
                last = full.rsplit("/", 1)[-1]
                if last == base:
                    continue
                if program.tf_path(call.func) != VARIABLE:
                    raise Blocked(
                        f"`{helper.name}` builds the variable TF1 named `{full}` here, with tf.get_variable, whose "
                        "name eager TF2 does not number",
                        program.line_of(site.call),
                    )
                _record(helper, site, call, last, "None" if written is None else json.dumps(written))
            elif isinstance(statement, cst.If) and any(isinstance(n, cst.Return) for n in descendants(statement)):
                return  # no variable is built after a branch that returns (builders.define let on past the others)

    body = helper.definition.body
    walk(body.body if isinstance(body, cst.IndentedBlock) else [], list(prefix))


def _written(call: cst.Call) -> str | None:
    """The literal ``name=`` of a tf.Variable call; None when absent, "" when not a literal."""
    name = argument(call, None, "name")
    if name is not None:
        return literal_string(name.value) or ""
    return "" if len([a for a in call.args if a.keyword is None]) > 6 else None


def _record(helper: Helper, site: Site, call: cst.Call, tf1: str, default: str) -> None:
    """The parameter that carries ``call``'s name into the creation function (one per call), and this site's value."""
    split = helper.split
    assert split is not None
    if call not in split.name_params:
        taken = {n.value for n in descendants(helper.definition) if isinstance(n, cst.Name)}
        taken |= set(split.name_params.values())
        creation = next((c for c in split.creations if c.call is call), None)
        if creation is not None:
            base = f"{creation.local}_name"
        else:
            scope = literal_string(call.args[0].value) or "scope"
            base = "".join(ch if ch.isalnum() else "_" for ch in scope) + "_scope"
        param = base
        while param in taken:
            param += "_"
        split.name_params[call] = param
        split.name_defaults[call] = default
    site.names[split.name_params[call]] = tf1


class Named:
    """Renames in the creation function's body: each recorded variable or scope reads its name parameter."""

    def __init__(self, helper: Helper) -> None:
        split = helper.split
        assert split is not None
        self.params = split.name_params
        self.variables = {c.call for c in split.creations}

    def renamed(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        from tfmigrate.transforms.session.savers import named_call

        param = self.params.get(original_node)
        if param is None:
            return updated_node
        if original_node in self.variables:  # tf.Variable(..., name=W_name)
            named = named_call(updated_node, "")
            return named.with_changes(
                args=[
                    a.with_changes(value=cst.Name(param)) if a.keyword is not None and a.keyword.value == "name" else a
                    for a in named.args
                ]
            )
        first = updated_node.args[0]  # tf.name_scope(layer_scope)
        return updated_node.with_changes(args=[first.with_changes(value=cst.Name(param)), *updated_node.args[1:]])


def parameters(split) -> list[cst.Param]:
    """``W_name=None``, ``layer_scope='layer'``: the creation function's name parameters, with what the helper wrote."""
    equal = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
    variables = [c.call for c in split.creations]
    ordered = [c for c in split.name_params if c not in variables] + [c for c in variables if c in split.name_params]
    return [
        cst.Param(
            cst.Name(split.name_params[call]), default=cst.parse_expression(split.name_defaults[call]), equal=equal
        )
        for call in ordered
    ]


def arguments(site: Site) -> list[str]:
    """The call site's ``b_name="Variable_3"`` arguments."""
    return [f"{param}={json.dumps(tf1)}" for param, tf1 in site.names.items()]
