"""Map a tf.contrib call's arguments onto its replacement by the table's spec, keeping the call's layout.

The new call is the old one with its arguments renamed, dropped or added: the original ``Arg`` nodes (and so
their comments, line breaks and indentation) are kept, and added arguments follow the call's own separator.
"""

from __future__ import annotations

import libcst as cst

from tfmigrate.transforms._tf1 import chain

NO_SPACE = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def literal_bool(node: cst.BaseExpression) -> str | None:
    return node.value if isinstance(node, cst.Name) and node.value in ("True", "False") else None


def keywords(call: cst.BaseExpression) -> set[str]:
    while isinstance(call, cst.Call) and isinstance(call.func, cst.Call):
        call = call.func
    if not isinstance(call, cst.Call):
        return set()
    return {a.keyword.value for a in call.args if a.keyword is not None}


def scaled(value: cst.BaseExpression, factor: float, digits: int | None = 12) -> cst.BaseExpression:
    """``factor * value``, folded for a number literal (rounded to ``digits`` decimals unless None)."""
    if isinstance(value, (cst.Integer, cst.Float)):
        product = float(value.evaluated_value) * factor
        return cst.Float(repr(product if digits is None else round(product, digits)))
    if not isinstance(value, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)):
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return cst.BinaryOperation(
        left=cst.Float(repr(factor)),
        operator=cst.Multiply(whitespace_before=cst.SimpleWhitespace(" "), whitespace_after=cst.SimpleWhitespace(" ")),
        right=value,
    )


def separator(call: cst.Call) -> cst.Comma:
    """The comma a new argument of ``call`` takes: the call's own between-argument comma (a wrapped call's
    newline and indentation included), else ``", "``."""
    for arg in call.args[:-1]:
        if isinstance(arg.comma, cst.Comma):
            return arg.comma
    return COMMA


def with_args(call: cst.Call, args: list[cst.Arg], trailing: cst.Comma | cst.MaybeSentinel) -> list[cst.Arg]:
    """``args`` joined by their own commas, the last one ending like the call's last argument did."""
    sep = separator(call)
    out = []
    for index, arg in enumerate(args):
        own = arg.comma if isinstance(arg.comma, cst.Comma) else None
        if index == len(args) - 1:
            # a comment after the last argument's comma stays, with its comma
            out.append(arg.with_changes(comma=own if own is not None and _commented(own) else trailing))
        else:
            out.append(arg.with_changes(comma=own or sep))
    return out


def _commented(comma: cst.Comma) -> bool:
    after = comma.whitespace_after
    return isinstance(after, cst.ParenthesizedWhitespace) and after.first_line.comment is not None


def realign(original: cst.Call, new: cst.Call, position) -> cst.Call:
    """Continuation lines aligned with the opening bracket stay aligned when the callee's name changes length.
    ``position(node)`` is the CodeRange of a node of ``original``."""
    code = cst.Module(body=[]).code_for_node
    opened = position(original.func).end
    for arg, following in zip(original.args, original.args[1:]):
        ws = arg.comma.whitespace_after if isinstance(arg.comma, cst.Comma) else None
        if isinstance(ws, cst.ParenthesizedWhitespace):
            if position(following).start.column != opened.column + 1:
                return new  # indented by a fixed amount, not aligned
            return _shifted(new, len(ws.last_line.value), len(code(new.func)) - len(code(original.func)))
    return new


def _shifted(call: cst.Call, column: int, shift: int) -> cst.Call:
    """Move continuation lines indented by ``column`` spaces by ``shift`` columns."""
    if shift == 0:
        return call

    def moved(ws):
        if isinstance(ws, cst.ParenthesizedWhitespace) and len(ws.last_line.value) == column:
            return ws.with_changes(last_line=cst.SimpleWhitespace(" " * max(column + shift, 0)))
        return ws

    args = [
        arg.with_changes(comma=arg.comma.with_changes(whitespace_after=moved(arg.comma.whitespace_after)))
        if isinstance(arg.comma, cst.Comma)
        else arg
        for arg in call.args
    ]
    return call.with_changes(args=args)


