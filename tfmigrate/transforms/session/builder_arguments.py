"""A builder method called with the constructor's own names: ``self.build(hidden)`` into ``def build(self,
hidden)``, ``hidden`` a local or parameter of the caller.

The class proof (classes.py) reads each builder's body where its call stands, in one module program. When every
argument is a name spelled like the parameter it is passed to, and the builder never binds that parameter again,
the body reads at that point the very value the call passed it, so the body needs no binding of its own; the call
and the method are put back as written."""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants, stored_names


def passes_own_names(call: cst.Call, method: cst.FunctionDef) -> bool:
    """Each argument a name equal to the parameter it is passed (after ``self``): positional, or a keyword spelling
    the name it passes (``self.build(sampling=sampling)``), all parameters passed, none bound again in the method."""
    params = method.params
    if params.star_arg not in (None, cst.MaybeSentinel.DEFAULT) or params.star_kwarg or params.kwonly_params:
        return False
    if params.posonly_params:
        return False
    names = [p.name.value for p in params.params[1:]]
    if any(a.star or not isinstance(a.value, cst.Name) for a in call.args):
        return False
    passed = [cast(cst.Name, a.value).value for a in call.args if not a.keyword]
    given = [(a.keyword.value, cast(cst.Name, a.value).value) for a in call.args if a.keyword]
    if any(keyword != value for keyword, value in given):
        return False
    named = names[len(passed) :]
    return (
        passed == names[: len(passed)]
        and sorted(k for k, _ in given) == sorted(named)
        and not rebinds(method, set(names))
    )


def rebinds(function: cst.FunctionDef, names: set[str]) -> bool:
    """The function's body binds one of ``names`` again (or declares it global or nonlocal)."""
    stored = (
        {
            n.value
            for node in descendants(function.body)
            if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor))
            for n in stored_names(node.target)
        }
        | {
            n.value
            for node in descendants(function.body)
            if isinstance(node, cst.WithItem) and node.asname is not None
            for n in stored_names(node.asname.name)
        }
        | {node.name.value for node in descendants(function.body) if isinstance(node, (cst.FunctionDef, cst.ClassDef))}
    )
    return bool(stored & names) or any(isinstance(n, (cst.Global, cst.Nonlocal)) for n in descendants(function))


def passed_names(body: list, owner: str, builders: set[str]) -> set[str]:
    """The names the statements pass to the builders (``self.build(n_hidden, h0)``), at any depth."""
    return {
        a.value.value
        for statement in body
        for node in descendants(statement)
        if isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and isinstance(node.func.value, cst.Name)
        and node.func.value.value == owner
        and node.func.attr.value in builders
        for a in node.args
        if isinstance(a.value, cst.Name)
    }
