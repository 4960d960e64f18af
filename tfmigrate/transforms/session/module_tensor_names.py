"""A module-level program fetching and feeding by tensor name: ``sess.run(['cost:0', 'train_op'], feed_dict={'tf_x:0':
x})``, ``g.get_tensor_by_name('y_hat:0')``, where the module built ``tf_x = tf.placeholder(..., name='tf_x')``,
``cost = tf.reduce_mean(..., name='cost')`` and ``train_op = optim.minimize(cost, name='train_op')`` in a ``with
g.as_default():`` block (Raschka's chapter 14 save-and-restore scripts and the tutorials after them; tensor_names.py
reads the same inside a graph class).

A string reads the op the module built under that name where tensor_names.naming_refusal finds no other op may bear
it, the call is a statement of the module body (or of its ``with g.as_default():`` / Session blocks: no scope
prefixes the name, and it runs once), bound on its own line to a name the module binds nowhere else; the string is
then read as that name, so the proof reads the fetch as any other. A graph loaded from a file (``import_meta_graph``)
holds ops this program does not build: its names are not read. Anything else keeps the graph tier, naming why."""

from __future__ import annotations

import re

import libcst as cst

from tfmigrate.transforms.session import early_returns, inlined_helpers
from tfmigrate.transforms.session.analysis import (
    Blocked,
    LineOf,
    Resolve,
    descendants,
    leaf_name,
    parents_of,
)
from tfmigrate.transforms.session.execution_order import binds_of
from tfmigrate.transforms.session.tensor_names import (
    PLAIN_BLOCKS,
    TENSOR,
    given_names,
    naming_refusal,
    run_strings,
    string_text,
)
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

ROUNDS = 8  # helpers read at their calls, at most (each round one helper, at all of its calls)
LOOKUPS = frozenset({"get_tensor_by_name", "get_operation_by_name"})
LOADERS = frozenset({"import_meta_graph", "import_graph_def"})  # a graph read from a file: its ops are not built here


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each module-level fetch and feed string read as the name bound to its op, and a note for each
    op; None where no string outside a class names a tensor; raises Blocked for a string that cannot be read so."""
    if not any(isinstance(n, cst.SimpleString) and ":0" in n.value for n in descendants(module)):
        return None
    notes: list[tuple[int, str]] = []
    built = _read_builders(module, resolve, line_of)
    if built is not None:  # ``build_cnn()`` called once: its ops made where it is called, under the names it binds
        module, resolve, line_of, notes = built
    parents = parents_of(module)
    lookups = {id(string): call for call, string in _lookups(module) if not _in_class(call, parents)}
    found = [s for s in run_strings(module) if not _in_class(s, parents)]
    found += [call.args[0].value for call in lookups.values() if isinstance(call.args[0].value, cst.SimpleString)]
    other = next((s for s in found if re.search(r":\d+$", string_text(s)) and not TENSOR.match(string_text(s))), None)
    strings = [s for s in found if TENSOR.match(string_text(s))]
    strings = [s for s in strings if string_text(s).endswith(":0") or string_text(s).isidentifier()]
    if not any(string_text(s).endswith(":0") for s in strings):
        return None
    if other is not None:
        raise Blocked(
            f"`{string_text(other)}` is fetched or fed by tensor name, and names an op under a scope or an output "
            "other than its op's first (only `name:0` of an op given `name='name'` is read)",
            line_of(other),
        )
    loader = next((n for n in descendants(module) if isinstance(n, cst.Call) and leaf_name(n.func) in LOADERS), None)
    if loader is not None:
        raise Blocked(
            f"`{string_text(strings[0])}` is fetched or fed by tensor name from a graph the module loads from a file "
            f"(`{leaf_name(loader.func)}`, line {line_of(loader)}): its ops are not the ones this program builds",
            line_of(strings[0]),
        )
    counts, computed = given_names(module, resolve, {id(s) for s in run_strings(module)})
    if computed:
        raise _computed(module, line_of, computed[0])
    given: dict[str, list[cst.Call]] = {}
    for node in descendants(module):
        if isinstance(node, cst.Call) and not _in_class(node, parents):
            for arg in node.args:
                if arg.keyword is not None and arg.keyword.value == "name" and isinstance(arg.value, cst.SimpleString):
                    given.setdefault(string_text(arg.value), []).append(node)
    bound: dict[str, str] = {}
    for name in dict.fromkeys(string_text(s).removesuffix(":0") for s in strings):
        calls = given.get(name, [])
        texts = [string_text(s) for s in strings if string_text(s) in (name, f"{name}:0")]
        if calls and any(isinstance(n, cst.FunctionDef) for n in _enclosing(calls[0], parents)):
            return None  # built by a function not read at its call: the model of that function says why
        why = naming_refusal(module, resolve, name, calls, (counts, texts)) or _placement(module, name, calls[0])
        if why is not None:
            where = calls[0] if calls else next(s for s in strings if string_text(s) in texts)
            raise Blocked(f"`{texts[0]}` is fetched or fed by tensor name, and {why}", line_of(where))
        target = _target(calls[0], parents)
        assert target is not None
        bound[name] = target
        notes.append(
            (line_of(calls[0]), f"the op named `{name}` is `{target}`, which its fetches and feeds by name read")
        )
    targets = {id(lookups.get(id(s), s)): bound[string_text(s).removesuffix(":0")] for s in strings}
    rewrite = _Read(module, resolve, line_of, targets)
    return *rewrite.applied(), notes


def _read_builders(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each module-level function that gives a name some run reads (``def build_cnn(): tf_x =
    tf.placeholder(..., name='tf_x') ...``) read at its one call, a module-level statement (inlined_helpers.py: the
    same graph, built in the same order); None where there is none such."""
    read = {string_text(s).removesuffix(":0") for s in [*run_strings(module), *(s for _, s in _lookups(module))]}
    notes: list[tuple[int, str]] = []
    changed = False
    for _ in range(len(module.body)):
        builder = next((f for f in module.body if isinstance(f, cst.FunctionDef) and _names_read(f, read)), None)
        if builder is None:
            break
        done = inlined_helpers.inline_function(module, resolve, line_of, builder)
        if done is None:
            break
        module, resolve, line_of, lines = done
        notes += [(line, f"function `{builder.name.value}` read where it is called (it runs once)") for line in lines]
        changed = True
    for _ in range(ROUNDS if changed else 0):  # ``conv_layer(x, name='conv_1')`` naming its scope by a parameter
        computed = given_names(module, resolve, set())[1]
        helpers = [f for f in module.body if isinstance(f, cst.FunctionDef)]
        inside = next((n for n in computed if any(_holds(f, n) for f in helpers)), None)
        expanded = inlined_helpers.inline(module, resolve, line_of, line_of(inside)) if inside is not None else None
        if expanded is None:
            break
        module, resolve, line_of, _, said, _ = expanded
        notes += said
    return (module, resolve, line_of, notes) if changed else None


