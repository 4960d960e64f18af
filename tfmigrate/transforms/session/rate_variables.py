"""A learning rate held in a graph variable (TFM201): ``a = tf.Variable(0.1)`` or
``alpha = tf.get_variable("alpha", initializer=0.01)`` given to ``tf.train.GradientDescentOptimizer(a)``, perhaps
re-assigned between training runs (``sess.run(tf.assign(lr, 0.001 * 0.95 ** epoch))``).

TF1's update ops read the variable in every run of the training op, so the rate of a step is the value the variable
holds when the step runs. The eager optimizer takes a function of no arguments, ``lambda: lr``, which Keras calls in
each ``apply_gradients``: the same read, in the same place between the program's assigns. The variable itself stays
the program's ``tf.Variable`` with its TF1 name, so a checkpoint saves and restores it as the Saver did and prints
read it as before. TF1's ``minimize()`` lists it among the trainable variables but gets no gradient for it and
leaves it alone (no slot either); the tape's ``watched_variables()`` never holds it, since the loss does not read it
(a loss that does is refused: TF1 would train the rate while its updates read it, in no fixed order).

Every optimizer modelled applies each step's rate to that step's update alone (RMSProp adds
``lr * grad / sqrt(ms + eps)`` to its momentum; TF1 Momentum keeps ``accum = momentum * accum + grad`` and steps by
``lr * accum``, as the ``TF1Momentum`` of the rewrite does with TF1's kernel), so any sequence of rates gives the same
steps (``schedules.STEP_RATE_OPTIMIZERS``, the optimizers a decayed rate reaches as a callable).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import OPTIMIZER_ARGS, Node, Program
from tfmigrate.transforms.session.schedules import STEP_RATE_OPTIMIZERS


def rate_code(program: Program, value: cst.BaseExpression, path: str) -> str | None:
    """The Keras learning rate of a TF1 rate that is the name of a variable of the program, ``lambda: lr``; None when
    the rate is no such name. Raises Blocked where the variable's reads are not shown to give TF1's steps."""
    if not isinstance(value, cst.Name):
        return None
    node = program.nodes.get(value.value)
    if node is None or node.kind != "variable":
        return None
    name = node.name
    if node.container:
        raise program.deny(f"the learning rate `{name}` is a container of variables", value)
    if program.binds.get(name, 0) != 1:
        raise program.deny(f"the learning rate `{name}` is a variable whose name is bound more than once", value)
    if path not in STEP_RATE_OPTIMIZERS:
        raise program.deny(f"the learning rate `{name}` of tf.{path} is a variable", value)
    return f"lambda: {name}"


def check_loss(program: Program, keras_args: list[tuple[str, str]], loss: Node, where: cst.CSTNode) -> None:
    """A loss that reads the rate's variable would train it: TF1's updates read it while another writes it."""
    rate = dict(keras_args).get("learning_rate", "")
    name = rate.removeprefix("lambda: ") if rate.startswith("lambda: ") else ""
    if name and name in loss.variables:
        raise program.deny(
            f"the learning rate `{name}` is a variable the minimized `{loss.name}` reads too, so TF1 trains it while "
            "the other updates read it, in no fixed order",
            where,
        )


def graph_value(program: Program, arg: cst.Arg, index: int, path: str, reads: list[str]) -> str:
    """What the follow-up says of an optimizer argument that reads graph values: which parameter, and what it reads
    (a fed placeholder is a rate chosen by each run, a tensor of variables a schedule)."""
    names = OPTIMIZER_ARGS.get(path, ())
    parameter = arg.keyword.value if arg.keyword is not None else names[index] if index < len(names) else "?"
    node = program.nodes[reads[0]]
    if isinstance(arg.value, cst.Name) and node.kind == "placeholder":
        return f"`{parameter}` is the placeholder `{node.name}`, fed by the runs"
    variables = sorted(
        {v for r in reads for v in program.nodes[r].variables}
        | {r for r in reads if program.nodes[r].kind == "variable"}
    )
    placeholders = sorted(
        {p for r in reads for p in program.nodes[r].params}
        | {r for r in reads if program.nodes[r].kind == "placeholder"}
    )
    if placeholders:
        return f"`{parameter}` is computed from the placeholder `{placeholders[0]}`, fed by the runs"
    if variables and parameter == "learning_rate":
        return f"`{parameter}` is a schedule computed from `{'`, `'.join(variables)}`"
    return f"`{parameter}` reads the graph value `{reads[0]}`"
