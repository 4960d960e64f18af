"""The iterators a module builds at module level, their get_next() elements and what each name reads of them."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import SESSIONS
from tfmigrate.transforms.session.analysis import (
    SEEDS,
    Blocked,
    descendants,
    loaded_names,
)
from tfmigrate.transforms.session.datasets.initializers import Initializers
from tfmigrate.transforms.session.datasets.model import Dataset, Iterator, unnamed
from tfmigrate.transforms.session.datasets.tables import INITIALIZABLE, ONE_SHOT, STRUCTURE, TF1_ONLY


class Iterators(Initializers):
    """``collect`` reads the module's datasets, iterators and their runs, or refuses what it does not model."""

    def collect(self) -> bool:
        if not any(n.attr.value in TF1_ONLY for n in self.nodes.attributes):
            return False
        for node in self.nodes.all:
            if isinstance(node, cst.Call) and self.path(node.func) in SEEDS:
                self.graph_seed = True
        bindings = self.bindings = self.nodes.binding_counts()
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
        inside = self.nodes.inside
        self.aliases(bindings, inside)
        modelled = {id(n) for s in self.definitions for n in descendants(s)}
        modelled |= self.nexts_in_runs(inside)
        if not self.iterators:  # iterators built in a module-level loop or block: named there; functions: the proof
            modelled |= inside
        self.initialisations = {
            line: found for line in self.nodes.lines if (found := self.initialised(line)) is not None
        }
        modelled.update(id(n) for line in self.initialisations for n in descendants(line))
        for node in self.nodes.attributes:
            if node.attr.value in TF1_ONLY and id(node) not in modelled:
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

    def aliases(self, bindings: dict[str, int], inside: frozenset[int]) -> None:
        """``for init in (first, rest): sess.run(init)``: the loop's name an initializer of each dataset in turn
        (``inside``: the ids of the nodes in functions, left to the proof)."""
        for loop in self.nodes.loops:
            if id(loop) in inside or not isinstance(loop.target, cst.Name):
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
        body = list(descendants(loop.body))
        initialised = {
            id(a.value) for n in body if isinstance(n, cst.Call) and self.make_initializer(n) for a in unnamed(n)
        }
        attributes = {id(n.attr) for n in body if isinstance(n, cst.Attribute)}
        if any(
            isinstance(n, cst.Name) and n.value == alias and id(n) not in attributes and id(n) not in initialised
            for n in body
        ):
            return  # the dataset read otherwise (printed: TF1's and eager datasets print other names)
        for element in elements:
            self.opaque.update(id(n) for n in descendants(element.value))
        self.datasets[alias] = Dataset(alias)

    def nexts_in_runs(self, inside: frozenset[int]) -> set[int]:
        """``print(sess.run(it.get_next()))`` (in a loop too, not in a function: ``inside``): each such get_next()
        op its own element of ``it``, a placeholder defined beside the iterator, pulled by the run that reads it.
        Returns the ops' nodes."""
        found: set[int] = set()
        for statement in self.nodes.lines:
            if id(statement) in inside:
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

    @staticmethod
    def unpacked(target: cst.BaseExpression) -> list[tuple[str, str]]:
        """``x, y = ...get_next()``: each name with the index of the element's part it binds; [] for other targets."""
        if not isinstance(target, (cst.Tuple, cst.List)) or not all(
            isinstance(e.value, cst.Name) for e in target.elements
        ):
            return []
        return [(e.value.value, f"[{i}]") for i, e in enumerate(target.elements)]  # type: ignore[attr-defined]

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

    def builtins(self) -> None:
        """``iter`` / ``next`` bound by the program would not be the builtins the eager form calls; a one-shot
        iterator named ``iter`` is the exception: ``iter = iter(dataset)`` calls the builtin before binding."""
        for node, target in self.nodes.binders:
            if isinstance(node, (cst.CompFor, cst.Param)):
                continue
            for name in (n.value for n in loaded_names(target)):
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
        rewritten = {id(n) for s in [*self.definitions, *self.initialisations] for n in descendants(s)}
        return all(id(n) in rewritten for n in self.nodes.names if n.value == name)

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
