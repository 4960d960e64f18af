"""What the instances of a graph class built in a loop hold, for the reason the class proof gives when it refuses
them (sub_models.py): the course ``HiddenLayer`` list (``for M2 in sizes: h = HiddenLayer(M1, M2)``) makes each
instance's variables in its constructor, unnamed, so TF1 numbered them ``Variable``, ``Variable_1``, ... in
construction order; a VAE's ``Dense`` list (``[Dense("decoding", size) for size in sizes]``) makes none there: each
instance makes its variables at its first call (``__call__`` catching ``AttributeError`` until ``self.w`` exists,
or testing ``hasattr``) and reuses them at every later call (the decoder list applied to ``z`` and to a prior
sample), under the names it gives, numbered per name scope.

The eager form of either is one ``tf.Module``-like object per instance, the list an attribute of the model; the
class proof reads one instance of a class, its variables made by its constructor, so neither is rewritten. The
reason says which of the two the program holds and where its variables are made, so that the follow-up points at
the line a rewrite by hand starts from.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from tfmigrate.transforms.session.analysis import VARIABLES, LineOf, Resolve, descendants

INIT = "__init__"
NAMED = "under the names given (TF1 numbering a name made again, a name scope prefixing it)"


@dataclass
class Made:
    """Where the class's variables are made: the method a construction or call runs first, the line of the first
    variable, and whether every one is given a ``name=``."""

    method: str  # ``__init__`` (at construction) or the method that makes them later (``__call__``)
    line: int
    named: bool


def _methods(definition: cst.ClassDef) -> dict[str, cst.FunctionDef]:
    body = definition.body.body if isinstance(definition.body, cst.IndentedBlock) else ()
    return {m.name.value: m for m in body if isinstance(m, cst.FunctionDef)}


def _variables(node: cst.CSTNode, resolve: Resolve) -> list[cst.Call]:
    return [
        c
        for c in descendants(node)
        if isinstance(c, cst.Call) and (resolve(c.func) or "").removeprefix("compat.v1.") in VARIABLES
    ]


def _called(method: cst.FunctionDef, names: set[str]) -> set[str]:
    """The methods of ``names`` that ``method`` calls through ``self.name(...)`` or the class's ``Name.name(...)``."""
    return {
        c.func.attr.value
        for c in descendants(method.body)
        if isinstance(c, cst.Call) and isinstance(c.func, cst.Attribute) and c.func.attr.value in names
    }


def made(definition: cst.ClassDef, resolve: Resolve, line_of: LineOf) -> Made | None:
    """Where the class's variables are made; None when no method makes one."""
    methods = _methods(definition)
    direct = {name for name, method in methods.items() if _variables(method, resolve)}
    makers = set(direct)
    while True:  # a method calling a maker makes variables too (``__call__`` calling ``self.wbVars``)
        more = {name for name, method in methods.items() if _called(method, makers)} - makers
        if not more:
            break
        makers |= more
    if not makers:
        return None
    calls = [call for name in sorted(direct) for call in _variables(methods[name], resolve)]
    named = all(any(a.keyword is not None and a.keyword.value == "name" for a in c.args) for c in calls)
    first = min(calls, key=line_of)
    if INIT in makers:
        return Made(INIT, line_of(first), named)
    public = [n for n in methods if n in makers and not n.startswith("_")]
    entry = "__call__" if "__call__" in makers else (public or [n for n in methods if n in makers])[0]
    return Made(entry, line_of(methods[entry]), named)


def reason(
    definition: cst.ClassDef, resolve: Resolve, line_of: LineOf, holder: str, method: str, loop: cst.CSTNode
) -> str:
    """Why the class ``definition``, constructed in ``loop`` in ``method`` of class ``holder``, is not rewritten."""
    name = definition.name.value
    where = f"class `{name}` builds graph ops and is constructed in a loop in method `{method}` of class `{holder}` "
    where += f"(line {line_of(loop)}): one instance per pass (a layer each), "
    found = made(definition, resolve, line_of)
    tail = "(the class proof reads one instance of a class, its variables made by its constructor; eagerly each "
    if found is None or found.method == INIT:
        names = (
            NAMED
            if found is not None and found.named
            else "the TF1 names `Variable`, `Variable_1`, ... in construction order"
        )
        return (
            f"{where}each its own variables, {names}; a list of sub-model instances is not modelled "
            f"{tail}would be a tf.Module)"
        )
    names = NAMED if found.named else "numbered in the order first called"
    return (
        f"{where}each making its variables at its first call (method `{found.method}`, line {found.line}) and "
        f"reusing them at later calls, {names}; a list of instances whose variables are made lazily is not "
        f"modelled {tail}would be a tf.Module whose variables its first call makes)"
    )


def several_calls(module: cst.Module, resolve: Resolve, class_name: str, function: cst.FunctionDef) -> str | None:
    """Why a method returning a graph value of its arguments is not read, when code outside the class calls it
    more than once (``Z1 = h1.forward(X)``, ``Z2 = h2.forward(Z1)``: two instances, or one called twice): the class
    proof reads such a method where its one call stands, specialised to the names passed there; None when it is
    not so (a method the class calls on ``self``, from its training loop, is named as before)."""
    name = function.name.value
    if len(function.params.params) < 2 or not any(isinstance(n, cst.Return) for n in descendants(function.body)):
        return None
    if not any(isinstance(n, cst.Call) and resolve(n.func) is not None for n in descendants(function.body)):
        return None  # host code (``sample_Z`` drawing numpy noise): not a graph value
    calls = [
        n
        for n in descendants(module)
        if isinstance(n, cst.Call)
        and isinstance(n.func, cst.Attribute)
        and n.func.attr.value == name
        and not (isinstance(n.func.value, cst.Name) and n.func.value.value == "self")  # the instance's own calls
    ]
    if len(calls) < 2:
        return None
    shown = ", ".join(f"`{module.code_for_node(c)}`" for c in calls[:3]) + (", ..." if len(calls) > 3 else "")
    return (
        f"method `{name}` of class `{class_name}` returns a graph value of its arguments and is called {len(calls)} "
        f"times ({shown}): the class proof reads such a method where its one call stands, specialised to the "
        "values passed there (each instance's layer a function of the fed values it reaches); a method called on "
        "several instances or with several arguments is not modelled (eagerly it runs as written, a tf.Module's "
        "method)"
    )
