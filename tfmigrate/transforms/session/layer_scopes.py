"""Module-level ``with tf.variable_scope('ConvNet', reuse=...):`` blocks of tf.layers, one per build of a model: the
aymericdamien convolutional network's ``conv_net(x, n_classes, dropout, reuse, is_training)`` called once to train
(``reuse=False``) and once to test (``reuse=True``), or a helper opening its scope with ``reuse=tf.AUTO_REUSE``, read
at its calls (inlined_helpers.py).

TF1 names a functional layer's variable scope by its base name made unique among the scope's (``ConvNet/dense``,
``ConvNet/dense_1``), and forgets those counts when the scope is left, so each entry names its layers afresh and the
second build asks for ``ConvNet/dense`` again: in a reusing scope (``reuse=True`` or ``tf.AUTO_REUSE``; ``False`` and
``None`` inherit the root's, which reuses nothing) that is the first build's layer, its variables shared; elsewhere
TF1 refuses the second one. layers.py names each layer so and calls the first build's Keras object again.

Only where the scope's name is used by such blocks alone (a re-entered scope numbers its name scope, ``ConvNet_1``,
which only op names and summary tags take), the blocks build no variables but tf.layers' (no ``get_variable``, no
nested scope, no summary), and nothing reads a ``.name``.
"""

from __future__ import annotations

from collections import Counter

import libcst as cst

from tfmigrate.cstfields import code as module_code
from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session import gradients, scoped_variables, variable_sharing
from tfmigrate.transforms.session.analysis import LineOf, Program, Resolve, descendants, module_value
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

REUSE = "reuse"
AUTO = "auto"
SCOPES = frozenset({"variable_scope", "name_scope"})
# Calls a shared block may not hold: whatever else names or makes a variable, or a summary tag.
NAMING: tuple[str, ...] = (*(n for n in variable_sharing.NAMING if n != "layers."), "get_collection")


def flag(program: Program, value: cst.BaseExpression, seen: int = 0) -> str | None | bool:
    """The reuse a ``reuse=`` value gives: REUSE, AUTO, None (inherit); False where it is not a known flag."""
    if isinstance(value, cst.Name) and value.value in ("True", "False", "None"):
        return REUSE if value.value == "True" else None
    if program.tf1_path(value) == "AUTO_REUSE":
        return AUTO
    if isinstance(value, cst.Name) and value.value not in program.nodes and not seen:
        given = module_value(program, value.value)  # ``reuse = tf.AUTO_REUSE`` bound once at module level
        return flag(program, given, 1) if given is not None else False
    return False


def _head(program: Program, statement: cst.CSTNode) -> tuple[str, str | None] | None:
    """The name and reuse of ``with tf.variable_scope('<literal>'[, reuse=<flag>]):``; None for anything else."""
    if not (isinstance(statement, cst.With) and len(statement.items) == 1 and statement.items[0].asname is None):
        return None
    call = statement.items[0].item
    if not isinstance(call, cst.Call) or program.tf1_path(call.func) != "variable_scope":
        return None
    first = argument(call, 0, "name_or_scope")
    name = literal_string(first.value) if first is not None else None
    rest = [a for a in call.args if a is not first]
    if name is None or any(a.keyword is None or a.keyword.value != "reuse" for a in rest) or len(rest) > 1:
        return None
    reuse = flag(program, rest[0].value) if rest else None
    return None if reuse is False else (name, reuse)  # type: ignore[return-value]


def entry(program: Program, statement: cst.CSTNode) -> tuple[str, str | None] | None:
    """The scope name and reuse flag of a module-level block this module models (see the module docstring)."""
    cache = program.layer_scope_entries
    if statement not in cache:
        cache[statement] = _entry(program, statement)
    return cache[statement]


def _entry(program: Program, statement: cst.CSTNode) -> tuple[str, str | None] | None:
    head = _head(program, statement) if statement in program.module.body else None
    if head is None:
        return None
    assert isinstance(statement, cst.With)
    blocks = [s for s in program.module.body if isinstance(s, cst.With) and (_head(program, s) or ("",))[0] == head[0]]
    if program.layer_scopes is None:
        program.layer_scopes = ModuleScopes(program)
    if program.layer_scopes.entered(head[0]) != len(blocks):
        return None  # the name is also entered elsewhere (nested, as a name scope, in a function)
    for block in blocks:
        building = _head(program, block) == (head[0], None)
        nested = scoped_variables.nested(program, block) if building else {}
        if nested is None:
            return None
        allowed = scoped_variables.allowed(nested)
        for node in descendants(block.body):
            if isinstance(node, cst.With) and node not in nested:
                return None
            if isinstance(node, cst.Call) and node not in allowed:
                path = program.tf1_path(node.func) or ""
                if path.startswith(NAMING) or (path.startswith("layers.") and path[len("layers.") :][:1].isupper()):
                    return None
    return None if program.layer_scopes.reads_name() else head


