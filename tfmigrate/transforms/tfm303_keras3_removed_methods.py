"""TFM303: model methods Keras 3 removed: fit_generator & co., predict_classes, predict_proba."""

from __future__ import annotations

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor
from libcst.helpers import get_full_name_for_node
from libcst.metadata import PositionProvider

from tfmigrate.facts import Facts
from tfmigrate.transforms import _keras3 as k3
from tfmigrate.transforms._arglayout import append_arg, drop_args, realign

GENERATOR_METHODS = ("fit_generator", "evaluate_generator", "predict_generator")
PREDICT_METHODS = ("predict_classes", "predict_proba")
METHODS = frozenset((*GENERATOR_METHODS, *PREDICT_METHODS))
# Keras 1 arguments of the generator methods (Keras 2.0 release notes): counted samples, not batches.
KERAS1_NOTES = {
    "samples_per_epoch": "Keras 1 counted samples; pass steps_per_epoch=samples_per_epoch // batch_size",
    "nb_val_samples": "Keras 1 counted samples; pass validation_steps=nb_val_samples // batch_size",
    "val_samples": "Keras 1 counted samples; pass steps=val_samples // batch_size",
    "nb_worker": "Keras 1 name of workers, which Keras 3 takes in keras.utils.PyDataset(workers=...)",
    "pickle_safe": "Keras 1 name of use_multiprocessing, which Keras 3 takes in keras.utils.PyDataset(...)",
}


