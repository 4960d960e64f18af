"""A graph class's methods fetching and feeding by tensor name: ``sess.run(['cost:0', 'train_op'], feed_dict={'tf_x:0':
X})`` where the builder wrote ``tf_x = tf.placeholder(..., name='tf_x')``, ``tf.reduce_mean(..., name='cost')`` and
``optimizer.minimize(cost, name='train_op')`` (Raschka's chapters 13-16 and the many trainers typed after them).

TF1 looks a string up in the Session's graph: ``'cost:0'`` is output 0 of the op named ``cost``, ``'train_op'`` the
op itself. The op named so is the one call given that literal ``name=`` when nothing else can bear the name: the
literal is given once in the whole module as a name (any call's ``name=`` or positional name, a scope's, a variable's:
TF1 numbers a later op ``cost_1``), every name the module gives is a literal, by a call built once (a statement of a
builder, outside loops and blocks other than ``with graph.as_default():``, the builder's calls and the class's
constructions under no scope up to the module, so no scope prefixes it), and the name is no default op name
(``Placeholder``, ``Mean``, ...). The call is one whose result is the op it names (NAMED: checked on TF1 by
tests/test_tensor_names.py; a cast of an input of another type, cast_ops.py), read as ``cost:0`` (TF1 fetches the op ``cost`` as None); an optimizer's op by its name
alone. The pass then binds the call to an attribute of the instance on its own line (``self.tf_x =
tf.placeholder(...)``; the line reads the attribute) and each string to that attribute, so the proof reads the fetch
as any other. A fetch or feed string the pass cannot read so keeps the graph
tier, naming why."""

from __future__ import annotations

import re
from collections import Counter
from typing import cast

import libcst as cst

from tfmigrate.tables import load
from tfmigrate.transforms.session import cast_ops
from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants, leaf_name, parents_of
from tfmigrate.transforms.session.class_sugar import self_name
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.hoisted_calls import call_line, first_effect
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

