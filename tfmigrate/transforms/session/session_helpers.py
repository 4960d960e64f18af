"""A function that opens the Session on graph values it is passed: the Packt cookbook's CSV recipe builds its queue
pipeline in ``data_generator(filenames)`` and runs it in ``generate_data(feature_batch, label_batch)``, both called
once under ``if __name__ == "__main__":``::

    if __name__ == "__main__":
        feature_batch, label_batch = data_generator([DATA_FILE])
        generate_data(feature_batch, label_batch)

functions.py proves a Session function that builds its own graph (``def main(): ...``); this one reads tensors made
outside it. Called once, as a statement of straight-line code, its body runs once where the call stands, with its
parameters bound to the arguments: the same TF1 program as the body written at the call (inlined_helpers.py reads
graph-building helpers this way). So the module is read with the function's body at its call site, and the
module-level rewrite (a Session under the main guard, a queue pipeline built by a helper) judges that program.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import inlined_helpers
from tfmigrate.transforms.session.analysis import LineOf, Resolve
from tfmigrate.transforms.session.class_sugar import reguard, unguard, unguarded_lookups


def read_at_call(
    module: cst.Module, resolve: Resolve, line_of: LineOf, function: cst.FunctionDef
) -> tuple[cst.Module, Resolve, LineOf, list[tuple[int, str]]] | None:
    """The module with ``function`` (the module's one Session function, which takes parameters) read where it is
    called, and a change line for the call; None where it is not called once in straight-line code."""
    if not function.params.params:
        return None  # ``def main():`` builds its own graph: functions.py's shape
    unguarded, guard = unguard(module)
    expanded = inlined_helpers.inline_function(unguarded, *unguarded_lookups(resolve, line_of, guard), function)
    if expanded is None:
        return None
    inlined, resolve_new, line_of_new, lines = expanded
    name = function.name.value
    notes = [(line, f"function `{name}` read where it is called (it runs once)") for line in lines]
    return reguard(inlined, guard), resolve_new, line_of_new, notes
