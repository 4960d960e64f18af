"""Value functions that compute shared values once: each bound to a local of the one function that needs them.

The rewrite makes each graph value a function of its placeholders calling the functions of the values it reads. TF1
computed a value once per run; the functions compute it once per *path* to it: a hand-unrolled LSTM, whose state
``h`` the next step's four gates read, calls the first step's functions 5^T times, and DCGAN's ``lrelu`` (``max(x,
0.2 * x)``) and ``tf.reshape(deconv + b, deconv.get_shape())`` call each layer twice, the layer below four times.

A function the program calls (a fetch, a train step's loss, a shape traced at build, another function that is not a
plain value) whose call tree reads some value more than once becomes one function that binds, in graph order, each
such value and each value on a path to one as a local (``h_1 = o_1 * tf.tanh(c_1)``), and returns its own value
from them: each computed once per call, as TF1 did. A value another such function already computes whole, read by
nothing else below it, stays a call of that function, and so does a value whose own tree shares nothing with the
rest and whose function the program calls anyway (``hypothesis_value = hypothesis(X)``, not its body again). Functions the program calls whose trees share nothing are
written as before.

Only plain values are bound: a tensor written as its expression (no tf.layers or helper-built layer site, no
control dependencies, no loss a train step returns, no Python choice between values: ``a if USE_A else b``), with nothing random at or below it (binding changes the order
in which ops run, and a seedless draw takes its seed from that order), and every value it reads written in its
expression (a value read through a helper function it calls is computed inside that helper). A value that is not
plain may still be bound by calling its function once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import libcst as cst

from tfmigrate.transforms.session import builders, comprehension_scopes, rnn
from tfmigrate.transforms.session.analysis import Node, Program, descendants, loaded_names
from tfmigrate.transforms.session.sentinels import BEGIN_PREFIX, END_PREFIX, sentinel_name

TOKEN = "_tfm_bound_{}_"  # a read's placeholder in a template, replaced by a local or a call when bound
TOKENS = re.compile(r"\b_tfm_bound_(\d+)_\b")
IDENTIFIERS = re.compile(r"\b[A-Za-z_]\w*\b")
CALLED = ("tensor", "gradients")  # kinds another value's function calls to read
COMPUTES = (cst.Call, cst.BinaryOperation, cst.UnaryOperation, cst.Comparison, cst.BooleanOperation, cst.IfExp)


def calls(node: Node) -> Counter[int]:
    """The value functions ``node``'s function calls directly, by node identity, each as often as it is written."""
    scoped = comprehension_scopes.own_reads(node.value)
    written = Counter(name.value for name in loaded_names(node.value) if id(name) not in scoped)
    found: Counter[int] = Counter()
    for name, read in node.resolved.items():
        if read is not node and read.kind in CALLED:
            found[id(read)] += max(written[name], 1)  # a read through a helper it calls: once
    return found


def plain(program: Program, node: Node) -> bool:
    """``node``'s function is its placeholders' casts and ``return <expression>``, deterministic and free of state."""
    if node.kind != "tensor" or node.random or node.stepped or node.deps:
        return False
    if builders.site_of(program, node) is not None:
        return False
    runs = rnn.runs(program)
    if any(isinstance(c, cst.Call) and (c in program.layers or c in runs) for c in descendants(node.value)):
        return False
    if _chooses(node):
        return False
    scoped = comprehension_scopes.own_reads(node.value)
    written = {name.value for name in loaded_names(node.value) if id(name) not in scoped}
    return all(name in written for name, read in node.resolved.items() if read is not node and read.kind in CALLED)


def _chooses(node: Node) -> bool:
    """``node``'s expression picks a value it reads in Python (``a if USE_A else b``, ``flag and b``): TF1's graph
    held the picked one only, and its function computes that one only; bound as locals, both would be computed (the
    other may fail: ``tf.reshape(x, [-1, 3])`` of 4 values)."""
    values = {name for name, read in node.resolved.items() if read is not node and read.kind in CALLED}
    return any(
        isinstance(choice, (cst.IfExp, cst.BooleanOperation))
        and any(isinstance(n, cst.Name) and n.value in values for n in descendants(choice))
        for choice in descendants(node.value)
    )