def _computed(module: cst.Module, line_of: LineOf, name: cst.CSTNode) -> Blocked:
    """Why the op a string names is not known: a name computed, by the module or by a helper not read at its
    calls (naming the ``return`` that stops that reading)."""
    helper = next((f for f in module.body if isinstance(f, cst.FunctionDef) and _holds(f, name)), None)
    if helper is None:
        return Blocked(
            "a run fetches or feeds by tensor name and the module computes a `name=` or a name argument (the op a "
            "string names is not known)",
            line_of(name),
        )
    early = early_returns.early_return(helper)
    why = f" (it returns before its end, line {line_of(early)})" if early is not None else ""
    return Blocked(
        f"a run fetches or feeds by tensor name and function `{helper.name.value}` names an op or scope by a value "
        f"it is given, and is not read at its calls{why}: the op a string names is not known",
        line_of(name),
    )


def _holds(function: cst.FunctionDef, node: cst.CSTNode) -> bool:
    return any(n is node for n in descendants(function.body))


def _names_read(function: cst.FunctionDef, read: set[str]) -> bool:
    return any(
        isinstance(n, cst.Arg)
        and n.keyword is not None
        and n.keyword.value == "name"
        and isinstance(n.value, cst.SimpleString)
        and string_text(n.value) in read
        for n in descendants(function.body)
    )


def _lookups(module: cst.Module) -> list[tuple[cst.Call, cst.SimpleString]]:
    """``g.get_tensor_by_name('y_hat:0')`` and ``g.get_operation_by_name('train_op')`` (any graph: a name the module
    gives once names one op in all of them), each with its string."""
    return [
        (n, n.args[0].value)
        for n in descendants(module)
        if isinstance(n, cst.Call)
        and isinstance(n.func, cst.Attribute)
        and n.func.attr.value in LOOKUPS
        and len(n.args) == 1
        and n.args[0].keyword is None
        and isinstance(n.args[0].value, cst.SimpleString)
    ]


def _in_class(node: cst.CSTNode, parents: dict[cst.CSTNode, cst.CSTNode]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, cst.ClassDef):
            return True
    return False


def _target(call: cst.Call, parents: dict[cst.CSTNode, cst.CSTNode]) -> str | None:
    """``x`` of the statement ``x = <call>``."""
    statement = parents.get(call)
    if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
        target = statement.targets[0].target
        return target.value if isinstance(target, cst.Name) else None
    return None


def _enclosing(node: cst.CSTNode, parents: dict[cst.CSTNode, cst.CSTNode]):
    """The nodes holding ``node``, innermost first, up to the module."""
    while node in parents and not isinstance(parents[node], cst.Module):
        node = parents[node]
        yield node


def _placement(module: cst.Module, name: str, call: cst.Call) -> str | None:
    """Why the call is not one the string can be read as: a statement of the module body (through graph and Session
    blocks only) binding it to a name the module binds nowhere else."""
    parents = parents_of(module)
    target = _target(call, parents)
    if target is None:
        return f"the op named `{name}` is not bound to a name on a line of its own (`x = ...(name='{name}')`)"
    for node in _enclosing(call, parents):
        if isinstance(node, (cst.Lambda, cst.For, cst.While, cst.If, cst.Try, cst.BaseComp)):
            return f"the op named `{name}` is made inside a loop, condition or lambda, not once by the module body"
        if isinstance(node, cst.With) and not all(
            isinstance(i.item, cst.Call) and leaf_name(i.item.func) in PLAIN_BLOCKS for i in node.items
        ):
            return f"the op named `{name}` is made inside a `with` block that may prefix its name"
    stores = sum(1 for n in descendants(module) if target in binds_of(n))
    if stores != 1:
        return f"`{target}`, the name its op is bound to, is bound more than once in the module"
    return None


class _Read(TracedRewrite):
    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf, strings: dict[int, str]) -> None:
        super().__init__(module, resolve, line_of)
        self.strings = strings

    def leave_SimpleString(self, original_node, updated_node):
        name = self.strings.get(id(original_node))
        return updated_node if name is None else self.traced(cst.Name(name), original_node)

    def leave_Call(self, original_node, updated_node):  # ``g.get_tensor_by_name('y_hat:0')``
        name = self.strings.get(id(original_node))
        return updated_node if name is None else self.traced(cst.Name(name), original_node)
