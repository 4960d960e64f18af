"""A method that calls nothing that builds a graph op by name: neither it nor a method of the instance it calls
(``self.get_samples(...)``), transitively, calls a TensorFlow function or a function or class the module defines,
or defines a function, lambda or class (a CartPole agent's ``agent.train_network()``, which plays games through
``self.sess.run``).

public_builders.py reads such a method as the constructor's last statement, a builder; this one is left a runner of
the class proof (classes.py), which reads the Session runs it makes. Calls on other objects are not read here
(``self.opt.minimize(self.cost)``, ``self.sess.run(...)``): the class proof refuses a runner that uses a graph
attribute other than to run it ("`self.opt` is used outside Session.run / eval"). A call to a module function or
class, which may build ops, keeps the builder reading.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Resolve, descendants
from tfmigrate.transforms.session.class_sugar import attribute_of, self_name


def builds_nothing(
    method: cst.FunctionDef, methods: dict[str, cst.FunctionDef], module: cst.Module, resolve: Resolve
) -> bool:
    """True when ``method`` and every method of the instance it calls through its own ``self``, transitively, call no
    TensorFlow function and no function or class the module defines, and define nothing nested."""
    defined = {s.name.value for s in module.body if isinstance(s, (cst.FunctionDef, cst.ClassDef))}
    seen: set[str] = set()
    pending = [method]
    while pending:
        function = pending.pop()
        if function.name.value in seen:
            continue
        seen.add(function.name.value)
        owner = self_name(function)
        for node in descendants(function.body):
            if isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
                return False  # a nested definition: not read here
            if not isinstance(node, cst.Call):
                continue
            if resolve(node.func) is not None:
                return False
            if isinstance(node.func, cst.Name) and node.func.value in defined:
                return False
            if attribute_of(node.func, owner):
                called = methods.get(cast(cst.Attribute, node.func).attr.value)
                if called is not None:
                    pending.append(called)
    return True
