"""Requirement, specifier and marker evaluation: ``packaging`` when it is importable, else a small fallback.

The doctor must work in an environment where TensorFlow (and with it ``packaging``) is missing or broken, so
the fallback covers what TensorFlow-family metadata really uses: PEP 440 release/pre/post/dev versions, the
comparison operators including ``~=`` and ``==X.*``, and markers with and/or/parentheses.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

try:  # pragma: no branch - which side runs depends on the environment
    from packaging.markers import Marker as _Marker
    from packaging.requirements import InvalidRequirement as _InvalidRequirement
    from packaging.requirements import Requirement as _Requirement
    from packaging.specifiers import SpecifierSet as _SpecifierSet
    from packaging.version import InvalidVersion as _InvalidVersion
    from packaging.version import Version as _Version

    HAVE_PACKAGING = True
except ImportError:  # pragma: no cover - exercised by the -S tests in a child process
    HAVE_PACKAGING = False


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Requirement:
    name: str
    specifier: str
    marker: str | None
    line: str


_REQ_RE = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[(?P<extras>[^\]]*)\])?\s*"
    r"(?:\(?(?P<spec>[^;()]*)\)?)?\s*(?:;\s*(?P<marker>.+))?$"
)


def parse_requirement(line: str, use_packaging: bool | None = None) -> Requirement | None:
    """A Requires-Dist line, or None when it cannot be read (reported by the caller, never raised)."""
    if use_packaging is None:
        use_packaging = HAVE_PACKAGING
    if use_packaging:
        try:
            req = _Requirement(line)
        except _InvalidRequirement:
            return None
        return Requirement(normalize(req.name), str(req.specifier), str(req.marker) if req.marker else None, line)
    match = _REQ_RE.match(line)
    if not match or "@" in (match.group("spec") or ""):
        return None
    spec = ",".join(p.strip().replace(" ", "") for p in (match.group("spec") or "").split(",") if p.strip())
    marker = (match.group("marker") or "").strip() or None
    return Requirement(normalize(match.group("name")), spec, marker, line)


# --- versions -------------------------------------------------------------------------------------------

_VERSION_RE = re.compile(
    r"^\s*v?(?:(?P<epoch>\d+)!)?(?P<release>\d+(?:\.\d+)*)"
    r"(?:[-_.]?(?P<pre>a|b|c|rc|alpha|beta|pre|preview)[-_.]?(?P<pre_n>\d+)?)?"
    r"(?:-(?P<post_implicit>\d+)|[-_.]?(?P<post>post|rev|r)[-_.]?(?P<post_n>\d+)?)?"
    r"(?:[-_.]?(?P<dev>dev)[-_.]?(?P<dev_n>\d+)?)?"
    r"(?:\+(?P<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$",
    re.IGNORECASE,
)
_PRE_RANK = {"a": 0, "alpha": 0, "b": 1, "beta": 1, "c": 2, "rc": 2, "pre": 2, "preview": 2}


@dataclass(frozen=True)
class _Parsed:
    release: tuple[int, ...]
    key: tuple


def _parse(version: str) -> _Parsed | None:
    m = _VERSION_RE.match(version)
    if not m:
        return None
    release = tuple(int(p) for p in m.group("release").split("."))
    trimmed = release
    while len(trimmed) > 1 and trimmed[-1] == 0:
        trimmed = trimmed[:-1]
    has_post = m.group("post") is not None or m.group("post_implicit") is not None
    post_n = int(m.group("post_n") or m.group("post_implicit") or 0) if has_post else -1
    if m.group("pre"):
        pre = (0, _PRE_RANK[m.group("pre").lower()], int(m.group("pre_n") or 0))
    elif m.group("dev") and not has_post:
        pre = (-1, 0, 0)
    else:
        pre = (1, 0, 0)
    dev = int(m.group("dev_n") or 0) if m.group("dev") else math.inf
    return _Parsed(release, (int(m.group("epoch") or 0), trimmed, pre, post_n, dev))


def _compare_one(version: _Parsed, op: str, spec: str) -> bool:
    if op == "===":
        return False
    if op in ("==", "!=") and spec.endswith(".*"):
        prefix = _parse(spec[:-2])
        if prefix is None:
            return False
        padded = version.release + (0,) * max(0, len(prefix.release) - len(version.release))
        hit = version.key[0] == prefix.key[0] and padded[: len(prefix.release)] == prefix.release
        return hit if op == "==" else not hit
    other = _parse(spec)
    if other is None:
        return False
    a, b = version.key, other.key
    if op == "~=":
        head = other.release[:-1]
        return a >= b and a[0] == b[0] and version.release[: len(head)] == head
    same_release = a[:2] == b[:2]
    if op == "<" and same_release and a[2][0] < 1 <= b[2][0]:
        return False  # "<2" does not admit 2.0rc1 (PEP 440)
    if op == ">" and same_release and a[3] >= 0 > b[3]:
        return False  # ">2" does not admit 2.post1
    return {"==": a == b, "!=": a != b, ">=": a >= b, "<=": a <= b, ">": a > b, "<": a < b}[op]


_SPEC_RE = re.compile(r"^(~=|===|==|!=|<=|>=|<|>)\s*(.+)$")


def satisfies(version: str, specifier: str, use_packaging: bool | None = None) -> bool | None:
    """Whether ``version`` meets ``specifier`` (pre-releases allowed); None when either cannot be read."""
    if use_packaging is None:
        use_packaging = HAVE_PACKAGING
    if use_packaging:
        try:
            return _SpecifierSet(specifier).contains(_Version(version), prereleases=True)
        except (_InvalidVersion, ValueError):
            return None
    parsed = _parse(version)
    if parsed is None:
        return None
    for part in filter(None, (p.strip() for p in specifier.split(","))):
        m = _SPEC_RE.match(part)
        if not m:
            return None
        if not _compare_one(parsed, m.group(1), m.group(2).strip()):
            return False
    return True


def release(version: str) -> tuple[int, ...] | None:
    parsed = _parse(version)
    return parsed.release if parsed else None


# --- markers --------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"\s*(?:(?P<str>'[^']*'|\"[^\"]*\")|(?P<op>===|==|!=|<=|>=|~=|<|>|\(|\))|(?P<word>[A-Za-z_][A-Za-z0-9_.]*))"
)
_VERSION_VARS = {"python_version", "python_full_version", "implementation_version", "platform_release"}


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot read marker {text!r}")
        pos = m.end()
        kind = m.lastgroup or "word"
        out.append((kind, m.group(kind)))
    return out


class _MarkerParser:
    def __init__(self, tokens: list[tuple[str, str]], env: dict[str, str]) -> None:
        self.tokens, self.pos, self.env = tokens, 0, env

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise ValueError("marker ends early")
        self.pos += 1
        return token

    def expr(self) -> bool:
        value = self.and_expr()
        while self.peek() == ("word", "or"):
            self.take()
            value = self.and_expr() or value
        return value

    def and_expr(self) -> bool:
        value = self.atom()
        while self.peek() == ("word", "and"):
            self.take()
            value = self.atom() and value
        return value

    def atom(self) -> bool:
        if self.peek() == ("op", "("):
            self.take()
            value = self.expr()
            if self.take() != ("op", ")"):
                raise ValueError("unbalanced parentheses in marker")
            return value
        left_kind, left = self.take()
        op = self.take()[1]
        if op == "not":
            op = "not in" if self.take()[1] == "in" else "?"
        right_kind, right = self.take()
        return self.compare(left_kind, left, op, right_kind, right)

    def value(self, kind: str, text: str) -> str:
        if kind == "str":
            return text[1:-1]
        if text not in self.env:
            raise ValueError(f"unknown marker variable {text!r}")
        return self.env[text]

    def compare(self, lk: str, left: str, op: str, rk: str, right: str) -> bool:
        lv, rv = self.value(lk, left), self.value(rk, right)
        if "extra" in (left, right):
            lv, rv = normalize(lv), normalize(rv)
        if op == "in":
            return lv in rv
        if op == "not in":
            return lv not in rv
        if (left in _VERSION_VARS or right in _VERSION_VARS) and op not in ("===",):
            version, spec = (lv, rv) if lk == "word" else (rv, lv)
            flipped = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op) if lk != "word" else op
            result = satisfies(version, f"{flipped}{spec}", use_packaging=False)
            if result is not None:
                return result
        if op == "==":
            return lv == rv
        if op == "!=":
            return lv != rv
        raise ValueError(f"cannot compare {lv!r} {op} {rv!r} in a marker")


def marker_applies(marker: str | None, env: dict[str, str], extra: str = "", use_packaging: bool | None = None) -> bool:
    """Evaluate ``marker`` for the target interpreter's environment (``env``) and the extra being installed.

    A marker that cannot be read counts as not applying, so an unreadable line never invents a problem.
    """
    if not marker:
        return True
    if use_packaging is None:
        use_packaging = HAVE_PACKAGING
    full = dict(env, extra=extra)
    try:
        if use_packaging:
            return bool(_Marker(marker).evaluate(full))
        parser = _MarkerParser(_tokens(marker), full)
        value = parser.expr()
        if parser.peek() is not None:
            raise ValueError("trailing text in marker")
        return value
    except Exception:  # noqa: BLE001 - unreadable metadata: the caller treats it as "does not apply"
        return False
