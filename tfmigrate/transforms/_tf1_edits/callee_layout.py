"""Continuation lines aligned with a renamed callee's parenthesis move with it, as libcst's ``follow_callee`` moves
them: the plan must give the libcst rule's text, layout included."""

from __future__ import annotations

import ast

from tfmigrate.edits import apply
from tfmigrate.transforms._edit_support import Decline
from tfmigrate.transforms._tf1_edits.layout import arguments
from tfmigrate.transforms._tf1_edits.names import Names


class CalleeLayout(Names):
    """The callee's new text and the argument lines that move by its change in length."""

    def callee_text(self, func: ast.expr, start: int, end: int) -> str:
        replaced = self.replaced_callee.get(func)
        if replaced is not None:
            return replaced
        if func in self.node_chain:
            chain, _ = self.node_chain[func]
            for node in reversed(chain.nodes):
                new = self.chain_text.get(node)
                if new is not None:
                    return new + self.m.text[self.m.span(node)[1] : end]
            return self.m.text[start:end]
        return apply(self.m.text[start:end], self.edits.within(start, end))

    def follow_callee(self, call: ast.Call) -> None:
        """_call_layout.follow_callee: arguments on continuation lines aligned with the old parenthesis move
        by the change in the callee's length."""
        m = self.m
        func = call.func
        args = arguments(call)
        if not args or func.lineno != func.end_lineno:
            return
        start, end = m.span(func)
        if m.text[end : end + 1] != "(" or self.parenthesized(func):
            if self.parenthesized(func):
                raise Decline("a parenthesized callee")
            return
        new_func = self.callee_text(func, start, end)
        delta = len(new_func) - (end - start)
        if delta == 0:
            return
        if delta < 0 and not m.text[start:end].isascii():
            raise Decline("a callee that is not ASCII")
        func_end_column = end - m.line_start(func.end_lineno)
        line = func.end_lineno
        previous_end = end + 1
        for arg in args:
            arg_start = m.offset(arg.lineno, arg.col_offset)
            value = arg.value if isinstance(arg, ast.keyword) else arg
            if arg.lineno != line:
                line_start = m.line_start(arg.lineno)
                if arg_start - line_start == func_end_column + 1:
                    if not isinstance(arg, ast.keyword) and self.parenthesized(value):
                        raise Decline("a parenthesized argument on a continuation line")
                    between = m.text[previous_end:arg_start]
                    if "\\" in between or ")" in between:
                        raise Decline("an argument layout the plan does not model")
                    head = between.split("\n", 1)[0]
                    if previous_end != end + 1 and not head.lstrip().startswith(","):
                        raise Decline("a comma on the argument's own line")
                    if "\n" not in between or "\t" in m.text[line_start:arg_start]:
                        raise Decline("an argument layout the plan does not model")
                    if delta > 0:
                        self.edits.opening(arg_start, 1 << 40, " " * delta)
                    elif m.text[arg_start + delta : arg_start] == " " * -delta:
                        self.edits.replace(arg_start + delta, arg_start, "")
                    else:
                        raise Decline("an aligned argument without the spaces to move")
            line = arg.end_lineno
            previous_end = m.offset(arg.end_lineno, arg.end_col_offset)