def reads(node: Node) -> dict[int, Node]:
    """The value functions ``node``'s function calls, by identity."""
    return {id(read): read for read in node.resolved.values() if read is not node and read.kind in CALLED}


@dataclass
class Binding:
    """What one call of ``root``'s function computes: ``members`` bound once in graph order, each ``inlined``
    (its expression) or called once; every other value it reads is read once and stays a call."""

    root: Node
    members: list[Node] = field(default_factory=list)
    inlined: set[int] = field(default_factory=set)


def binding(
    program: Program,
    root: Node,
    leaves: frozenset[int] = frozenset(),
    known: dict[int, bool] | None = None,
    regions: dict[str, tuple[str, ...]] | None = None,
    kept: frozenset[str] = frozenset(),
) -> Binding:
    """The values ``root``'s call tree reads more than once, and those on a path to one; ``leaves`` (functions that
    bind their own values) are called, not written out; ``known`` holds the plain() answers already had; a value
    defined in another of ``regions`` (a class's builder method, class_sugar.py) is called, its names being locals of
    that method; a value whose function is in ``kept`` (the program calls it, so it stays in the module) and whose
    tree shares nothing with the rest is called once (own_trees). Empty members: nothing shared, the function
    stays."""
    known = {} if known is None else known

    def is_plain(node: Node) -> bool:
        if id(node) not in known:
            known[id(node)] = plain(program, node)
        return known[id(node)]

    found = Binding(root)
    if not is_plain(root):
        return found

    whole = own_trees(root, kept)

    def expands(node: Node) -> bool:
        if regions is not None and regions.get(node.func) != regions.get(root.func):
            return node is root
        return node is root or (id(node) not in leaves and id(node) not in whole and is_plain(node))

    order = post_order(root, expands)
    times: dict[int, int] = {id(root): 1}
    for current in reversed(order):  # readers before what they read
        if expands(current):
            for key, count in calls(current).items():
                times[key] = times.get(key, 0) + times.get(id(current), 0) * count
    member: set[int] = set()
    for current in order:  # what a node reads before the node
        below = expands(current) and any(key in member for key in reads(current))
        if current is not root and (times.get(id(current), 0) > 1 or below):
            member.add(id(current))
    if all(_selects(node) for node in order if id(node) in member and times.get(id(node), 0) > 1):
        return found  # only names or picks read again: nothing computed twice
    found.members = sorted((node for node in order if id(node) in member), key=lambda node: node.index)
    found.inlined = {id(node) for node in found.members if expands(node)}
    return found


def own_trees(root: Node, kept: frozenset[str]) -> frozenset[int]:
    """The values below ``root`` whose functions are ``kept`` and whose call tree reads nothing twice and nothing
    ``root`` reaches around them: one call of such a function computes its value and everything below it once, so
    the value is bound by that call (``hypothesis_value = hypothesis(X)``), as a person writes it, not written out.
    A function the program does not call would stay only for that call: its value is written out, as before."""
    closure = _closure(root)
    found: set[int] = set()
    for key, node in closure.items():
        if node.func not in kept:
            continue
        below = _paths(node)
        if any(count > 1 for count in below.values()):
            continue  # its own tree reads a value twice: written out, to bind that value
        if not set(below) & _around(root, key):
            found.add(key)
    return frozenset(found)


def _paths(node: Node) -> dict[int, int]:
    """Each value below ``node`` -> the number of paths from ``node`` to it (counting a read written twice twice)."""
    order = post_order(node)
    times: dict[int, int] = {id(node): 1}
    for current in reversed(order):  # readers before what they read
        for key, count in calls(current).items():
            times[key] = times.get(key, 0) + times[id(current)] * count
    del times[id(node)]
    return times


def _around(root: Node, key: int) -> set[int]:
    """The values ``root`` reaches without passing through the value ``key``."""
    around: set[int] = set()
    stack = [read for k, read in reads(root).items() if k != key]
    while stack:
        current = stack.pop()
        if id(current) not in around:
            around.add(id(current))
            stack.extend(read for k, read in reads(current).items() if k != key)
    return around


