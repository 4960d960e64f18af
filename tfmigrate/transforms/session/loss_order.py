"""The loss a ``tf.function`` train step returns is read before its update, as TF1's ``sess.run`` read it.

Keras' ``apply_gradients`` (its own optimizers and tf1_optimizers.py's classes alike) passes every gradient through
one ``IdentityN`` (the default strategy's ``all_reduce``, keras/src/backend/tensorflow/optimizer.py). The function's
automatic control edge from the loss's read of a variable to that variable's update then looks redundant to
Grappler's dependency optimizer whenever another gradient needs the variable's value (read(W2) -> grad(W1) ->
IdentityN -> update(W2) in ``mean(relu(h @ W1) @ W2)``): it drops the edge, then bypasses the IdentityN, and nothing
orders the read before the update. Measured on TF 2.21 CPU, 40 runs of one step in one interpreter: TF1RMSProp
13 wrong, Keras RMSprop 8, Keras SGD 4, a plain ``assign_sub`` 0; the dependency optimizer off, 0. The update is
made under a control dependency on the returned loss, an edge Grappler keeps (0 wrong of 120 runs for each
optimizer; tests/test_loss_order.py checks the order in Grappler's own rewrite of a step). A step run eagerly is
written alike (the dependency a no-op there): session/library.py joins the rewrites of several Session functions
where only one decorates a step, and the step's body must read the same in each.
"""

from __future__ import annotations

import re

# the wrapper ``applied`` writes (its losses are names) and the applies indented under it
_WRAPPED = re.compile(
    r"^( *)with \w+\.control_dependencies\(\[[\w, ]*\]\):\n((?:\1    [\w.]+\.apply_gradients\(.*\n)+)", re.M
)


def applied(tf: str, losses: list[str], applies: list[str]) -> list[str]:
    """The step's lines making the updates ``applies`` under ``tf.control_dependencies(losses)``."""
    return [f"with {tf}.control_dependencies([{', '.join(losses)}]):", *(f"    {apply}" for apply in applies)]


def unwrapped(text: str) -> str:
    """``text`` with each such wrapper taken out and its applies indented as before: what tests compare with TF1's own
    ``control_dependencies`` gone, and tools/regen_loss_order_fixtures.py with an expected output made before it."""
    return _WRAPPED.sub(lambda m: re.sub(rf"^{m[1]}    ", m[1], m[2], flags=re.M), text)
