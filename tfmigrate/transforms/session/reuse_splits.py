"""``tf.get_variable_scope().reuse_variables()`` in a ``with tf.variable_scope(name):`` block, read where a helper's
body stands at its calls (mystic123's GAN: ``def get_discriminator(input, reuse=False): if reuse:
tf.get_variable_scope().reuse_variables(); ...`` called twice in ``with tf.variable_scope(DISCRIMINATOR_SCOPE):``).

TF1 sets the reuse flag of the scope object the block entered, for the rest of that block only (entering the name
again later makes a new scope object without it; checked on TF 2.21): the same as closing the block there and entering
``tf.variable_scope(name, reuse=True)`` for the rest. Variables are named by the variable scope, so ``tf.get_variable``
and layers named by a literal ``name=`` find the same variables either way; what re-entering changes is the name scope
(``d_1/...`` where it was ``d/...``), so the rest may make no ``tf.Variable`` (TF1 named it ``d/v_1``, not
``d_1/v``), unnamed layer, summary, or name or variable scope of its own, and call no function of the module. The
call under a literal ``if True:``/``if False:`` (a reuse argument read at the call) runs or is dropped.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from tfmigrate.transforms.session import layer_scopes, layers, summaries
from tfmigrate.transforms.session.analysis import VARIABLE, LineOf, Resolve, descendants
from tfmigrate.transforms.session.rnn_names import SAVER
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

# What reads or makes names the re-entered scope would change: a tf.Variable, a name or variable scope, a summary
# (its tag), the Saver and collections (they read variable names). A layer holding variables (layers.NAMED) is named
# by the scope unless given a literal name; the variable-free ones (pooling, dropout, flatten) build nothing read by
# name.
NAMED = frozenset({VARIABLE, *summaries.VARIABLE_SCOPES, "get_variable_scope", SAVER, "get_collection"})
SUMMARIES = "summary."
VARIABLE_FREE_LAYERS = layers.FUNCTIONAL - layers.NAMED

DEFINITIONS = (cst.FunctionDef, cst.ClassDef, cst.Lambda)  # build nothing where written; their calls are not read


def split(module: cst.Module, resolve: Resolve, line_of: LineOf, holder: str | None = None):
    """The module with each such block split at its reuse call, with a note per block; or None."""
    if "reuse_variables" not in module.code:
        return None
    functions = {s.name.value for s in module.body if isinstance(s, (cst.FunctionDef, cst.ClassDef))}
    splitter = _Split(module, resolve, line_of, holder, functions)
    done, resolve_new, line_of_new = splitter.applied()
    if not splitter.notes:
        return None
    return done, resolve_new, line_of_new, splitter.notes


def why_kept(module: cst.Module, resolve: Resolve, line_of: LineOf, holder: str | None = None) -> str | None:
    """Why a reuse call of such a block is not read as the rest entered reusing: what the rest builds that the
    re-entered scope would name otherwise; None where no such call was left."""
    if "reuse_variables" not in module.code:
        return None
    functions = {s.name.value for s in module.body if isinstance(s, (cst.FunctionDef, cst.ClassDef))}
    splitter = _Split(module, resolve, line_of, holder, functions)
    splitter.applied()
    if not splitter.kept:
        return None
    _, code, defines = splitter.kept[0]
    if defines:  # a function, class or lambda builds nothing where it is written: what its calls build is not read
        return (
            f"the rest of its `with tf.variable_scope(...)` block defines {code}, whose calls are not read here: "
            "what they build, re-entered with reuse=True as the call reads, could be named otherwise than TF1 did "
            "(`d_1/` for `d/`)"
        )
    return (
        f"the rest of its `with tf.variable_scope(...)` block runs {code}, named where it is built "
        "(by the block's name scope, or the layers built before it): the rest re-entered with reuse=True, as the call "
        "reads, could name it otherwise than TF1 did (`d_1/` for `d/`)"
    )


def _reuse_call(statement: cst.BaseStatement, path: Callable[[cst.CSTNode], str]) -> bool | None:
    """Whether ``statement`` is a ``tf.get_variable_scope().reuse_variables()`` that runs (True), one under a literal
    false test (False); None for any other statement (another object's ``reuse_variables()`` flags no scope here)."""
    runs = True
    if isinstance(statement, cst.If) and statement.orelse is None and isinstance(statement.body, cst.IndentedBlock):
        test = statement.test
        if not (
            isinstance(test, cst.Name) and test.value in ("True", "False", "None") and len(statement.body.body) == 1
        ):
            return None
        statement, runs = statement.body.body[0], test.value == "True"
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return None
    small = statement.body[0]
    call = small.value if isinstance(small, cst.Expr) else None
    if not (isinstance(call, cst.Call) and not call.args and isinstance(call.func, cst.Attribute)):
        return None
    inner = call.func.value
    if call.func.attr.value != "reuse_variables" or not (isinstance(inner, cst.Call) and not inner.args):
        return None
    return runs if path(inner.func) == "get_variable_scope" else None


class _Split(TracedRewrite):
    def __init__(
        self, module: cst.Module, resolve: Resolve, line_of: LineOf, holder: str | None, functions: set[str]
    ) -> None:
        super().__init__(module, resolve, line_of)
        self.holder = holder
        self.functions = functions
        self.notes: list[tuple[int, str]] = []
        # reuse calls left as written, what their rest builds or defines, and whether it defines it
        self.kept: list[tuple[int, str, bool]] = []
        self.depth = 0  # function definitions entered (only the holder's body is read)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return node.name.value == self.holder

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def _path(self, node: cst.CSTNode) -> str:
        return (self.resolver(node) or "").removeprefix("compat.v1.")

    def _scope(self, node: cst.With) -> cst.Call | None:
        """The block's ``tf.variable_scope(name)`` (one positional argument, no ``as``), the name a literal or a name
        bound elsewhere (``DISCRIMINATOR_SCOPE``): split, the block evaluates it twice, so it may call nothing."""
        if len(node.items) != 1 or node.items[0].asname is not None or not isinstance(node.body, cst.IndentedBlock):
            return None
        call = node.items[0].item
        if not (isinstance(call, cst.Call) and self._path(call.func) == "variable_scope"):
            return None
        if len(call.args) != 1 or call.args[0].keyword is not None or call.args[0].star:
            return None
        return call if isinstance(call.args[0].value, (cst.SimpleString, cst.Name, cst.Attribute)) else None

    def _named_otherwise(self, statements) -> cst.CSTNode | None:
        """What the statements after the call build that the re-entered name scope would name otherwise, or a
        function, class or lambda they define (whose calls are not read); or None."""
        for node in (n for s in statements for n in descendants(s)):
            if isinstance(node, DEFINITIONS):
                return node
            if not isinstance(node, cst.Call):
                continue
            if isinstance(node.func, cst.Name) and node.func.value in self.functions:
                return node
            path = self._path(node.func)
            if path in NAMED or path.startswith(SUMMARIES):
                return node
            layer = path.removeprefix("layers.")
            if (
                layer != path
                and layer not in VARIABLE_FREE_LAYERS
                and not any(
                    a.keyword is not None and a.keyword.value == "name" and isinstance(a.value, cst.SimpleString)
                    for a in node.args
                )
            ):
                return node
        return None

    def leave_With(self, original_node: cst.With, updated_node: cst.With):
        call = self._scope(updated_node)
        if call is None or not isinstance(updated_node.body, cst.IndentedBlock):
            return updated_node
        body = list(updated_node.body.body)
        dropped = [s for s in body if _reuse_call(s, self._path) is False]
        body = [s for s in body if s not in dropped]
        found = [i for i, s in enumerate(body) if _reuse_call(s, self._path)]
        named = self._named_otherwise(body[found[0] + 1 :]) if len(found) == 1 else None
        if named is not None:
            code = cst.Module([]).code_for_node(named).split("\n")[0]
            self.kept.append((self.line_of(body[found[0]]), f"`{code}`", isinstance(named, DEFINITIONS)))
        if len(found) > 1 or named is not None or not found and not dropped:
            return updated_node
        for statement in dropped:
            self.notes.append(
                (self.line_of(statement), "`tf.get_variable_scope().reuse_variables()` under a false test dropped")
            )
        if not found:
            kept = updated_node.with_changes(body=updated_node.body.with_changes(body=body))
            return self.traced(kept, original_node)
        index = found[0]
        before, after = body[:index], body[index + 1 :]
        self.notes.append(
            (
                self.line_of(body[index]),
                "`tf.get_variable_scope().reuse_variables()` in `with tf.variable_scope(...)` read as the rest of the "
                "block entered with reuse=True (TF1 flags that scope until the block ends)",
            )
        )
        reusing = updated_node.with_changes(
            items=[updated_node.items[0].with_changes(item=layer_scopes.reusing(call))],
            body=updated_node.body.with_changes(body=after or [cst.SimpleStatementLine([cst.Pass()])]),
        )
        reusing = self.traced(reusing, body[index])
        if not before:
            return reusing
        first = self.traced(updated_node.with_changes(body=updated_node.body.with_changes(body=before)), original_node)
        return cst.FlattenSentinel([first, reusing])
