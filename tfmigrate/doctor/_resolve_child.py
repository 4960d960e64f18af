"""Run with ``python -c`` in the inspected interpreter: reads a JSON list of statements on stdin and tries each
(an import, or an attribute chain after the import that binds its root), printing after a marker line which
ones fail and with what error. Each statement is tried once; failures never stop the others."""

import json
import sys
import types

MARK = "\n@@tfmigrate-doctor@@"


def try_import(text):
    exec(compile(text, "<tfmigrate-doctor>", "exec"), {})


def try_chain(setup, chain):
    namespace = {}  # type: dict[str, object]
    exec(compile(setup, "<tfmigrate-doctor>", "exec"), namespace)
    parts = chain.split(".")
    value = namespace[parts[0]]
    walked = parts[0]
    for part in parts[1:]:
        # Past a module or class the chain reaches runtime objects (FLAGS.batch_size): not an API question.
        if not isinstance(value, (types.ModuleType, type)):
            return walked
        value = getattr(value, part)
        walked += "." + part
    return walked


def main():
    items = json.loads(sys.stdin.read())
    results = []
    for item in items:
        result = {"key": item["key"], "ok": True}
        try:
            if item["kind"] == "import":
                try_import(item["text"])
            else:
                result["checked"] = try_chain(item["setup"], item["text"])
        except BaseException as err:  # noqa: BLE001 - SystemExit and friends from broken packages too
            result.update(ok=False, error_type=type(err).__name__, message=str(err).splitlines()[0] if str(err) else "")
        results.append(result)
    sys.stdout.flush()
    sys.stdout.write(MARK + json.dumps(results) + "\n")


main()
