"""tf.data iterators run by a Session, as eager Python iteration (TFM201).

A TF1 program reads a ``tf.data.Dataset`` through an iterator built at module level (``make_one_shot_iterator``,
``make_initializable_iterator``, ``Iterator.from_structure`` + ``make_initializer``); the graph is built on
``get_next()``, and each ``sess.run`` whose fetches depend on it pulls one element, shared by all its fetches,
and raises ``OutOfRangeError`` at the end. Before the proof sees the module, ``desugar`` writes that as the eager
program does it: the iterator's initialisation becomes ``iterator = iter(dataset)``, the element a placeholder,
and each run that reads it ``batch = next(iterator)`` then the run fed with that batch; handlers of
``OutOfRangeError`` around those runs catch ``StopIteration``. The proof then shows the rest as for any fed
program, and ``check`` confirms that every run given a batch reads it (TF1 pulls only for such runs).

Datasets stay as written: built from Python values with the methods below, TF1 and eager TensorFlow build the
same pipeline. A seeded ``shuffle`` restarts its order at each TF1 initialisation but reshuffles at each eager
``iter()`` (checked on TF 2.21), and without its own seed its order depends on an op counter the graph and eager
code count differently: those keep the graph tier, as do feedable iterators and iterators built in a loop.

A dataset built from placeholders is built anew by TF1 from the values fed at each run of its initializer; the
eager program does the same where the initializer runs (``iterator = iter(<the dataset, the fed values cast to the
placeholders' dtypes written in>)``), so a seeded shuffle there restarts its order as in TF1. Initializers made in
place (``it.make_initializer(ds.take(4))``) or iterated (``for init in (first, rest)``) bind their names to the
datasets. Each ``get_next()`` op of an iterator pulls its own element when run, and a name bound to a second
iterator's element reads that one from there on (``taint``). Helpers that build or run iterators
(inlined_helpers.dataset_helpers) are read where they are called before this module sees the program.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from tfmigrate.transforms._checkpoint import SESSIONS, eager_safe
from tfmigrate.transforms.session.analysis import (
    MORE_OPS,
    SEEDS,
    UNCAST,
    Blocked,
    LineOf,
    Program,
    Resolve,
    descendants,
    is_random,
    loaded_names,
)
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

CONSTRUCTORS = frozenset(
    {"data.Dataset.from_tensor_slices", "data.Dataset.from_tensors", "data.Dataset.range", "data.TextLineDataset"}
)
METHODS = frozenset(
    {
        "batch",
        "repeat",
        "shuffle",
        "map",
        "filter",
        "prefetch",
        "take",
        "skip",
        "unbatch",
        "padded_batch",
        "cache",
        "flat_map",
    }
)
# What flat_map may make of each element: a file's lines (queues.py reads a shuffled list of files so).
FLAT_MAPS = frozenset({"data.TextLineDataset"})
# Datasets made of datasets: ``tf.data.Dataset.zip((a, b))`` pairs their elements, in TF1 as eagerly.
ZIP = "data.Dataset.zip"
PLACEHOLDER = "placeholder"
# Placeholder dtypes a fed Python literal of that kind converts to eagerly as TF1 converts the feed (no cast written).
LITERAL_DTYPES = {cst.Integer: "int32", cst.Float: "float32"}
# dtype names tf.as_dtype reads as a placeholder's dtype, and the dtype each is (tf.cast reads them the same).
DTYPE_NAMES = {
    "float": "float32",
    "float32": "float32",
    "double": "float64",
    "float64": "float64",
    "int32": "int32",
    "int64": "int64",
    "string": "string",
    "bool": "bool",
}
# Dataset methods whose elements keep the dtypes of their input's, and the constructors that slice given tensors.
SAME_DTYPES = frozenset({"batch", "repeat", "shuffle", "prefetch", "take", "skip", "cache", "filter", "unbatch"})
SLICES = frozenset({"data.Dataset.from_tensor_slices", "data.Dataset.from_tensors"})
ONE_SHOT = ("make_one_shot_iterator", "data.make_one_shot_iterator")
INITIALIZABLE = ("make_initializable_iterator", "data.make_initializable_iterator")
STRUCTURE = frozenset({"data.Iterator.from_structure"})
# Attributes of TF1 datasets and iterators that mean a construct this module does not model when left over.
TF1_ONLY = frozenset(
    {
        "make_one_shot_iterator",
        "make_initializable_iterator",
        "from_structure",
        "from_string_handle",
        "string_handle",
        "make_initializer",
        "get_next",
        "initializer",
        "output_types",
        "output_shapes",
        "output_classes",
    }
)
OUT_OF_RANGE = "errors.OutOfRangeError"
# Parsing ops a map function may call besides the eager-safe table: deterministic, per element.
PARSERS = frozenset({"decode_csv", "io.decode_csv", "string_to_number", "strings.to_number", "convert_to_tensor"})
# Builtins a map function may call at trace time on its elements' structure.
BUILTINS = frozenset({"tuple", "list", "len"})


@dataclass
class Iterator:
    name: str
    line: int
    dataset: str = ""  # one-shot / initializable: the dataset it reads
    one_shot: bool = False
    elements: list[tuple[str, str]] = field(default_factory=list)  # placeholder name -> index code ("" = whole)
    batch: str = ""
    groups: dict[str, int] = field(default_factory=dict)  # element -> which get_next() op made it
    nexts: list[str] = field(default_factory=list)  # elements of get_next() ops written in runs (nexts_in_runs)
    eager: str = ""  # the eager iterator's name where the program's would shadow a builtin (``iter``)

    @property
    def variable(self) -> str:
        return self.eager or self.name

    def pull(self, elements: list[tuple[str, str]]) -> int:
        """A get_next() op of this iterator bound to ``elements``: its group (each op pulls when run)."""
        group = len(set(self.groups.values()))
        self.elements = [*self.elements, *elements]
        self.groups.update({e: group for e, _ in elements})
        return group


@dataclass
class Dataset:
    name: str
    seeded_shuffle: bool = False
    # Built from placeholders fed at each initialisation: their names, and the whole expression that builds it (its
    # earlier fed datasets written in), which each initialisation rebuilds with the fed values.
    fed: frozenset[str] = frozenset()
    expression: cst.BaseExpression | None = None


class Desugar(TracedRewrite):
    """Rewrites the module as described above; ``pulls`` maps each run call given a batch to the batch's name."""

    def __init__(self, module: cst.Module, resolve: Resolve, line_of: LineOf) -> None:
        super().__init__(module, resolve, line_of)
        self.datasets: dict[str, Dataset] = {}
        self.iterators: dict[str, Iterator] = {}
        self.inits: dict[str, tuple[str, str]] = {}  # init op name -> (iterator, dataset)
        self.definitions: dict[cst.CSTNode, tuple[str, str]] = {}  # statement -> (what, name)
        self.opaque: set[int] = set()
        self.pulls: dict[cst.Call, list[str]] = {}
        self.next_calls: set[cst.Call] = set()
        self.notes: list[tuple[int, str]] = []  # (line, change) for the report
        self.consumed: set[cst.Call] = set()  # the iter() calls of one-shot iterators (TF1 took an op seed there)
        self.sessions: set[str] = set()
        self.tainted: dict[str, set[tuple[str, int]]] = {}  # graph name -> get_next ops (iterator, group) it reads
        self.element_groups: dict[cst.SimpleStatementLine, int] = {}  # a get_next() statement -> its group
        self.tainted_after: dict[cst.CSTNode, dict[str, set[tuple[str, int]]]] = {}  # module-level statement -> it
        self.current: dict[str, set[tuple[str, int]]] = {}  # what names read where the rewrite stands (taint)
        self.init_sites: dict[str, list[bool]] = {}  # dataset -> in a loop, per initialisation
        self.loops = 0
        self.graph_seed = False
        self.graph_names: set[str] = set()  # module-level names bound to TensorFlow values
        attributes = {id(n.attr) for n in descendants(module) if isinstance(n, cst.Attribute)}
        self.taken = {n.value for n in descendants(module) if isinstance(n, cst.Name) and id(n) not in attributes}
        self.taken_bound = _bound_names(module)
        self.unseeded: frozenset[str] = frozenset()
        self.built: dict[int, tuple[str, cst.BaseExpression]] = {}  # id of a dataset built in place -> (name, it)
        self.placeholders: dict[str, tuple[cst.SimpleStatementLine, cst.Call]] = {}  # module-level, bound once
        self.reading: set[str] = set()  # placeholders the dataset being defined is built from
        self.feeds: dict[cst.SimpleStatementLine, dict[str, cst.BaseExpression]] = {}  # initialisation -> its feed
        self.placed: dict[cst.SimpleStatementLine, str] = {}  # an iterator's statement -> the dataset built in it
        self.bound_inits: set[str] = set()  # initializer names the eager program binds to their datasets
        self.looped: set[cst.For] = set()  # loops over initializers (aliases)
        self.in_runs: dict[int, tuple[str, str]] = {}  # id of a make_initializer() call run at once -> its pair
        self.nexts: dict[int, str] = {}  # id of a get_next() call in a run -> the element standing for it
        self.bindings: dict[str, int] = {}  # how often the module binds each name

    def path(self, node: cst.CSTNode) -> str:
        return (self.resolver(node) or "").removeprefix("compat.v1.")

    def deny(self, construct: str, node: cst.CSTNode) -> Blocked:
        return Blocked(construct, self.line_of(node))

    # --------------------------------------------------------------------------------------- module level
    def straight(self):
        """Module-level statements run once, in order: the module body and the bodies of its ``with`` blocks."""
        stack: list[cst.CSTNode] = list(reversed(self.module.body))
        while stack:
            statement = stack.pop()
            if isinstance(statement, cst.With) and isinstance(statement.body, cst.IndentedBlock):
                stack.extend(reversed(list(statement.body.body)))
            yield statement

    def collect(self) -> bool:
        nodes = list(descendants(self.module))
        if not any(isinstance(n, cst.Attribute) and n.attr.value in TF1_ONLY for n in nodes):
            return False
        for node in nodes:
            if isinstance(node, cst.Call) and self.path(node.func) in SEEDS:
                self.graph_seed = True
        bindings = self.bindings = _binding_counts(self.module)
        for statement in self.straight():
            if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
                self.placeholder(statement, bindings)
                self.define(statement, statement.body[0])
                small = statement.body[0]
                if isinstance(small, cst.Assign) and isinstance(small.value, cst.Call):
                    if self.path(small.value.func) in SESSIONS:
                        self.sessions.update(n.value for t in small.targets for n in loaded_names(t.target))
                if statement not in self.definitions and isinstance(small, cst.Assign):
                    if any(isinstance(c, cst.Call) and self.path(c.func) for c in descendants(small.value)):
                        for bound in small.targets:
                            self.graph_names.update(n.value for n in loaded_names(bound.target))
            if isinstance(statement, cst.With):
                for item in statement.items:
                    if item.asname is not None and isinstance(item.asname.name, cst.Name):
                        if isinstance(item.item, cst.Call) and self.path(item.item.func) in SESSIONS:
                            self.sessions.add(item.asname.name.value)
        inside = {id(n) for f in descendants(self.module) if isinstance(f, cst.FunctionDef) for n in descendants(f)}
        self.aliases(bindings, inside)
        modelled = {id(n) for s in self.definitions for n in descendants(s)}
        modelled |= self.nexts_in_runs(inside)
        if not self.iterators:  # iterators built in a module-level loop or block: named there; functions: the proof
            modelled |= inside
        for line in descendants(self.module):
            if isinstance(line, cst.SimpleStatementLine) and self.initialised(line) is not None:
                modelled.update(id(n) for n in descendants(line))
        for node in descendants(self.module):
            if isinstance(node, cst.Attribute) and node.attr.value in TF1_ONLY and id(node) not in modelled:
                owner = node.value
                known = isinstance(owner, cst.Name) and owner.value in self.iterators
                if node.attr.value in ("initializer", "get_next") and not known:
                    continue
                code = self.module.code_for_node(node)
                if node.attr.value in ("string_handle", "from_string_handle"):
                    raise self.deny(f"a feedable iterator (`{code}`): the iterator is chosen by a fed string", node)
                if node.attr.value == "initializer":
                    raise self.deny(f"`{code}` run other than alone, as `sess.run({code})`", node)
                if node.attr.value in ("get_next", *ONE_SHOT, *INITIALIZABLE, "from_structure", "make_initializer"):
                    raise self.deny(
                        f"`{code}` outside a module-level `name = ...` statement (an iterator built or read in a "
                        "loop, function or expression)",
                        node,
                    )
                if isinstance(owner, cst.Name) and (owner.value in self.datasets or owner.value in self.iterators):
                    raise self.deny(f"`{code}` (a TF1 tf.data attribute)", node)
        if not self.iterators:
            return False
        self.initializer_reads()
        self.fed_inputs()
        self.builtins()
        for iterator in self.iterators.values():
            if not iterator.elements:
                raise Blocked(f"iterator `{iterator.name}` is never read with get_next()", iterator.line)
        self.taint()
        return True

    def taint(self) -> None:
        """What each graph name reads of the iterators' elements, statement after statement: a name bound again
        (``features, labels = other.get_next()`` after ``... = switch.get_next()``) reads what it was bound to last."""
        current: dict[str, set[tuple[str, int]]] = {}
        for statement in self.straight():
            if isinstance(statement, cst.SimpleStatementLine):
                what, name = self.definitions.get(statement, ("", ""))
                if what in ("one_shot", "initializable", "structure", "inline"):
                    for element in self.iterators[name].nexts:
                        current[element] = {(name, self.iterators[name].groups[element])}
                if what in ("element", "inline"):
                    iterator = self.iterators[name]
                    group = self.element_groups.get(statement, 0)
                    for element, _ in iterator.elements:
                        if iterator.groups.get(element, 0) == group:
                            current[element] = {(name, group)}
                elif not what:
                    for small in statement.body:
                        self.rebind(small, current)
            elif isinstance(statement, cst.For):
                for target in loaded_names(statement.target):
                    current.pop(target.value, None)
            self.tainted_after[statement] = dict(current)
            for bound, read in current.items():
                self.tainted.setdefault(bound, set()).update(read)

    def rebind(self, small: cst.BaseSmallStatement, current: dict[str, set[tuple[str, int]]]) -> None:
        targets = small.targets if isinstance(small, cst.Assign) else []
        if isinstance(small, (cst.AugAssign, cst.AnnAssign)):
            targets = [cst.AssignTarget(small.target)]
        for target in targets:
            for bound in loaded_names(target.target):
                current.pop(bound.value, None)
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
            read = set().union(*(current.get(n.value, set()) for n in loaded_names(small.value)))
            if read:
                current[small.targets[0].target.value] = read

    def builtins(self) -> None:
        """``iter`` / ``next`` bound by the program would not be the builtins the eager form calls; a one-shot
        iterator named ``iter`` is the exception: ``iter = iter(dataset)`` calls the builtin before binding."""
        for node in descendants(self.module):
            targets: list[cst.BaseExpression] = []
            if isinstance(node, cst.AssignTarget):
                targets = [node.target]
            elif isinstance(node, (cst.For, cst.AugAssign, cst.AnnAssign)):
                targets = [node.target]
            elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
                targets = [node.name]
            elif isinstance(node, cst.ImportAlias):
                targets = [node.asname.name if node.asname is not None else node.name]
            for name in (n.value for t in targets for n in loaded_names(t)):
                one_shot = self.iterators.get(name)
                lone = one_shot is not None and one_shot.one_shot and len(self.iterators) == 1
                if name in ("iter", "next") and name in self.iterators and not lone and self.renamable(name):
                    self.iterators[name].eager = self.fresh("iterator")
                    self.taken.add(self.iterators[name].eager)
                elif name == "next" or (name == "iter" and not lone):
                    raise self.deny(f"the program binds `{name}`, the builtin the eager iteration calls", node)

    def renamable(self, name: str) -> bool:
        """The iterator ``name`` (``iter = tf.data.Iterator.from_structure(...)``) read only by the statements this
        module rewrites: the eager program names its iterator otherwise, and ``iter`` stays the builtin."""
        if self.iterators[name].eager:
            return True
        rewritten = {id(n) for s in self.definitions for n in descendants(s)}
        for line in descendants(self.module):
            if isinstance(line, cst.SimpleStatementLine) and self.initialised(line) is not None:
                rewritten.update(id(n) for n in descendants(line))
        attributes = {id(n.attr) for n in descendants(self.module) if isinstance(n, cst.Attribute)}
        return all(
            id(n) in rewritten
            for n in descendants(self.module)
            if isinstance(n, cst.Name) and n.value == name and id(n) not in attributes
        )

    def iterator_of(self, element: str) -> str:
        return next(it.name for it in self.iterators.values() if any(n == element for n, _ in it.elements))

    def define(self, statement: cst.SimpleStatementLine, small: cst.BaseSmallStatement) -> None:
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1):
            return
        target, value = small.targets[0].target, small.value
        name = target.value if isinstance(target, cst.Name) else ""
        self.reading = set()
        if name and self.dataset(value):
            self.datasets[name] = self.made(name, value)
            self.opaque.update(id(n) for n in descendants(value))
            self.definitions[statement] = ("fed dataset" if self.datasets[name].fed else "dataset", name)
            return
        if isinstance(target, cst.Tuple) and isinstance(value, cst.Tuple):
            if any(self.make_initializer(e.value) for e in value.elements):
                self.initializers(statement, target, value)
            return
        if not isinstance(value, cst.Call):
            return
        func, path = value.func, self.path(value.func)
        method = func.attr.value if isinstance(func, cst.Attribute) else ""
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Call) and path.endswith(f".{method}"):
            path = ""  # ``tf.data.Dataset.range(n).make_initializable_iterator()``: a method of the dataset built
        owner = func.value if isinstance(func, cst.Attribute) else None
        args = [a.value for a in value.args]
        if path in ONE_SHOT[1:] + INITIALIZABLE[1:] or (
            not path and method in ONE_SHOT + INITIALIZABLE and (isinstance(owner, cst.Name) or (name and owner))
        ):
            source = (args[0] if args else None) if path else owner
            if (
                name
                and len(value.args) == (1 if path else 0)
                and source is not None
                and not isinstance(source, cst.Name)
            ):
                source = self.in_place(source, statement)
            if not name or len(value.args) != (1 if path else 0) or not isinstance(source, cst.Name):
                raise self.deny(f"`{method or path}` in a form tfmigrate does not model", value)
            if source.value not in self.datasets:
                raise self.deny(f"`{source.value}` is not a dataset tfmigrate models", value)
            one_shot = (path or method).endswith("make_one_shot_iterator")
            self.iterators[name] = Iterator(name, self.line_of(statement), source.value, one_shot)
            self.definitions[statement] = ("one_shot" if one_shot else "initializable", name)
        elif path in STRUCTURE:
            if not name:
                raise self.deny("Iterator.from_structure not bound to a name", value)
            self.iterators[name] = Iterator(name, self.line_of(statement))
            self.definitions[statement] = ("structure", name)
        elif method == "get_next" and isinstance(owner, cst.Call) and self.one_shot_of(owner, inline=True):
            read = self.one_shot_of(owner)
            elements = [(name, "")] if name else self.unpacked(target)
            if not elements or value.args:
                raise self.deny("get_next() of an inline one-shot iterator unpacked or given arguments", value)
            iterator = Iterator(self.fresh("iterator"), self.line_of(statement), read, True, elements)
            self.iterators[iterator.name] = iterator
            self.definitions[statement] = ("inline", iterator.name)
        elif isinstance(owner, cst.Name) and owner.value in self.iterators and method == "get_next":
            iterator = self.iterators[owner.value]
            if value.args:
                raise self.deny("get_next() given arguments", value)
            elements = [(name, "")] if name else self.unpacked(target)
            if not elements:
                raise self.deny("get_next() unpacked into something other than names", value)
            if any(e in iterator.groups for e, _ in elements):
                raise self.deny(f"a get_next() of `{owner.value}` bound to the name of another", value)
            self.element_groups[statement] = iterator.pull(elements)
            self.definitions[statement] = ("element", owner.value)
        elif isinstance(owner, cst.Name) and owner.value in self.iterators and method == "make_initializer":
            self.initializers(statement, target, value)

    def aliases(self, bindings: dict[str, int], inside: set[int]) -> None:
        """``for init in (first, rest): sess.run(init)``: the loop's name an initializer of each dataset in turn
        (``inside``: the ids of the nodes in functions, left to the proof)."""
        for loop in descendants(self.module):
            if not isinstance(loop, cst.For) or id(loop) in inside or not isinstance(loop.target, cst.Name):
                continue
            elements = loop.iter.elements if isinstance(loop.iter, (cst.Tuple, cst.List)) else []
            names = [e.value.value for e in elements if isinstance(e.value, cst.Name) and e.value.value in self.inits]
            if not names:
                self.dataset_loop(loop, elements, bindings)
                continue
            alias = loop.target.value
            iterators = {self.inits[n][0] for n in names}
            if len(names) != len(elements) or len(iterators) != 1 or bindings.get(alias) != 1:
                raise self.deny("a loop over iterator initializers beside other values", loop.iter)
            read = [self.datasets[self.inits[n][1]] for n in names]
            if any(d.fed for d in read):
                raise self.deny("a loop over initializers of datasets built from placeholders", loop.iter)
            self.datasets[alias] = Dataset(alias, any(d.seeded_shuffle for d in read))
            self.inits[alias] = (iterators.pop(), alias)
            self.bound_inits.update(names)
            self.looped.add(loop)

    def nexts_in_runs(self, inside: set[int]) -> set[int]:
        """``print(sess.run(it.get_next()))`` (in a loop too, not in a function: ``inside``): each such get_next()
        op its own element of ``it``, a placeholder defined beside the iterator, pulled by the run that reads it.
        Returns the ops' nodes."""
        found: set[int] = set()
        for statement in descendants(self.module):
            if not isinstance(statement, cst.SimpleStatementLine) or id(statement) in inside:
                continue
            if statement in self.definitions:
                continue
            hoisted = self.hoisted(statement)
            if hoisted:
                found.update(id(n) for n in descendants(statement))
                continue
            for _, fetch in self.run_calls(statement):
                for call in descendants(fetch):
                    iterator = self.next_op(call)
                    if iterator is None:
                        continue
                    element = self.fresh(f"{iterator.name}_next")
                    self.taken.add(element)
                    iterator.pull([(element, "")])
                    iterator.nexts.append(element)
                    self.nexts[id(call)] = element
                    found.update(id(n) for n in descendants(call))
        return found

    def next_op(self, node: cst.CSTNode) -> Iterator | None:
        """The iterator whose ``get_next()`` op ``node`` makes (``it.get_next()``, no arguments); None otherwise."""
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "get_next"
            and isinstance(node.func.value, cst.Name)
            and not node.args
        ):
            return self.iterators.get(node.func.value.value)
        return None

    def hoisted(self, statement: cst.SimpleStatementLine) -> bool:
        """``nxt = it.get_next()`` in a module-level loop, ``nxt`` bound nowhere else: each iteration's op pulls
        from ``it`` as one op made beside the iterator would, and the name reads no other."""
        small = statement.body[0] if len(statement.body) == 1 else None
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.value, cst.Call)):
            return False
        iterator = self.next_op(small.value)
        if iterator is None:
            return False
        target = small.targets[0].target
        elements = [(target.value, "")] if isinstance(target, cst.Name) else self.unpacked(target)
        if not elements or any(self.bindings.get(e) != 1 for e, _ in elements):
            return False
        iterator.pull(elements)
        iterator.nexts.extend(e for e, _ in elements)
        self.definitions[statement] = ("hoisted", iterator.name)
        return True

    def dataset_loop(self, loop: cst.For, elements, bindings: dict[str, int]) -> None:
        """``for part in (ds.take(2), ds.skip(4)): sess.run(it.make_initializer(part))``: the loop's name each
        dataset in turn (a Python value in both programs)."""
        alias = loop.target.value  # type: ignore[attr-defined]
        if not elements or bindings.get(alias) != 1 or any(isinstance(e, cst.StarredElement) for e in elements):
            return
        made = []
        for element in elements:
            self.reading = set()
            if not self.dataset(element.value) or self.reading or self.seeded(element.value):
                return
            made.append(self.made(alias, element.value))
        if any(d.fed for d in made):
            return
        initialised = {
            id(a.value)
            for n in descendants(loop.body)
            if isinstance(n, cst.Call) and self.make_initializer(n)
            for a in _unnamed(n)
        }
        attributes = {id(n.attr) for n in descendants(loop.body) if isinstance(n, cst.Attribute)}
        if any(
            isinstance(n, cst.Name) and n.value == alias and id(n) not in attributes and id(n) not in initialised
            for n in descendants(loop.body)
        ):
            return  # the dataset read otherwise (printed: TF1's and eager datasets print other names)
        for element in elements:
            self.opaque.update(id(n) for n in descendants(element.value))
        self.datasets[alias] = Dataset(alias)

    def initializer_reads(self) -> None:
        """An initializer's name read other than as what a run initialises (``sess.run(init)``) or a loop's tuple
        (``for init in (first, rest)``): an op TF1 reads, a dataset or nothing eagerly."""
        allowed = {id(n) for s in self.definitions for n in descendants(s)}
        allowed.update(id(n) for loop in self.looped for n in descendants(loop.iter))
        allowed.update(id(loop.target) for loop in self.looped)
        for line in descendants(self.module):
            if isinstance(line, cst.SimpleStatementLine) and self.initialised(line) is not None:
                allowed.update(id(n) for n in descendants(line))
        for target in descendants(self.module):
            if isinstance(target, (cst.AssignTarget, cst.For, cst.CompFor)):
                allowed.update(id(n) for n in descendants(target.target))
            elif isinstance(target, (cst.FunctionDef, cst.ClassDef)):
                allowed.update(id(n) for n in descendants(target))
        attributes = {id(n.attr) for n in descendants(self.module) if isinstance(n, cst.Attribute)}
        for node in descendants(self.module):
            if not isinstance(node, cst.Name) or id(node) in attributes:
                continue
            if node.value in self.inits and id(node) not in allowed:
                raise self.deny(f"the iterator initializer `{node.value}` read other than by a run of it alone", node)

    def made_in_run(self, call: cst.Call) -> tuple[str, str]:
        """``sess.run(it.make_initializer(ds.take(4)))``: the initializer made and run at once, ``it = iter(...)``
        of the dataset as written there."""
        if id(call) in self.in_runs:
            return self.in_runs[id(call)]
        owner, args = call.func.value.value, _unnamed(call)  # type: ignore[attr-defined]
        if len(args) != 1 or args[0].keyword is not None or self.iterators[owner].dataset:
            raise self.deny("make_initializer() of something other than a dataset tfmigrate models", call)
        source = args[0].value
        if isinstance(source, cst.Name) and source.value in self.datasets:
            found = (owner, source.value)
        else:
            self.reading = set()
            if not self.dataset(source):
                raise self.deny("make_initializer() of something other than a dataset tfmigrate models", call)
            name = self.fresh("dataset")
            self.taken.add(name)
            self.datasets[name] = self.made(name, source)
            if self.datasets[name].expression is None:
                self.datasets[name].expression = source
            self.opaque.update(id(n) for n in descendants(source))
            found = (owner, name)
        self.in_runs[id(call)] = found
        return found

    def make_initializer(self, value: cst.BaseExpression) -> bool:
        return (
            isinstance(value, cst.Call)
            and isinstance(value.func, cst.Attribute)
            and value.func.attr.value == "make_initializer"
            and isinstance(value.func.value, cst.Name)
            and value.func.value.value in self.iterators
        )

    def initializers(self, statement: cst.SimpleStatementLine, target: cst.BaseExpression, value: cst.BaseExpression):
        """``init = it.make_initializer(dataset)`` / ``first, rest = it.make_initializer(ds.take(4)),
        it.make_initializer(ds.skip(4))``: each name the initializer of a dataset, run as ``it = iter(dataset)``.
        Where a dataset is built in place, or the initializers are iterated (``for init in (first, rest)``), the
        names stay bound, to the datasets (``first, rest = ds.take(4), ds.skip(4)``) and ``sess.run(init)`` reads
        ``it = iter(init)``."""
        if isinstance(target, cst.Name):
            pairs = [(target.value, value)]
        elif (
            isinstance(target, cst.Tuple)
            and isinstance(value, cst.Tuple)
            and len(target.elements) == len(value.elements)
            and all(isinstance(e.value, cst.Name) for e in target.elements)
            and not any(isinstance(e, cst.StarredElement) for e in (*target.elements, *value.elements))
        ):
            pairs = [(t.value.value, v.value) for t, v in zip(target.elements, value.elements)]  # type: ignore[attr-defined]
        else:
            raise self.deny("make_initializer() bound other than to names", value)
        names = []
        for name, call in pairs:
            if not self.make_initializer(call):
                raise self.deny("make_initializer() bound beside other values", value)
            owner, args = call.func.value.value, _unnamed(call)  # type: ignore[attr-defined,arg-type]
            if len(args) != 1 or args[0].keyword is not None:
                raise self.deny("make_initializer() of something other than a dataset tfmigrate models", call)
            if self.iterators[owner].dataset:
                raise self.deny("make_initializer() of an iterator that has its own dataset", call)
            source = args[0].value
            if isinstance(source, cst.Name) and source.value in self.datasets:
                self.inits[name] = (owner, source.value)
            else:
                self.reading = set()
                if not self.dataset(source):
                    raise self.deny("make_initializer() of something other than a dataset tfmigrate models", call)
                self.datasets[name] = self.made(name, source)
                self.opaque.update(id(n) for n in descendants(source))
                self.inits[name] = (owner, name)
                self.bound_inits.add(name)
            names.append(name)
        self.definitions[statement] = ("init", ",".join(names))

    def in_place(self, source: cst.BaseExpression, statement: cst.SimpleStatementLine) -> cst.BaseExpression:
        """``it = tf.data.Dataset.range(n).make_initializable_iterator()``: the dataset built in place, modelled under
        a fresh name (bound where the iterator was, unless built from placeholders, then built at each
        initialisation)."""
        self.reading = set()
        if not self.dataset(source):
            return source
        name = self.fresh("dataset")
        self.taken.add(name)
        self.datasets[name] = self.made(name, source)
        self.opaque.update(id(n) for n in descendants(source))
        if not self.datasets[name].fed:
            self.built[id(source)] = (name, source)
        self.placed[statement] = name
        return cst.Name(name)

    @staticmethod
    def unpacked(target: cst.BaseExpression) -> list[tuple[str, str]]:
        """``x, y = ...get_next()``: each name with the index of the element's part it binds; [] for other targets."""
        if not isinstance(target, (cst.Tuple, cst.List)) or not all(
            isinstance(e.value, cst.Name) for e in target.elements
        ):
            return []
        return [(e.value.value, f"[{i}]") for i, e in enumerate(target.elements)]  # type: ignore[attr-defined]

    def one_shot_of(self, call: cst.Call, inline: bool = False) -> str:
        """``ds.make_one_shot_iterator()`` / ``tf.data.make_one_shot_iterator(ds)`` of a modelled dataset: ``ds``.
        With ``inline``, a dataset built in place (``tf.data.Dataset.from_tensor_slices(...).batch(5)
        .make_one_shot_iterator()``) is modelled too, under a fresh name the eager program binds to it."""
        func = call.func
        if self.path(func) == ONE_SHOT[1] and len(call.args) == 1:
            source = call.args[0].value
        elif isinstance(func, cst.Attribute) and func.attr.value == ONE_SHOT[0] and not call.args:
            source = func.value
        else:
            return ""
        if id(source) in self.built:
            return self.built[id(source)][0]
        if inline and not isinstance(source, cst.Name) and self.dataset(source):
            name = self.fresh("dataset")
            self.taken.add(name)
            self.datasets[name] = Dataset(name, self.seeded(source))
            self.opaque.update(id(n) for n in descendants(source))
            self.built[id(source)] = (name, source)
            return name
        return source.value if isinstance(source, cst.Name) and source.value in self.datasets else ""

    def dataset(self, value: cst.BaseExpression) -> bool:
        """A dataset built from Python values with the methods TF1 and eager TensorFlow build alike."""
        if isinstance(value, cst.Name):
            return value.value in self.datasets
        if not isinstance(value, cst.Call):
            return False
        if self.path(value.func) in CONSTRUCTORS:
            self.inputs(value)
            return True
        if self.path(value.func) == ZIP:
            return self.zipped(value)
        func = value.func
        if not (isinstance(func, cst.Attribute) and func.attr.value in METHODS and self.dataset(func.value)):
            return False
        if func.attr.value == "flat_map" and not (
            len(value.args) == 1 and value.args[0].keyword is None and self.path(value.args[0].value) in FLAT_MAPS
        ):
            return False  # another function of each element: not modelled
        if func.attr.value == "cache" and value.args:
            raise self.deny("Dataset.cache(filename) (a cache file the eager run would find)", value)
        if func.attr.value in ("map", "filter"):
            self.mapped(value)
        if func.attr.value == "shuffle" and not self.shuffle_seed(value) and self.graph_seed:
            raise self.deny(
                "Dataset.shuffle without a seed after tf.set_random_seed (its TF1 op seed counts graph ops)", value
            )
        return True

    def zipped(self, call: cst.Call) -> bool:
        """``Dataset.zip((a, b))`` of datasets modelled here; a seeded shuffle among them is refused: eager
        iteration of the zip draws its order from the part's own seed generator, which another iteration of the part
        advances (TF1 starts each iterator from the seed)."""
        parts = call.args[0].value if len(call.args) == 1 and call.args[0].keyword is None else None
        if not isinstance(parts, (cst.Tuple, cst.List)) or not parts.elements:
            return False
        for element in parts.elements:
            if isinstance(element, cst.StarredElement) or not self.dataset(element.value):
                return False
            if self.seeded(element.value):
                raise self.deny("Dataset.zip of a dataset that shuffles with a seed", call)
        return True

    def placeholder(self, statement: cst.SimpleStatementLine, bindings: dict[str, int]) -> None:
        """``n = tf.placeholder(...)`` bound once at module level: a dataset may be built from it (fed_inputs)."""
        small = statement.body[0]
        if not (isinstance(small, cst.Assign) and len(small.targets) == 1):
            return
        target, value = small.targets[0].target, small.value
        pairs: list[tuple[cst.BaseExpression, cst.BaseExpression]] = [(target, value)]
        if (
            isinstance(target, cst.Tuple)
            and isinstance(value, cst.Tuple)
            and len(target.elements) == len(value.elements)
        ):
            # ``x, y = tf.placeholder(...), tf.placeholder(...)``
            pairs = [(t.value, v.value) for t, v in zip(target.elements, value.elements)]
        for bound, made in pairs:
            if not (isinstance(bound, cst.Name) and isinstance(made, cst.Call) and self.path(made.func) == PLACEHOLDER):
                return
            if bindings.get(bound.value) != 1 or not isinstance(made.func, cst.Attribute):
                return
        for bound, made in pairs:
            self.placeholders[bound.value] = (statement, made)  # type: ignore[attr-defined,assignment]

    def made(self, name: str, value: cst.BaseExpression) -> Dataset:
        """The dataset ``value`` builds; a fed one keeps the expression that builds it from its placeholders."""
        fed = set(self.reading)
        read = {n.value for n in loaded_names(value) if n.value in self.datasets}
        for source in read:
            fed |= self.datasets[source].fed
        if not fed:
            return Dataset(name, self.seeded(value))
        earlier = {d: self.datasets[d].expression for d in read if self.datasets[d].expression is not None}
        return Dataset(name, self.seeded(value), frozenset(fed), _substituted(value, earlier))  # type: ignore[arg-type]

    def fed_inputs(self) -> None:
        """Datasets built from placeholders: TF1 builds the pipeline anew from the values fed at each run of the
        iterator's initializer, as eager code does with those values written in (``iter(dataset(values))``). Shown
        so only where the placeholders are read by nothing else, each initialisation feeds every one (a literal
        ``feed_dict``), and the dataset is read through initializable iterators alone."""
        fed = {name: d for name, d in self.datasets.items() if d.fed}
        if not fed:
            return
        used = set().union(*(d.fed for d in fed.values()))
        allowed: set[int] = set()
        for statement, (what, _) in self.definitions.items():
            if what in ("fed dataset", "initializable", "structure", "init"):
                allowed.update(id(n) for n in descendants(statement))
        for statement in self.feeds:
            allowed.update(id(n) for n in descendants(statement))
        for name in used:
            statement = self.placeholders[name][0]
            beside = [n for n, (s, _) in self.placeholders.items() if s is statement and n not in used]
            if beside:
                raise self.deny(f"placeholder `{beside[0]}` bound beside one a dataset is built from", statement)
            allowed.update(id(n) for n in descendants(statement))
            self.definitions[statement] = ("placeholder", name)
        attributes = {id(n.attr) for n in descendants(self.module) if isinstance(n, cst.Attribute)}
        for node in descendants(self.module):
            if isinstance(node, cst.Name) and id(node) not in attributes and id(node) not in allowed:
                if node.value in used:
                    raise self.deny(f"placeholder `{node.value}` a dataset is built from is read elsewhere", node)
                if node.value in fed:
                    raise self.deny(f"`{node.value}`, a dataset built from placeholders, read elsewhere", node)
        for iterator in self.iterators.values():
            if iterator.one_shot and iterator.dataset in fed:
                raise Blocked(f"a one-shot iterator over `{iterator.dataset}`, built from placeholders", iterator.line)

    def inputs(self, call: cst.Call) -> None:
        """What a dataset is built from: Python values and TensorFlow ops computed once, in TF1 as eagerly."""
        for inner in descendants(call):
            if inner is not call and isinstance(inner, cst.Call) and self.path(inner.func):
                path = self.path(inner.func)
                if not (eager_safe(path) or path in MORE_OPS) or is_random(path):
                    raise self.deny(
                        f"the dataset is built from `{self.module.code_for_node(inner.func)}` (TF1 evaluates it at "
                        "each initialisation)",
                        inner,
                    )
        for name in loaded_names(call):
            if name.value in self.placeholders:
                self.reading.add(name.value)
                continue
            if name.value in self.graph_names:
                raise self.deny(
                    f"the dataset is built from the graph value `{name.value}` (TF1 reads it at each initialisation)",
                    name,
                )

    def mapped(self, call: cst.Call) -> None:
        """A TensorFlow op, a lambda of them, or a module-level function of assignments and a return whose ops are
        (``def parse_line(value): ...`` as queues.py writes a queue's record statements): each is traced once
        into the dataset's graph, in TF1 as eagerly."""
        function = call.args[0].value if call.args else None
        if isinstance(function, cst.Name) and len(call.args) == 1:
            definition = self.parser(function.value)
            if definition is not None:
                self.pure(definition.body, call)
                self.opaque.update(id(n) for n in descendants(definition))
                return
        path = self.path(function) if function is not None and len(call.args) == 1 else ""
        if path and (eager_safe(path) or path in MORE_OPS) and not is_random(path):
            return  # ``ds.map(tf.reduce_sum)``: the op applied to each element
        if not isinstance(function, cst.Lambda) or len(call.args) != 1:
            raise self.deny("a dataset map/filter of something other than a lambda of TensorFlow ops", call)
        self.pure(function.body, call)

    def pure(self, body: cst.CSTNode, call: cst.Call) -> None:
        for inner in descendants(body):
            if isinstance(inner, cst.Call):
                path = self.path(inner.func)
                func = inner.func
                if isinstance(func, cst.Name) and func.value in BUILTINS and func.value not in self.taken_bound:
                    continue
                if not path or not (eager_safe(path) or path in MORE_OPS or path in PARSERS) or is_random(path):
                    raise self.deny(
                        f"the dataset's map/filter calls `{self.module.code_for_node(inner.func)}` (not proven "
                        "free of effects)",
                        inner,
                    )

    def parser(self, name: str) -> cst.FunctionDef | None:
        """The function ``name`` defined once in the module's straight-line code (at module level, or in a ``with``
        block there, where queues.py writes the records of a queue a helper built in the Session block),
        undecorated, of plain parameters and a body of assignments ending in a return; None otherwise."""
        found = [s for s in self.straight() if isinstance(s, cst.FunctionDef) and s.name.value == name]
        if len(found) != 1 or name in self.taken_bound:
            return None
        definition = found[0]
        params = definition.params
        if definition.decorators or params.star_arg is not cst.MaybeSentinel.DEFAULT or params.star_kwarg:
            return None
        if params.kwonly_params or params.posonly_params or any(p.default is not None for p in params.params):
            return None
        body = definition.body.body if isinstance(definition.body, cst.IndentedBlock) else []
        for index, statement in enumerate(body):
            if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
                return None
            small = statement.body[0]
            last = index == len(body) - 1
            if not (isinstance(small, cst.Assign) and not last) and not (isinstance(small, cst.Return) and last):
                return None
            if isinstance(small, cst.Assign) and not all(
                isinstance(t.target, (cst.Name, cst.Tuple, cst.List)) for t in small.targets
            ):
                return None
        return definition if body else None

    def shuffle_seed(self, call: cst.Call) -> bool:
        seed = [a for a in call.args if (a.keyword is not None and a.keyword.value == "seed")]
        return bool(seed or len([a for a in call.args if a.keyword is None]) >= 2)

    def seeded(self, value: cst.BaseExpression) -> bool:
        if isinstance(value, cst.Name):
            return self.datasets[value.value].seeded_shuffle
        for node in descendants(value):
            if (
                isinstance(node, cst.Call)
                and isinstance(node.func, cst.Attribute)
                and node.func.attr.value == "shuffle"
                and self.shuffle_seed(node)
            ):
                return True
        return any(
            isinstance(n, cst.Name) and n.value in self.datasets and self.datasets[n.value].seeded_shuffle
            for n in descendants(value)
        )

    # --------------------------------------------------------------------------------------- rewrite
    def visit_For(self, node: cst.For) -> None:
        self.loops += 1

    def leave_For(self, original_node, updated_node):
        self.loops -= 1
        self.current = self.tainted_after.get(original_node, self.current)  # its target bound again
        return updated_node

    def visit_While(self, node: cst.While) -> None:
        self.loops += 1

    def leave_While(self, original_node, updated_node):
        self.loops -= 1
        return updated_node

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False  # the proof refuses functions that run the graph

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        element = self.nexts.get(id(original_node))
        if element is None:
            return updated_node
        return self.adopt(cst.Name(element), original_node)

    def leave_SimpleStatementLine(self, original_node, updated_node):
        try:
            return self.rewritten(original_node, updated_node)
        finally:
            self.current = self.tainted_after.get(original_node, self.current)

    def rewritten(self, original_node, updated_node):
        definition = self.definitions.get(original_node)
        if definition is not None:
            made = self.defined(original_node, *definition)
            what, name = definition
            nexts = self.iterators[name].nexts if what in ("one_shot", "initializable", "structure", "inline") else []
            if not nexts:
                return made
            placeholders = [
                self.new(f"{element} = tf.placeholder({UNCAST})", original_node, placeholder=True) for element in nexts
            ]
            if isinstance(made, cst.RemovalSentinel):
                return cst.FlattenSentinel(placeholders)
            if isinstance(made, cst.FlattenSentinel):
                return cst.FlattenSentinel([*made.nodes, *placeholders])
            return cst.FlattenSentinel([made, *placeholders])
        initialised = self.initialisation(original_node)
        if initialised is not None:
            return initialised
        return self.pulled(original_node, updated_node)

    def defined(self, statement: cst.SimpleStatementLine, what: str, name: str):
        if what == "dataset":
            return statement
        placed = self.placed.get(statement)
        bound = (
            [
                self.bind(placed, self.datasets[placed].expression or b[1], statement)
                for b in self.built.values()
                if b[0] == placed
            ]
            if placed
            else []
        )
        if what == "one_shot":
            iterator = self.iterators[name]
            self.init_sites.setdefault(iterator.dataset, []).append(False)
            return (
                cst.FlattenSentinel([*bound, self.one_shot(name, statement)])
                if bound
                else self.one_shot(name, statement)
            )
        if what == "initializable" and bound:
            return bound[0]
        if what == "init":
            return self.initializers_bound(statement, name.split(","))
        if what == "inline":
            iterator = self.iterators[name]
            self.init_sites.setdefault(iterator.dataset, []).append(False)
            built = [b for b in self.built.values() if b[0] == iterator.dataset]
            return cst.FlattenSentinel(
                [
                    *(self.bind(dataset, chain, statement) for dataset, chain in built),
                    self.one_shot(name, statement),
                    *(
                        self.new(f"{element} = tf.placeholder({UNCAST})", statement, placeholder=True)
                        for element, _ in iterator.elements
                    ),
                ]
            )
        if what == "element":
            return cst.FlattenSentinel(
                [
                    self.new(
                        f"{element} = tf.placeholder({UNCAST})",
                        statement,
                        placeholder=True,
                        leading=statement.leading_lines if index == 0 else (),
                    )
                    for index, (element, _) in enumerate(
                        e
                        for e in self.iterators[name].elements
                        if self.iterators[name].groups.get(e[0], 0) == self.element_groups.get(statement, 0)
                    )
                ]
            )
        return cst.RemoveFromParent()

    def initializers_bound(self, statement: cst.SimpleStatementLine, names: list[str]):
        """The initializers' statement: gone, or binding each name to its dataset where the eager program reads it."""
        kept = [n for n in names if n in self.bound_inits and not self.datasets[self.inits[n][1]].fed]
        if not kept:
            return cst.RemoveFromParent()
        if len(kept) != len(names):
            raise self.deny("initializers of datasets built from placeholders bound beside others", statement)
        calls = {
            id(n): _unnamed(n)[0].value
            for n in descendants(statement)
            if isinstance(n, cst.Call) and self.make_initializer(n)
        }

        class Argument(cst.CSTTransformer):
            def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
                return calls.get(id(original_node), updated_node)

        small = statement.body[0].visit(Argument())
        self.note(statement, "make_initializer(dataset) -> the dataset, iterated where the initializer runs")
        return self.adopt(statement.with_changes(body=[small]), statement)

    def bind(self, name: str, chain: cst.BaseExpression, statement: cst.SimpleStatementLine):
        """``dataset = <the chain built in place>``: the program's own nodes, so they keep their meaning."""
        bound = cst.SimpleStatementLine(
            body=[cst.Assign(targets=[cst.AssignTarget(target=cst.Name(name))], value=chain)],
            leading_lines=statement.leading_lines,
        )
        self.origins[id(bound)] = (bound, statement)
        for inner in (*bound.body, *descendants(bound.body[0])):
            if id(inner) not in self.module_ids:
                self.origins[id(inner)] = (inner, statement)
        return bound

    def one_shot(self, name: str, statement: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
        variable = self.iterators[name].variable
        created = self.new(
            f"{variable} = iter({self.iterators[name].dataset})", statement, leading=statement.leading_lines
        )
        if name not in self.unseeded:
            self.consumed.add(created.body[0].value)  # type: ignore[attr-defined]
        self.note(statement, f"one-shot iterator -> `{variable} = iter({self.iterators[name].dataset})`")
        return created

    def note(self, node: cst.CSTNode, change: str) -> None:
        self.notes.append((self.line_of(node), change))

    def new(self, code: str, original: cst.CSTNode, placeholder: bool = False, leading=()) -> cst.SimpleStatementLine:
        statement = cst.parse_statement(code + "\n")
        assert isinstance(statement, cst.SimpleStatementLine)
        statement = statement.with_changes(leading_lines=list(leading))
        if placeholder:
            call = statement.body[0].value  # type: ignore[attr-defined]
            self.forced[id(call.func)] = "placeholder"
        return self.adopt(statement, original)

    def adopt(self, node, original: cst.CSTNode):
        """Nodes made here read as the original they stand for (its line; no TensorFlow meaning)."""
        for inner in descendants(node):
            if id(inner) not in self.module_ids:
                self.origins[id(inner)] = (inner, original)
        return node

    def initialisation(self, statement: cst.SimpleStatementLine):
        """``sess.run(init)``, ``sess.run(iterator.initializer)``, ``init.run()``: ``iterator = iter(dataset)``."""
        found = self.initialised(statement)
        if found is None:
            return None
        iterator, dataset = self.iterators[found[0]].variable, found[1]
        self.init_sites.setdefault(dataset, []).append(self.loops > 0)
        feed = self.feeds.get(statement)
        if feed is None and self.datasets[dataset].expression is not None:
            feed = {}
        if feed is None:
            self.note(statement, f"iterator initializer run -> `{iterator} = iter({dataset})`")
            return self.new(f"{iterator} = iter({dataset})", statement, leading=statement.leading_lines)
        fed = " as built from the values fed" if feed else ""
        self.note(statement, f"iterator initializer run -> `{iterator} = iter(...)` of the dataset{fed}")
        expression = self.datasets[dataset].expression
        assert expression is not None
        built = _substituted(expression, {n: self.fed_value(n, v) for n, v in feed.items()})
        call = cst.Call(cst.Name("iter"), [cst.Arg(built)])
        made = cst.SimpleStatementLine(
            [cst.Assign([cst.AssignTarget(cst.Name(iterator))], call)], leading_lines=statement.leading_lines
        )
        return self.adopt(made, statement)

    def float32_placeholders(self, iterator: str) -> bool:
        """Every dataset ``iterator`` reads slices float32 placeholders (``from_tensor_slices((x, y))``), then only
        batches, repeats, shuffles or cuts them: its elements are float32."""
        own = self.iterators[iterator].dataset
        read = [own] if own else [d for it, d in self.inits.values() if it == iterator]
        return bool(read) and all(self.float32_dataset(self.datasets[d].expression) for d in read)

    def float32_dataset(self, expression: cst.BaseExpression | None) -> bool:
        while (
            isinstance(expression, cst.Call)
            and isinstance(expression.func, cst.Attribute)
            and expression.func.attr.value in SAME_DTYPES
        ):
            expression = expression.func.value
        if not (
            isinstance(expression, cst.Call) and self.path(expression.func) in SLICES and len(expression.args) == 1
        ):
            return False
        sliced = expression.args[0].value
        parts = [e.value for e in sliced.elements] if isinstance(sliced, (cst.Tuple, cst.List)) else [sliced]
        return all(
            isinstance(p, cst.Name) and p.value in self.placeholders and self.placeholder_dtype(p.value) == "float32"
            for p in parts
        )

    def placeholder_dtype(self, name: str) -> str:
        dtype = self.dtype_argument(name)
        if isinstance(dtype, cst.SimpleString):  # ``tf.placeholder("float")``: tf.as_dtype's names
            return DTYPE_NAMES.get(dtype.evaluated_value, "")  # type: ignore[arg-type]
        return self.path(dtype) if dtype is not None else ""

    def dtype_argument(self, name: str) -> cst.BaseExpression | None:
        call = self.placeholders[name][1]
        dtypes = [a.value for a in call.args if a.keyword is None][:1] or [
            a.value for a in call.args if a.keyword is not None and a.keyword.value == "dtype"
        ]
        return dtypes[0] if dtypes else None

    def fed_value(self, name: str, value: cst.BaseExpression) -> cst.BaseExpression:
        """What TF1 feeds ``name``: the value converted to the placeholder's dtype (session.run converts a fed
        value with ``np.asarray(value, dtype)``, as ``tf.cast`` does); a literal of the dtype's own kind as written."""
        call, argument, dtype = self.placeholders[name][1], self.dtype_argument(name), self.placeholder_dtype(name)
        if argument is not None and not dtype and self.array_dtype(argument):
            dtype = "of the array"
        if argument is None or not dtype:
            raise self.deny(f"placeholder `{name}` without a dtype tfmigrate can read", call)
        if dtype == "string" or LITERAL_DTYPES.get(type(value)) == dtype:  # type: ignore[arg-type]
            return value
        cast = cst.Attribute(call.func.value, cst.Name("cast"))  # type: ignore[attr-defined]
        return cst.Call(cast, [cst.Arg(value), cst.Arg(argument)])

    def array_dtype(self, argument: cst.BaseExpression) -> bool:
        """``tf.placeholder(features.dtype, features.shape)`` (the TF guide's numpy input), ``features`` bound once:
        the dtype the eager cast reads at each initialisation is the one TF1 read when it built the placeholder."""
        return (
            isinstance(argument, cst.Attribute)
            and argument.attr.value == "dtype"
            and isinstance(argument.value, cst.Name)
            and self.bindings.get(argument.value.value) == 1
            and not self.path(argument)
        )

    def initialised(self, statement: cst.SimpleStatementLine) -> tuple[str, str] | None:
        """The iterator and dataset a statement that only runs an iterator's initializer initialises."""
        small = statement.body[0] if len(statement.body) == 1 else None
        call = small.value if isinstance(small, cst.Expr) else None
        if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)):
            return None
        owner, method = call.func.value, call.func.attr.value
        fetch: cst.BaseExpression | None = None
        feed: cst.BaseExpression | None = None
        if method == "run" and isinstance(owner, cst.Name) and owner.value in self.sessions and call.args:
            fetch = call.args[0].value
            rest = call.args[1:]
            if len(rest) == 1 and (rest[0].keyword is None or rest[0].keyword.value == "feed_dict"):
                feed = rest[0].value
            elif rest:
                fetch = None
        elif method == "run" and len(call.args) <= 1:
            fetch = owner
            if call.args and call.args[0].keyword is not None and call.args[0].keyword.value == "feed_dict":
                feed = call.args[0].value
            elif call.args:
                fetch = None
        found = self.initialiser(fetch) if fetch is not None else None
        if found is None:
            return None
        fed = self.datasets[found[1]].fed
        if feed is None and not fed:
            return found
        if not fed:
            raise self.deny("an iterator initialised with a feed_dict", call)
        if not isinstance(feed, cst.Dict) or not all(
            isinstance(e, cst.DictElement) and isinstance(e.key, cst.Name) for e in feed.elements
        ):
            raise self.deny("an iterator over a dataset of placeholders initialised without a literal feed_dict", call)
        values = {e.key.value: e.value for e in feed.elements}  # type: ignore[attr-defined]
        if set(values) != fed or len(values) != len(feed.elements):
            raise self.deny(f"an initialisation that does not feed exactly `{found[1]}`'s placeholders", call)
        self.feeds[statement] = values
        return found

    def initialiser(self, fetch: cst.BaseExpression) -> tuple[str, str] | None:
        if isinstance(fetch, cst.Name) and fetch.value in self.inits:
            return self.inits[fetch.value]
        if self.make_initializer(fetch):
            return self.made_in_run(fetch)  # type: ignore[arg-type]
        if (
            isinstance(fetch, cst.Attribute)
            and fetch.attr.value == "initializer"
            and isinstance(fetch.value, cst.Name)
            and fetch.value.value in self.iterators
        ):
            iterator = self.iterators[fetch.value.value]
            if not iterator.dataset or iterator.one_shot:
                raise self.deny(f"`{iterator.name}.initializer` of an iterator without its own dataset", fetch)
            return iterator.name, iterator.dataset
        return None

    def run_calls(self, statement: cst.CSTNode) -> list[tuple[cst.Call, cst.BaseExpression]]:
        """The Session runs in a statement and what each fetches."""
        runs = []
        for call in descendants(statement):
            if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)):
                continue
            owner, method = call.func.value, call.func.attr.value
            if method == "run" and isinstance(owner, cst.Name) and owner.value in self.sessions:
                fetch = call.args[0].value if call.args and call.args[0].keyword is None else None
                keyword = [a.value for a in call.args if a.keyword is not None and a.keyword.value == "fetches"]
                chosen = fetch or (keyword[0] if keyword else None)
                if chosen is not None:
                    runs.append((call, chosen))
            elif method in ("eval", "run"):
                runs.append((call, owner))
        return runs

    def pulled(self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine):
        runs = [(c, f, self.reads(f)) for c, f in self.run_calls(updated)]
        runs = [r for r in runs if r[2]]
        if not runs:
            return updated
        if len(runs) > 1:
            raise self.deny("one statement runs the graph twice on tf.data elements", original)
        call, fetch, read = runs[0]
        iterators = {name for name, _ in read}
        for name in sorted(iterators):
            if len({group for it, group in read if it == name}) > 1:
                raise self.deny(f"a run reads two get_next() ops of `{name}` (TF1 pulls an element for each)", original)
        groups = dict(read)
        fed_names = self.fed_names(call)
        for name in sorted(iterators):
            elements = {element for element, _ in self.iterators[name].elements}
            if elements & fed_names:
                raise self.deny(
                    f"a run feeds `{name}`'s get_next() element (TF1 converts the fed value to the dataset's dtype)",
                    original,
                )
        statements: list[cst.BaseStatement] = []
        entries: list[cst.DictElement] = []
        for name in sorted(iterators):
            iterator = self.iterators[name]
            if not iterator.batch:
                iterator.batch = self.fresh("batch" if len(self.iterators) == 1 else f"{name}_batch")
            pull = self.new(
                f"{iterator.batch} = next({iterator.variable})",
                original,
                leading=updated.leading_lines if not statements else (),
            )
            self.next_calls.add(pull.body[0].value)  # type: ignore[attr-defined]
            statements.append(pull)
            for element, index in iterator.elements:
                if iterator.groups.get(element, 0) != groups[name]:
                    continue
                entry = cst.parse_expression(f"{{{element}: {iterator.batch}{index}}}")
                assert isinstance(entry, cst.Dict)
                entries.extend(entry.elements)  # type: ignore[arg-type]
        pulls = ", ".join(
            f"`{self.iterators[name].batch} = next({self.iterators[name].variable})`" for name in sorted(iterators)
        )
        self.note(original, f"run of get_next() values -> {pulls} first, the element passed to what it computes")
        fed = self.feed(call, entries, original)
        self.pulls[fed] = [self.iterators[name].batch for name in iterators]
        replaced = updated.deep_replace(call, fed).with_changes(leading_lines=[])
        statements.append(self.adopt(replaced, original))
        return cst.FlattenSentinel(statements)

    def fed_names(self, call: cst.Call) -> set[str]:
        names: set[str] = set()
        for arg in call.args:
            if isinstance(arg.value, cst.Dict):
                names.update(
                    e.key.value
                    for e in arg.value.elements
                    if isinstance(e, cst.DictElement) and isinstance(e.key, cst.Name)
                )
        return names

    def reads(self, fetch: cst.BaseExpression) -> set[tuple[str, int]]:
        return set().union(*(self.current.get(n.value, set()) for n in loaded_names(fetch)))

    def elements(self, iterators: set[str]) -> list[tuple[str, str]]:
        return [e for name in iterators for e in self.iterators[name].elements]

    def feed(self, call: cst.Call, entries: list[cst.DictElement], original: cst.CSTNode) -> cst.Call:
        func = call.func
        session_run = (
            isinstance(func, cst.Attribute)
            and func.attr.value == "run"
            and isinstance(func.value, cst.Name)
            and func.value.value in self.sessions
        )
        position = 1 if session_run else 0
        positional = [a for a in call.args if a.keyword is None]
        existing = [a for a in call.args if a.keyword is not None and a.keyword.value == "feed_dict"]
        if len(positional) > position:
            existing.append(positional[position])
        if existing:
            value = existing[0].value
            if not isinstance(value, cst.Dict):
                raise self.deny("a feed_dict that is not a literal dict, beside a tf.data element", original)
            kept = list(value.elements)
            if kept:
                kept[-1] = kept[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            merged = value.with_changes(elements=[*kept, *entries])
            args = [a.with_changes(value=merged) if a is existing[0] else a for a in call.args]
            return call.with_changes(args=args)
        keyword = cst.Arg(
            keyword=cst.Name("feed_dict"),
            value=cst.Dict(entries),
            equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
        )
        args = list(call.args)
        if args:
            args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        return call.with_changes(args=[*args, keyword])

    def fresh(self, base: str) -> str:
        return numbered(self.taken, base)

    def leave_Try(self, original_node: cst.Try, updated_node: cst.Try):
        inside = {id(n) for n in descendants(updated_node.body)}
        if not any(id(call) in inside for call in self.next_calls):
            return updated_node
        handlers = []
        for handler in updated_node.handlers:
            if handler.type is not None and self.path(handler.type) == OUT_OF_RANGE:
                self.note(
                    handler.type, "except tf.errors.OutOfRangeError -> except StopIteration (the end of iteration)"
                )
                named = handler.name
                if named is not None and isinstance(named.name, cst.Name):
                    if any(n.value == named.name.value for n in loaded_names(handler.body)):
                        raise self.deny(
                            "the OutOfRangeError caught is used (eager iteration ends with StopIteration)", handler
                        )
                    named = None  # ``except tf.errors.OutOfRangeError as e:`` whose body does not read ``e``
                changed = handler.with_changes(type=cst.Name("StopIteration"), name=named)
                handler = self.adopt(changed, original_node)
            handlers.append(handler)
        return updated_node.with_changes(handlers=handlers)


def _unnamed(call: cst.Call) -> list[cst.Arg]:
    """``it.make_initializer(ds, name="init")``'s arguments but the op's name, which eager code has no use for."""
    return [a for a in call.args if a.keyword is None or a.keyword.value != "name"]


def _binding_counts(module: cst.Module, definitions: bool = True) -> dict[str, int]:
    """How often the module binds each name (with ``definitions``, by ``def``, ``class`` and parameters too)."""
    counts: dict[str, int] = {}
    for node in descendants(module):
        targets: list[cst.CSTNode] = []
        if isinstance(node, cst.AssignTarget):
            targets = [node.target]
        elif isinstance(node, (cst.For, cst.AugAssign, cst.AnnAssign, cst.CompFor)):
            targets = [node.target]
        elif isinstance(node, cst.ImportAlias):
            targets = [node.asname.name if node.asname is not None else node.name]
        elif definitions and isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Param)):
            targets = [node.name]
        for name in (n for t in targets for n in loaded_names(t)):
            counts[name.value] = counts.get(name.value, 0) + 1
    return counts


