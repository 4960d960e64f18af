"""The datasets a module builds: from Python values, with the methods TF1 and eager TensorFlow build alike."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._checkpoint import eager_safe
from tfmigrate.transforms.session.analysis import (
    MORE_OPS,
    descendants,
    is_random,
    loaded_names,
)
from tfmigrate.transforms.session.datasets.model import Dataset, substituted
from tfmigrate.transforms.session.datasets.state import State
from tfmigrate.transforms.session.datasets.tables import (
    BUILTINS,
    CONSTRUCTORS,
    FLAT_MAPS,
    METHODS,
    ONE_SHOT,
    PARSERS,
    ZIP,
)


class Pipelines(State):
    """Datasets read where they are built: named, built in place, or made of others (zip, map, filter)."""

    def modelled(self, source: cst.BaseExpression, name: str = "") -> str:
        """The dataset ``source`` builds, modelled under ``name`` (a fresh one when not given, taken from then on) and
        opaque to the proof; "" when ``source`` is not a dataset tfmigrate models."""
        self.reading = set()
        if not self.dataset(source):
            return ""
        if not name:
            name = self.fresh("dataset")
            self.taken.add(name)
        self.datasets[name] = self.made(name, source)
        self.opaque.update(id(n) for n in descendants(source))
        return name

    def in_place(self, source: cst.BaseExpression, statement: cst.SimpleStatementLine) -> cst.BaseExpression:
        """``it = tf.data.Dataset.range(n).make_initializable_iterator()``: the dataset built in place, modelled under
        a fresh name (bound where the iterator was, unless built from placeholders, then built at each
        initialisation)."""
        name = self.modelled(source)
        if not name:
            return source
        if not self.datasets[name].fed:
            self.built[id(source)] = (name, source)
        self.placed[statement] = name
        return cst.Name(name)

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

    def made(self, name: str, value: cst.BaseExpression) -> Dataset:
        """The dataset ``value`` builds; a fed one keeps the expression that builds it from its placeholders."""
        fed = set(self.reading)
        read = {n.value for n in loaded_names(value) if n.value in self.datasets}
        for source in read:
            fed |= self.datasets[source].fed
        if not fed:
            return Dataset(name, self.seeded(value))
        earlier = {d: self.datasets[d].expression for d in read if self.datasets[d].expression is not None}
        return Dataset(name, self.seeded(value), frozenset(fed), substituted(value, earlier))  # type: ignore[arg-type]

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
