"""TF1 optimizer state in a Saver checkpoint, read into the Keras optimizer of the eager rewrite.

A TF1 Saver stores each optimizer slot by graph name (``W/Adam``, ``W/Adam_1``, ``<scope>/beta2_power``); the
optimizer that replaces the TF1 one (a class of tf1_optimizers.py stepping with TF1's own kernel) keeps the same
quantities, in the same form, under Keras' names (``..._momentum``, ``..._velocity``, ``iteration``): TF1 Momentum's
accumulation, RMSProp's mean square (its momentum slot always, its mean gradient when centered), Adagrad's
accumulator, Adam's moments and its float32 ``beta1_power``/``beta2_power``, with Adam's step count recovered from
``beta2 ** (t + 1)``. So the eager program restores through a generated function: its own checkpoints by object, a
TF1 checkpoint by name with each slot moved into the optimizer. Checked on TF 2.21: a migrated program resumed from
its TF1 original's checkpoint prints what the TF1 program printed when it resumed (tests/test_session_programs.py),
and each moved slot gives TF1's next steps (tests/test_optimizer_slots.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from tfmigrate.transforms._checkpoint import argument, literal_string
from tfmigrate.transforms.session import containers, gradient_accumulation, rnn
from tfmigrate.transforms.session.analysis import OPTIMIZER_ARGS, Blocked, Node, Program, descendants

# TF1 optimizer -> the name its slots are made under (``<variable>/<name>``, ``<variable>/<name>_1``...).
TF1_NAMES = {
    "train.AdamOptimizer": "Adam",
    "train.RMSPropOptimizer": "RMSProp",
    "train.MomentumOptimizer": "Momentum",
    "train.AdagradOptimizer": "Adagrad",
}
# Names the generated function binds: none may be a name it reads from the module.
LOCALS = frozenset(
    {"path", "trained", "saved", "reader", "variable", "name", "slot", "beta2_power", "steps"}
    | {"momentum", "momentums", "velocity", "velocities", "accumulator", "accumulators"}
    | {"average_gradient", "average_gradients"}
)


@dataclass
class SlotRestore:
    """How one Saver's TF1 optimizer slots reach the Keras optimizer of the training op ``train``."""

    train: Node
    function: str  # the generated restore function
    variables: list[str]  # the variables (or containers) TF1 made slots for, in creation order
    slots: list[tuple[str, str]]  # Keras slot path suffix, TF1 slot suffix
    beta2_power: str = ""  # Adam: the TF1 name of beta2_power
    beta2: str = ""  # Adam: beta2's code

    def message(self) -> str:
        return f"the TF1 optimizer state of `{self.train.name}` is read into its Keras optimizer when restored"

    def function_code(
        self,
        tf: str,
        optimizer: str,
        checkpoint: str,
        trained: list[tuple[str, str]],
        saved: list[tuple[str, str]],
    ) -> str:
        """``trained`` and ``saved``: (code, TF1 name) of the variables with slots and of all the Saver saved."""
        plural = {"_momentum": "momentums", "_velocity": "velocities", "_accumulator": "accumulators"}
        lists = [plural.get(suffix, f"{suffix.strip('_')}s") for suffix, _ in self.slots]
        singles = [suffix.strip("_") for suffix, _ in self.slots]
        others = [(code, name) for code, name in saved if (code, name) not in trained]
        body = [
            '"""Restores this program\'s checkpoints, or its TF1 version\'s by TF1 variable and slot names."""',
            "trained = {" + ", ".join(f'"{name}": {code}' for code, name in trained) + "}",
            f"{optimizer}.build(list(trained.values()))",
            f"reader = {tf}.train.load_checkpoint(path)",
            'if reader.has_tensor("_CHECKPOINTABLE_OBJECT_GRAPH"):',
            f"    {checkpoint}.read(path).assert_existing_objects_matched()",
            "    return",
            "saved = {**trained" + "".join(f', "{name}": {code}' for code, name in others) + "}",
            "for name, variable in saved.items():",
            "    variable.assign(reader.get_tensor(name))",
        ]
        for (suffix, _), many in zip(self.slots, lists):
            body.append(f'{many} = [slot for slot in {optimizer}.variables if slot.path.endswith("{suffix}")]')
        body.append(f"for name, {', '.join(singles)} in zip(trained, {', '.join(lists)}):")
        for (_, tf1), single in zip(self.slots, singles):
            body.append(f'    {single}.assign(reader.get_tensor(name + "/{tf1}"))')
        if self.beta2_power:
            body += [
                f'beta2_power = {tf}.constant(reader.get_tensor("{self.beta2_power}"), {tf}.float64)',
                f"steps = {tf}.math.log(beta2_power) / {tf}.math.log({tf}.cast({tf}.constant({self.beta2}, "
                f"{tf}.float32), {tf}.float64))",
                f"{optimizer}.iterations.assign(round(float(steps)) - 1 if beta2_power > 0 else 2**31)",
            ]
            # TF1's Adam (tf1_optimizers.py) steps with the powers themselves: the float32 products TF1 saved
            for power in ("beta1_power", "beta2_power"):
                tf1 = self.beta2_power.removesuffix("beta2_power") + power
                body.append(f'{optimizer}.{power}.assign(reader.get_tensor("{tf1}"))')
        return f"def {self.function}(path):\n" + "".join(f"    {line}\n" for line in body)


