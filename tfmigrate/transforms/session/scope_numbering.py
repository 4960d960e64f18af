"""How TF1 numbered a scope or layer name met again, in the words every refusal about it uses.

TF1 numbers names within their enclosing name scope (``tf.Graph.unique_name`` keys the full path): ``outer`` entered
twice makes ``outer_1``, whose ``a`` inside stays ``outer_1/a``, and ``a`` under ``other`` is ``other/a``, unnumbered.
A ``tf.variable_scope`` entered again numbers only the name scope it opens (its ops and ``tf.Variable`` names,
``a_1/x``); its variable scope, which names ``get_variable``'s variables, is the same (``a/w``). An unnamed
``tf.layers`` layer is numbered within its variable scope (``s/dense``, ``s/t/dense``, ``s/dense_1``), after the
variable scopes of its name opened there before it (``variable_scope("dense")`` then a layer: ``dense_1``). Each claim
is checked against TF 2.21's ``tf.compat.v1`` by tests/test_scope_numbering.py.
"""

from __future__ import annotations

NAME_SCOPE, VARIABLE_SCOPE, LAYER = "name_scope", "variable_scope", "layer"


def renumbered(numbered: str, kind: str) -> str:
    """Why a name met again is not the one written: ``numbered`` is the full name TF1 gave the later entry
    (``outer_1``, ``outer/a_1``) or, for a layer, the name a scope or variable shares with it."""
    if kind == NAME_SCOPE:
        return f"TF1 named the later entry `{numbered}`, numbering a scope within its enclosing name scope"
    if kind == VARIABLE_SCOPE:
        return (
            f"TF1 named the later entry's name scope `{numbered}` (its ops and tf.Variable names), numbering a scope "
            "within its enclosing name scope; its variable scope, which names get_variable's variables, is not "
            "numbered"
        )
    return (
        "TF1 numbered an unnamed layer within its variable scope, after the variable scopes of its name opened there "
        f"before it (`variable_scope({numbered!r})` then the layer: `{numbered}_1`), and a scope or variable of its "
        "name made after it shares its names; which holds here is not modelled"
    )
