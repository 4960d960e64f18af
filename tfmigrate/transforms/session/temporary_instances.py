"""A graph class run as a temporary: ``ModelManager().train()`` under ``if __name__ == "__main__":`` (what
python-fire's ``fire.Fire(ModelManager)`` runs for the ``train`` command), at module level, or in a module function
(``def main(): Trainer(config).fit()``).

The statement constructs one instance, calls one method on it once and drops it: the same program as
``model_manager = ModelManager()`` then ``model_manager.train()``, the name read by nothing else. So the proof reads
that binding (its class proof is the bound instance's), and the rewrite is put back: ``ModelManager().train()`` again
where the two statements still stand together and the name is read nowhere else (else the binding is kept: the same
program). Only a statement of its own, in the module's body, the final guard's or a module function's, is read so;
two such statements are two instances, which the class proof refuses as it refuses two bindings, and a call on what
the method returns (``Model().fit().save()``) is not a temporary's one call.
"""

from __future__ import annotations

import re
from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.fresh_names import underscored
from tfmigrate.transforms.session.functions import final_guard
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.renames import named_assignment


def _graph_classes(module: cst.Module, resolve: Resolve) -> set[str]:
    """The module's classes whose bodies name TensorFlow."""
    return {
        s.name.value
        for s in module.body
        if isinstance(s, cst.ClassDef)
        and any(resolve(n) for n in descendants(s) if isinstance(n, (cst.Name, cst.Attribute)))
    }


def _temporary(statement: cst.CSTNode, classes: set[str]) -> tuple[cst.Call, cst.Call] | None:
    """``Name(...).method(...)`` as a statement of its own, ``Name`` one of ``classes``: the call and the
    construction, else None."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return None
    small = statement.body[0]
    if not (isinstance(small, cst.Expr) and isinstance(call := small.value, cst.Call)):
        return None
    method = call.func
    if not (isinstance(method, cst.Attribute) and isinstance(made := method.value, cst.Call)):
        return None
    return (call, made) if isinstance(made.func, cst.Name) and made.func.value in classes else None


def _owners(module: cst.Module) -> list[cst.FunctionDef | cst.If]:
    """The statements whose bodies a temporary is read in besides the module's: the final guard and each module
    function."""
    guard = final_guard(module)
    owners: list[cst.FunctionDef | cst.If] = [s for s in module.body if isinstance(s, cst.FunctionDef)]
    return [*owners, guard] if guard is not None else owners


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf
) -> tuple[cst.Module, Resolve, LineOf, set[str]] | None:
    """The module with each temporary split into ``name = Class(...)`` and ``name.method(...)``, its lookups and
    the names given; None when it has none."""
    classes = _graph_classes(module, resolve)
    if not classes:
        return None
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    origins = Origins()
    names: set[str] = set()

    def split(statements) -> list[cst.BaseStatement] | None:
        body: list[cst.BaseStatement] = []
        for statement in statements:
            found = _temporary(statement, classes)
            if found is None:
                body.append(statement)
                continue
            call, made = found
            base = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", cast(cst.Name, made.func).value).lower()
            instance = underscored(taken, base)
            names.add(instance)
            method = cast(cst.Attribute, call.func)
            target = cst.AssignTarget(cst.Name(instance))
            assign = cst.Assign([target], made)
            bind = cst.SimpleStatementLine([assign])
            receiver = cst.Name(instance)
            run_func = method.with_changes(value=receiver)
            run = call.with_changes(func=run_func)
            run_line = cst.SimpleStatementLine([cst.Expr(run)])
            for copy, original in (
                (bind, statement),
                (assign, statement.body[0]),
                (target, made),
                (target.target, made),
                (receiver, made),
                (run_func, method),
                (run, call),
                (run_line.body[0], statement.body[0]),
                (run_line, statement),
            ):
                origins.keep(copy, original)
            body.extend([bind.with_changes(leading_lines=statement.leading_lines), run_line])
        return body if len(body) != len(statements) else None

    replaced: dict[int, cst.BaseStatement] = {}
    for owner in _owners(module):
        inner = split(owner.body.body) if isinstance(owner.body, cst.IndentedBlock) else None
        if inner is not None:
            block = cast(cst.IndentedBlock, owner.body).with_changes(body=inner)
            replaced[id(owner)] = owner.with_changes(body=block)
            origins.keep(block, owner.body)
            origins.keep(replaced[id(owner)], owner)
    top = split(module.body) or list(module.body)
    if not names:
        return None
    body = [replaced.get(id(s), s) for s in top]
    return module.with_changes(body=body), *origins.lookups(resolve, line_of), names


def resugar(module: cst.Module, names: set[str]) -> cst.Module:
    """``name = Class(...)`` followed by ``name.method(...)``, the name read nowhere else: the temporary again."""
    reads: dict[str, int] = {}
    for node in descendants(module):
        if isinstance(node, cst.Name) and node.value in names:
            reads[node.value] = reads.get(node.value, 0) + 1

    def joined(statements) -> list[cst.BaseStatement]:
        body = list(statements)
        index = 0
        while index + 1 < len(body):
            first, second = body[index], body[index + 1]
            bound = named_assignment(first)
            instance = bound[0] if bound is not None else None
            if bound is not None and instance in names and reads.get(instance) == 2 and _called_on(second, instance):
                made = bound[1].value
                call = cast(cst.Call, cast(cst.Expr, cast(cst.SimpleStatementLine, second).body[0]).value)
                run = call.with_changes(func=cast(cst.Attribute, call.func).with_changes(value=made))
                body[index : index + 2] = [cast(cst.SimpleStatementLine, first).with_changes(body=[cst.Expr(run)])]
            index += 1
        return body

    class _Join(cst.CSTTransformer):
        def leave_IndentedBlock(self, original_node, updated_node):
            return updated_node.with_changes(body=joined(updated_node.body))

    visited = module.visit(_Join())
    return visited.with_changes(body=joined(visited.body))


def _called_on(statement: cst.CSTNode, instance: str) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(small := statement.body[0], cst.Expr)
        and isinstance(call := small.value, cst.Call)
        and isinstance(method := call.func, cst.Attribute)
        and isinstance(method.value, cst.Name)
        and method.value.value == instance
    )