def keyword_arg(arg: cst.Arg | None, key: str, value: cst.BaseExpression) -> cst.Arg:
    """``key=value``, in ``arg``'s place (its comma and spacing) when there was one."""
    if arg is None:
        return cst.Arg(value=value, keyword=cst.Name(key), equal=NO_SPACE)
    equal = arg.equal if arg.keyword is not None else NO_SPACE
    return arg.with_changes(keyword=cst.Name(key), equal=equal, value=value)


def build(call: cst.Call, spec: dict, root: str) -> tuple[cst.Call, str] | str:
    """The replacement call, or why the arguments cannot be mapped exactly."""
    params = spec["params"]
    bound: dict[str, cst.Arg] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            return "*args/**kwargs cannot be mapped"
        key = arg.keyword.value if arg.keyword is not None else (params[index] if index < len(params) else None)
        if key is None or key not in params:
            return f"argument {key or index} has no equivalent"
        bound[key] = arg
    target = spec["to"]
    kwargs: dict[str, tuple[cst.Arg | None, cst.BaseExpression]] = {}
    applied: cst.BaseExpression | None = None
    for key, arg in bound.items():
        value = arg.value
        if key in spec.get("drop", ()):
            continue
        if spec.get("choose") and key == spec["choose"][0]:
            literal = literal_bool(value)
            if literal is None:
                return f"{key}= must be a literal True/False to pick the replacement"
            target = spec["choose"][1][literal]
            continue
        if spec.get("choose_arg") and key == spec["choose_arg"][0]:
            literal = literal_bool(value)
            if literal is None:
                return f"{key}= must be a literal True/False to be mapped"
            kwargs[spec["choose_arg"][1]] = (arg, cst.parse_expression(spec["choose_arg"][2][literal]))
            continue
        if key == spec.get("apply_to"):
            applied = value
            continue
        if key not in spec["map"]:
            return f"argument {key} has no equivalent"
        if key in spec.get("lower", ()):
            if not isinstance(value, cst.SimpleString):
                return f"{key}= must be a string literal to be mapped"
            value = value.with_changes(value=value.value.lower())
        if key in spec.get("multiply", {}):
            value = scaled(value, spec["multiply"][key])
        kwargs[spec["map"][key]] = (arg, value)
    for key, default in spec.get("choose_defaults", {}).get(target, {}).items():
        kwargs.setdefault(key, (None, cst.parse_expression(default)))
    for key, default in spec.get("defaults", {}).items():
        kwargs.setdefault(key, (None, cst.parse_expression(default.format(root=root))))
    truncation = spec.get("truncated")
    if (
        truncation
        and literal_bool(
            bound[truncation["if"]].value if truncation["if"] in bound else cst.Name(truncation["default"])
        )
        == truncation["is"]
    ):
        # contrib drew truncated_normal(stddev=sqrt(1.3 * factor / n)); the targets divide sqrt(scale / n) by
        # their truncation constant c, so scale = 1.3 * c**2 * factor gives the same stddev.
        scale_arg, value = kwargs[truncation["scale"]]
        kwargs[truncation["scale"]] = (scale_arg, scaled(value, float(truncation["factor"]), digits=None))
    if spec.get("apply_to") and applied is None:
        return f"no {spec['apply_to']} argument"
    args = [keyword_arg(arg, key, value) for key, (arg, value) in _in_call_order(kwargs, call)]
    trailing = call.args[-1].comma if call.args else cst.MaybeSentinel.DEFAULT
    func = chain(f"{root}.{target}")
    if applied is not None:
        inner = cst.Call(func=func, args=with_args(call, args, cst.MaybeSentinel.DEFAULT) if args else [])
        kept = bound[spec["apply_to"]].with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT, comma=trailing)
        return call.with_changes(func=inner, args=[kept]), target
    return call.with_changes(func=func, args=with_args(call, args, trailing) if args else []), target


def _in_call_order(kwargs: dict, call: cst.Call) -> list:
    """Arguments that replace one of the call's own first, in the call's order; added ones after them."""

    def position(item) -> int:
        return next((i for i, arg in enumerate(call.args) if arg is item[1][0]), len(call.args))

    return sorted(kwargs.items(), key=position)