def post_order(root: Node, expands=lambda node: True) -> list[Node]:
    """``root`` and the value functions below it, each after every one it reads (below ``expands`` nodes only)."""
    order: list[Node] = []
    seen: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        current, done = stack.pop()
        if done:
            order.append(current)
        elif id(current) not in seen:
            seen.add(id(current))
            stack.append((current, True))
            if expands(current):
                stack.extend((read, False) for read in reads(current).values() if id(read) not in seen)
    return order


def _selects(node: Node) -> bool:
    """``node`` only names or picks what it reads (``self.W, self.b``; ``pair[0]``): reading it again computes
    nothing, so a function whose tree reads only such values again stays as it is."""
    return not any(isinstance(n, COMPUTES) for n in descendants(node.value))


def called(found: Binding) -> list[Node]:
    """The functions one call of the bound function still calls: members bound by a call, and the values its
    written expressions read that are not members (each read once)."""
    out: dict[int, Node] = {}
    for node in (found.root, *(m for m in found.members if id(m) in found.inlined)):
        for key, read in reads(node).items():
            if key not in found.inlined:
                out[key] = read
    return list(out.values())


def bound_costs(program: Program, nodes: list[Node]) -> dict[int, int]:
    """The calls one call of each value function makes once every function with shared values binds them (no
    function taken as a leaf: the least any rewrite can call)."""
    costs: dict[int, int] = {}
    known: dict[int, bool] = {}
    for node in sorted(nodes, key=lambda n: n.index):  # graph order: what a node reads is costed first
        found = binding(program, node, known=known)
        if found.members:
            costs[id(node)] = 1 + len(found.inlined) + sum(costs.get(id(n), 1) for n in called(found))
        else:
            costs[id(node)] = 1 + sum(count * costs.get(key, 1) for key, count in calls(node).items())
    return costs


@dataclass
class Template:
    """A plain value's function as the rewrite wrote it, and its expression with each value it reads a token."""

    node: Node
    casts: list[str]  # ``x = tf.cast(x, tf.float32)`` lines, unindented
    expression: str  # each value function it reads as a token (Templates.tokens)
    body: str  # the function's body as written, to recognise the definition in the module


@dataclass
class Templates:
    """The plain values' templates of one rewrite, by function name, and the value each token stands for."""

    by_name: dict[str, Template] = field(default_factory=dict)
    tokens: dict[int, Node] = field(default_factory=dict)

    def token_map(self, node: Node, skip) -> dict[str, str]:
        """Each value function ``node`` reads -> its token (``skip(read)``: a read the expression keeps as is)."""
        found: dict[str, str] = {}
        for read in reads(node).values():
            if not skip(read):
                self.tokens[len(self.tokens)] = read
                found[read.name] = TOKEN.format(len(self.tokens) - 1)
        return found


