"""The libcst rewrite of a proven Session program into eager TF2.

Tensors become Python functions of the placeholders they read (each placeholder cast to its dtype, as a feed
was); a training op becomes a train step computing its loss under ``tf.GradientTape`` and applying the
gradients with the Keras optimizer of the same update rule (a ``tf.function`` when it runs in a loop); assign
ops become functions that assign; placeholders, Sessions and initializer runs go; ``sess.run(...)`` sites
become calls, read with ``.numpy()``.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms.session import (
    batch_norms,
    bound_values,
    builders,
    categorical,
    comprehension_scopes,
    control_dependencies,
    defaults,
    factories,
    fed_tensors,
    gradient_steps,
    helper_dimensions,
    helper_tensors,
    joint_steps,
    kept_comments,
    layer_checkpoints,
    layers,
    loss_order,
    moving_averages,
    py_funcs,
    read_once,
    rnn,
    shared_draws,
    state_tuples,
    tf1_optimizers,
    trainable_lists,
    tuples,
    variable_scopes,
)
from tfmigrate.transforms.session import gradients as variable_lists
from tfmigrate.transforms.session.analysis import UNCAST, Node, descendants, loaded_names
from tfmigrate.transforms.session.fresh_names import fresh
from tfmigrate.transforms.session.proof import Plan, substitute
from tfmigrate.transforms.session.savers import named_call
from tfmigrate.transforms.session.seeds import fresh_stream, with_argument

DEFINITIONS = (cst.FunctionDef, cst.ClassDef)


class Rewrite(cst.CSTTransformer):
    """Applies a Plan; ``changes`` lists (line, message) for the report."""

    def __init__(self, plan: Plan, tf: str) -> None:
        self.plan = plan
        self.program = plan.program
        self.tf = tf
        self.changes: list[tuple[int, str]] = list(plan.notes)
        self.markers: set[cst.CSTNode] = set()
        self.carried: dict[cst.CSTNode, list[cst.EmptyLine]] = {}  # a removed Session statement's comments
        self.fillers: set[cst.CSTNode] = set()
        self.defined: set[cst.CSTNode] = set()
        self.by_statement = {node.statement: node for nodes in self.program.versions.values() for node in nodes}
        self.taken: set[str] = set()
        self.built: list[str] = []  # statements building the Keras layers of the function being written
        self.optimizers: dict[str, str] = {}
        self.templates = bound_values.Templates()  # plain values' functions, to bind shared values once
        self.classes: dict[str, str] = {}  # TF1 update -> the class stepping with its kernel (tf1_optimizers.py)
        self.locals = (
            fresh(self.program, self.taken, "tape", "tape_"),
            fresh(self.program, self.taken, "loss_value", "loss_value_"),
            fresh(self.program, self.taken, "variables", "train_variables"),
            fresh(self.program, self.taken, "gradients", "train_gradients"),
        )
        for node in self.program.nodes.values():
            if node.kind == "train" and node.inline is not None:
                self.optimizers[node.name] = fresh(
                    self.program, self.taken, "optimizer", f"{node.keras.lower()}_optimizer", f"{node.name}_optimizer"
                )

    # --------------------------------------------------------------------------------------- statements
    def leave_SimpleStatementLine(self, original_node, updated_node):
        rewritten = self._statement_line(original_node, updated_node)
        after = self.plan.after.get(original_node)
        if not after:
            return rewritten
        # What TF1 printed while this statement built the graph (build_prints.py), after what the statement became.
        if isinstance(rewritten, cst.FlattenSentinel):
            statements = list(rewritten.nodes)
        else:
            statements = [rewritten]
        return cst.FlattenSentinel([*statements, *(_statement(code) for code in after)])

    def _statement_line(self, original_node, updated_node):
        line = self.program.line_of(original_node)
        if original_node in self.plan.remove:
            node = self.by_statement.get(original_node)
            what = {"session": "Session", "init": "initializer"}.get(node.kind if node else "", "")
            if original_node in self.plan.graphs:
                what = "tf.Graph"
            if self.plan.savers is not None and original_node in self.plan.savers.repeats:
                what = "repeated tf.train.Saver"
            self.changes.append((line, f"{what or 'Session'} statement removed: the program runs eagerly"))
            restart = self.plan.restarts.get(original_node)
            if restart is not None:  # a second Session of a seeded program (second_sessions.py)
                self.changes.append((line, f"a new Session restarts the random streams -> {restart}"))
                return _statement(restart).with_changes(
                    leading_lines=[*updated_node.leading_lines, *kept_comments.trailing(updated_node)]
                )
            return self._marker(updated_node, kept=what in ("", "Session"))  # not an initializer op, a graph
        build = self.plan.statements.get(original_node)
        if build is not None:
            built = build(updated_node)
            return self._flatten(updated_node, built) if built else self._marker(updated_node)
        codes = self.plan.reinitialise.get(original_node)
        if codes is not None:
            self.changes.append((line, "initializer run again -> each variable assigned its initial value"))
            statements = [_statement(code) for code in codes]
            statements[0] = statements[0].with_changes(leading_lines=updated_node.leading_lines)
            return cst.FlattenSentinel(statements)
        node = self.by_statement.get(original_node)
        if node is None:
            return updated_node
        if fed_tensors.is_fed_value(node):
            self.changes.append((line, f"fed tensor `{node.name}` -> a parameter of the functions that read it"))
            return updated_node
        if node.kind == "placeholder":
            what = "get_next() element" if node.dtype == UNCAST else "placeholder"
            self.changes.append((line, f"{what} `{node.name}` -> a parameter of the functions that read it"))
            return self._marker(updated_node)
        if node.kind in ("variable", "const", moving_averages.AVERAGE):
            return updated_node
        statements = [s for each in tuples.nodes_of(self.program, node) for s in self._definition(each)]
        if not statements and node.kind == "train":  # run only with another training op (joint_steps.py)
            self.changes.append((line, f"training op `{node.name}` -> part of the train step that runs it"))
            return self._marker(updated_node)
        if layers.removed_list(node):
            self.changes.append((line, f"variable list `{node.name}` -> its tf.layers variables, in the train steps"))
            return self._marker(updated_node)
        if not statements:
            return updated_node
        return self._flatten(updated_node, statements)

    def _flatten(self, updated_node, statements: list[cst.BaseStatement]):
        for index, statement in enumerate(statements):
            leading = list(updated_node.leading_lines) if index == 0 else []
            if isinstance(statement, DEFINITIONS) and (not leading or leading[0].comment is not None):
                leading.insert(0, cst.EmptyLine(indent=False))
            statements[index] = statement.with_changes(leading_lines=leading)
            if isinstance(statement, DEFINITIONS):
                self.defined.add(statements[index])
        return cst.FlattenSentinel(statements)

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        key = self.plan.keys.get(original_node)
        code = self.plan.replace.get(original_node)  # ``print(t)`` of a graph value: TF1's text (graph_repr.py)
        if code is not None:
            return cst.parse_expression(code)
        return cst.SimpleString(key) if key is not None else updated_node

    def leave_BinaryOperation(self, original_node, updated_node) -> cst.BaseExpression:
        code = self.plan.replace.get(original_node)  # ``print(a + b)``: TF1's text (graph_repr.py)
        return cst.parse_expression(code) if code is not None else updated_node

    def leave_UnaryOperation(self, original_node, updated_node) -> cst.BaseExpression:
        code = self.plan.replace.get(original_node)  # ``print(-t)``: TF1's text (graph_repr.py)
        return cst.parse_expression(code) if code is not None else updated_node

    def leave_Subscript(self, original_node: cst.Subscript, updated_node: cst.Subscript) -> cst.BaseExpression:
        code = self.plan.replace.get(original_node)  # ``x.get_shape()[1]`` in a variable's shape: the dimension
        if code is not None:  # (variable_dimensions.py)
            self.changes.append((self.program.line_of(original_node), f"static dimension -> {code}"))
            return cst.parse_expression(code)
        return updated_node

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        code = self.plan.replace.get(original_node)
        if code is not None:  # ``x.shape`` of a placeholder or tensor (shapes.py)
            self.changes.append((self.program.line_of(original_node), f"static shape -> {code}"))
            return cst.parse_expression(code)
        name = self.plan.names.get(original_node)
        if name is None:
            return updated_node
        self.changes.append((self.program.line_of(original_node), f"`{name}` is the name TF1 gave this variable"))
        return cst.SimpleString(repr(name))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        code = self.plan.replace.get(original_node)
        if code is not None:
            return cst.parse_expression(code)
        name = self.plan.variable_names.get(original_node)
        if name is not None and self.program.tf1_path(original_node.func) == "get_variable":
            updated_node = variable_scopes.renamed(updated_node, name)
        elif name is not None:  # the variable's TF1 name, on the call as rewritten (a seeded draw inside kept)
            updated_node = named_call(updated_node, name)
        seed = self.plan.seeds.get(original_node)
        if seed is not None:
            self.changes.append((self.program.line_of(original_node), f"random op seeded as TF1 seeded it: {seed}"))
            updated_node = with_argument(updated_node, seed)
        if original_node in self.plan.fresh:
            self.changes.append(
                (
                    self.program.line_of(original_node),
                    "random op drawn in a tf.function of its own: it starts its op seed's stream as TF1 did",
                )
            )
            return fresh_stream(updated_node, self.tf)
        if seed is not None:
            return updated_node
        if original_node in self.program.seeds:
            self.changes.append((self.program.line_of(original_node), "tf.set_random_seed -> tf.random.set_seed"))
            return updated_node.with_changes(func=cst.parse_expression(f"{self.tf}.random.set_seed"))
        return updated_node

    def _definition(self, node: Node) -> list[cst.BaseStatement]:
        tf = self.tf
        line = node.line
        if node.kind == variable_lists.KIND:
            code, message = variable_lists.definition(node)
            self.changes.append((line, message))
            return [_statement(code)]
        if node.kind == "optimizer":
            statement = _statement(f"{node.name} = {self._optimizer(node)}")
            keras = f"tf.keras.optimizers.{node.keras}, TF1's update in TF1's float order"
            kind = tf1_optimizers.kind(node.keras, dict(node.keras_args))
            if kind is not None:
                keras = f"{self.classes[kind]}, a tf.keras optimizer stepping with TF1's own kernel"
            self.changes.append((line, f"tf.train optimizer `{node.name}` -> {keras}"))
            return [statement]
        if node.kind == "saver" and self.plan.savers is not None:
            self.changes.append((line, self.plan.savers.message(node)))
            return [_statement(code) for code in self.plan.savers.statements(node, self.optimizers, tf)]
        if node.kind == "tensor":
            self.changes.append((line, f"tensor `{node.name}` -> a function of its inputs, evaluated eagerly"))
            layer = builders.site_of(self.program, node)
            if layer is not None:
                statements = self._layer_site(node, *layer)
            elif node.stepped:  # the loss its train step returns (control_dependencies.py)
                trained = self.program.nodes[node.stepped]
                loss = f"{trained.name}({', '.join(node.params)})" + ("[0]" if self._forwards(trained) else "")
                statements = [self._function(node, f"return {self.tf}.identity({loss})")]
            else:
                local = {
                    n: fresh(self.program, self.taken, f"{n}_drawn")
                    for n in read_once.names(self.program, node, node.value)
                }
                drawn = [f"{name} = {self._expression(node, cst.Name(once))}\n    " for once, name in local.items()]
                statements = [
                    self._function(node, "".join(drawn) + f"return {self._expression(node, node.value, local)}")
                ]
                if not local and not self.built:
                    self._template(node, statements[0])
            built, self.built = [_statement(code) for code in self.built], []
            return [*built, *statements]
        if node.kind == "assign":
            value = self._expression(node, node.value)
            self.changes.append((line, f"assign op `{node.name}` -> a function that assigns eagerly"))
            statements = [self._function(node, f"return {node.loss}.{node.method}({value})")]
            for step in self.plan.gradient_steps.values():
                if node is max(step.assigns, key=lambda assign: assign.index):  # once every assign is defined
                    statements.append(cst.parse_statement(gradient_steps.definition(step, self)))
                    names = ", ".join(f"`{a.name}`" for a in step.assigns)
                    message = f"assign ops {names}, run together -> one step taking the gradients once, then assigning"
                    self.changes.append((line, message))
            return statements
        if node.kind == moving_averages.UPDATE:
            self.changes.append((line, f"moving-average update `{node.name}` -> its shadows made, a function updating"))
            returns = ""
            if node.name in self.plan.step_losses:  # fetched with the loss of its train step
                trained = self.program.nodes[node.steps[0]]
                returns = fresh(self.program, self.taken, "step_loss", f"{trained.name}_loss")
            code = moving_averages.definition(node, returns, bool(returns) and bool(self._forwards(trained)))
            return list(cst.parse_module(code).body)
        if node.kind == "gradients":
            tape, loss, _, gradients = self.locals
            target = node.resolved[node.loss]
            args = ", ".join(target.params)
            body = [
                f"with {tf}.GradientTape() as {tape}:",
                f"    {loss} = {target.func}({args})",
                f"{gradients} = {tape}.gradient({loss}, {node.var_list})",
            ]
            if target.kind == "gradients":  # tf.clip_by_global_norm of an earlier tf.gradients list
                body = [f"{gradients} = {target.func}({args})"]
            body += [
                *([f"{gradients}, _ = {tf}.clip_by_global_norm({gradients}, {node.clip})"] if node.clip else []),
                f"return {gradients}" if node.bare else f"return list(zip({gradients}, {node.var_list}))",
            ]
            text = f"def {node.func}({', '.join(node.params)}):\n" + "".join(f"    {b}\n" for b in body)
            what = "tf.gradients" if node.bare else "compute_gradients"
            self.changes.append((line, f"{what} `{node.name}` -> a function computing them with tf.GradientTape"))
            return [cst.parse_statement(text)]
        if node.kind == "train" and node.applies:
            pairs = node.resolved[node.loss]
            applied = f"{pairs.func}({', '.join(pairs.params)})"
            if pairs.bare:
                applied = f"zip({applied}, {pairs.var_list})"
            optimizer = self.optimizers.get(node.name, node.optimizer)
            body = [f"{optimizer}.apply_gradients({applied})"]
            if node.method:
                body.append(f"{node.method}.assign_add(1)")
            returned = self.plan.applied_losses.get(node.name)
            forwards = self._forwards(node)
            if returned is not None:  # fetched beside the step: computed before it, as TF1 computed it
                loss = self.locals[1]
                body = [
                    f"{loss} = {returned.func}({', '.join(returned.params)})",
                    *(f"{name} = {value}" for name, value in forwards),
                    *body,
                    f"return {', '.join([loss, *(name for name, _ in forwards)])}",
                ]
            decorator = f"@{tf}.function\n" if node.name in self.plan.looped else ""
            text = decorator + f"def {node.name}({', '.join(pairs.params)}):\n" + "".join(f"    {b}\n" for b in body)
            self.changes.append((line, f"apply_gradients `{node.name}` -> a train step applying them"))
            built = [_statement(f"{optimizer} = {self._optimizer(node)}")] if node.inline is not None else []
            return [*built, cst.parse_statement(text)]
        if node.kind == "train":
            tape, loss, variables, gradients = self.locals
            target = node.resolved.get(node.loss) or self.program.nodes[node.loss]
            optimizer = self.optimizers.get(node.name, node.optimizer)
            statements = []
            if node.inline is not None:
                statements.append(_statement(f"{optimizer} = {self._optimizer(node)}"))
            args = ", ".join(target.params)
            body = [
                *batch_norms.step_updates(self.program, node),  # TF1 ran the UPDATE_OPS before applying
                f"with {tf}.GradientTape() as {tape}:",
                f"    {loss} = {node.sign}{target.func}({args})",
                f"{variables} = {node.var_list or f'{tape}.watched_variables()'}",
                f"{gradients} = {tape}.gradient({loss}, {variables})",
            ]
            forwards = self._forwards(node)
            body += [f"{name} = {value}" for name, value in forwards]  # before the update, as TF1 computed them
            body += loss_order.applied(tf, [loss], [f"{optimizer}.apply_gradients(zip({gradients}, {variables}))"])
            if node.method:
                body.append(f"{node.method}.assign_add(1)")
            # the tensor fetched beside the op, not its negation, and the values fetched with it (forward_fetches.py)
            body.append(f"return {', '.join([f'{node.sign}{loss}', *(name for name, _ in forwards)])}")
            decorator = f"@{tf}.function\n" if node.name in self.plan.looped else ""
            params = ", ".join(batch_norms.step_params(self.program, node, target.params))
            text = decorator + f"def {node.name}({params}):\n" + "".join(f"    {b}\n" for b in body)
            joined = [j for j in self.plan.joint.values() if node in j.trains]
            if node.name in self.plan.called or not joined:
                statements.append(cst.parse_statement(text))
                self.changes.append((line, f"training op `{node.name}` -> a train step with tf.GradientTape"))
            for joint in joined:
                if node is max(joint.trains, key=lambda train: train.index):  # once both are defined
                    looped = joint.name in self.plan.looped
                    statements.append(cst.parse_statement(joint_steps.definition(joint, self, looped)))
                    message = f"training ops `{joint.trains[0].name}` and `{joint.trains[1].name}`, run together"
                    self.changes.append((line, f"{message} -> one train step taking both gradients before updating"))
            return statements
        return []

    def _forwards(self, train: Node) -> list[tuple[str, str]]:
        """The values a train step returns after its loss, each a fresh local and its computation."""
        return [
            (fresh(self.program, self.taken, f"{value.name}_value"), f"{value.func}({', '.join(value.params)})")
            for value in self.plan.forwards.get(train.name, [])
        ]

    def _layer_site(self, node: Node, helper, site) -> list[cst.BaseStatement]:
        """The variables the helper built here, created once; the tensor's function calls the helper with them."""
        substituted = cst.parse_expression(self._expression(node, node.value))
        assert isinstance(substituted, cst.Call)
        self.changes.append(
            (node.line, f"`{helper.name}` call -> its variables built once here, its computation in `{node.func}`")
        )
        dimensions = self._dimensions(node, helper, substituted)
        return [
            *(_statement(f"{name} = {code}") for name, code in dimensions),
            _statement(builders.creation_statement(self.program, helper, site, tuple(n for n, _ in dimensions))),
            self._function(node, f"return {builders.compute_call(self.program, helper, site, substituted)}"),
        ]

    def _dimensions(self, node: Node, helper, substituted: cst.Call) -> list[tuple[str, str]]:
        """The static dimensions the helper's variables read, traced at this call and bound to fresh names
        (helper_dimensions.py)."""
        split = helper.split
        args = builders.compute_args(self.program, helper, substituted, measured=True)
        codes = helper_dimensions.arguments(self.program, self.tf, split.statics, split.dimensions, node, args)
        names = [fresh(self.program, self.taken, f"{node.name}_{s.local}") for s in split.statics]
        return list(zip(names, codes, strict=True))

    def leave_FunctionDef(self, original_node, updated_node):
        """A function run with the Session it was passed loses that parameter; a helper that builds variables and
        computes becomes its creation function and its computation."""
        if original_node in self.plan.params:
            return self._without_session(original_node, updated_node)
        passed = helper_tensors.definition(self.program, original_node, updated_node)
        if passed is not None:
            self.changes.append(
                (self.program.line_of(original_node), helper_tensors.message(self.program, original_node.name.value))
            )
            return passed
        return self._split_helper(original_node, updated_node)

    def _split_helper(self, original_node, updated_node):
        helper = self.program.helpers.get(original_node.name.value)
        if helper is None or helper.definition is not original_node or helper.kind != "layer":
            return factories.definition(self.program, self.plan.seeds, original_node, updated_node)
        assert helper.split is not None
        self.changes.append(
            (
                helper.line,
                f"function `{helper.name}` -> `{helper.split.function}` (builds its variables, once per call site) "
                f"and `{helper.name}` (computes with them)",
            )
        )
        statements = builders.render(self.program, helper)
        self.defined.update(s for s in statements)
        return cst.FlattenSentinel(statements)

    def _optimizer(self, node: Node) -> str:
        args = ", ".join(f"{k}={v}" for k, v in node.keras_args)
        kind = tf1_optimizers.kind(node.keras, dict(node.keras_args))
        if kind is None:
            return f"{self.tf}.keras.optimizers.{node.keras}({args})"
        if kind not in self.classes:  # defined once per file by tf1_optimizers.define
            self.classes[kind] = tf1_optimizers.class_name(self.program, self.taken, kind)
        return f"{self.classes[kind]}({args})"

    def _expression(self, node: Node, value: cst.BaseExpression, local: dict[str, str] | None = None) -> str:
        """``value`` with each tensor it reads called; a name in ``local`` read as the local value it names."""
        replacements: dict[cst.Name, str] = {}
        scoped = comprehension_scopes.own_reads(value)  # ``[f(h) for h in hs]`` binds its own ``h``
        for name in loaded_names(value):
            read = node.resolved.get(name.value) if id(name) not in scoped else None
            if local is not None and read is not None and read.name in local:
                replacements[name] = local[read.name]
            elif (
                read is not None
                and read.kind in ("tensor", "gradients")
                and not shared_draws.is_shared(self.program, read)
            ):
                replacements[name] = f"{read.func}({', '.join(read.params)})"
        inside = set(descendants(value))
        seeds = {call: seed for call, seed in self.plan.seeds.items() if call in inside}
        for call, seed in seeds.items():
            self.changes.append((self.program.line_of(call), f"random op seeded as TF1 seeded it: {seed}"))
        argument = helper_tensors.node_argument(node)

        def calls(original: cst.Call, updated: cst.Call) -> cst.BaseExpression | None:
            return (
                self._layer(original, updated)
                or categorical.respelled(self.program, self.tf, original, updated)
                or py_funcs.respelled(self.program, self.tf, original, updated)
                or helper_tensors.with_arguments(self.program, original, updated, argument)
                or state_tuples.respelled(self.program, original, updated)
                or trainable_lists.respelled(self.program, original)
            )

        return self.program.module.code_for_node(substitute(value, replacements, seeds, calls))

    def _layer(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression | None:
        """A tf.layers call: its Keras layer is built once, before the function that calls it."""
        if original in rnn.runs(self.program):
            expression = rnn.replacement(self.program, original, updated)
            self.changes.append((self.program.line_of(original), f"RNN run -> {expression}"))
            return cst.parse_expression(expression)
        if original not in self.program.layers:
            return None
        statement, expression = layers.replacement(self.program, original, updated, self.tf, self.taken)
        builder = layer_checkpoints.builder(self.program, self.program.layers[original], self.tf)
        if builder:
            self.built.append(builder)
        if statement:
            self.built.append(statement)
            self.changes.append((self.program.line_of(original), f"tf.layers call -> {statement.split(' = ')[1]}"))
        else:
            self.changes.append((self.program.line_of(original), f"tf.layers.dropout -> {expression}"))
        return cst.parse_expression(expression)

    def _function(self, node: Node, returned: str) -> cst.BaseStatement:
        casts = [f"    {cast}\n" for cast in self._casts(node)]
        deps = [f"    {code}\n" for code in node.deps]  # tf.control_dependencies, in their order
        text = f"def {node.func}({', '.join(node.params)}):\n" + "".join(casts) + "".join(deps) + f"    {returned}\n"
        return cst.parse_statement(text)

    def _casts(self, node: Node) -> list[str]:
        placeholders = {n.name: n for n in node.upstream.values() if n.kind == "placeholder"}
        return [
            f"{name} = {self.tf}.cast({name}, {placeholders[name].dtype})"
            for name in node.params
            if name in node.reads
            and name in placeholders
            and placeholders[name].dtype != UNCAST
            and not defaults.flag(self.program, cst.Name(name))
        ]

    def _template(self, node: Node, function: cst.BaseStatement) -> None:
        """A plain value's expression with its reads as tokens, for a function that binds it (bound_values.py); the
        second spelling's report lines and built layers are the first's again, so they are dropped."""
        if not isinstance(function, cst.FunctionDef) or not bound_values.plain(self.program, node):
            return
        changes = len(self.changes)
        tokens = self.templates.token_map(node, lambda read: shared_draws.is_shared(self.program, read))
        expression = self._expression(node, node.value, tokens)
        del self.changes[changes:]
        self.built = []
        body = cst.Module(body=[]).code_for_node(function.body)
        self.templates.by_name[node.func] = bound_values.Template(node, self._casts(node), expression, body)

    def _without_session(self, original_node, updated_node):
        param = self.plan.params[original_node]
        self.changes.append((self.program.line_of(original_node), f"Session parameter `{param}` removed"))
        params = [p for p in updated_node.params.params if p.name.value != param]
        if params:
            params[-1] = params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(params=updated_node.params.with_changes(params=params))

    # --------------------------------------------------------------------------------------- blocks
    def leave_With(self, original_node, updated_node):
        if original_node not in self.plan.unwrap:
            return updated_node
        block = "`with ....as_default()`" if original_node in self.plan.graphs else "`with tf.Session()`"
        if control_dependencies.enter(self.program, original_node) is not None:
            block = "`with tf.control_dependencies(...)` (its dependencies run first in each function it built)"
        self.changes.append((self.program.line_of(original_node), f"{block} block unwrapped"))
        statements = [s for s in updated_node.body.body if s not in self.fillers]
        restart = self.plan.restarts.get(original_node)
        if restart is not None:  # a second Session of a seeded program (second_sessions.py)
            self.changes.append((self.program.line_of(original_node), f"its random streams restart -> {restart}"))
            statements.insert(0, _statement(restart))
        header = kept_comments.trailing(updated_node)  # ``with tf.Session() as sess:  # train``
        if not statements:
            leading = [*updated_node.leading_lines, *header]
            return self._marker(cst.SimpleStatementLine(body=[cst.Pass()], leading_lines=leading), kept=bool(header))
        first = statements[0]
        statements[0] = first.with_changes(leading_lines=[*updated_node.leading_lines, *header, *first.leading_lines])
        if first in self.defined:  # a function the block defined: a blank line follows it
            self.defined.add(statements[0])
        return cst.FlattenSentinel(statements)

    def leave_If(self, original_node, updated_node):
        """An ``else:`` left with nothing (it only initialised the variables) goes; so does an ``if`` that only chose
        an initializer by TensorFlow's version (version_checks.py)."""
        if original_node in self.plan.remove:
            return self._marker(cst.SimpleStatementLine(body=[cst.Pass()], leading_lines=updated_node.leading_lines))
        orelse = updated_node.orelse
        if isinstance(orelse, cst.Else) and all(s in self.fillers for s in orelse.body.body):
            return updated_node.with_changes(orelse=None)
        return updated_node

    def _marker(self, statement: cst.SimpleStatementLine, kept: bool = False) -> cst.SimpleStatementLine:
        """A stand-in for a removed statement, dropped when its block settles; ``kept``: its comments move on."""
        marker = cst.SimpleStatementLine(body=[cst.Pass()], leading_lines=statement.leading_lines)
        self.markers.add(marker)
        if kept:
            self.carried[marker] = kept_comments.comment_lines(statement)
        return marker

    def _settle(self, body) -> list[cst.BaseStatement]:
        """Drop the removed statements with the comments that described them, but a removed Session statement's
        (kept_comments.py); keep a blank line after a generated function."""
        settled: list[cst.BaseStatement] = []
        blank = False
        comments: list[cst.EmptyLine] = []
        for statement in body:
            if statement in self.markers:
                blank = blank or any(line.comment is None for line in statement.leading_lines)
                comments.extend(self.carried.get(statement, ()))
                continue
            carried, comments = kept_comments.carry(statement, comments), []
            if statement in self.defined:
                self.defined.add(carried)
            statement = carried
            leading = list(statement.leading_lines)
            after_def = bool(settled) and settled[-1] in self.defined
            if (blank or after_def) and (not leading or leading[0].comment is not None):
                leading.insert(0, cst.EmptyLine(indent=False))
                statement = statement.with_changes(leading_lines=leading)
            blank = False
            settled.append(statement)
        return settled

    def leave_IndentedBlock(self, original_node, updated_node):
        body = self._settle(updated_node.body)
        if body:
            return updated_node.with_changes(body=body)
        filler = cst.SimpleStatementLine(body=[cst.Pass()])
        self.fillers.add(filler)
        return updated_node.with_changes(body=[filler])

    def leave_Module(self, original_node, updated_node):
        body = self._settle(updated_node.body)
        module, bound, dropped = bound_values.bind(updated_node.with_changes(body=body), self.program, self.templates)
        if dropped:
            names = {f"`{name}` ->" for name in dropped}
            self.changes = [c for c in self.changes if not any(name in c[1] for name in names)]
        self.changes += bound
        return self._unread(module)

    def _unread(self, module: cst.Module) -> cst.Module:
        """The module without the functions only a gradient step read (gradient_steps.py) that nothing calls."""
        removable = {self.program.nodes[n].func for s in self.plan.gradient_steps.values() for n in s.removable}
        candidates = {d.name.value: d for d in descendants(module) if isinstance(d, cst.FunctionDef)}
        candidates = {name: d for name, d in candidates.items() if name in removable}
        if not candidates:
            return module
        inside = {id(n) for d in candidates.values() for n in descendants(d)}
        live = {n.value for n in descendants(module) if isinstance(n, cst.Name) and id(n) not in inside}
        waiting = [name for name in candidates if name in live]
        while waiting:  # a function called is live, and so is what it calls
            name = waiting.pop()
            for read in descendants(candidates[name]):
                if isinstance(read, cst.Name) and read.value in candidates and read.value not in live:
                    live.add(read.value)
                    waiting.append(read.value)
        unread = {d for name, d in candidates.items() if name not in live}
        if not unread:
            return module
        names = {f"`{d.name.value}` ->" for d in unread}
        self.changes = [c for c in self.changes if not any(name in c[1] for name in names)]
        return module.visit(_Without(unread))


def _statement(code: str) -> cst.BaseStatement:
    return cst.parse_statement(code + "\n")


class _Without(cst.CSTTransformer):
    def __init__(self, definitions: set[cst.FunctionDef]) -> None:
        self.definitions = definitions

    def leave_FunctionDef(self, original_node, updated_node):
        return cst.RemovalSentinel.REMOVE if original_node in self.definitions else updated_node