def _substituted(expression: cst.BaseExpression, values: dict[str, cst.BaseExpression]) -> cst.BaseExpression:
    """``expression`` with the names it reads (not attribute names, keywords or lambda bodies) replaced."""

    class Substitute(cst.CSTTransformer):
        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

        def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute):
            if updated_node.attr is original_node.attr:
                return updated_node
            return updated_node.with_changes(attr=original_node.attr)

        def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg):
            if updated_node.keyword is original_node.keyword:
                return updated_node
            return updated_node.with_changes(keyword=original_node.keyword)

        def leave_Name(self, original_node: cst.Name, updated_node: cst.Name):
            return values.get(original_node.value, original_node)

        def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):
            """Unchanged nodes stay the program's own, so that they keep their meaning (resolve)."""
            result = super().on_leave(original_node, updated_node)
            if result is updated_node and len(original_node.children) == len(updated_node.children):
                if all(a is b for a, b in zip(original_node.children, updated_node.children)):
                    return original_node
            return result

    substituted = expression.visit(Substitute())
    assert isinstance(substituted, cst.BaseExpression)
    return substituted


def _bound_names(module: cst.Module) -> set[str]:
    """Names the module binds other than by ``def`` or a parameter (a map function's name must be its
    definition's alone)."""
    return set(_binding_counts(module, definitions=False))