def bind(
    module: cst.Module, program: Program, templates: Templates
) -> tuple[cst.Module, list[tuple[int, str]], set[str]]:
    """The module with each called function whose tree reads a value more than once rewritten to bind it once, the
    report lines for them, and the value functions that nothing calls any more (dropped)."""
    definitions = _definitions(module, templates.by_name)
    if not definitions:
        return module, [], set()
    regions = _regions(module)
    used = _called_names(module, definitions, regions)
    named = templates.by_name
    roots = sorted((t.node for name, t in named.items() if name in used and name in definitions), key=_index)
    kept = frozenset(name for name in used if name in definitions)
    bound: dict[str, str] = {}
    leaves: set[int] = set()
    changes: list[tuple[int, str]] = []
    inlined: set[str] = set()
    locals_: dict[str, set[str]] = {}  # each bound function's locals: no read of a function of that name
    known: dict[int, bool] = {}
    founds: dict[str, Binding] = {}
    for root in roots:
        candidates = frozenset(leaves & set(_closure(root)))
        found = binding(program, root, _dominated(root, candidates), known, regions, kept)
        if not found.members or any(id(m) in found.inlined and m.func not in named for m in found.members):
            continue
        bound[root.func], own = _body(found, templates)
        locals_[root.func] = set(own)
        founds[root.func] = found
        leaves.add(id(root))
        inlined |= {m.func for m in found.members if id(m) in found.inlined}
        names = [f"`{m.func}`" for m in found.members]
        shared = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        message = f"tensor `{root.func}` -> one function computing each value it reads more than once, once: {shared}"
        changes.append((root.line, message))
    if not bound:
        return module, [], set()
    rebodied = module.visit(_Rebody(bound, {name: definitions[name] for name in bound}))
    dead = _unread(rebodied, {name for name in inlined if "__" not in name and name not in bound}, locals_)
    # a local named as a function the module still defines elsewhere would read, to class_sugar's checks, as that
    # function (``h`` of one builder method read in another): such locals take names of their own
    defined = {d.name.value for d in descendants(rebodied) if isinstance(d, cst.FunctionDef)} - dead
    clashing = {name for name, own in locals_.items() if own & defined}
    if clashing:
        bound.update({name: _body(founds[name], templates, frozenset(defined))[0] for name in clashing})
        rebodied = module.visit(_Rebody(bound, {name: definitions[name] for name in bound}))
    if dead:
        rebodied = rebodied.visit(_Without(dead))
    return rebodied, changes, dead


def _regions(module: cst.Module) -> dict[str, tuple[str, ...]]:
    """Each function's region: the builder methods (class_sugar.py's begin/end markers) it is defined inside."""
    found: dict[str, tuple[str, ...]] = {}
    stack: list[str] = []
    for node in descendants(module):
        marker = sentinel_name(node) or ""
        if marker.startswith(BEGIN_PREFIX):
            stack.append(marker.removeprefix(BEGIN_PREFIX))
        elif marker.startswith(END_PREFIX) and stack:
            stack.pop()
        elif isinstance(node, cst.FunctionDef):
            found.setdefault(node.name.value, tuple(stack))
    return found


def _unread(module: cst.Module, names: set[str], locals_: dict[str, set[str]]) -> set[str]:
    """Of ``names`` (value functions another one now computes inline), those nothing reads: not the program, nor a
    function it reads (a bound function's local of the same name is no read). A name holding ``__`` (a class's
    attribute, class_sugar.py) stays."""
    functions = [d for d in descendants(module) if isinstance(d, cst.FunctionDef)]
    candidates = {d.name.value: d for d in functions if d.name.value in names}
    inside = {id(n) for d in candidates.values() for n in descendants(d)}
    for definition in functions:
        own = locals_.get(definition.name.value, set())
        inside |= {id(n) for n in descendants(definition.body) if isinstance(n, cst.Name) and n.value in own}
    labels = {id(n.attr) for n in descendants(module) if isinstance(n, cst.Attribute)}
    live = {
        n.value
        for n in descendants(module)
        if isinstance(n, cst.Name) and id(n) not in inside and id(n) not in labels and n.value in candidates
    }
    waiting = list(live)
    while waiting:
        for read in descendants(candidates[waiting.pop()]):
            if isinstance(read, cst.Name) and read.value in candidates and read.value not in live:
                live.add(read.value)
                waiting.append(read.value)
    return set(candidates) - live


def _index(node: Node) -> int:
    return node.index


def _closure(root: Node) -> dict[int, Node]:
    found: dict[int, Node] = {}
    stack = list(reads(root).values())
    while stack:
        current = stack.pop()
        if id(current) not in found:
            found[id(current)] = current
            stack.extend(reads(current).values())
    return found


def _dominated(root: Node, candidates: frozenset[int]) -> frozenset[int]:
    """The bound functions ``root`` may call whole: no value below one is reached from ``root`` around it (else
    that value would be computed twice, once in the call and once outside it)."""
    closure = _closure(root)
    leaves: set[int] = set()
    for key in sorted(candidates):
        if not _around(root, key) & set(_closure(closure[key])):
            leaves.add(key)
    return frozenset(leaves)


