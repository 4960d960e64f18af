"""An initializer class given to ``tf.get_variable`` uncalled: pyemma's recommenders write
``tf.get_variable('user_latent_vector', [n, k], initializer=tf.truncated_normal_initializer)``.

TF1's get_variable instantiates an initializer that is a class with no arguments (``if tf_inspect.isclass(
initializer): initializer = initializer()``, variable_scope.py) before drawing from it, so the program is the same
with ``tf.truncated_normal_initializer()`` written there: an object of default arguments, seeded from the graph
seed as any other. The pass reads it so before the proof, whose seed model (seeds.py) gives that call its op seed.
Only the initializer classes whose seeds tfmigrate checks or that draw nothing, as get_variable's ``initializer``.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import argument
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants
from tfmigrate.transforms.session.seeds import DRAWING_INITIALIZERS, FIXED_INITIALIZERS
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

CLASSES = frozenset({*(p for p in DRAWING_INITIALIZERS if not p.startswith("contrib.")), *FIXED_INITIALIZERS})
NOTE = "`{name}` given to tf.get_variable uncalled read as `{name}()`, the object TF1's get_variable made of it"


def _path(resolve: Resolve, node: cst.CSTNode) -> str:
    return (resolve(node) or "").removeprefix("compat.v1.")


def _uncalled(module: cst.Module, resolve: Resolve) -> list[cst.Arg]:
    """get_variable's ``initializer`` arguments that name an initializer class without calling it."""
    found = []
    for call in descendants(module):
        if isinstance(call, cst.Call) and _path(resolve, call.func) == "get_variable":
            given = argument(call, 3, "initializer")
            if given is not None and isinstance(given.value, (cst.Attribute, cst.Name)):
                if _path(resolve, given.value) in CLASSES:
                    found.append(given)
    return found


class _Call(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, given: list[cst.Arg]) -> None:
        super().__init__(module, resolve, line_of)
        self.given = {id(a) for a in given}

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        if id(original_node) not in self.given:
            return updated_node
        made = cst.Call(original_node.value)  # the class keeps its own node: it resolves as the module wrote it
        return updated_node.with_changes(value=self.traced(made, original_node.value))


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each such class called, and a note for each; None where there is none."""
    given = _uncalled(module, resolve)
    if not given:
        return None
    code = module.code_for_node
    notes = [(line_of(a), NOTE.format(name=code(a.value))) for a in given]
    return *_Call(module, resolve, line_of, given).applied(), notes