def desugar(module: cst.Module, resolve: Resolve, line_of: LineOf, unseeded: frozenset[str] = frozenset()):
    """The module with its tf.data iterators written as eager iteration, or None when it has none; raises
    Blocked for iterator shapes that are not modelled."""
    rewrite = Desugar(module, resolve, line_of)
    rewrite.unseeded = unseeded  # one-shot iterators that took no op seed in TF1 (queues.py)
    if not rewrite.collect():
        return None
    new = module.visit(rewrite)
    for dataset, sites in rewrite.init_sites.items():
        rebuilt = bool(rewrite.datasets[dataset].fed)  # each initialisation builds the shuffle anew from its seed
        if rewrite.datasets[dataset].seeded_shuffle and not rebuilt and (len(sites) > 1 or any(sites)):
            line = rewrite.line_of(next(s for s, d in rewrite.definitions.items() if d == ("dataset", dataset)))
            raise Blocked(
                f"`{dataset}` shuffles with a seed and is iterated more than once (TF1 restarts the order at each "
                "initialisation, eager iteration reshuffles)",
                line,
            )
    for name, iterator in rewrite.iterators.items():
        if (
            not iterator.one_shot
            and not any(name == it for it, _ in [*rewrite.inits.values(), *rewrite.in_runs.values()])
            and not any(d for d in rewrite.init_sites if rewrite.iterators[name].dataset == d)
        ):
            raise Blocked(f"iterator `{name}` is never initialised where tfmigrate can see it", iterator.line)

    def resolve_new(node: cst.CSTNode) -> str | None:
        forced = rewrite.forced.get(id(node))
        if forced is not None:
            return forced
        original = rewrite.origin(node)
        if id(original) in rewrite.opaque:
            return None
        return resolve(original)

    def line_of_new(node: cst.CSTNode) -> int:
        return line_of(rewrite.origin(node))

    return new, resolve_new, line_of_new, rewrite