# TensorFlow calls whose returned tensor is output 0 of the op given ``name=``: those tf_scope_names.json finds so on
# TF1 (``named``) and tests/test_tensor_names.py checks here. Not ``cast`` or ``round``: given a tensor already of
# the type (an integer to round) they return it and make no op, so no op bears the name (a cast whose input is known
# to be of another type does: cast_ops.py).
SCOPE_NAMES = load("tf_scope_names.json")
NAMED = frozenset(SCOPE_NAMES["named"]) & frozenset(
    {
        "placeholder",
        "identity",
        "reduce_mean",
        "reduce_sum",
        "nn.softmax",
        "nn.sigmoid",
        "sigmoid",
        "nn.relu",
        "tanh",
        "nn.tanh",
        "matmul",
        "add",
        "reshape",
        "equal",
        "argmax",
    }
)
NAME_POSITIONS: dict[str, int] = SCOPE_NAMES["name_positions"]  # path -> where ``name`` is positional
NAME_KEYWORDS = frozenset({"name", "name_or_scope", "scope", "default_name"})
FIRST_NAMED = frozenset({"get_variable", "variable_scope", "name_scope", "op_scope"})  # name given first
# ``with`` blocks around a builder's call that prefix no name: the graph made the default, a Session
PLAIN_BLOCKS = frozenset({"as_default", "Session", "InteractiveSession"})
OPTIMIZER_METHODS = frozenset({"minimize", "apply_gradients"})  # the op returned is the one named
# Names TF1 gives ops by default (an unnamed op of the module might bear one; TF1 compares names lowercased): never
# read as a literal's op. tf_op_names.json's op types, and the scopes of the common builders.
DEFAULTS = frozenset(load("tf_op_names.json")["default_names"]) | frozenset(
    {
        "placeholder",
        "mean",
        "sum",
        "softmax",
        "sigmoid",
        "relu",
        "tanh",
        "matmul",
        "add",
        "sub",
        "mul",
        "reshape",
        "squeeze",
        "equal",
        "argmax",
        "onehot",
        "round",
        "cast",
        "identity",
        "variable",
        "init",
        "save",
        "const",
        "gradients",
        "adam",
        "gradientdescent",
        "square",
        "truediv",
        "biasadd",
        "dense",
        "conv2d",
        "dropout",
        "shape",
    }
)
TENSOR = re.compile(r"^([A-Za-z0-9.][A-Za-z0-9_.\-]*)(:0)?$")


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each class's fetch and feed strings read as the attributes bound to their ops, and a note
    for each op; None where no class fetches by name; raises Blocked for a string that cannot be read so."""
    if not any(isinstance(n, cst.SimpleString) and ":0" in n.value for n in descendants(module)):
        return None  # no string names a tensor (a cheap gate: no class is read)
    plans: dict[int, tuple[cst.ClassDef, dict[str, tuple[cst.Call, tuple[str, bool]]], list[cst.SimpleString]]] = {}
    fetched = {id(s) for s in run_strings(module)}  # the strings read, not names given
    given: tuple[Counter[str], list[cst.CSTNode]] | None = None
    for definition in module.body:
        if isinstance(definition, cst.ClassDef) and isinstance(definition.body, cst.IndentedBlock):
            if given is None and any(string_text(s).endswith(":0") for s in run_strings(definition)):
                given = given_names(module, resolve, fetched)
            if given is not None:
                plan = _plan(module, definition, resolve, line_of, given)
                if plan is not None:
                    plans[id(definition)] = (definition, *plan)
    if not plans:
        return None
    rewrite = _Bind(module, resolve, line_of, plans)
    done = rewrite.applied()
    notes = [
        (line_of(call), f"the op named `{name}` bound to `self.{attr}`, which its fetches and feeds by name read")
        for _, ops, _ in plans.values()
        for name, (call, (attr, _)) in ops.items()
    ]
    return *done, notes


def string_text(string: cst.SimpleString) -> str:
    value = string.evaluated_value
    return value if isinstance(value, str) else ""


def run_strings(method: cst.CSTNode) -> list[cst.SimpleString]:
    """The fetch and feed-key strings of the method's ``x.run(...)`` calls (a feed dict bound to a name in the
    method read through it)."""
    dicts: dict[str, list[cst.Dict]] = {}
    for node in descendants(method):
        if isinstance(node, cst.Assign) and isinstance(node.value, cst.Dict):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    dicts.setdefault(target.target.value, []).append(node.value)
    found: list[cst.SimpleString] = []
    for node in descendants(method):
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "run"):
            continue
        positional = [a for a in node.args if a.keyword is None]
        fetch = positional[0].value if positional else None
        items = fetch.elements if isinstance(fetch, (cst.List, cst.Tuple)) else [fetch] if fetch is not None else []
        found.extend(e.value for e in items if isinstance(e, cst.Element) and isinstance(e.value, cst.SimpleString))
        if isinstance(fetch, cst.SimpleString):
            found.append(fetch)
        feed = next((a.value for a in node.args if a.keyword is not None and a.keyword.value == "feed_dict"), None)
        if feed is None and len(positional) > 1:
            feed = positional[1].value
        feeds = (
            [feed] if isinstance(feed, cst.Dict) else dicts.get(feed.value, []) if isinstance(feed, cst.Name) else []
        )
        for made in feeds:
            found.extend(
                e.key for e in made.elements if isinstance(e, cst.DictElement) and isinstance(e.key, cst.SimpleString)
            )
    return found


def given_names(module: cst.Module, resolve: Resolve, fetched: set[int]) -> tuple[Counter[str], list[cst.CSTNode]]:
    """Each literal the module may give an op or scope as its name -> how often (lowercased: TF1 compares names so,
    and numbers the later op ``cost_1``), and the name arguments that are not literals. A name is any call's
    ``name=`` (or scope's), the name argument at its place (tf_scope_names.json's ``name_positions``;
    ``tf.get_variable('out', ...)``, ``tf.variable_scope('model')``) and any literal a TensorFlow call is given (a
    summary's tag names its op): a literal read elsewhere too only refuses more."""
    counts: Counter[str] = Counter()
    computed: list[cst.CSTNode] = []
    for node in descendants(module):
        if not isinstance(node, cst.Call):
            continue
        path = (resolve(node.func) or "").removeprefix("compat.v1.")
        func = node.func
        leaf = leaf_name(func)
        positional = [a.value for a in node.args if a.keyword is None and not a.star]
        names = [a.value for a in node.args if a.keyword is not None and a.keyword.value in NAME_KEYWORDS]
        place = NAME_POSITIONS.get(path)
        if place is not None and len(positional) > place:
            names.append(positional[place])
        if leaf in FIRST_NAMED and positional:
            names.append(positional[0])
        if path and any(a.star == "**" for a in node.args):
            computed.append(node)  # ``tf.identity(x, **options)``: a name may be among them
        computed.extend(
            v
            for v in names
            if not isinstance(v, cst.SimpleString) and not (isinstance(v, cst.Name) and v.value == "None")
        )
        literals = {id(v): v for v in [*names, *(positional if path else [])] if isinstance(v, cst.SimpleString)}
        counts.update(string_text(v).lower() for v in literals.values() if id(v) not in fetched)
    return counts, computed


def _plan(
    module: cst.Module,
    definition: cst.ClassDef,
    resolve: Resolve,
    line_of: LineOf,
    given_names: tuple[Counter[str], list[cst.CSTNode]],
):
    """The ops the class's strings name (name -> the call and its attribute) and the strings; None where the class
    fetches nothing by name; raises Blocked."""
    members = [m for m in cast(cst.IndentedBlock, definition.body).body if isinstance(m, cst.FunctionDef)]
    found = [s for m in members for s in run_strings(m)]
    other = next((s for s in found if re.search(r":\d+$", string_text(s)) and not TENSOR.match(string_text(s))), None)
    if other is not None:  # ``'mean_squared_error/value:0'``: a scoped op, or an output other than the first
        raise Blocked(
            f"`{string_text(other)}` is fetched or fed by tensor name, and names an op under a scope or an output other "
            "than its op's first (only `name:0` of an op given `name='name'` is read)",
            line_of(other),
        )
    strings = [s for s in found if TENSOR.match(string_text(s))]
    strings = [s for s in strings if string_text(s).endswith(":0") or string_text(s).isidentifier()]
    if not any(string_text(s).endswith(":0") for s in strings):
        return None
    counts, computed = given_names
    if computed:
        parents = parents_of(definition)
        inside = [n for n in computed if n in parents]
        raise Blocked(
            "a method fetches or feeds by tensor name and the "
            + ("class computes a `name=`" if inside else "module computes a `name=` or a name argument")
            + " (the op a string names is not known)",
            line_of((inside or computed)[0]),
        )
    given: dict[str, list[cst.Call]] = {}
    for node in descendants(definition):
        if isinstance(node, cst.Call):
            for arg in node.args:
                if arg.keyword is not None and arg.keyword.value == "name" and isinstance(arg.value, cst.SimpleString):
                    given.setdefault(string_text(arg.value), []).append(node)
    taken = {n.attr.value for n in descendants(definition) if isinstance(n, cst.Attribute)}
    taken |= {m.name.value for m in members}  # ``self.train`` would hide method ``train``
    names = list(dict.fromkeys(string_text(s).removesuffix(":0") for s in strings))
    chosen = {id(given[n][0]) for n in names if len(given.get(n, ())) == 1}  # bound on their lines, in order
    ops: dict[str, tuple[cst.Call, tuple[str, bool]]] = {}
    for name in names:
        calls = given.get(name, [])
        texts = [string_text(s) for s in strings if string_text(s) in (name, f"{name}:0")]
        why = _refusal(module, definition, resolve, name, calls, frozenset(chosen), (counts, texts))
        if why is not None:
            text = texts[0]
            where = calls[0] if calls else next(s for s in strings if string_text(s) == text)
            raise Blocked(f"`{text}` is fetched or fed by tensor name, and {why}", line_of(where))
        ops[name] = (calls[0], _attribute(definition, calls[0], taken, name))
    return ops, strings


def naming_refusal(
    root: cst.CSTNode, resolve: Resolve, name: str, calls: list[cst.Call], read: tuple[Counter[str], list[str]]
) -> str | None:
    """Why ``name`` (read as ``texts``) may name another op than the one call of ``root`` given it, or none: a
    default op name, a name given more than once in the module (TF1 numbers the later op), a call whose result is
    not the op it names, an op read as a tensor or a tensor read as an op; None where the call's op is the one."""
    counts, texts = read
    base = re.sub(r"_\d+$", "", name)
    if name.lower().replace("_", "") in DEFAULTS or name.lower() in DEFAULTS or base.lower() in DEFAULTS:
        return f"`{name}` is a name TF1 gives ops by default"
    if not calls:
        return f"no op of the {'class' if isinstance(root, cst.ClassDef) else 'module'} is given `name='{name}'`"
    if len(calls) > 1:
        return f"more than one op of the {'class' if isinstance(root, cst.ClassDef) else 'module'} is given `name='{name}'`"
    if counts[name.lower()] > 1:
        return (
            f"the module gives the name `{name}` more than once (a call's name, a scope's or a variable's): TF1 "
            f"names the later op `{name}_1`"
        )
    if base != name and counts[base.lower()]:
        return f"the module gives the name `{base}`, and TF1 names a second op so `{name}`"
    call = calls[0]
    path = (resolve(call.func) or "").removeprefix("compat.v1.")
    method = isinstance(call.func, cst.Attribute) and call.func.attr.value in OPTIMIZER_METHODS
    if path not in NAMED and not method and not cast_ops.names_its_op(call, resolve, root):
        return f"its op is made by a call whose result is not read as the op it names (`{name}`)"
    if method and any(t.endswith(":0") for t in texts):
        return f"`{call.func.attr.value if isinstance(call.func, cst.Attribute) else ''}` returns the op (only `{name}`, the op itself, is read)"
    if not method and name in texts:
        return (
            f"`{name}` names the op, not its tensor: TF1 fetches an op as None and feeds none (only `{name}:0` is read)"
        )
    return None


def _refusal(
    module: cst.Module,
    definition: cst.ClassDef,
    resolve: Resolve,
    name: str,
    calls: list[cst.Call],
    chosen: frozenset[int],
    read: tuple[Counter[str], list[str]],
) -> str | None:
    why = naming_refusal(definition, resolve, name, calls, read)
    if why is not None:
        return why
    call = calls[0]
    parents = parents_of(definition)
    node: cst.CSTNode = call
    while node in parents and not isinstance(node, cst.FunctionDef):
        node = parents[node]
        if isinstance(node, (cst.For, cst.While, cst.If, cst.Try, cst.BaseComp, cst.Lambda)):
            return f"the op named `{name}` is made under a loop, condition or comprehension"
        if isinstance(node, cst.With) and not _graph_block(node):
            return f"the op named `{name}` is made inside a `with` block that may prefix its name"
    scoped = _scoped_call(module, definition, call)
    if scoped is not None:
        return f"the call building the op named `{name}` is made inside a `with` block that may prefix its name"
    if any(id(n) in chosen for n in descendants(call) if n is not call):
        return f"the op named `{name}` is made of another op read by name in the same call"
    line = call_line(call, parents)
    if line is None or not first_effect(line, call, chosen - {id(call)}):
        return f"the op named `{name}` is made after another call on its line, or under a condition"
    return None


def _scoped_call(module: cst.Module, definition: cst.ClassDef, call: cst.Call) -> cst.With | None:
    """A ``with`` block other than the graph's or a Session's over a call reaching the op's method, up to the
    module: ``with tf.variable_scope('model'): self.build()``, the class constructed under a scope."""
    parents = parents_of(module)
    method: cst.CSTNode = call
    while method in parents and not isinstance(method, cst.FunctionDef):
        method = parents[method]
    if not isinstance(method, cst.FunctionDef):
        return None
    members = [m for m in cast(cst.IndentedBlock, definition.body).body if isinstance(m, cst.FunctionDef)]
    reached = {method.name.value}
    grown = True
    while grown:  # the methods calling one reached (``__init__`` calling ``self.build()``)
        grown = False
        for member in members:
            if member.name.value not in reached and any(_callee(n) in reached for n in descendants(member)):
                reached.add(member.name.value)
                grown = True
    classes = {definition.name.value}
    if "__init__" in reached:  # its constructions, and a subclass's
        classes |= {
            c.name.value
            for c in module.body
            if isinstance(c, cst.ClassDef) and any(_callee(b.value) in classes for b in c.bases)
        }
    for site in descendants(module):
        if _callee(site) in reached or ("__init__" in reached and _callee(site) in classes):
            node: cst.CSTNode = site
            while node in parents:
                node = parents[node]
                if isinstance(node, cst.With) and not all(
                    isinstance(i.item, cst.Call) and leaf_name(i.item.func) in PLAIN_BLOCKS for i in node.items
                ):
                    return node
    return None


def _callee(node: cst.CSTNode) -> str:
    """``m`` of a call ``x.m(...)`` or ``m(...)``, or a class named ``m``; "" otherwise."""
    if isinstance(node, cst.Call):
        return leaf_name(node.func)
    return leaf_name(node) if isinstance(node, (cst.Name, cst.Attribute)) else ""


def _graph_block(block: cst.With) -> bool:
    """``with graph.as_default():`` (any receiver): it names no scope."""
    return all(
        isinstance(item.item, cst.Call)
        and isinstance(item.item.func, cst.Attribute)
        and item.item.func.attr.value == "as_default"
        and item.asname is None
        for item in block.items
    )


def _attribute(definition: cst.ClassDef, call: cst.Call, taken: set[str], name: str) -> tuple[str, bool]:
    """The attribute the strings read and whether the call is bound to it on a line of its own: ``attr`` of a line
    ``self.attr = <call>`` where the class binds ``attr`` nowhere else, else a fresh attribute."""
    node = parents_of(definition).get(call)
    if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Attribute):
        attr = node.targets[0].target.attr.value
        stores = [
            t
            for n in descendants(definition)
            if isinstance(n, (cst.Assign, cst.AugAssign, cst.AnnAssign))
            for t in (n.targets if isinstance(n, cst.Assign) else [n])
            if isinstance(t.target, cst.Attribute) and t.target.attr.value == attr
        ]
        if len(stores) == 1:
            return attr, False
    base = name.replace(".", "_").replace("-", "_")
    return numbered(taken, base if base.isidentifier() else f"op_{base}"), True


