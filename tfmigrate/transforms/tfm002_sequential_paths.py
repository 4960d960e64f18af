"""TFM002: ``Sequential`` and ``Model`` come from ``tensorflow.keras.models``, whatever path the code used."""

from __future__ import annotations

import re

import libcst as cst
from libcst.metadata import ScopeProvider

from tfmigrate.facts import Facts
from tfmigrate.transforms._imports import _commas, _dotted, keras_public_exists
from tfmigrate.transforms.base import Transform

CANONICAL = "tensorflow.keras.models"
NAMES = ("Sequential", "Model")
# Old homes of the two classes inside TensorFlow (public, private, contrib); any module under these prefixes.
TF_HOMES = ("tensorflow.python.keras", "tensorflow.contrib.keras", "tensorflow.keras")
# Standalone Keras homes: rewritten only in files that also use tf.keras, where two Keras installs get mixed.
KERAS_HOMES = (
    "keras",
    "keras.models",
    "keras.engine",
    "keras.engine.sequential",
    "keras.engine.training",
    "keras.engine.functional",
    "keras.engine.network",
)
USES_TF_KERAS = re.compile(r"\btf\.keras\b|\btensorflow\.keras\b|from\s+tensorflow\s+import\s+[^\n]*\bkeras\b")


def _under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _works(module: str, name: str) -> bool:
    """``from module import name`` gives Keras 3's class on the target (``keras.X`` mirrors ``tf.keras.X``)."""
    public = f"tensorflow.{module}" if _under(module, ("keras",)) else module
    return keras_public_exists(f"{public}.{name}")


def _broken_home(module: str, name: str, mixed: bool) -> bool:
    """An old home that fails or gives legacy Keras on the target; imports that work stay byte-identical."""
    home = _under(module, TF_HOMES) or (mixed and module in KERAS_HOMES)
    return name in NAMES and home and not _works(module, name)


class SequentialModelPaths(Transform):
    """Import ``Sequential`` and ``Model`` from ``tensorflow.keras.models``.

    What it does:
        ``from X import Sequential, Model`` where X is an old home of the two classes that fails or gives legacy
        Keras on TensorFlow 2.21 (``tensorflow.python.keras.models``, ``tensorflow.python.keras.engine.sequential``,
        ``tensorflow.contrib.keras...``, or ``keras.engine...`` in a file that also uses ``tensorflow.keras``)
        becomes ``from tensorflow.keras.models import Sequential, Model``. Only these two names move: the others
        stay in the original statement. Homes that work (``tensorflow.keras``, ``keras.models``) are left as
        written. Bound names (``as`` aliases) are kept; ``tf.keras.Sequential`` uses are valid and
        left alone. Files that only use standalone ``keras``, other packages named like keras and names
        rebound locally are not touched.

    Why:
        ``tensorflow.python.keras`` and ``keras.engine`` are Keras 2 internals: on TensorFlow 2.16+ the first is a
        different (legacy) Keras whose models do not accept Keras 3 layers, and the second no longer exists.
        ``tensorflow.contrib`` is gone. One canonical path keeps a file on one Keras.

    Example:
        import tensorflow as tf
        from tensorflow.python.keras.engine.sequential import Sequential
        from tensorflow.python.keras.models import Model, load_model

    Use instead:
        import tensorflow as tf
        from tensorflow.keras.models import Sequential
        from tensorflow.python.keras.models import load_model
        from tensorflow.keras.models import Model
    """

    CODE = "TFM002"
    NAME = "sequential-model-paths"
    SUMMARY = "Sequential/Model imported from legacy or private paths -> tensorflow.keras.models"
    SAFE = True
    PRIORITY = 20
    TRIGGERS = ("Sequential", "Model")
    BEFORE = (
        "import tensorflow as tf\n"
        "from tensorflow.python.keras.engine.sequential import Sequential\n"
        "from tensorflow.python.keras.models import Model, load_model\n"
    )
    AFTER = (
        "import tensorflow as tf\n"
        "from tensorflow.keras.models import Sequential\n"
        "from tensorflow.python.keras.models import load_model\n"
        "from tensorflow.keras.models import Model\n"
    )

    METADATA_DEPENDENCIES = (*Transform.METADATA_DEPENDENCIES, ScopeProvider)

    @classmethod
    def needs(cls, facts: Facts) -> bool:
        """``Sequential`` or ``Model`` imported from one of the homes it moves them out of."""
        return any(_broken_home(*name.rpartition(".")[::2], mixed=True) for name in facts.imported)

    def visit_Module(self, node: cst.Module) -> bool:
        self.mixed = USES_TF_KERAS.search(node.code) is not None
        return True

    def _moves(self, statement: cst.ImportFrom, alias: cst.ImportAlias) -> bool:
        if statement.relative or statement.module is None or isinstance(statement.names, cst.ImportStar):
            return False
        module = _dotted(statement.module)
        name = _dotted(alias.name)
        if not _broken_home(module, name, self.mixed) or not keras_public_exists(f"{CANONICAL}.{name}"):
            return False
        return not self._rebound(alias, alias.evaluated_alias or name)

    def _rebound(self, alias: cst.ImportAlias, binding: str) -> bool:
        """A name assigned again in the same scope (a local class or variable) is not the Keras class."""
        scope = self.get_metadata(ScopeProvider, alias, None)
        if scope is None:
            return True
        # Other imports of the name (``except ImportError:`` fallbacks) do not shadow it; anything else does.
        return any(
            not isinstance(getattr(a, "node", None), (cst.Import, cst.ImportFrom)) for a in scope.assignments[binding]
        )

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        if len(original_node.body) != 1 or not isinstance(original_node.body[0], cst.ImportFrom):
            return updated_node
        statement = original_node.body[0]
        if isinstance(statement.names, cst.ImportStar):
            return updated_node
        moved = [alias for alias in statement.names if self._moves(statement, alias)]
        if not moved:
            return updated_node
        kept = [alias for alias in statement.names if alias not in moved]
        module = _dotted(statement.module)
        for alias in moved:
            self.change(statement, f"{_dotted(alias.name)} imported from {module} -> {CANONICAL}")
        lines: list[cst.SimpleStatementLine] = []
        if kept:
            lines.append(
                updated_node.with_changes(body=[statement.with_changes(names=_commas(kept), lpar=None, rpar=None)])
            )
        names = [cst.ImportAlias(name=cst.Name(_dotted(a.name)), asname=a.asname) for a in moved]
        canonical = cst.ImportFrom(
            module=cst.ensure_type(cst.parse_expression(CANONICAL), cst.Attribute), names=_commas(names)
        )
        lines.append(cst.SimpleStatementLine(body=[canonical]))
        lines[0] = lines[0].with_changes(
            leading_lines=updated_node.leading_lines, trailing_whitespace=updated_node.trailing_whitespace
        )
        if len(lines) > 1:
            lines[1] = lines[1].with_changes(trailing_whitespace=cst.TrailingWhitespace())
        return cst.FlattenSentinel(lines) if len(lines) > 1 else lines[0]
