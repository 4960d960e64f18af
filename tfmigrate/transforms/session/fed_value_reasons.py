"""Why a fed value computed in the feed dict blocks the rewrite: what the eager program would do differently.

TF1 evaluates ``feed_dict={z: rng.uniform(-1., 1., [8, 4])}`` once, as an argument of the run; the eager program
passes the fed value to each function that reads it, so a call written inline would run once per function. Saying
only "computed more than once" hides what goes wrong and what fixes it: a random draw (numpy's ``rng.uniform``,
``np.random.normal``) would take new numbers from its seeded stream each time, and any other call runs its effect
again; binding the value to a name on the line before the run (as fed_values.py does where it can) makes it once.
"""

from __future__ import annotations

import libcst as cst

RANDOM = ("rand", "uniform", "normal", "shuffle", "choice", "permutation", "binomial", "poisson", "beta", "gamma")
SHOWN = 40  # characters of the call shown in the reason


def _callee(value: cst.BaseExpression) -> str:
    while isinstance(value, cst.Subscript):
        value = value.value
    func = value.func if isinstance(value, cst.Call) else None
    return cst.Module([]).code_for_node(func) if func is not None else ""


def reason(name: str, value: cst.BaseExpression) -> str:
    """The follow-up's reason for ``value``, fed to ``name`` and read by more than one eager function."""
    code = cst.Module([]).code_for_node(value)
    shown = code if len(code) <= SHOWN else code[: SHOWN - 3] + "..."
    last = _callee(value).rpartition(".")[2].lower()
    effect = "each call a new draw from its random stream" if any(w in last for w in RANDOM) else "its effect again"
    return (
        f"`{shown}`, fed to `{name}` inline, would be called by each eager function reading `{name}` ({effect}) "
        "where TF1 called it once: bind it to a name before the run"
    )