def check(rewrite: Desugar, program: Program, replace: dict[cst.CSTNode, str]) -> None:
    """Every run given a batch reads it: TF1 pulls an element only for runs whose fetches depend on get_next().
    A tf.layers layer computes in its input's dtype, its Keras replacement in float32: on an element, whose dtype
    is the dataset's (not written in the program), that is not shown to be the same, unless every dataset the
    iterator reads slices float32 placeholders (float32_placeholders)."""
    for call in program.layers:
        read = {it for n in loaded_names(call) for it, _ in rewrite.tainted.get(n.value, ())}
        if read and not all(rewrite.float32_placeholders(it) for it in read):
            raise Blocked(
                f"`{program.module.code_for_node(call.func)}` reads a tf.data element, whose dtype tfmigrate cannot "
                "see (TF1 layers compute in the input's dtype, their Keras replacements in float32)",
                program.line_of(call),
            )
    for call, batches in rewrite.pulls.items():
        code = replace.get(call)
        read = {n.value for n in loaded_names(cst.parse_expression(code))} if code is not None else set()
        if not set(batches) <= read:
            raise Blocked(
                "a run whose fetches tfmigrate cannot show to read the iterator's get_next() element",
                rewrite.line_of(rewrite.origin(call)),
            )


def renamed(blocked: Blocked, rewrite: Desugar) -> Blocked:
    """The proof saw each get_next() element as a placeholder: its reasons name it as what the program wrote."""
    construct = blocked.construct
    for iterator in rewrite.iterators.values():
        for element, _ in iterator.elements:
            construct = construct.replace(f"placeholder `{element}`", f"`{element}` (get_next() of `{iterator.name}`)")
            construct = construct.replace(f"two placeholders named `{element}`", f"two values named `{element}`")
    return Blocked(construct, blocked.line) if construct != blocked.construct else blocked
