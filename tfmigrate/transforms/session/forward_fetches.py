"""Forward values fetched after the training op in its run: ``_, l, yp_ = sess.run([train_step, loss, yp], feed)``
(the TF1 tutorial loop printing the loss and the predictions of the step).

TF1 computes every tensor of the loss's forward graph once per run, before the gradients that read it and so
before the update they feed: ``yp`` above is the prediction of the variables as the run found them, wherever it
stands in the fetch list (measured on TF 2.21's ``tf.compat.v1``: the fetched ``yp`` equal to a separate run's
before the step, in each of 300 Adam steps). A value built from such tensors alone (``accuracy`` from ``yp`` and the
labels) reads their outputs, computed before the update too. A value that reads an updated variable itself, off
the loss's path, is read before or after the update as TF1's executor schedules it: not shown, refused. So is a
tensor whose output shares the variable's buffer (``tf.identity(W)``, ``tf.reshape(W, ...)``, a slice of ``W``):
with reference variables it shows the update the run writes in place, as a fetched variable does
(fetch_order.py).

The train step computes such values after taking the gradients and before applying them, and returns them after
its loss (``return loss_value, yp_value``); the run reads them from the step's result::

    step_values = train_step(x_data, y_data)
    _, l, yp_ = [None, step_values[0].numpy(), step_values[1].numpy()]

An ``apply_gradients`` step (``compute_gradients``, the pairs clipped, then applied) returns the same values of the
loss its gradients are taken of, after that loss. A step counting a ``global_step`` may return its optimizer's
decayed rate (``tf.train.exponential_decay`` of the step, schedules.py): TF1's update ops read it and the increment
waits for them, so it is the rate of the step before the increment, as the step computes it before
``assign_add(1)``; any other read of the counter stays refused.

A step that returns values does so at every call, so a run fetching only its loss reads ``[0]``: the reads planned
before a later run added the step's values are settled when the proof ends (``settle``). Random values (one draw
in TF1, another in the step) and values needing a placeholder the loss does not read stay refused.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import Node
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.gradients import differentiated

if TYPE_CHECKING:
    from tfmigrate.transforms.session.proof import Plan, Proof

# Ops whose output may share its input's buffer (TF1's kernels forward an input they do not change).
ALIASES = frozenset(
    {
        "identity",
        "reshape",
        "squeeze",
        "expand_dims",
        "cast",
        "transpose",
        "stop_gradient",
        "convert_to_tensor",
        "slice",
        "strided_slice",
        "unstack",
        "split",
        "gather",
    }
)


def returnable(proof: Proof, train: Node, node: Node | None) -> bool:
    """``node``, fetched in a run of ``train``, is a value TF1 computed before the update and the train step can
    compute as TF1 did (deterministic, from the loss's placeholders)."""
    if node is None or train.kind != "train" or not plain_tensor(node):
        return False
    loss = forward_loss(proof, train)
    if loss is None or node is loss or proof.random(node):  # a draw shared by the run is passed in (shared_draws.py)
        return False
    stepped = proof.loss(train)  # the step's own arguments: an apply_gradients step's are its pairs'
    placeholders = {id(n) for n in stepped.upstream.values() if n.kind == "placeholder"}
    if not set(node.params) <= set(stepped.params) or any(
        n.kind == "placeholder" and id(n) not in placeholders for n in node.upstream.values()
    ):
        return False
    return _before_update(proof, train, node, loss)


def plain_tensor(node: Node) -> bool:
    """A tensor a step's function can return as the run fetched it: one value the graph computes, not a structure
    (nested, a container, a list or tuple of tensors) nor Python code of its own."""
    return (
        node.kind == "tensor"
        and not node.code
        and not node.nested
        and not node.container
        and not isinstance(node.value, (cst.List, cst.Tuple, cst.ListComp))
    )


def forward_loss(proof: Proof, train: Node) -> Node | None:
    """The tensor whose forward pass the step computes before its update: the loss ``minimize`` takes, or the one
    ``compute_gradients`` differentiates for an ``apply_gradients`` step (through clips and edited pairs); None
    where the pairs are not of one loss."""
    if not train.applies:
        return proof.loss(train)
    loss = differentiated(train)
    return None if loss is None or loss.random else loss


def _before_update(proof: Proof, train: Node, node: Node, loss: Node) -> bool:
    updated = proof.updated(train)
    rate = _rate(proof, train)

    def before(current: Node, counted: bool = False) -> bool:
        if current.kind in ("placeholder", "const"):
            return True
        if current.kind == "variable":
            return current.name not in updated or (counted and current.name == train.method)
        if current is loss or id(current) in loss.upstream:
            return not _aliases(proof, current, updated)
        if current.kind != "tensor":
            return False
        counted = current is rate or (rate is not None and id(current) in rate.upstream)
        read = set().union(*(r.variables for r in current.resolved.values() if r.kind != "variable"))
        if (current.variables & updated) - read - ({train.method} if counted else set()):
            return False  # reads an updated variable itself (a tf.layers call inside)
        return all(before(r, counted) for r in current.resolved.values())

    return before(node)


def _rate(proof: Proof, train: Node) -> Node | None:
    """The decayed learning rate of the step's optimizer (schedules.py), when the step counts a global step: TF1's
    update ops read it, and the step's increment waits for them, so a fetched rate (or a value computed for it)
    is the one of the step counter before the increment, as the eager step computes it before
    ``global_step.assign_add(1)``."""
    if not train.method:
        return None
    optimizer = (
        train.inline if train.inline is not None else getattr(proof.program.nodes.get(train.optimizer), "value", None)
    )
    if not isinstance(optimizer, cst.Call):
        return None
    given = argument(optimizer, 0, "learning_rate")
    if given is None or not isinstance(given.value, cst.Name):
        return None
    rate = proof.program.nodes.get(given.value.value)
    return rate if rate is not None and rate.kind == "tensor" and not rate.params and not rate.random else None


def _aliases(proof: Proof, node: Node, updated: set[str]) -> bool:
    """``node``'s output may be an updated variable's own buffer."""
    value = node.value
    while True:
        if isinstance(value, cst.Subscript):
            value = value.value
        elif (
            isinstance(value, cst.Call) and value.args and proof.program.tf1_path(value.func).split(".")[-1] in ALIASES
        ):
            value = value.args[0].value
        else:
            break
    if value is node.value or not isinstance(value, cst.Name):
        return False
    read = node.resolved.get(value.value)
    if read is None:
        return False
    if read.kind == "variable":
        return read.name in updated
    return read.kind == "tensor" and _aliases(proof, read, updated)


def index(plan: Plan, train: Node, node: Node) -> int:
    """Where the step's result holds ``node``'s value (0 is the loss)."""
    returned = plan.forwards.setdefault(train.name, [])
    if node not in returned:
        returned.append(node)
    return 1 + returned.index(node)


def site(
    codes: list[str], early: list[int], step: int, step_code: str, reads: dict[int, int], taken: set[str], tuple_: bool
) -> tuple[str, str]:
    """A run reading values from the step's result: the statement computing the values fetched before the step,
    then the step's call, and the fetch's expression reading them and computing the rest (which read no updated
    variable); ``reads`` maps a fetch's position to its place in the step's result, ``early`` lists the variables
    read after the step (fetch_order.py)."""
    names: list[str] = []
    arguments: list[str] = []
    shown: list[str] = []
    result = numbered(set(taken), "step_values", 2)  # the module's names stay as they are
    for position, code in enumerate(codes):
        if position == step:
            names.append(result)
            arguments.append(step_code)
        if position in reads:
            shown.append(f"{result}[{reads[position]}].numpy()")
        elif position in early or position > step or code == "None":
            shown.append(code)  # read after the step, as TF1 did, or reading no updated variable
        else:
            name = numbered(taken | set(names), "value", 2)
            names.append(name)
            arguments.append(code)
            shown.append(name)
    body = ", ".join(shown)
    body = f"({body}{',' if len(shown) == 1 else ''})" if tuple_ else f"[{body}]"
    return f"{', '.join(names)} = {', '.join(arguments)}", body


def loss_read(plan: Plan, train: Node, step_code: str) -> str:
    """The code reading the loss of one call of the step; ``settle`` adds ``[0]`` when the step returns values."""
    plan.loss_reads.append((train.name, step_code))
    return f"{step_code}.numpy()"


def settle(plan: Plan) -> None:
    """Every read of a step's loss planned as ``step(...).numpy()``: ``step(...)[0].numpy()`` where the step
    returns values after its loss."""
    patterns = [
        (re.compile(r"(?<![\w.])" + re.escape(code) + r"\.numpy\(\)"), f"{code}[0].numpy()")
        for name, code in plan.loss_reads
        if plan.forwards.get(name)
    ]
    if not patterns:
        return

    def settled(code: str) -> str:
        for pattern, replacement in patterns:
            code = pattern.sub(replacement.replace("\\", "\\\\"), code)
        return code

    for key, code in plan.replace.items():
        plan.replace[key] = settled(code)
    module = plan.program.module
    for key, build in plan.statements.items():

        def rebuilt(updated, build=build):
            statements = []
            for statement in build(updated):
                code = module.code_for_node(statement)
                new = settled(code)
                statements.append(statement if new == code else cst.parse_statement(new))
            return statements

        plan.statements[key] = rebuilt
