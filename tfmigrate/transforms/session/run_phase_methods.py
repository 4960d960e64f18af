"""A graph class's methods of the run phase that neither take the Session nor are pure host code: the Q-network
solvers' ``def learn(self, batch_size): ... self.nnResult.eval(feed_dict=...) ... self.train_step.run(feed_dict=
...)`` (the graph run on the default Session the caller opened) and ``def remember(self, *transition):
self.memory.append(transition)`` (host state changed in place), each called from the method that opens the Session.

Such a method holds no TensorFlow and stores nothing on the instance: read as a module-level function over the
instance's attributes' module-level names (as a Session-running method is, classes.py), it means what the method
meant, a run of the graph or a change of a host object where it is called. The module proof then decides its calls
as for any function of a module program (a default-Session ``op.run(feed_dict=...)`` in a helper, a deque appended
to); the rewrite puts it back as the method it was (was "method `learn` of class `cpsolver` neither builds the graph
... nor runs it in a Session"). Unlike host_methods.py, the attributes it reads need not be constant host data.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants, loaded_names
from tfmigrate.transforms.session.class_sugar import attribute_of
from tfmigrate.transforms.session.host_attributes import HostAttributes
from tfmigrate.transforms.session.host_methods import UNMODELLED


def is_run_phase_method(function: cst.FunctionDef, hosts: HostAttributes) -> bool:
    """``function`` holds no TensorFlow (no name the module binds to a TensorFlow value either), calls no method
    of its own instance, stores no attribute of it (``self.eps = 0`` would bind a local of the function), and reads
    a graph attribute only to run it (``self.q.eval(feed_dict={self.x: s})``): ``return self.y * k`` is graph
    arithmetic TF1 builds at each call, which the eager rewrite's ``self.y`` (a function) no longer supports."""
    params = function.params.params
    if function.decorators or function.asynchronous is not None or not params:
        return False
    owner = params[0].name.value
    calls = {id(n.func) for n in descendants(function.body) if isinstance(n, cst.Call)}
    run = _run_reads(function, owner)
    for node in descendants(function.body):
        if attribute_of(node, owner) and id(node) not in run and id(node) not in calls:
            if not _host_valued(cast(cst.Attribute, node).attr.value, hosts, owner):
                return False  # a tensor, or a value the construction may pass a tensor
        if isinstance(node, UNMODELLED) or (isinstance(node, (cst.Name, cst.Attribute)) and hosts.known(node)):
            return False
        if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor)) and any(
            attribute_of(n, owner) for n in [node.target, *descendants(node.target)]
        ):
            return False
        if attribute_of(node, owner) and id(node) in calls:
            return False  # ``self.other(...)``
    return not any(n.value in hosts.graph_names - {owner} for n in loaded_names(function.body))


def _run_reads(function: cst.FunctionDef, owner: str) -> set[int]:
    """The ``self.attr`` nodes ``function`` only runs: the receiver of ``.eval(...)`` / ``.run(...)`` and the keys
    of the ``feed_dict`` given to them."""
    found: set[int] = set()
    for call in descendants(function.body):
        if not (
            isinstance(call, cst.Call)
            and isinstance(call.func, cst.Attribute)
            and call.func.attr.value in ("eval", "run")
            and attribute_of(call.func.value, owner)
        ):
            continue
        found.add(id(call.func.value))
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == "feed_dict" and isinstance(arg.value, cst.Dict):
                found.update(
                    id(e.key)
                    for e in arg.value.elements
                    if isinstance(e, cst.DictElement) and attribute_of(e.key, owner)
                )
    return found


def _host_valued(attr: str, hosts: HostAttributes, owner: str) -> bool:
    """``self.attr`` holds host data (host_attributes.py) or the one host object the constructor binds it to
    (``self.memory = deque(maxlen=1000)``: no TensorFlow, no graph name, no parameter a construction may give a
    tensor, no other attribute)."""
    if hosts.binding(attr) is not None:
        return True
    value = hosts.bound_value(attr)
    return value is not None and not any(
        (isinstance(n, (cst.Name, cst.Attribute)) and hosts.known(n))
        or attribute_of(n, owner)
        or (isinstance(n, cst.Name) and n.value in hosts.graph_names)
        or (isinstance(n, cst.Name) and n.value in hosts.params and not hosts.given_host(n.value))
        for n in [value, *descendants(value)]
    )


def inlined(missing: set[str], prefix: str, taken: set[str]) -> set[str]:
    """Of the run-phase methods ``missing`` from the proved module program (``m1__learn``, a helper the module
    proof read at each of its calls), those it names nowhere: the rewrite's class holds them no more, as a module
    program's rewrite holds no helper it read at its calls; one still named is a rewrite not put back."""
    return {name for name in missing if prefix + name not in taken}
