"""Run with ``python -c`` in the inspected interpreter: prints what it is, its sys.path and its installed
distributions as JSON on stdout. Standard library only, and it imports none of the packages it reports on."""

import json
import os
import platform
import sys


def _dists():
    try:
        from importlib import metadata
    except ImportError:
        return None
    out = []
    for dist in metadata.distributions():
        try:
            meta = dist.metadata
            name = meta["Name"]
            if not name:
                continue
            path = getattr(dist, "_path", None)
            out.append(
                {
                    "name": name,
                    "version": meta["Version"] or "",
                    "requires": list(dist.requires or []),
                    "requires_python": meta["Requires-Python"],
                    "classifiers": [
                        c for c in (meta.get_all("Classifier") or []) if c.startswith("Programming Language")
                    ],
                    "metadata_dir": str(path) if path is not None else None,
                    "location": str(path.parent) if path is not None else None,
                    "installer": (dist.read_text("INSTALLER") or "").strip() or None,
                }
            )
        except Exception as err:  # noqa: BLE001 - one unreadable dist-info must not hide the others
            out.append(
                {"name": "?", "version": "", "error": repr(err), "metadata_dir": str(getattr(dist, "_path", ""))}
            )
    return out


def _specs(names):
    import importlib.util

    out = {}  # type: dict[str, object]
    for name in names:
        try:
            spec = importlib.util.find_spec(name)
        except Exception as err:  # noqa: BLE001 - find_spec runs finders, which can raise anything
            out[name] = {"error": repr(err)}
            continue
        if spec is None:
            out[name] = None
        else:
            out[name] = {"origin": spec.origin, "locations": list(spec.submodule_search_locations or [])}
    return out


def _cpu_flags():
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("flags"):
                    return line.split(":", 1)[1].split()
    except OSError:
        return None
    return None


def _site_dirs():
    try:
        import site

        dirs = list(site.getsitepackages()) if hasattr(site, "getsitepackages") else []
        user = site.getusersitepackages() if hasattr(site, "getusersitepackages") else None
        return dirs, user
    except Exception:  # noqa: BLE001
        return [], None


def _other_site_packages():
    """site-packages folders of this prefix made for another Python (lib/python3.11 under a Python 3.12): what
    a virtual environment keeps when its base interpreter is upgraded in place. Folder -> how many
    distributions and .pth files it holds."""
    import glob

    if sys.prefix == getattr(sys, "base_prefix", sys.prefix) or os.name == "nt":
        return {}
    mine = os.path.join(sys.prefix, "lib", "python%d.%d" % sys.version_info[:2], "site-packages")
    out = {}
    for folder in sorted(glob.glob(os.path.join(sys.prefix, "lib", "python3*", "site-packages"))):
        if os.path.normpath(folder) != os.path.normpath(mine):
            out[folder] = len(glob.glob(os.path.join(folder, "*.dist-info")) + glob.glob(os.path.join(folder, "*.pth")))
    return out


def _pyvenv_cfg():
    try:
        with open(os.path.join(sys.prefix, "pyvenv.cfg")) as handle:
            return dict(line.split("=", 1) for line in handle.read().splitlines() if "=" in line)
    except OSError:
        return {}


def main():
    sites, user_site = _site_dirs()
    vi = sys.version_info
    facts = {
        "executable": sys.executable,
        "version": "%d.%d.%d" % (vi[0], vi[1], vi[2]),
        "version_info": [vi[0], vi[1], vi[2], vi[3], vi[4]],
        "implementation": platform.python_implementation(),
        "prefix": sys.prefix,
        "base_prefix": getattr(sys, "base_prefix", sys.prefix),
        "real_prefix": getattr(sys, "real_prefix", None),
        "no_site": bool(sys.flags.no_site),
        "path": list(sys.path),
        "cwd": os.getcwd(),
        "site_packages": sites,
        "user_site": user_site,
        "bits": 64 if sys.maxsize > 2**32 else 32,
        "marker_env": {
            "python_version": "%d.%d" % (vi[0], vi[1]),
            "python_full_version": platform.python_version(),
            "implementation_name": sys.implementation.name,
            "implementation_version": platform.python_version(),
            "platform_python_implementation": platform.python_implementation(),
            "os_name": os.name,
            "sys_platform": sys.platform,
            "platform_system": platform.system(),
            "platform_machine": platform.machine(),
            "platform_release": platform.release(),
            "platform_version": platform.version(),
        },
        "distributions": _dists(),
        "specs": _specs(["tensorflow", "keras", "tf_keras", "numpy"]),
        "cpu_flags": _cpu_flags(),
        "other_site_packages": _other_site_packages(),
        "pyvenv_cfg": {k.strip(): v.strip() for k, v in _pyvenv_cfg().items()},
        "nvidia_driver": os.path.exists("/proc/driver/nvidia/version"),
    }
    sys.stdout.write(json.dumps(facts))


main()