class _Bind(TracedRewrite):
    def __init__(self, module, resolve, line_of, plans) -> None:
        super().__init__(module, resolve, line_of)
        self.bound: dict[int, str] = {}  # id of a call -> the attribute it is bound to
        self.owners: dict[int, str] = {}  # id of a method -> the name its first parameter gives the instance
        self.strings: dict[int, str] = {}  # id of a string -> the attribute
        self.lines: dict[int, list[cst.Call]] = {}
        self.dropped: set[int] = set()
        for definition, ops, strings in plans.values():
            parents = parents_of(definition)
            order = {id(n): i for i, n in enumerate(descendants(definition))}
            for member in cast(cst.IndentedBlock, definition.body).body:
                if isinstance(member, cst.FunctionDef):
                    self.owners[id(member)] = self_name(member) or "self"
            attributes = {}
            for name, (call, (attr, hoisted)) in ops.items():
                attributes[name] = attr
                if not hoisted:
                    continue
                self.bound[id(call)] = attr
                line = cast(cst.SimpleStatementLine, call_line(call, parents))
                self.lines.setdefault(id(line), []).append(call)
                self.lines[id(line)].sort(key=lambda c: order[id(c)])
                if _unread(line, call, parents):
                    self.dropped.add(id(line))
            for string in strings:
                self.strings[id(string)] = attributes[string_text(string).removesuffix(":0")]
        self.owner: list[str] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:  # a nested function reads its method's instance
        self.owner.append(self.owners.get(id(node), self.owner[-1] if self.owner else "self"))

    def leave_FunctionDef(self, original_node, updated_node):
        self.owner.pop()
        return updated_node

    def _self(self, attr: str) -> cst.Attribute:
        return cst.Attribute(cst.Name(self.owner[-1] if self.owner else "self"), cst.Name(attr))

    def leave_SimpleString(self, original_node, updated_node):
        attr = self.strings.get(id(original_node))
        return updated_node if attr is None else self.traced(self._self(attr), original_node)

    def leave_Call(self, original_node, updated_node):
        found = self.bound.get(id(original_node))
        return updated_node if found is None else self.traced(self._self(found), original_node)

    def leave_SimpleStatementLine(self, original_node, updated_node):
        calls = self.lines.get(id(original_node))
        if not calls:
            return updated_node
        made = [
            self.traced(
                cst.SimpleStatementLine(
                    [cst.Assign([cst.AssignTarget(self._self(self.bound[id(c)]))], c)],
                    leading_lines=updated_node.leading_lines if i == 0 else (),
                ),
                original_node,
            )
            for i, c in enumerate(calls)
        ]
        if id(original_node) in self.dropped:  # the call was the whole line, or bound a local read nowhere after
            return cst.FlattenSentinel(made)
        rest = updated_node.with_changes(leading_lines=[])
        self.origins[id(rest)] = (rest, original_node)
        return cst.FlattenSentinel([*made, rest])


def _unread(line: cst.SimpleStatementLine, call: cst.Call, parents: dict[cst.CSTNode, cst.CSTNode]) -> bool:
    """The line is the call alone, or binds it to a local that no later statement of its method reads (``optimizer
    = optimizer.minimize(cost, name='train_op')``): once the call is bound to its attribute, the line does nothing."""
    small = line.body[0]
    if isinstance(small, cst.Expr) and small.value is call:
        return True
    if not (isinstance(small, cst.Assign) and small.value is call and len(small.targets) == 1):
        return False
    target = small.targets[0].target
    if not isinstance(target, cst.Name):
        return False
    method: cst.CSTNode = line
    while method in parents and not isinstance(method, cst.FunctionDef):
        method = parents[method]
    if not isinstance(method, cst.FunctionDef):
        return False
    order = {id(n): i for i, n in enumerate(descendants(method))}
    own = {id(d) for d in descendants(line)}
    return not any(
        isinstance(n, cst.Name) and n.value == target.value and order[id(n)] > order[id(line)] and id(n) not in own
        for n in descendants(method)
    )
