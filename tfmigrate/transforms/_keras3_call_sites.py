"""TFM309's "no call to act on" decided on the ast model: the module as it is, without libcst (TFM307's is in
_save_path_reports, which also makes its reports).

Why: both rules act only at calls (a save, a ``ModelCheckpoint``, a data method given a list), yet their gates
read names, not calls: a library that names ``callbacks.ModelCheckpoint`` in an ``isinstance`` test, or calls
``fit`` with arrays, paid for a libcst parse and its scope analysis to change nothing
(``keras/distribute/distributed_training_utils_v1.py``). The plans here look at the calls the rule would look
at, more widely than it does (any call that may be a site declines: :func:`list_inputs` returns
None and the libcst rule runs), so they only ever say "nothing here" where the rule finds nothing
(tests/test_keras3_call_sites.py, and tests/test_engine_edits.py on the fixtures, check output and reports are
the same either way).
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable

from tfmigrate.model import Model

CHECKPOINT = "ModelCheckpoint"


def checkpoint_names(model: Model) -> set[str]:
    """The names the file's imports bind to a ``ModelCheckpoint`` (``from ... import ModelCheckpoint as MC``)."""
    return {
        alias.asname or alias.name.split(".")[0]
        for statement, _ in model.imports
        for alias in statement.names
        if alias.name.rsplit(".", 1)[-1] == CHECKPOINT
    }


def list_inputs(model: Model, methods: Iterable[str]) -> str | None:
    """TFM309: the text as it is when no call of a data method (``fit``, ``predict``, ...) is given a list
    literal, or a name some assignment binds to one (alone or in a tuple); else None."""
    methods = set(methods)

    @functools.cache
    def listed() -> frozenset[str]:
        """The names some assignment binds to a list literal: the whole tree walked for, once, only when a data
        call is given a name."""
        return frozenset(
            target.id
            for node in model.assignments
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.List)
            for target in node.targets
            if isinstance(target, ast.Name)
        )

    def may_be_list(value: ast.AST) -> bool:
        if isinstance(value, ast.Starred):
            value = value.value
        if isinstance(value, ast.Tuple):
            return any(may_be_list(e) for e in value.elts)
        return isinstance(value, ast.List) or (isinstance(value, ast.Name) and value.id in listed())

    for call in model.calls.values():
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in methods:
            if any(may_be_list(v) for v in [*call.args, *(k.value for k in call.keywords)]):
                return None
    return model.text