class KerasRemovedMethods(k3.ScopedRule):
    """Replace model methods that Keras 3 (and Keras >= 2.6) no longer has.

    What it does:
        ``model.fit_generator(gen, steps_per_epoch=10, epochs=2)`` -> ``model.fit(gen, steps_per_epoch=10,
        epochs=2)`` (likewise evaluate_generator/predict_generator); positional arguments become keywords
        by the Keras 2 signature, and ``workers``/``use_multiprocessing``/``max_queue_size`` are dropped and
        reported (Keras 3 takes them in ``keras.utils.PyDataset(...)``). ``model.predict_classes(x)`` becomes
        ``np.argmax(model.predict(x, verbose=0), axis=-1)`` when the model built in the same file ends in a
        layer with more than one unit, and ``(model.predict(x, verbose=0) > 0.5).astype("int32")`` when it
        ends in one unit - exactly what Keras 2 did - (a softmax of unknown width counts as several units) and
        is reported otherwise. ``predict_proba`` -> ``predict``.

    Why:
        ``'Sequential' object has no attribute 'predict_classes'`` and ``fit_generator`` are errors on
        TensorFlow 2.21. The argument mapping is generated from the real signatures (``tools/gen_keras3_map.py``).

    Example:
        model.fit_generator(batches(), steps_per_epoch=10, epochs=2, workers=4)

    Use instead:
        model.fit(batches(), steps_per_epoch=10, epochs=2)
    """

    CODE = "TFM303"
    NAME = "keras3-removed-methods"
    SUMMARY = "fit_generator/evaluate_generator/predict_generator/predict_classes/predict_proba -> Keras 3"
    SAFE = True
    PRIORITY = 40
    TRIGGERS = ("_generator(", "predict_classes", "predict_proba")
    BEFORE = (
        "from keras.models import Sequential\n"
        "from keras.layers import Dense\n"
        "model = Sequential([Dense(3, activation='softmax')])\n"
        "model.fit_generator(batches(), steps_per_epoch=10, epochs=2, workers=4)\n"
    )
    AFTER = (
        "from keras.models import Sequential\n"
        "from keras.layers import Dense\n"
        "model = Sequential([Dense(3, activation='softmax')])\n"
        "model.fit(batches(), steps_per_epoch=10, epochs=2)\n"
    )

    @classmethod
    def needs(cls, facts: Facts) -> bool:
        """A call of a method named fit_generator, evaluate_generator, predict_generator, predict_classes or
        predict_proba (on any receiver: the rule decides from the call whether it is a model)."""
        return not facts.attrs.isdisjoint(METHODS)

    def visit_Module(self, node: cst.Module) -> None:
        self.facts = k3.collect_facts(node, self.qualified_names, self._scope_of)
        self.numpy = k3.numpy_alias(node)
        self.tree = node
        self.module_lines: list[str] | None = None  # printed when a call first needs it

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = updated_node.func
        if not isinstance(func, cst.Attribute) or not isinstance(original_node.func, cst.Attribute):
            return updated_node
        method = func.attr.value
        if method in self.facts.defines and self.facts.model(original_node.func.value) is None:
            return updated_node
        if method in GENERATOR_METHODS:
            return self._generator(original_node, updated_node, method)
        if method in PREDICT_METHODS:
            return self._predict(original_node, updated_node, method)
        return updated_node

    def _generator(self, original: cst.Call, updated: cst.Call, method: str) -> cst.Call:
        spec = k3.table()["generator_methods"][method]
        new_method = spec["method"]
        args: list[cst.Arg] = []
        dropped: list[str] = []
        gone: set[int] = set()
        for index, arg in enumerate(updated.args):
            if arg.star:
                self.follow_up(
                    original,
                    f"{method}(*/**...) -> {new_method}: check the arguments by hand "
                    f"({', '.join(spec['dropped'])} are not {new_method} arguments in Keras 3)",
                )
                return updated
            name = (
                arg.keyword.value
                if arg.keyword is not None
                else spec["positional"][index]
                if index < len(spec["positional"])
                else None
            )
            if name is None:
                self.follow_up(original, f"{method}: too many positional arguments; migrate by hand")
                return updated
            if name in spec["dropped"]:
                dropped.append(name)
                gone.add(index)
                args.append(arg)
                continue
            target = spec["keep"].get(name)
            if target is None:
                self.follow_up(
                    original,
                    f"{method}({name}=...) has no {new_method} equivalent in Keras 3"
                    + (KERAS1_NOTES.get(name, "") and f": {KERAS1_NOTES[name]}")
                    + f"; rewrite the call as {new_method}(...) by hand",
                )
                return updated
            if index == 0 and arg.keyword is None:
                args.append(arg)
            else:
                args.append(arg.with_changes(keyword=cst.Name(target), equal=_EQUAL))
        args = realign(drop_args(args, gone), *self._alignment(original), len(new_method) - len(method))
        message = f"{method}(...) -> {new_method}(...)"
        if dropped:
            message += (
                f"; dropped {', '.join(dropped)} (in Keras 3 they are arguments of "
                "keras.utils.PyDataset(...), which a Python generator does not use)"
            )
        self.change(original, message)
        return updated.with_changes(func=updated.func.with_changes(attr=cst.Name(new_method)), args=args)

    def _alignment(self, call: cst.Call) -> tuple[int, int]:
        """(column of the first argument, width of the statement's indentation) of a call as read, so that
        continuation lines aligned with its parenthesis follow it when the method's name changes length."""
        if not call.args or isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace):
            return -1, 0  # a hanging indent, not aligned with the parenthesis
        try:
            where = self.get_metadata(PositionProvider, call.args[0].value).start
        except KeyError:
            where = None
        if where is None:
            return -1, 0
        if self.module_lines is None:
            self.module_lines = self.tree.code.splitlines()
        line = self.module_lines[where.line - 1] if where.line <= len(self.module_lines) else ""
        return where.column, len(line) - len(line.lstrip())

    def _predict(self, original: cst.Call, updated: cst.Call, method: str) -> cst.BaseExpression:
        receiver = cst.ensure_type(original.func, cst.Attribute).value  # leave_Call checked it
        model = self.facts.model(receiver)
        who = get_full_name_for_node(receiver) or "model"
        if model is None:
            self.follow_up(
                original,
                f"{who}.{method}() is gone in Keras 3 and {who} is not a model built in this "
                f"file: use np.argmax({who}.predict(x), axis=-1) for a multi-unit (softmax) output or "
                f"({who}.predict(x) > 0.5).astype('int32') for one sigmoid unit"
                if method == "predict_classes"
                else f"{who}.predict_proba() is gone in Keras 3: use {who}.predict(x) if {who} is a Keras model",
            )
            return updated
        args = list(updated.args)
        if (
            not any(a.keyword is not None and a.keyword.value == "verbose" for a in args)
            and not any(a.star for a in args)
            and len([a for a in args if a.keyword is None]) < 3
        ):
            verbose = cst.Arg(keyword=cst.Name("verbose"), value=cst.Integer("0"), equal=_EQUAL)
            args = append_arg(args, verbose, updated.whitespace_before_args)

        def predict_call(prefix: int) -> cst.Call:
            """``prefix``: characters written before the call (``np.argmax(``), for aligned continuations."""
            moved = realign(args, *self._alignment(original), prefix + len("predict") - len(method))
            return updated.with_changes(func=updated.func.with_changes(attr=cst.Name("predict")), args=moved)

        predict = predict_call(0)
        if method == "predict_proba":
            self.change(
                original,
                f"{who}.predict_proba(...) -> {who}.predict(..., verbose=0) (Keras 2 returned predict() quietly)",
            )
            return predict
        units = model.units
        if units is None and model.activation == "softmax":
            units = 2  # a softmax over one unit is the constant 1.0: a softmax output is a multi-class one
        if units is None:
            self.follow_up(
                original,
                f"{who}.predict_classes() is gone in Keras 3 and the output width of {who} is "
                f"not a literal here: use np.argmax({who}.predict(x), axis=-1) for several units or "
                f"({who}.predict(x) > 0.5).astype('int32') for one unit",
            )
            return updated
        numpy = self.numpy
        if numpy is None:
            AddImportsVisitor.add_needed_import(self.context, "numpy", asname="np")
            numpy = "np"
        if units > 1:
            width = f"{model.units} units" if model.units else "width not a literal"
            self.change(
                original,
                f"{who}.predict_classes(x) -> {numpy}.argmax({who}.predict(x), axis=-1) "
                f"(last layer: {width}, {model.activation})",
            )
            return cst.Call(
                func=k3.dotted(f"{numpy}.argmax"),
                args=[
                    cst.Arg(
                        predict_call(len(f"{numpy}.argmax(")),
                        comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
                    ),
                    cst.Arg(
                        keyword=cst.Name("axis"), value=cst.UnaryOperation(cst.Minus(), cst.Integer("1")), equal=_EQUAL
                    ),
                ],
            )
        self.change(
            original,
            f"{who}.predict_classes(x) -> ({who}.predict(x) > 0.5).astype('int32') "
            f"(last layer has 1 unit, {model.activation})",
        )
        compare = cst.Comparison(
            left=predict_call(1),
            comparisons=[cst.ComparisonTarget(cst.GreaterThan(), cst.Float("0.5"))],
            lpar=[cst.LeftParen()],
            rpar=[cst.RightParen()],
        )
        return cst.Call(
            func=cst.Attribute(value=compare, attr=cst.Name("astype")), args=[cst.Arg(cst.SimpleString('"int32"'))]
        )


_EQUAL = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
