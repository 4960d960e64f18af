"""Initializers of tf.data iterators, and the runs that initialise them (``iterator = iter(dataset)`` eagerly)."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import (
    descendants,
)
from tfmigrate.transforms.session.datasets.model import unnamed
from tfmigrate.transforms.session.datasets.placeholders import Placeholders

# What a make_initializer() given anything but one dataset tfmigrate models is refused as.
NOT_A_DATASET = "make_initializer() of something other than a dataset tfmigrate models"


class Initializers(Placeholders):
    """Iterator initializers: bound to names, made in a run, or run alone (``sess.run(it.initializer)``)."""

    def make_initializer(self, value: cst.BaseExpression) -> bool:
        return (
            isinstance(value, cst.Call)
            and isinstance(value.func, cst.Attribute)
            and value.func.attr.value == "make_initializer"
            and isinstance(value.func.value, cst.Name)
            and value.func.value.value in self.iterators
        )

    def given_dataset(self, call: cst.Call) -> cst.BaseExpression:
        """The dataset ``it.make_initializer(dataset)`` initialises ``it`` with (its op's ``name`` aside)."""
        args = unnamed(call)
        if len(args) != 1 or args[0].keyword is not None:
            raise self.deny(NOT_A_DATASET, call)
        return args[0].value

    def made_in_run(self, call: cst.Call) -> tuple[str, str]:
        """``sess.run(it.make_initializer(ds.take(4)))``: the initializer made and run at once, ``it = iter(...)``
        of the dataset as written there."""
        if id(call) in self.in_runs:
            return self.in_runs[id(call)]
        owner, source = call.func.value.value, self.given_dataset(call)  # type: ignore[attr-defined]
        if self.iterators[owner].dataset:
            raise self.deny(NOT_A_DATASET, call)
        if isinstance(source, cst.Name) and source.value in self.datasets:
            found = (owner, source.value)
        else:
            name = self.modelled(source)
            if not name:
                raise self.deny(NOT_A_DATASET, call)
            if self.datasets[name].expression is None:
                self.datasets[name].expression = source
            found = (owner, name)
        self.in_runs[id(call)] = found
        return found

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
            owner, source = call.func.value.value, self.given_dataset(call)  # type: ignore[attr-defined,arg-type]
            if self.iterators[owner].dataset:
                raise self.deny("make_initializer() of an iterator that has its own dataset", call)
            if isinstance(source, cst.Name) and source.value in self.datasets:
                self.inits[name] = (owner, source.value)
            else:
                if not self.modelled(source, name):
                    raise self.deny(NOT_A_DATASET, call)
                self.inits[name] = (owner, name)
                self.bound_inits.add(name)
            names.append(name)
        self.definitions[statement] = ("init", ",".join(names))

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

    def initializer_reads(self) -> None:
        """An initializer's name read other than as what a run initialises (``sess.run(init)``) or a loop's tuple
        (``for init in (first, rest)``): an op TF1 reads, a dataset or nothing eagerly."""
        allowed = {id(n) for s in self.definitions for n in descendants(s)}
        allowed.update(id(n) for loop in self.looped for n in descendants(loop.iter))
        allowed.update(id(loop.target) for loop in self.looped)
        allowed.update(id(n) for line in self.initialisations for n in descendants(line))
        for binder, target in self.nodes.binders:
            if isinstance(binder, (cst.AssignTarget, cst.For, cst.CompFor)):
                allowed.update(id(n) for n in descendants(target))
            elif isinstance(binder, (cst.FunctionDef, cst.ClassDef)):
                allowed.update(id(n) for n in descendants(binder))
        for node in self.nodes.names:
            if node.value in self.inits and id(node) not in allowed:
                raise self.deny(f"the iterator initializer `{node.value}` read other than by a run of it alone", node)
