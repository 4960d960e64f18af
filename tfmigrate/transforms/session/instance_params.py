"""A module function's parameter named like the instance (``model = Model()`` ... ``def train(sess, model, x):``,
``train(sess, model, xs)``; held-out 20, ai_weight_init): the parameter is a name of the function's scope, not a
binding of the module's ``model``, and where every call passes the instance itself for it, it holds the instance
too. Such a parameter is no rebinding of the instance's name; any other (a default, another value passed, a call
through another name, a method's parameter) still is."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants


def passed_instance(module: cst.Module, instance: str) -> set[int]:
    """The ids of the ``Param`` nodes named ``instance`` of module-level functions that every call gives the
    instance (the name ``instance``) for that parameter."""
    found: set[int] = set()
    for function in module.body:
        if not isinstance(function, cst.FunctionDef) or function.decorators:
            continue
        params = list(function.params.params)
        for index, param in enumerate(params):
            if param.name.value == instance and param.default is None and _always_given(module, function, index):
                found.add(id(param))
    return found


def _always_given(module: cst.Module, function: cst.FunctionDef, index: int) -> bool:
    name, param = function.name.value, function.params.params[index].name.value
    calls = {id(c.func): c for c in descendants(module) if isinstance(c, cst.Call)}
    called = False
    for node in descendants(module):
        if not isinstance(node, cst.Name) or node.value != name or node is function.name:
            continue
        call = calls.get(id(node))
        if call is None or any(a.star for a in call.args):
            return False  # named other than as the called function (passed on, stored, a method of that name)
        positional = [a for a in call.args if a.keyword is None]
        keyword = [a for a in call.args if a.keyword is not None and a.keyword.value == param]
        given = positional[index] if index < len(positional) else keyword[0] if keyword else None
        if given is None or not (isinstance(given.value, cst.Name) and given.value.value == param):
            return False
        called = True
    return called
