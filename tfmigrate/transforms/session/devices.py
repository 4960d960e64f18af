"""``with tf.device('/cpu:0'):`` around module-level graph definitions: kept as written around the eager code.

A device pin changes where ops run, not what they compute: eager TF2 enters the same ``tf.device`` context, so the
block stays and its body is rewritten as module code (the variables it creates are placed there; the functions it
defines are called later, outside it, where TF2 places their ops itself). The pin also decides whether TF1 runs at
all, which must not change: checked against TF 2.21 on a machine without a GPU, a ``compat.v1`` Session without
``allow_soft_placement=True`` fails on a ``/gpu:0`` pin ("Cannot assign a device for operation"), while eager TF2
(``tf.config.get_soft_device_placement()`` is True) runs the ops on the CPU. So the local CPU, which every machine
has, is kept everywhere; any other device only when every Session of the program was configured to place softly,
where TF1 falls back as eager TF2 does.

Around the pins: Session options set on a ConfigProto (``config.gpu_options.allow_growth = True``) stay as written
and change no value, except ``log_device_placement=True``, whose placement list TF1 prints to stdout; questions
about the host and the build (``tf.test.is_gpu_available()``) are answered alike in both modes; the Session's own
``sess.list_devices()`` keeps the graph tier, saying what eager TF2 would list instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import libcst as cst

from tfmigrate.transforms._checkpoint import SESSIONS, argument, literal_string
from tfmigrate.transforms.session import literals
from tfmigrate.transforms.session.analysis import descendants

if TYPE_CHECKING:
    from tfmigrate.transforms.session.analysis import Program

DEVICE = "device"
# Questions about the host and the TensorFlow build, not graph ops: each returns the same answer whether the graph
# is built or the code runs eagerly (checked against TF 2.21 on one machine, in both modes); eager-only facts
# (tf.executing_eagerly) are not among them.
HOST_QUERIES = frozenset(
    {
        "test.is_built_with_cuda",
        "test.is_built_with_gpu_support",
        "test.is_built_with_rocm",
        "test.is_built_with_xla",
        "test.is_gpu_available",
        "test.gpu_device_name",
        "config.list_physical_devices",
        "config.list_logical_devices",
        "config.experimental.list_physical_devices",
        "config.experimental.list_logical_devices",
        "sysconfig.get_build_info",
    }
)
CONFIG = "ConfigProto"
SOFT = "allow_soft_placement"
LOG = "log_device_placement"
LOGGED = (
    "the Session is configured with log_device_placement=True: TF1 prints each graph op's device to stdout, a "
    "list the eager program (other ops, no Session) cannot print alike"
)
# The device every TF1 Session has: the first CPU of the local process ("" pins nothing).
LOCAL_CPU = re.compile(r"(/job:localhost)?(/replica:0)?(/task:0)?(/(device:)?cpu(:0)?)?", re.IGNORECASE)


def host_query(path: str) -> bool:
    return path.removeprefix("compat.v1.") in HOST_QUERIES


def session_query(call: cst.Call, sessions: set[str]) -> str | None:
    """Why ``sess.list_devices()`` keeps the graph tier: the Session's own listing has no eager counterpart that
    prints the same (TF1 names ``/job:localhost/replica:0/task:0/device:CPU:0`` with its memory limit and
    incarnation; tf.config.list_logical_devices names ``/device:CPU:0`` and has neither)."""
    func = call.func
    if (
        isinstance(func, cst.Attribute)
        and func.attr.value == "list_devices"
        and isinstance(func.value, cst.Name)
        and func.value.value in sessions
    ):
        return (
            f"`{func.value.value}.list_devices()` lists the Session's devices, which eager TF2 has no Session to "
            "list (tf.config.list_logical_devices names them `/device:CPU:0`, without the job, memory or incarnation)"
        )
    return None


def pinned(program: Program, statement: cst.With) -> bool:
    """``with tf.device("<literal>"):`` whose body runs as the module's graph definitions; raises Blocked for a
    pin whose TF1 behaviour eager TF2 would not keep."""
    if len(statement.items) != 1 or statement.items[0].asname is not None:
        return False
    call = statement.items[0].item
    if not isinstance(call, cst.Call) or program.tf1_path(call.func) != DEVICE:
        return False
    first = argument(call, 0, "device_name") or argument(call, 0, "device_name_or_function")
    spec = literal_string(first.value) if first is not None and len(call.args) == 1 else None
    if spec is None:
        raise program.deny("tf.device with other than one literal device name (a function, a computed name)", call)
    if not LOCAL_CPU.fullmatch(spec):
        unsoft = _unsoft(program)
        if unsoft is not None:
            raise program.deny(
                f"tf.device({spec!r}) with {unsoft}: TF1 fails where that device is missing, eager TF2 runs the ops "
                "elsewhere",
                call,
            )
    return True


def _unsoft(program: Program) -> str | None:
    """None when every Session the program opens is given ``config=`` a ConfigProto with ``allow_soft_placement=True``
    (in the call, or set as ``config.allow_soft_placement = True``); else which Session is not."""
    sessions = [
        c for c in descendants(program.module) if isinstance(c, cst.Call) and program.tf1_path(c.func) in SESSIONS
    ]
    if not sessions:
        return "no Session configured with allow_soft_placement=True"
    for session in sessions:
        setting = _config_sets(program, session, SOFT)
        if setting != "True":
            return (
                "no Session configured with allow_soft_placement=True"
                if setting in ("", "False")
                else f"a Session configured with {setting}, not a literal allow_soft_placement=True"
            )
    return None


def placement_log(program: Program, statement: cst.CSTNode) -> str | None:
    """Why a Session opened by ``statement`` keeps the graph tier: with ``log_device_placement=True`` TF1 prints
    every graph op's placement to stdout (``MatMul: (MatMul): /job:localhost/replica:0/task:0/device:CPU:0``)
    when it runs the graph (checked against TF 2.21). The eager program runs other ops: without logging it prints
    nothing, and tf.debugging.set_log_device_placement(True) lists what eager execution runs (``_EagerConst``,
    ``_Arg``, ``_Retval`` and each function's ops), so the output would change either way."""
    parts = [item.item for item in statement.items] if isinstance(statement, cst.With) else [statement]
    for part in parts:
        for call in descendants(part):
            if not (isinstance(call, cst.Call) and program.tf1_path(call.func) in SESSIONS):
                continue
            setting = _config_sets(program, call, LOG)
            if setting == "True":
                return LOGGED
            if setting not in ("", "False"):
                return (
                    f"the Session is configured with {setting}, so log_device_placement may be True when it runs: TF1 "
                    "then prints each graph op's device to stdout, a list the eager program cannot print alike"
                )
    return None


def _config_sets(program: Program, session: cst.Call, field: str) -> str:
    """What the Session's ``config=`` ConfigProto sets ``field`` to, in the call or by ``config.field = ...``:
    ``True``, ``False``, "" where it is not set, else what sets it to a value read only when the program runs
    (``log_device_placement=FLAGS.log``, ``**options``, a config this module does not build)."""
    config = argument(session, 2, "config")
    if config is None:
        return ""
    value = config.value
    code = program.module.code_for_node
    if isinstance(value, cst.Call) and program.tf1_path(value.func) == CONFIG:
        return _sets(program, value, field)
    if not isinstance(value, cst.Name) or program.binds.get(value.value, 0) != 1:
        return f"config={code(value)}, which this module does not build"
    for node in descendants(program.module):
        if isinstance(node, cst.Assign) and len(node.targets) == 1:
            target = node.targets[0].target
            if isinstance(target, cst.Name) and target.value == value.value:
                if not (isinstance(node.value, cst.Call) and program.tf1_path(node.value.func) == CONFIG):
                    return f"config={code(value)}, which this module does not build"
                return _sets(program, node.value, field) or _assigned(program, value.value, field)
    return f"config={code(value)}, which this module does not build"


def config_setting(program: Program, assign: cst.Assign) -> bool:
    """``config.gpu_options.allow_growth = True`` on a module-level ``config = tf.ConfigProto(...)``: host state of
    a Session option (placement, memory, logging), which changes no value the program computes; the statement
    stays beside the ConfigProto it sets. Raises Blocked where it sets ``log_device_placement`` to other than
    False (LOGGED)."""
    target = assign.targets[0].target
    root: cst.BaseExpression = target
    while isinstance(root, cst.Attribute):
        root = root.value
    if root is target or not isinstance(root, cst.Name) or not literals.written(assign.value):
        return False
    if (
        isinstance(target, cst.Attribute)
        and target.attr.value == LOG
        and program.module.code_for_node(assign.value) != "False"
    ):
        raise program.deny(LOGGED, assign)
    node = program.nodes.get(root.value)
    return (
        node is not None
        and program.binds.get(root.value, 0) == 1
        and isinstance(node.value, cst.Call)
        and program.tf1_path(node.value.func) == CONFIG
    )


def _sets(program: Program, call: cst.Call, field: str) -> str:
    """What a ``tf.ConfigProto(...)`` call gives ``field`` (see _config_sets)."""
    code = program.module.code_for_node
    given = argument(call, None, field)
    if given is not None:
        return code(given.value) if code(given.value) in ("True", "False") else f"{field}={code(given.value)}"
    starred = [a for a in call.args if a.star == "**"]
    return f"tf.ConfigProto(**{code(starred[0].value)})" if starred else ""


def _assigned(program: Program, name: str, field: str) -> str:
    """What ``config.<field> = <value>`` at module level sets (see _config_sets); "" where there is none."""
    for statement in program.module.body:
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if not (isinstance(small, cst.Assign) and len(small.targets) == 1):
                continue
            target = small.targets[0].target
            if (
                isinstance(target, cst.Attribute)
                and isinstance(target.value, cst.Name)
                and target.value.value == name
                and target.attr.value == field
            ):
                value = program.module.code_for_node(small.value)
                return value if value in ("True", "False") else f"{name}.{field} = {value}"
    return ""
