"""``tf.multinomial(logits, n)`` in the eager program: ``tf.random.categorical(logits, n)``, TF2's name for it.

In TF 2.21 both ``tf.compat.v1.multinomial`` and ``tf.random.categorical`` call ``multinomial_categorical_impl``
with the same logits, count, dtype and seed (random_ops.py), so a draw given TF1's op seed (seeds.py) is TF1's
draw under either name; only the parameters differ: ``multinomial(logits, num_samples, seed, name, output_dtype)``
against ``categorical(logits, num_samples, dtype, seed, name)``. Arguments after the first two are therefore
passed by keyword, ``output_dtype=`` as ``dtype=``.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import Program

NAMES = frozenset({"multinomial", "random.multinomial"})
PARAMETERS = ("logits", "num_samples", "seed", "name", "output_dtype")
RENAMED = {"output_dtype": "dtype"}


def respelled(program: Program, tf: str, original: cst.Call, updated: cst.Call) -> cst.Call | None:
    """``updated`` (a multinomial call, seeded or not) as its tf.random.categorical call; None for other calls."""
    if program.tf1_path(original.func) not in NAMES or any(a.star for a in updated.args):
        return None
    args = []
    for index, arg in enumerate(updated.args):
        keyword = arg.keyword.value if arg.keyword is not None else PARAMETERS[index] if index < 5 else None
        if keyword is None or keyword not in PARAMETERS:
            return None
        if arg.keyword is None and index < 2:
            args.append(arg)
            continue
        equal = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
        args.append(arg.with_changes(keyword=cst.Name(RENAMED.get(keyword, keyword)), equal=equal))
    return updated.with_changes(func=cst.parse_expression(f"{tf}.random.categorical"), args=args)
