"""Whether the file is TF1 code or TF2 eager code: TF1Api._scan's answer decides whether a name that means different
things in TF1 and TF2 goes to tf.compat.v1, and whether positional arguments are read with TF1's signature."""

from __future__ import annotations

import ast

from tfmigrate.transforms._edit_support import Decline
from tfmigrate.transforms._tf1 import COMPAT_V1, DIFFERENT, SAME, UNUSABLE, fate, v1_path
from tfmigrate.transforms._tf1_edits.names import Names
from tfmigrate.transforms.tfm101_tf1_api import EAGER_IDIOMS


class Evidence(Names):
    """The file's TF1 and TF2 evidence, read from the model's chains and imports."""

    def own_attributes(self) -> frozenset[str]:
        """TF1Api._own_attributes: paths the file assigns on tensorflow (``tf.model = ...``). The assignments are
        the model's list of them: a walk of the whole tree for them was a tenth of this rule's plan."""
        found: list[ast.AST] = []
        for assignment in self.m.assignments:
            if isinstance(assignment, ast.Assign):
                for target in assignment.targets:
                    found.append(target)
                    for inner in ast.walk(target):
                        if isinstance(inner, (ast.Tuple, ast.List, ast.Set)):
                            found += inner.elts
            else:
                found.append(assignment.target)
        own = set()
        for node in found:
            if isinstance(node, ast.Attribute) and node in self.node_chain:
                chain, index = self.node_chain[node]
                for q in self.names(chain, index):
                    path = v1_path(q)
                    if path is not None:
                        own.add(path)
        return frozenset(own)

    def evidence(self, names: set[str]) -> tuple[bool, bool]:
        tf1 = eager = False
        for q in names:
            path = v1_path(q)
            if path is None or q.startswith(COMPAT_V1 + ".") or self.is_own(path):
                continue
            eager = eager or path in EAGER_IDIOMS
            f = fate(path)
            tf1 = tf1 or (f is not None and f not in (SAME, DIFFERENT, UNUSABLE))
        return tf1, eager

    def scan(self) -> tuple[bool, bool]:
        """TF1Api._scan: (uses TF1-only names, uses TF2 eager idioms). libcst asks every Name and Attribute;
        the model's chains and the names imports bind are where those meanings come from. An identifier
        written elsewhere (a keyword, a parameter, an attribute) that an import binds to such a name would
        count for libcst too: the plan declines when that could change the answer."""
        tf1 = eager = False
        for chain in self.m.chains:
            for index in range(len(chain.nodes)):
                t, e = self.evidence(self.names(chain, index))
                tf1, eager = tf1 or t, eager or e
        risky: dict[str, tuple[bool, bool]] = {}
        for stmt, _ in self.m.imports:
            for alias in stmt.names:
                bound = alias.asname or alias.name
                written = [bound] if alias.asname is None else [alias.asname, alias.name]
                for text in written:
                    t, e = self.evidence(self.m.import_names(stmt, text))
                    tf1, eager = tf1 or t, eager or e
                found = self.evidence(self.m.import_names(stmt, bound))
                if any(found):
                    was = risky.get(bound, (False, False))
                    risky[bound] = (was[0] or found[0], was[1] or found[1])
        elsewhere = set(self.m.other_names)
        elsewhere |= {part for chain in self.m.chains for part in chain.parts[1:]}
        elsewhere |= {
            name
            for scope in self.m.scopes
            for name, bs in scope.bindings.items()
            if any(b.kind not in ("import", "from-import") for b in bs)
        }
        for name, target in self.aliases.items():
            risky[name] = self.evidence({target})
        for name in risky.keys() & elsewhere:
            if (risky[name][0] and not tf1) or (risky[name][1] and not eager):
                raise Decline("a name a tensorflow import binds is also written where libcst would ask about it")
        eager = eager or any(
            isinstance(call.func, ast.Attribute) and call.func.attr == "numpy" and not call.args and not call.keywords
            for call in self.m.calls.values()
        )
        return tf1, eager
