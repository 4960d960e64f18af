"""A graph class's methods that run the Session only through another method: the course ``def score(self, X, Y):
return np.mean(Y == self.predict(X))`` over ``def predict(self, X): return self.session.run(self.predict_op, ...)``.

Such a method reads no Session itself, but what it computes is a run of the graph: the class proof (classes.py)
reads it as it reads the method it calls, a module-level function passed the Session, each ``self.predict(X)``
in it passing the Session on (class_sugar.Desugar), so that the module proof decides the run where it happens
(was "method `score` of class `ANN` neither builds the graph ... nor runs it in a Session").
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import descendants
from tfmigrate.transforms.session.class_sugar import attribute_of


def callers(methods: dict[str, cst.FunctionDef], running: set[str]) -> set[str]:
    """The methods of ``methods`` that call one of ``running`` (or a method that does) through ``self``, each
    named by a call ``self.method(...)`` only."""
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, function in methods.items():
            if name in running or name in found or not function.params.params:
                continue
            owner = function.params.params[0].name.value
            called = {id(n.func) for n in descendants(function.body) if isinstance(n, cst.Call)}
            reached = [
                n
                for n in descendants(function.body)
                if attribute_of(n, owner) and cast(cst.Attribute, n).attr.value in running | found
            ]
            if reached and all(id(n) in called for n in reached):
                found.add(name)
                changed = True
    return found