def plan_slots(program: Program, train: Node, entries: list[str], function: str, where: int) -> SlotRestore:
    """The restore of ``train``'s TF1 slots; raises Blocked where the names or the form of a slot are not known."""
    holder = train.inline if train.inline is not None else program.nodes[train.optimizer].value
    assert isinstance(holder, cst.Call)
    path = program.tf_path(holder.func) or ""
    keras, args = train.keras, dict(train.keras_args)
    if train.optimizer:
        keras, args = program.nodes[train.optimizer].keras, dict(program.nodes[train.optimizer].keras_args)
    accumulated = gradient_accumulation.applied_variables(program, train)
    if path not in TF1_NAMES or (train.applies and not _applies_pairs(program, train) and accumulated is None):
        raise Blocked(
            f"the Saver saves the TF1 optimizer state of `{train.name}`, which tfmigrate reads into a Keras optimizer "
            "only for minimize() of Adam, RMSProp, Momentum and Adagrad",
            where,
        )
    name = TF1_NAMES[path]
    given = argument(holder, OPTIMIZER_ARGS[path].index("name"), "name")
    if given is not None:
        literal = literal_string(given.value)
        if literal is None:
            raise Blocked("the TF1 optimizer's name is not a string literal, so its slots' names are not known", where)
        name = literal
    slots: list[tuple[str, str]] = []
    if keras == "Adam":
        slots = [("_momentum", name), ("_velocity", f"{name}_1")]
    elif keras == "Adagrad":
        slots = [("_accumulator", name)]
    elif keras == "SGD":  # TF1 Momentum's accumulation
        slots = [("_momentum", name)]
    elif keras == "RMSprop":  # TF1 made the mean square, the mean gradient when centered, then the momentum
        centered = args.get("centered", "False")
        if centered not in ("True", "False"):
            raise Blocked("RMSProp's centered is not a literal, so its slots are not known", where)
        slots = [("_velocity", name)]
        if centered == "True":
            slots.append(("_average_gradient", f"{name}_1"))
        slots.append(("_momentum", f"{name}_{len(slots)}"))
    restore = SlotRestore(train, function, accumulated or _variables(program, train), slots)
    if keras == "Adam":
        restore.beta2_power = "/".join([*scope_of(program, train.statement), "beta2_power"])
        restore.beta2 = args.get("beta_2", "0.999")
    clash = LOCALS & {*entries, train.name}
    if clash:
        raise Blocked(f"`{sorted(clash)[0]}` is a name the generated restore function needs", where)
    return restore


def _applies_pairs(program: Program, train: Node) -> bool:
    """``apply_gradients(optimizer.compute_gradients(loss))`` as such (text-CNN ``train.py``): TF1 made the slots
    ``minimize(loss)`` makes, named alike, one per variable given a gradient."""
    applied = program.nodes.get(train.loss)
    if applied is None or applied.kind != "gradients" or train.var_list or not isinstance(applied.value, cst.Call):
        return False
    return argument(applied.value, None, "var_list") is None


def _variables(program: Program, train: Node) -> list[str]:
    """The variables TF1 made slots for: ``var_list``, or the trainable variables the loss reads, in creation order
    (which is the order ``tape.watched_variables()`` gives Keras when the train step builds the optimizer)."""
    from tfmigrate.transforms.session.savers import trainable

    if train.var_list:
        container = containers.holds_container(program, _names(train.var_list))
        if container is not None:
            raise Blocked(
                f"the Saver saves optimizer slots of the variables in `{container}`, which have no names", train.line
            )
        listed = {v for name in _names(train.var_list) for v in _listed(program, name)}
        return sorted(listed, key=lambda name: program.nodes[name].index)
    loss = train.resolved.get(train.loss) or program.nodes[train.loss]
    nodes = sorted((n for n in loss.upstream.values() if n.kind == "variable"), key=lambda n: n.index)
    found = [(node.index, node.name) for node in nodes if trainable(node.value, program)]
    for index, cell in rnn.trained_cells(program, list(loss.upstream.values())):  # where its run was built
        if rnn.named_variables(program, cell) is None:
            raise Blocked(
                f"the Saver saves optimizer slots of the RNN cell `{cell}`, whose variables' TF1 names are not listed",
                train.line,
            )
        found.append((index, cell))
    return [name for _, name in sorted(dict.fromkeys(found), key=lambda pair: pair[0])]


def scope_of(program: Program, statement: cst.CSTNode) -> list[str]:
    """The ``tf.name_scope`` names around a module-level statement: TF1 made the optimizer's non-slot variables
    (``beta1_power``) under the scope ``minimize()`` ran in."""
    from tfmigrate.transforms.session.savers import scope_name

    def walk(statements, prefix: list[str]) -> list[str] | None:
        for current in statements:
            if current is statement:
                return prefix
            if isinstance(current, cst.With) and isinstance(current.body, cst.IndentedBlock):
                scope = scope_name(program, current)
                found = walk(current.body.body, [*prefix, scope] if scope else prefix)
                if found is not None:
                    return found
        return None

    return walk(program.module.body, []) or []


def _listed(program: Program, name: str) -> list[str]:
    """The variables a var_list name stands for: those of a variable list (``d_vars = tf.get_collection(...,
    scope='Dis')``, read as the variables it holds), else the variable itself."""
    from tfmigrate.transforms.session.gradients import KIND

    node = program.nodes.get(name)
    return list(node.reads) if node is not None and node.kind == KIND and node.reads else [name]


def _names(code: str) -> set[str]:
    return {n.value for n in descendants(cst.parse_expression(code)) if isinstance(n, cst.Name)}
