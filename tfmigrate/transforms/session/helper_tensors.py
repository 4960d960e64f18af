"""A graph helper that reads module-level tensors or placeholders: ``def vae_loss(x_reconstructed, x_true)`` whose
body reads ``z_mean`` and ``z_std``, or ``def loss(pred)`` reading the placeholder ``y``.

In TF1 the helper wires the module's tensors into the graph where it is called. In the eager program those names
are functions of the placeholders, so the helper takes each tensor it reads as a parameter of the same name
(``def vae_loss(x_reconstructed, x_true, z_mean, z_std)``) and each call passes the tensor's function evaluated on
the same placeholders as the rest of the expression (``vae_loss(decoder(x), x, z_mean(x), z_std(x))``), the tensor
as bound where the call is. Only a helper that computes straight through (no blocks, no variables) and reads the
tensors itself is modelled, and only its calls inside a graph definition the rewrite renders (a tensor or an assign);
any other call keeps the graph tier.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Node, Program
    from tfmigrate.transforms.session.helpers import Helper
    from tfmigrate.transforms.session.proof import Proof

PASSED = ("tensor", "placeholder")


def _state(program: Program) -> tuple[dict[str, list[str]], dict[cst.Call, str], set[cst.CSTNode]]:
    """(helper -> the module tensors it reads, call -> its helper, the expressions fetched inline)."""
    if program.helper_tensors is None:
        program.helper_tensors = ({}, {}, set())
    return program.helper_tensors


def passes(program: Program, helper: Helper, name: str, node: Node, call: cst.CSTNode) -> bool:
    """``helper`` (called by ``call``) reads the module tensor ``name`` itself, and can be given it as a parameter."""
    if (
        node.kind not in PASSED
        or name not in helper.free
        or helper.kind != "graph"
        or (helper.split is not None and helper.split.creations)
    ):
        return False
    params = {p.name.value for p in helper.definition.params.params}
    if name in params:
        return False
    reads, calls, _ = _state(program)
    names = reads.setdefault(helper.name, [])
    if name not in names:
        names.append(name)
        names.sort()
    assert isinstance(call, cst.Call)
    calls[call] = helper.name
    return True


def passed(program: Program, call: cst.CSTNode) -> list[str]:
    """The module tensors a call of such a helper is passed (none for other calls)."""
    name = _state(program)[1].get(call) if isinstance(call, cst.Call) else None
    return tensors(program, name) if name is not None else []


def tensors(program: Program, helper_name: str) -> list[str]:
    return _state(program)[0].get(helper_name, [])


def check_calls(program: Program) -> None:
    """Every call of such a helper is inside a tensor or assign the rewrite writes out (it adds the arguments)."""
    _, calls, fetched = _state(program)
    if not calls:
        return
    rendered = set(fetched)
    for versions in program.versions.values():
        for node in versions:
            if node.kind in ("tensor", "assign"):
                rendered.update(descendants(node.value))
    for call, name in calls.items():
        if call not in rendered:
            raise program.deny(
                f"function `{name}` reads the module tensors {_listed(tensors(program, name))} and is called "
                "here, outside a graph definition the rewrite passes them in",
                call,
            )


def with_arguments(
    program: Program, original: cst.Call, updated: cst.Call, argument: Callable[[str], str]
) -> cst.Call | None:
    """A call of such a helper with each tensor it reads passed as ``argument(name)``; None for other calls."""
    name = _state(program)[1].get(original)
    if name is None:
        return None
    code = program.module.code_for_node(updated.func)
    args = [program.module.code_for_node(a.with_changes(comma=cst.MaybeSentinel.DEFAULT)) for a in updated.args]
    args += [f"{tensor}={argument(tensor)}" for tensor in tensors(program, name)]
    return cst.ensure_type(cst.parse_expression(f"{code}({', '.join(args)})"), cst.Call)


def fetch_arguments(proof: Proof, item: cst.BaseExpression, feeds, call: cst.Call):
    """The ``calls`` hook of an expression fetched inline: each tensor computed from the run's feed."""
    program = proof.program
    _state(program)[2].update(descendants(item))

    def argument(name: str) -> str:
        return proof.call(program.nodes[name], feeds, call)

    return lambda original, updated: with_arguments(program, original, updated, argument)


def node_argument(node: Node) -> Callable[[str], str]:
    """The value a tensor function passes: the tensor's function on its placeholders, or the (cast) placeholder."""

    def argument(name: str) -> str:
        read = node.resolved[name]
        if read.kind == "placeholder":
            return name
        return f"{read.func}({', '.join(read.params)})"

    return argument


def definition(program: Program, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef | None:
    """The helper's definition with a parameter per module tensor it reads; None for other functions."""
    helper = program.helpers.get(original.name.value)
    if helper is None or helper.definition is not original:
        return None
    extra = tensors(program, helper.name)
    if not extra:
        return None
    added = [cst.Param(cst.Name(tensor)) for tensor in extra]
    if any(p.default is not None for p in updated.params.params):  # after defaults: keyword-only
        return updated.with_changes(params=updated.params.with_changes(star_arg=cst.ParamStar(), kwonly_params=added))
    return updated.with_changes(params=updated.params.with_changes(params=[*updated.params.params, *added]))


def message(program: Program, helper_name: str) -> str:
    return (
        f"function `{helper_name}` takes the module tensors it reads ({_listed(tensors(program, helper_name))}) as "
        "parameters; each call passes them computed from the same inputs"
    )


def _listed(names: list[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)
