"""TFM101 (the TF1 API renames) planned on the ast model and made as range edits.

Why: TFM101 acts on nearly every TF1 file, and on libcst it paid for a scope and qualified-name analysis of
the whole module and a transform that rebuilt it. The plan here makes the libcst rule's decisions
(``tfm101_tf1_api.TF1Api``: the same table look-ups, messages and lines) from :mod:`tfmigrate.model`: a
rename replaces the source range of the chain it renames, an argument edit touches the argument alone, and
continuation lines aligned with a renamed callee's parenthesis move with it, as libcst's ``follow_callee``
moves them.

Both follow a module alias bound once at module level (``graph_util = tf.graph_util`` then
``graph_util.convert_variables_to_constants(...)``, :func:`module_aliases`), so the names reached through it
are renamed like any other. Where the plan does not model the
libcst rule's answer exactly (a tensorflow name bound in a way it does not follow, parentheses around a
rewritten expression, a removed ``tf.enable_eager_execution()`` line, CR line ends, ...), :func:`plan`
returns None and the engine runs the libcst rule instead (tests/test_engine_edits.py checks the output is the
same either way).
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.edits import Overlap
from tfmigrate.model import Model
from tfmigrate.transforms._edit_support import Decline
from tfmigrate.transforms._tf1_edits.layout import parenthesized
from tfmigrate.transforms._tf1_edits.module_aliases import module_aliases
from tfmigrate.transforms._tf1_edits.planner import Planner
from tfmigrate.transforms.tfm101_tf1_api import TF1Api

__all__ = ["module_aliases", "parenthesized", "plan"]


def plan(rule: TF1Api, model: Model) -> str | None:
    """The migrated text, or None when the libcst rule must run. Reports go through ``rule`` as usual."""
    try:
        return Planner(rule, model).run()
    except (Decline, Overlap, cst.ParserSyntaxError, SyntaxError, RecursionError):
        return None
