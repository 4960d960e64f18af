"""A graph class's Session method that returns an expression, or is called inside one: ``def sample(self, ...): with
tf.Session(graph=self.graph) as sess: ...; return ''.join(observed)``, ``return sess.run('out:0', feed_dict=...)``
as the last statement of its ``with`` block, and ``print(model.predict(X))`` at module level (Raschka-style
trainers owning ``self.graph``, held-out set 26's ss_char_rnn, ss_sentiment_rnn).

The method's body is read at its call (class_session_methods.py), which needs one trailing ``return <name>`` and a
call that is a statement of its own. So the pass binds what is returned to a name first: ``result__sample = <expr>``
then ``return result__sample``. Where the return closes the method's trailing ``with`` blocks, the binding stays in
the innermost block and the return follows the outermost: TF1 evaluated the value, then left the blocks (closing the
Session), then returned it, the same order. A call made inside a module-level line is bound on the line before
where nothing the line evaluates before it has an effect (hoisted_calls.py). ``resugar`` folds a binding back into
the return where the rewrite left the two adjacent."""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms._checkpoint import SESSIONS
from tfmigrate.transforms.session.analysis import LineOf, Resolve, descendants, parents_of
from tfmigrate.transforms.session.fresh_names import numbered
from tfmigrate.transforms.session.functions import own_body
from tfmigrate.transforms.session.hoisted_calls import bound, call_line, first_effect
from tfmigrate.transforms.session.traced_rewrite import TracedRewrite

PREFIX = "result__"


def read(module: cst.Module, resolve: Resolve, line_of: LineOf):
    """The module with each such return bound to a name and each such call bound on the line before, and a note
    for each; None where there is none."""
    methods = _session_methods(module, resolve)
    if not methods:
        return None
    taken = {n.value for n in descendants(module) if isinstance(n, cst.Name)}
    returns: dict[int, tuple[cst.FunctionDef, str]] = {}
    for method in methods:
        trail = _trail(method)
        if trail is not None:
            returns[id(method)] = (method, numbered(taken, f"{PREFIX}{method.name.value}"))
    if returns:
        rewrite = _Bind(module, resolve, line_of, returns)
        module, resolve, line_of = rewrite.applied()
    notes = [
        (line_of(method), f"method `{method.name.value}`'s returned value read as `{name} = <value>` before its return")
        for method, name in returns.values()
    ]
    hoisted = _calls(module, {m.name.value for m in methods}, taken)
    if not returns and not hoisted:
        return None
    done = bound(
        module,
        resolve,
        line_of,
        hoisted,
        lambda code, n: f"the call `{code}` read as bound to `{n}` on the line before",
    )
    if done is not None:
        module, resolve, line_of, more = done
        notes.extend(more)
    return module, resolve, line_of, notes


def resugar(module: cst.Module) -> cst.Module:
    """``result__m = <expr>`` then ``return result__m`` as ``return <expr>``, and a bound call back into the line
    that reads it, where the two stand together."""
    fold = _Fold(module)
    return module.visit(fold) if fold.reads else module  # most programs bound nothing: no pass over them


def _session_methods(module: cst.Module, resolve: Resolve) -> list[cst.FunctionDef]:
    """The methods of the module's classes that open a Session (not properties or other decorated members, whose
    reading class_properties.py owns)."""
    return [
        member
        for definition in module.body
        if isinstance(definition, cst.ClassDef) and isinstance(definition.body, cst.IndentedBlock)
        for member in definition.body.body
        if isinstance(member, cst.FunctionDef)
        and not member.decorators
        and any(isinstance(n, cst.Call) and resolve(n.func) in SESSIONS for n in descendants(member))
    ]


def _trail(method: cst.FunctionDef) -> list[cst.With] | None:
    """The ``with`` blocks the method's last statement ``return <expr>`` closes (none when it is the method's own
    last statement), where ``<expr>`` is not a name and the method returns nowhere else; else None."""
    withs: list[cst.With] = []
    block: cst.BaseSuite = method.body
    while isinstance(block, cst.IndentedBlock) and block.body:
        last = block.body[-1]
        if isinstance(last, cst.With):
            withs.append(last)
            block = last.body
            continue
        small = last.body[0] if isinstance(last, cst.SimpleStatementLine) and len(last.body) == 1 else None
        if not isinstance(small, cst.Return) or small.value is None or isinstance(small.value, cst.Name):
            return None
        returns = [n for n in own_body(method.body) if isinstance(n, cst.Return)]
        if returns != [small]:
            return None
        return withs
    return None


