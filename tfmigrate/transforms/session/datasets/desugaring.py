"""The rewrite: iterators as ``iter(dataset)``, runs of their elements as ``batch = next(iterator)`` then the run fed."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import (
    UNCAST,
    descendants,
    loaded_names,
)
from tfmigrate.transforms.session.datasets.iterators import Iterators
from tfmigrate.transforms.session.datasets.model import substituted, unnamed
from tfmigrate.transforms.session.datasets.tables import OUT_OF_RANGE
from tfmigrate.transforms.session.run_calls import session_run


class Desugar(Iterators):
    """Rewrites the module as the package describes; ``pulls`` maps each run call given a batch to the batch's name."""

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
            id(n): unnamed(n)[0].value
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
        found = self.initialisations.get(statement)
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
        built = substituted(expression, {n: self.fed_value(n, v) for n, v in feed.items()})
        call = cst.Call(cst.Name("iter"), [cst.Arg(built)])
        made = cst.SimpleStatementLine(
            [cst.Assign([cst.AssignTarget(cst.Name(iterator))], call)], leading_lines=statement.leading_lines
        )
        return self.adopt(made, statement)

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

    def feed(self, call: cst.Call, entries: list[cst.DictElement], original: cst.CSTNode) -> cst.Call:
        position = 1 if session_run(call, self.sessions) else 0
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
