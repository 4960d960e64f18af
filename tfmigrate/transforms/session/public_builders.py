"""A graph class whose graph the module builds by calling a public method right after constructing the instance (the
GAN collection's ``gan = GAN(sess, epoch=...)`` then ``gan.build_model()``).

The call is the statement right after the construction, without arguments, and the method is named nowhere else:
so TF1 ran the method's body right after the constructor's last line, which is what the constructor ending
``self.build_model()`` does. The class proof (classes.py) follows a builder the constructor calls as a statement;
the rewrite is put back as written: the constructor without that last call, the module's call after the
construction.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.bound_builders import _self_call as self_call
from tfmigrate.transforms.session.class_constants import constructor_of, with_constructor
from tfmigrate.transforms.session.defaulted_parameters import bound_first, defaulted, put_back
from tfmigrate.transforms.session.host_only_methods import builds_nothing
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.node_replace import Replace
from tfmigrate.transforms.session.renames import lone_assignment

Called = tuple[str, str, list[cst.Param]]  # the instance's name, the method, its defaulted parameters


def _own_call(statement: cst.CSTNode, owner: str) -> str | None:
    """``owner.method()`` as the whole statement: the method, else None."""
    small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 else None
    call = self_call(small.value if isinstance(small, cst.Expr) else None, owner)
    return cast(cst.Attribute, call.func).attr.value if call is not None else None


def _blocks(module: cst.Module) -> list[list[cst.BaseStatement]]:
    """The module's statement lists: its body and each indented block's."""
    found: list[list[cst.BaseStatement]] = [list(module.body)]
    found.extend(list(n.body) for n in descendants(module) if isinstance(n, cst.IndentedBlock))
    return found


def _site(module: cst.Module, name: str, last: bool = False) -> tuple[str, cst.BaseStatement, cst.BaseStatement] | None:
    """The one ``x = Cls(...)`` of the module and the statement right after it (itself when ``last`` allows it to
    end its block)."""
    sites = []
    for statements in _blocks(module):
        for index, statement in enumerate(statements):
            assigned = lone_assignment(statement)
            value = assigned.value if assigned is not None else None
            if (
                isinstance(value, cst.Call)
                and isinstance(value.func, cst.Name)
                and value.func.value == name
                and isinstance(target := cast(cst.Assign, assigned).targets[0].target, cst.Name)
                and (last or index + 1 < len(statements))
            ):
                sites.append((target.value, statement, statements[min(index + 1, len(statements) - 1)]))
    return sites[0] if len(sites) == 1 else None


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Called] | None:
    """The module without the ``x.build_model()`` statement, the constructor ending ``self.build_model()``; None
    when the construction is not followed by such a call of a method taking no arguments named nowhere else."""
    if not isinstance(definition.body, cst.IndentedBlock) or definition not in module.body:
        return None
    site = _site(module, definition.name.value)
    method = _own_call(site[2], site[0]) if site is not None else None
    members = list(definition.body.body)
    methods = {s.name.value: s for s in members if isinstance(s, cst.FunctionDef)}
    init = methods.get("__init__")
    if site is None or method is None or method == "__init__" or init is None or method not in methods:
        return None
    built = methods[method]
    params = built.params
    defaults = defaulted(built) if params.params else None
    if (
        defaults is None
        or params.kwonly_params
        or params.posonly_params
        or params.star_kwarg is not None
        or params.star_arg not in (None, cst.MaybeSentinel.DEFAULT)
        or built.decorators
        or not init.params.params
        or not isinstance(init.body, cst.IndentedBlock)
        or builds_nothing(built, methods, module, resolve)  # ``agent.train_network()`` only runs the Session
    ):
        return None
    named = [n for n in descendants(module) if isinstance(n, cst.Name) and n.value == method]
    if len(named) != 2:  # the ``def`` and the module's call
        return None
    origins = Origins()  # the module without the call: each rebuilt node reads as its original
    gone: dict = {site[2]: cst.RemoveFromParent()}
    module = module.visit(Replace(gone, origins, made=False))
    rebuilt = cast(cst.ClassDef, next(s for s in module.body if origins.of(s) is definition))
    members = list(cast(cst.IndentedBlock, rebuilt.body).body)
    old = cast(cst.FunctionDef, next(s for s in members if origins.of(s) is init))
    owner = old.params.params[0].name.value
    call = cst.parse_statement(f"{owner}.{method}()")
    made = Origins()
    for node in [call, *descendants(call)]:
        made.keep(node, site[2])
    block = cast(cst.IndentedBlock, old.body)
    new_init = old.with_changes(body=block.with_changes(body=[*block.body, call]))
    if defaults:  # ``def setup_training(self, learning_rate=0.002)`` called without arguments: bound first
        written = cast(cst.FunctionDef, next(s for s in members if origins.of(s) is built))
        body = cast(cst.IndentedBlock, written.body)
        first = bound_first(defaults, made)
        new_built = written.with_changes(
            params=written.params.with_changes(params=[written.params.params[0]]),
            body=body.with_changes(body=[*first, *body.body]),
        )
        made.keep(new_built, written)
        made.keep(new_built.body, written.body)
        members = [new_built if s is written else s for s in members]
    return (
        *with_constructor(
            module,
            lambda node: resolve(origins.of(node)),
            lambda node: line_of(origins.of(node)),
            rebuilt,
            members,
            (old, new_init),
            made,
        ),
        (site[0], method, defaults),
    )


def resugar(module: cst.Module, name: str, called: Called, line: int) -> cst.Module:
    """The rewritten constructor without its last ``self.build_model()``, the module's call back after the
    construction."""
    refused = Blocked(f"class `{name}`: the module's call of its graph-building method `{called[1]}`", line)
    definition, members, init = constructor_of(module, name, refused)
    statements = list(cast(cst.IndentedBlock, init.body).body)
    owner = init.params.params[0].name.value
    if not statements or _own_call(statements[-1], owner) != called[1]:
        raise refused
    body = cast(cst.IndentedBlock, init.body).with_changes(
        body=statements[:-1] or [cst.SimpleStatementLine([cst.Pass()])]
    )
    members = [init.with_changes(body=body) if s is init else s for s in members]
    if called[2]:  # the method's defaulted parameters back
        built = next(s for s in members if isinstance(s, cst.FunctionDef) and s.name.value == called[1])
        back, statements = put_back(built, list(cast(cst.IndentedBlock, built.body).body), called[2], refused)
        back = back.with_changes(body=cast(cst.IndentedBlock, back.body).with_changes(body=statements))
        members = [back if s is built else s for s in members]
    rebuilt = definition.with_changes(body=definition.body.with_changes(body=members))
    module = module.with_changes(body=[rebuilt if s is definition else s for s in module.body])
    site = _site(module, name, last=True)
    if site is None or site[0] != called[0]:
        raise refused
    call = cst.parse_statement(f"{called[0]}.{called[1]}()")
    construction = site[1]

    class Put(cst.CSTTransformer):
        def on_leave(self, original_node, updated_node):
            if original_node is construction:
                return cst.FlattenSentinel([updated_node, call])
            return updated_node

    return module.visit(Put())
