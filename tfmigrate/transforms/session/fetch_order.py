"""The order a run's values are computed in.

A variable fetched before the op that updates it in the same run: ``sess.run([train, W, b, loss], feed)`` (TUSSON's
linear regression, the TF1 getting-started loop printing its parameters each step).

TF1 (reference variables, the default of ``tf.Variable`` in TF1 and under ``disable_v2_behavior``) fetches a
variable's own buffer, which the update writes in place, and turns it into numpy when the run ends: the values
printed are the updated ones, wherever the variable stands in the fetch list, while the loss is the one the step
computed before updating (measured on TF 2.21's ``tf.compat.v1``: W and b after the step and the loss before it, in
every one of 200 runs). The eager program calls the step first, on a line of its own, and reads the variables
after it::

    loss_value = train(x, y).numpy()
    _, W_now, b_now, loss = [None, W.numpy(), b.numpy(), loss_value]

(every fetch but the early variables is computed on the first line, in its order). Where the run is not a statement
of its own (``print(sess.run([W, train]))``) the same order is kept inside the expression:
``(lambda loss_value: [W.numpy(), loss_value])(train(x, y))``. A resource variable (``use_resource=True``, ``tf.enable_resource_variables()``) is read in no fixed
order relative to the update: such a program keeps the graph tier.

The same holds for the values a feed dict computes: TF1 evaluates ``{X: images[np.random.choice(...)], z:
generate_z(n)}`` left to right before the run, so a generated function's call passes such values by keyword in the
feed dict's order when its parameters come in another (``arguments``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants
from tfmigrate.transforms.session.fresh_names import numbered

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program

REFUSAL = (
    "`{name}` is fetched with the op that updates it, and the program makes resource variables (TF1 reads those "
    "before or after the update, in no fixed order)"
)
RESOURCE = frozenset({"enable_resource_variables", "enable_v2_behavior", "compat.v1.enable_resource_variables"})


def resource_variables(program: Program) -> cst.CSTNode | None:
    """Where the program makes resource variables, whose read beside an update TF1 does not order."""
    for node in descendants(program.module):
        if isinstance(node, cst.Call) and program.tf_path(node.func) in RESOURCE:
            return node
        if isinstance(node, cst.Arg) and node.keyword is not None and node.keyword.value == "use_resource":
            return node
    return None


def after_step(codes: list[str], early: list[int], step: int, taken: set[str], tuple_: bool) -> tuple[str, str]:
    """The fetch's eager code with the variables at ``early`` read after every other fetch (the step's call, at
    ``step``, among them) is evaluated: the statement computing those (``loss_value = train(x, y).numpy()``) and the
    expression of the fetch's value that reads its names."""
    names: list[str] = []
    body: list[str] = []
    arguments: list[str] = []
    for index, code in enumerate(codes):
        if index in early or code == "None":
            body.append(code)
            continue
        name = numbered(taken | set(names), "loss_value" if index == step else "value", 2)
        names.append(name)
        body.append(name)
        arguments.append(code)
    shown = ", ".join(body)
    shown = f"({shown}{',' if len(body) == 1 else ''})" if tuple_ else f"[{shown}]"
    return f"{', '.join(names)} = {', '.join(arguments)}", shown


def inline(prelude: str, shown: str) -> str:
    """``after_step``'s two parts as one expression, for a run inside a larger expression: a lambda called on the
    values, which its body reads after they are computed."""
    names, arguments = prelude.split(" = ", 1)
    return f"(lambda {names}: {shown})({arguments})"


def arguments(
    params: list[str],
    feeds: dict[str, cst.BaseExpression],
    code: Callable[[cst.CSTNode], str],
    pure: Callable[[cst.BaseExpression], bool],
) -> str:
    """The arguments of a generated function's call, one per placeholder it needs: positional in the function's
    order, unless two fed values that compute (``generate_z(n)``, ``images[np.random.choice(...)]``) would then be
    evaluated in another order than TF1 evaluated the feed dict (its values, left to right, before the run): numpy's
    random stream would be drawn in another order. Then keywords, in the feed dict's order."""
    computed = [p for p in params if not pure(feeds[p])]
    written = [p for p in feeds if p in params]
    if len(computed) > 1 and [p for p in written if p in computed] != computed:
        return ", ".join(f"{p}={code(feeds[p])}" for p in written)
    return ", ".join(code(feeds[p]) for p in params)
