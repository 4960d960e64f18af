"""A graph class constructed by the one branch of a host choice whose other branch stops the program (the GAN
collection's ``if args.gan_type == 'GAN': gan = GAN(sess, ...) else: raise Exception("[!] There is no option for
" + args.gan_type)``).

The test is evaluated once, before anything else the statement does, and only the branch that constructs goes on:
``if not (test): raise ...`` then the construction is the same program, and the class proof (classes.py) reads a
construction that is a statement of its block. The rewrite is put back as written: the guard and the construction
after it are the ``if``/``else`` again.
"""

from __future__ import annotations

from typing import cast

import libcst as cst

from tfmigrate.transforms.session.analysis import Blocked, LineOf, Resolve, descendants
from tfmigrate.transforms.session.loops import Origins
from tfmigrate.transforms.session.renames import lone_assignment

Chosen = tuple[str, cst.If]  # the guard's code, the original ``if``


def _constructs(statement: cst.BaseStatement, name: str) -> bool:
    assigned = lone_assignment(statement)
    value = assigned.value if assigned is not None else None
    return isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and value.func.value == name


def _chosen(node: cst.CSTNode, name: str) -> bool:
    """``if test: x = Cls(...) else: raise ...``, each branch that one statement."""
    if not (isinstance(node, cst.If) and isinstance(node.orelse, cst.Else)):
        return False
    body, orelse = node.body, node.orelse.body
    raises = orelse.body[0] if isinstance(orelse, cst.IndentedBlock) and len(orelse.body) == 1 else None
    small = raises.body[0] if isinstance(raises, cst.SimpleStatementLine) and len(raises.body) == 1 else None
    return (
        isinstance(body, cst.IndentedBlock)
        and len(body.body) == 1
        and _constructs(body.body[0], name)
        and isinstance(small, cst.Raise)
    )


class _Split(cst.CSTTransformer):
    def __init__(self, choice: cst.If, origins: Origins) -> None:
        self.choice = choice
        self.origins = origins
        self.guard: cst.If | None = None

    def on_leave(self, original_node, updated_node):
        if original_node is self.choice:
            test = updated_node.test
            negated = cst.UnaryOperation(
                operator=cst.Not(), expression=test.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
            )
            self.origins.add(negated.expression, original_node.test)
            self.origins.add(negated, original_node.test)
            guard = cst.If(test=negated, body=updated_node.orelse.body, leading_lines=updated_node.leading_lines)
            self.origins.add(guard, original_node)
            self.guard = guard
            return cst.FlattenSentinel([guard, updated_node.body.body[0]])
        if updated_node is not original_node:
            self.origins.add(updated_node, original_node)
        return updated_node


def desugar(
    module: cst.Module, resolve: Resolve, line_of: LineOf, definition: cst.ClassDef
) -> tuple[cst.Module, Resolve, LineOf, cst.ClassDef, Chosen] | None:
    """The module with the one such ``if`` as its guard and the construction; None without one."""
    name = definition.name.value
    choices = [n for n in descendants(module) if _chosen(n, name)]
    constructions = [n for n in descendants(module) if isinstance(n, cst.BaseStatement) and _constructs(n, name)]
    if len(choices) != 1 or len(constructions) != 1:
        return None
    choice = cast(cst.If, choices[0])
    origins = Origins()
    split = _Split(choice, origins)
    module = module.visit(split)
    guard = cast(cst.If, split.guard)
    rebuilt = cast(cst.ClassDef, next(s for s in module.body if origins.of(s) is definition))

    def resolve_split(node: cst.CSTNode) -> str | None:
        try:
            return resolve(origins.of(node))
        except KeyError:
            return None

    def line_of_split(node: cst.CSTNode) -> int:
        try:
            return line_of(origins.of(node))
        except KeyError:
            return line_of(choice)

    code = cst.Module([]).code_for_node(guard.with_changes(leading_lines=[])).strip()
    return module, resolve_split, line_of_split, rebuilt, (code, choice)


def resugar(module: cst.Module, name: str, chosen: Chosen, line: int) -> cst.Module:
    """The guard and the construction after it as the ``if``/``else`` they were."""
    code, choice = chosen
    refused = Blocked(f"class `{name}`: the host choice that constructs it", line)
    found = 0

    class Join(cst.CSTTransformer):
        def leave_IndentedBlock(self, original_node, updated_node):
            return updated_node.with_changes(body=self.joined(list(updated_node.body)))

        def leave_Module(self, original_node, updated_node):
            return updated_node.with_changes(body=self.joined(list(updated_node.body)))

        def joined(self, statements: list) -> list:
            nonlocal found
            for index, statement in enumerate(statements[:-1]):
                if (
                    isinstance(statement, cst.If)
                    and cst.Module([]).code_for_node(statement.with_changes(leading_lines=[])).strip() == code
                    and _constructs(statements[index + 1], name)
                ):
                    found += 1
                    construction = statements[index + 1]
                    body = choice.body.with_changes(body=[construction.with_changes(leading_lines=[])])
                    test = cast(cst.UnaryOperation, statement.test).expression.with_changes(
                        lpar=choice.test.lpar, rpar=choice.test.rpar
                    )
                    orelse = cast(cst.Else, choice.orelse).with_changes(body=statement.body)
                    joined = choice.with_changes(
                        test=test, body=body, orelse=orelse, leading_lines=statement.leading_lines
                    )
                    return [*statements[:index], joined, *statements[index + 2 :]]
            return statements

    module = module.visit(Join())
    if found != 1:
        raise refused
    return module
