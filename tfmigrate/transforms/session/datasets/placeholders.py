"""Datasets built from placeholders: TF1 builds them anew from the values fed at each initialisation."""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session.analysis import (
    Blocked,
    descendants,
)
from tfmigrate.transforms.session.datasets.pipelines import Pipelines
from tfmigrate.transforms.session.datasets.tables import DTYPE_NAMES, LITERAL_DTYPES, PLACEHOLDER, SAME_DTYPES, SLICES


class Placeholders(Pipelines):
    """Datasets built from placeholders, rebuilt eagerly from the values each initialisation feeds."""

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
        for node in self.nodes.names:
            if id(node) not in allowed:
                if node.value in used:
                    raise self.deny(f"placeholder `{node.value}` a dataset is built from is read elsewhere", node)
                if node.value in fed:
                    raise self.deny(f"`{node.value}`, a dataset built from placeholders, read elsewhere", node)
        for iterator in self.iterators.values():
            if iterator.one_shot and iterator.dataset in fed:
                raise Blocked(f"a one-shot iterator over `{iterator.dataset}`, built from placeholders", iterator.line)

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
