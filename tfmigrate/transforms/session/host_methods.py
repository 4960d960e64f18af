"""A graph class's host methods: ``def sample_Z(self, m, n): return np.random.uniform(-self.z_range,
self.z_range, size=[m, n])``, called in the training method's feeds (``feed_dict={self.Z: self.sample_Z(
self.mb_size, self.z_size)}``).

Such a method neither builds the graph nor runs it: it holds no TensorFlow, reads the instance only through
attributes the constructor binds to host data (host_attributes.py) and stores none. So the class proof
(classes.py) reads it as it reads a Session-running method, a module-level function (``model__sample_Z(m, n)``)
reading those attributes' module-level names, and the module proof decides its calls as for any host function of
a module program; the rewrite puts it back as the method it was, called where it was (was "method `sample_Z` of
class `BEGAN` neither builds the graph ... nor runs it in a Session"). A generator so (finch's ``def gen_batch(self,
arr, batch_size): for i in range(0, len(arr), batch_size): yield arr[i:i + batch_size]``) is host code too: its
batches are numpy slices, drawn when the caller iterates in both programs. The counterpart of
class_helper_methods.py, whose methods build graph values and never read ``self``.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants, loaded_names
from tfmigrate.transforms.session.class_sugar import attribute_of
from tfmigrate.transforms.session.host_attributes import HostAttributes

UNMODELLED = (cst.Yield, cst.Await, cst.Global, cst.Nonlocal, cst.FunctionDef, cst.Lambda, cst.ClassDef)


def is_host_method(function: cst.FunctionDef, hosts: HostAttributes) -> bool:
    """``function`` holds no TensorFlow (no name the module binds to a TensorFlow value either) and reads
    ``self`` only as attributes of host data, storing none and calling no method."""
    params = function.params.params
    if function.decorators or function.asynchronous is not None or not params:
        return False
    owner = params[0].name.value
    body = list(descendants(function.body))
    calls = {id(n.func) for n in body if isinstance(n, cst.Call)}
    read: set[str] = set()
    for node in body:
        if isinstance(node, UNMODELLED) and not isinstance(node, cst.Yield):  # a host generator: see above
            return False
        if isinstance(node, (cst.Name, cst.Attribute)) and hosts.known(node):
            return False  # TensorFlow
        if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign)) and _stores_into(node.target, owner):
            return False  # ``self.count += 1``, ``self.seen[k] = v``: state of the instance
        if attribute_of(node, owner):
            if id(node) in calls:
                return False  # ``self.other(...)``
            read.add(cast(cst.Attribute, node).attr.value)
    if any(n.value in hosts.graph_names - {owner} for n in loaded_names(function.body)):
        return False
    return all(hosts.binding(attr) is not None for attr in read)


def _stores_into(target: cst.BaseExpression, owner: str) -> bool:
    """The store changes the instance: ``self.x``, ``self.x[k]``, ``self.x.y`` (or one element of a tuple target so);
    ``row[self.width - 1] = 1.0`` only reads ``self.width``, storing into the local ``row``."""
    if isinstance(target, (cst.Tuple, cst.List)):
        return any(_stores_into(e.value, owner) for e in target.elements)
    if isinstance(target, cst.StarredElement):
        return _stores_into(target.value, owner)
    while isinstance(target, (cst.Subscript, cst.Attribute)):
        if attribute_of(target, owner):
            return True
        target = target.value
    return isinstance(target, cst.Name) and target.value == owner