class ModuleScopes:
    """The two facts of the whole module each block's answer reads, each walked for once per program, when first
    asked (the module and its meaning do not change while the program is read)."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self._entered: Counter[str | None] | None = None
        self._reads_name: bool | None = None

    def entered(self, name: str) -> int:
        """How many ``tf.variable_scope('<name>')`` and ``tf.name_scope('<name>')`` calls the module makes."""
        if self._entered is None:
            program = self.program
            self._entered = Counter(
                literal_string(c.args[0].value)
                for c in descendants(program.module)
                if isinstance(c, cst.Call) and program.tf1_path(c.func) in SCOPES and c.args
            )
        return self._entered[name]

    def reads_name(self) -> bool:
        """Some ``.name`` is read, other than by a filter decided on TF1's names."""
        if self._reads_name is None:
            filtered = gradients.filter_name_reads(self.program)
            self._reads_name = any(
                isinstance(n, cst.Attribute) and n.attr.value == "name" and n not in filtered
                for n in descendants(self.program.module)
            )
        return self._reads_name


def reuse_flags(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """``with tf.variable_scope('discriminator') as scope: if reuse: scope.reuse_variables()`` (golbin's GAN), read at
    the helper's calls (``if True:``, ``if None:``): the block entered with ``reuse=True`` where the call runs, as it
    is, without ``as scope``, where it does not. TF1's ``reuse_variables()`` sets the reuse of the scope the block
    opened before anything in it is built: the same as entering it reusing. Only a module-level block whose first
    statement is the call (or a literal ``if`` holding it alone) and which reads ``scope`` nowhere else."""
    if "reuse_variables" not in module_code(module):
        return None
    edits: dict[cst.CSTNode, bool] = {
        s: found for s in module.body for found in [_reuse_call(s, resolve)] if found is not None
    }
    if not edits:
        return None
    done, resolve_new, line_of_new = _Flag(module, resolve, line_of, edits).applied()
    notes = [
        (
            line_of(block),
            "`scope.reuse_variables()` first in its `with tf.variable_scope(...) as scope:` read as "
            f"the scope entered {'with reuse=True' if reuse else 'without reuse (the call does not run)'}",
        )
        for block, reuse in edits.items()
    ]
    return done, resolve_new, line_of_new, notes


def _reuse_call(statement: cst.CSTNode, resolve: Resolve) -> bool | None:
    """Whether the block's leading ``scope.reuse_variables()`` runs; None where the block is not of this shape."""
    if not (
        isinstance(statement, cst.With) and len(statement.items) == 1 and isinstance(statement.body, cst.IndentedBlock)
    ):
        return None
    item = statement.items[0]
    call = item.item
    target = item.asname.name if item.asname is not None else None
    if not (isinstance(target, cst.Name) and isinstance(call, cst.Call) and len(call.args) == 1):
        return None
    if (resolve(call.func) or "").removeprefix("compat.v1.") != "variable_scope" or call.args[0].keyword is not None:
        return None
    if literal_string(call.args[0].value) is None or len(statement.body.body) < 2:
        return None
    first, runs = statement.body.body[0], True
    if isinstance(first, cst.If) and first.orelse is None and isinstance(first.body, cst.IndentedBlock):
        test = first.test
        if not (isinstance(test, cst.Name) and test.value in ("True", "False", "None") and len(first.body.body) == 1):
            return None
        first, runs = first.body.body[0], test.value == "True"
    if not (
        isinstance(first, cst.SimpleStatementLine) and len(first.body) == 1 and isinstance(first.body[0], cst.Expr)
    ):
        return None
    reuse = first.body[0].value
    func = reuse.func if isinstance(reuse, cst.Call) and not reuse.args else None
    if not (isinstance(func, cst.Attribute) and func.attr.value == "reuse_variables"):
        return None
    if not (isinstance(func.value, cst.Name) and func.value.value == target.value):
        return None
    rest = [n for s in statement.body.body[1:] for n in descendants(s)]
    if any(isinstance(n, cst.Name) and n.value == target.value for n in rest):
        return None
    return runs


class _Flag(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, edits: dict[cst.CSTNode, bool]) -> None:
        super().__init__(module, resolve, line_of)
        self.edits = edits

    def leave_With(self, original_node: cst.With, updated_node: cst.With) -> cst.With:
        if original_node not in self.edits:
            return updated_node
        item = updated_node.items[0]
        call = item.item
        assert isinstance(call, cst.Call) and isinstance(updated_node.body, cst.IndentedBlock)
        if self.edits[original_node]:
            call = reusing(call)
        body = updated_node.body.with_changes(body=updated_node.body.body[1:])
        return updated_node.with_changes(items=[item.with_changes(item=call, asname=None)], body=body)


def reusing(call: cst.Call) -> cst.Call:
    """``tf.variable_scope(name)`` entered again as ``tf.variable_scope(name, reuse=True)``: its first argument kept."""
    spaced = call.args[0].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    flag = cst.Arg(
        cst.Name("True"),
        keyword=cst.Name("reuse"),
        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
    )
    return call.with_changes(args=[spaced, flag])
