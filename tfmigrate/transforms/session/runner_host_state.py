"""Host state a runner rebinds: ``self.epsilon = epsilon`` in the constructor (a host number every construction
passes), ``self.epsilon -= self.epsilon_decay`` in ``fit`` (a deep-Q estimator's exploration rate).

The class proof refuses a runner's store into an attribute the constructor or a builder binds ("rebinds
`self.epsilon`, which the constructor built"), since the graph they built may have read the bound value. When they
bind it only to host data and never read it, no graph op holds its value: the attribute is the instance's plain
Python state, which the eager class keeps as written, stores and reads alike.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants
from tfmigrate.transforms.session.class_sugar import attribute_of, self_name
from tfmigrate.transforms.session.host_attributes import HostAttributes


def unread_host_state(building: list[cst.FunctionDef], hosts: HostAttributes) -> set[str]:
    """The attributes the constructor and builders (``building``) bind only by plain assignments of host data
    (``hosts.host_value``) and never read, nor change in any other way."""
    bound: dict[str, bool] = {}  # attribute -> every binding host data
    read: set[str] = set()
    for function in building:
        owner = self_name(function)
        targets: set[int] = set()
        for node in descendants(function.body):
            if isinstance(node, cst.Assign):
                for target in node.targets:
                    if attribute_of(target.target, owner):
                        attr = cast(cst.Attribute, target.target).attr.value
                        plain = len(node.targets) == 1 and hosts.host_value(node.value)
                        bound[attr] = bound.get(attr, True) and plain
                        targets.add(id(target.target))
            elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.Del)) or isinstance(node, cst.For | cst.WithItem):
                held = node.target if not isinstance(node, cst.WithItem) else node.asname
                for inner in descendants(held) if held is not None else ():
                    if attribute_of(inner, owner):
                        read.add(cast(cst.Attribute, inner).attr.value)  # bound another way: not plain state
        for node in descendants(function.body):
            if attribute_of(node, owner) and id(node) not in targets:
                read.add(cast(cst.Attribute, node).attr.value)
    return {attr for attr, plain in bound.items() if plain and attr not in read and attr not in hosts.changed}
