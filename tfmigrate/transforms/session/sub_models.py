"""A graph class constructed in a loop by another class's method: ``class ANN: def __init__(self, sizes): for M2 in
sizes: h = HiddenLayer(M1, M2, tf.nn.relu); self.layers.append(h)`` (the course MLPs and stacked autoencoders,
held-out 20's lp_autoencoder_dnn), each instance one set of variables (TF1 names ``Variable``, ``Variable_1``, ... in
construction order) that the model's ``forward`` then loops over.

The class proof (classes.py) reads one instance of a class; such a list of sub-model instances is an object graph it
does not model (eagerly: one ``tf.Module`` per instance, the list an attribute of the model). Without this check the
refusal named whatever the holder class failed first (its Session method, ``self`` passed on); this names the
construction in the loop, the construct the rewrite would need.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants

LOOPS = (cst.For, cst.While, cst.ListComp, cst.GeneratorExp, cst.DictComp, cst.SetComp)


def refuse(module: cst.Module, resolve: Resolve, line_of: LineOf) -> None:
    """Raises Blocked at the first construction of a graph-building class inside a loop in a method of another
    module-level class."""
    from tfmigrate.transforms.session.classes import _builds  # one reading of "builds graph ops"

    names = {s.name.value for s in module.body if isinstance(s, cst.ClassDef) and _builds(s, resolve)}
    for holder in module.body:
        if not isinstance(holder, cst.ClassDef):
            continue
        for method in descendants(holder):
            if not isinstance(method, cst.FunctionDef):
                continue
            for loop in descendants(method.body):
                if not isinstance(loop, LOOPS):
                    continue
                for call in descendants(loop):
                    if (
                        isinstance(call, cst.Call)
                        and isinstance(call.func, cst.Name)
                        and call.func.value in names
                        and call.func.value != holder.name.value
                    ):
                        name = call.func.value
                        raise Blocked(
                            f"class `{name}` builds graph ops and is constructed in a loop in method "
                            f"`{method.name.value}` of class `{holder.name.value}` (line {line_of(loop)}): one "
                            "instance per pass (a layer each), each its own variables, the TF1 names `Variable`, "
                            "`Variable_1`, ... in construction order; a list of sub-model instances is not modelled "
                            "(the class proof reads one instance of a class; eagerly each would be a tf.Module)",
                            line_of(call),
                        )