def _calls(module: cst.Module, names: set[str], taken: set[str]) -> dict[int, list[tuple[cst.Call, str]]]:
    """Module-level lines calling ``instance.method(...)`` of a Session method inside a larger expression."""
    parents = parents_of(module)
    found: dict[int, list[tuple[cst.Call, str]]] = {}
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            continue
        small = statement.body[0]
        whole = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
        if isinstance(small, cst.Assign) and not all(isinstance(t.target, cst.Name) for t in small.targets):
            continue
        for node in descendants(statement):
            if not (
                isinstance(node, cst.Call)
                and node is not whole
                and isinstance(node.func, cst.Attribute)
                and isinstance(node.func.value, cst.Name)
                and node.func.attr.value in names
            ):
                continue
            if id(statement) not in found and call_line(node, parents) is statement and first_effect(statement, node):
                found[id(statement)] = [(node, numbered(taken, f"{PREFIX}{node.func.attr.value}_call"))]
    return found


class _Bind(TracedRewrite):
    def __init__(self, module, resolve, line_of, returns: dict[int, tuple[cst.FunctionDef, str]]) -> None:
        super().__init__(module, resolve, line_of)
        self.returns = returns

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        found = self.returns.get(id(original_node))
        if found is None or not isinstance(updated_node.body, cst.IndentedBlock):
            return updated_node
        name = found[1]
        body = updated_node.body
        last = body.body[-1]
        give = self.traced(cst.SimpleStatementLine([cst.Return(cst.Name(name))]), last)
        if isinstance(last, cst.With):  # bound in the innermost block, returned after the outermost
            return updated_node.with_changes(
                body=body.with_changes(body=[*body.body[:-1], self._bound(last, name), give])
            )
        return updated_node.with_changes(body=body.with_changes(body=[*body.body[:-1], self._bind(last, name), give]))

    def _bound(self, block: cst.With, name: str) -> cst.With:
        inner = cast(cst.IndentedBlock, block.body)
        last = inner.body[-1]
        made = self._bound(last, name) if isinstance(last, cst.With) else self._bind(last, name)
        return self.traced(block.with_changes(body=inner.with_changes(body=[*inner.body[:-1], made])), block)

    def _bind(self, line: cst.BaseStatement, name: str) -> cst.SimpleStatementLine:
        """``return <expr>`` as ``name = <expr>``."""
        statement = cast(cst.SimpleStatementLine, line)
        value = cast(cst.BaseExpression, cast(cst.Return, statement.body[0]).value)
        return self.traced(statement.with_changes(body=[cst.Assign([cst.AssignTarget(cst.Name(name))], value)]), line)


class _Fold(cst.CSTTransformer):
    """``result__x = <expr>`` and the next statement, its one reader, as that statement reading ``<expr>``."""

    def __init__(self, module: cst.Module) -> None:
        super().__init__()
        self.reads: dict[str, int] = {}
        for node in descendants(module):
            if isinstance(node, cst.Name) and node.value.startswith(PREFIX):
                self.reads[node.value] = self.reads.get(node.value, 0) + 1

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        return updated_node.with_changes(body=self._folded(list(updated_node.body)))

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        return updated_node.with_changes(body=self._folded(list(updated_node.body)))

    def _folded(self, body: list) -> list:
        index = 0
        while index < len(body) - 1:
            first, second = body[index], body[index + 1]
            bind = first.body[0] if isinstance(first, cst.SimpleStatementLine) and len(first.body) == 1 else None
            name = (
                bind.targets[0].target.value
                if isinstance(bind, cst.Assign)
                and len(bind.targets) == 1
                and isinstance(bind.targets[0].target, cst.Name)
                and bind.targets[0].target.value.startswith(PREFIX)
                else None
            )
            # bound once and read once, by the next line (a one-statement line: nothing of it runs before the read
            # but what ran before the call where TF1's line made it)
            if name is None or self.reads.get(name) != 2 or not isinstance(second, cst.SimpleStatementLine):
                index += 1
                continue
            if len(second.body) != 1 or not any(
                isinstance(n, cst.Name) and n.value == name for n in descendants(second)
            ):
                index += 1
                continue
            value = cast(cst.Assign, bind).value
            put = cast(cst.SimpleStatementLine, second.visit(_Put(name, value)))
            folded = put.with_changes(leading_lines=first.leading_lines)
            body[index : index + 2] = [folded]
        return body


class _Put(cst.CSTTransformer):
    def __init__(self, name: str, value: cst.BaseExpression) -> None:
        super().__init__()
        self.name, self.value = name, value

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self.value if updated_node.value == self.name else updated_node