def _body(found: Binding, templates: Templates, avoid: frozenset[str] = frozenset()) -> tuple[str, list[str]]:
    root, named = found.root, templates.by_name
    inlined = [m for m in found.members if id(m) in found.inlined]
    expressions = [named[m.func].expression for m in inlined] + [named[root.func].expression]
    taken = set(root.params) | set(avoid) | {i for text in expressions for i in IDENTIFIERS.findall(text)}
    taken |= {node.func for node in (*called(found), *found.members) if id(node) not in found.inlined}
    local: dict[int, str] = {}
    for member in found.members:
        base = re.sub(r"_{2,}", "_", member.func)
        name, number = base, 0
        while name in taken:
            number += 1
            name = f"{base}_value" if number == 1 else f"{base}_value_{number - 1}"
        taken.add(name)
        local[id(member)] = name

    def spelled(match: re.Match[str]) -> str:
        read = templates.tokens[int(match.group(1))]
        return local[id(read)] if id(read) in local else f"{read.func}({', '.join(read.params)})"

    casts: list[str] = []
    for node in (*inlined, root):
        casts += [line for line in named[node.func].casts if line not in casts]
    lines = list(casts)
    for member in found.members:
        if id(member) in found.inlined:
            value = TOKENS.sub(spelled, named[member.func].expression)
        else:
            value = f"{member.func}({', '.join(member.params)})"
        lines.append(f"{local[id(member)]} = {value}")
    lines.append(f"return {TOKENS.sub(spelled, named[root.func].expression)}")
    return "".join(f"    {line}\n" for line in lines), list(local.values())


def _definitions(module: cst.Module, templates: dict[str, Template]) -> dict[str, cst.FunctionDef]:
    """Each template's definition in the module: the function of its name with the body the rewrite wrote (a name
    defined twice: neither)."""
    found: dict[str, list[cst.FunctionDef]] = {}
    for node in descendants(module):
        if isinstance(node, cst.FunctionDef) and node.name.value in templates:
            found.setdefault(node.name.value, []).append(node)
    return {
        name: defs[0] for name, defs in found.items() if len(defs) == 1 and _body_code(defs[0]) == templates[name].body
    }


def _body_code(definition: cst.FunctionDef) -> str:
    return cst.Module(body=[]).code_for_node(definition.body)


def _called_names(
    module: cst.Module, definitions: dict[str, cst.FunctionDef], regions: dict[str, tuple[str, ...]]
) -> set[str]:
    """Names read anywhere but in the plain value functions' own bodies (and not as an attribute's label), or read
    there from another region (a function of another builder method: the reader cannot write it out)."""
    inside: set[int] = set()
    for name, definition in definitions.items():
        inside |= {
            id(n)
            for n in descendants(definition)
            if not isinstance(n, cst.Name) or regions.get(n.value, regions.get(name)) == regions.get(name)
        }
    labels = {id(n.attr) for n in descendants(module) if isinstance(n, cst.Attribute)}
    return {
        n.value for n in descendants(module) if isinstance(n, cst.Name) and id(n) not in inside and id(n) not in labels
    }


class _Rebody(cst.CSTTransformer):
    def __init__(self, bodies: dict[str, str], definitions: dict[str, cst.FunctionDef]) -> None:
        self.bodies = bodies
        self.definitions = {id(d): name for name, d in definitions.items()}

    def leave_FunctionDef(self, original_node, updated_node):
        name = self.definitions.get(id(original_node))
        if name is None:
            return updated_node
        text = f"def {name}({cst.Module(body=[]).code_for_node(updated_node.params)}):\n{self.bodies[name]}"
        parsed = cst.parse_statement(text)
        assert isinstance(parsed, cst.FunctionDef)
        return updated_node.with_changes(body=parsed.body)


class _Without(cst.CSTTransformer):
    def __init__(self, names: set[str]) -> None:
        self.names = names

    def leave_FunctionDef(self, original_node, updated_node):
        return cst.RemovalSentinel.REMOVE if original_node.name.value in self.names else updated_node
