"""Session functions that each construct the model class, one of them run per process by a mode: ``if mode ==
"train": train() elif mode == "validate": validate()`` as the last statement of the module or of its ``if __name__
== "__main__":`` block (a recommender's or a classifier's command-line modes), ``validate`` building the class again
in a graph of its own and restoring the checkpoint ``train`` saved in an earlier run.

The test of each branch uses no TensorFlow and looks for no file the eager checkpoint does not write (a test of
``os.path.exists(CKPT + ".meta")`` trained in TF1's first run and validated in its second), and each branch
is one bare call of its own Session function, so one process runs one function, once: its program is the module with the chain read as that function's call alone, as
function_parts.py reads functions run one after the other. A ``tf.reset_default_graph()`` first in such a function
resets the empty graph of a fresh process: eagerly there is no graph to reset, so it is dropped.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from tfmigrate.transforms.session.analysis import Resolve, descendants
from tfmigrate.transforms.session.functions import final_guard
from tfmigrate.transforms.session.sequential_runs import bare_call, named_once

FILE_PROBES = ("path", "exists", "isfile", "open", "stat", "Path", "gfile")
LISTINGS = ("listdir", "glob", "scandir", "walk")
Runs = dict[str, tuple[cst.Call, list[cst.CSTNode]]]


def chain_of(module: cst.Module) -> cst.If | None:
    """The ``if``/``elif`` chain that is the last statement of the module, or of its final ``__main__`` guard."""
    guard = final_guard(module)
    block = guard.body.body if guard is not None and isinstance(guard.body, cst.IndentedBlock) else module.body
    last = block[-1] if block else None
    return last if isinstance(last, cst.If) and last is not guard else None


def mode_runs(module: cst.Module, functions: list[cst.FunctionDef], resolve: Resolve) -> Runs | None:
    """Each Session function -> its call and the branch statement holding it, when the chain (``chain_of``) runs
    exactly one of them per branch, its tests reading no TensorFlow; None for any other shape."""
    chain = chain_of(module)
    if chain is None:
        return None
    branches = branches_of(
        chain,
        lambda test: (
            any(isinstance(n, (cst.Name, cst.Attribute)) and resolve(n) for n in descendants(test))
            or probes_files(module, test)
        ),
    )
    calls = one_call_each(branches, functions) if branches is not None else None
    if calls is None:
        return None
    return {name: (call, [line]) for name, (call, line) in calls.items()} if named_once(module, functions) else None


def probes_files(module: cst.Module, test: cst.BaseExpression) -> bool:
    """The test, or a value it reads by name (its assignments anywhere in the module), looks for a file the eager
    checkpoint does not write: ``os.path.exists(CKPT + ".meta")`` (TF1's Saver wrote the ``.meta`` graph;
    tf.train.Checkpoint writes the ``.index`` / ``.data`` files and, as the rewrite saves, the ``checkpoint`` state)
    or a listing of a folder (``os.listdir``, ``glob``), so the test may choose another branch than in TF1."""
    read = {n.value for n in descendants(test) if isinstance(n, cst.Name)}
    values: list[cst.CSTNode] = [test]
    for node in descendants(module):
        if isinstance(node, cst.Assign) and any(
            isinstance(t.target, cst.Name) and t.target.value in read for t in node.targets
        ):
            values.append(node.value)
    nodes = [node for value in values for node in descendants(value)]
    probes = [module.code_for_node(n.func) for n in nodes if isinstance(n, cst.Call)]
    if any(word in probe for probe in probes for word in LISTINGS):
        return True
    meta = any(isinstance(n, cst.SimpleString) and ".meta" in n.value for n in nodes)
    return meta and any(word in probe for probe in probes for word in FILE_PROBES)


def branches_of(chain: cst.If, reads_tf: Callable[[cst.BaseExpression], bool]) -> list[cst.BaseSuite] | None:
    """The bodies of the chain's ``if``, ``elif`` and ``else`` branches; None when a test reads TensorFlow."""
    branches: list[cst.BaseSuite] = []
    link: cst.If | cst.Else | None = chain
    while isinstance(link, cst.If):
        if reads_tf(link.test):
            return None
        branches.append(link.body)
        link = link.orelse
    if link is not None:
        branches.append(link.body)
    return branches


def one_call_each(
    branches: list[cst.BaseSuite], functions: list[cst.FunctionDef]
) -> dict[str, tuple[cst.Call, cst.BaseStatement]] | None:
    """Each function -> its bare call and the statement holding it, when each branch is one such statement and
    each function is called in exactly one branch (library.py reads its ``if``/``else`` on a checkpoint so too)."""
    names = {f.name.value for f in functions}
    calls: dict[str, tuple[cst.Call, cst.BaseStatement]] = {}
    for branch in branches:
        lines = branch.body if isinstance(branch, cst.IndentedBlock) else []
        call = bare_call(lines[0]) if len(lines) == 1 else None
        if call is None or not isinstance(call.func, cst.Name) or call.func.value not in names:
            return None
        if call.func.value in calls:
            return None
        calls[call.func.value] = (call, lines[0])
    return calls if set(calls) == names else None
