"""The package's shape: no import cycles, layers that point one way, the sampler protocol.

Read from the source (every import, including those inside functions), so a cycle that only
shows when some rarely used path runs is caught too.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import smotekit
import smotekit.samplers

SRC = Path(smotekit.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports (anywhere in its body)."""
    modules = _modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(parts + ([base] if base else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each a cycle or more."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    graph = import_graph()
    assert len(graph) > 50 and sum(map(len, graph.values())) > 100  # the graph was read
    assert cycles(graph) == []


def test_samplers_do_not_import_the_layers_above_them():
    """Runners, the CLI and the evaluation drive samplers; samplers never call up into them."""
    above = ("smotekit.scale", "smotekit.cli", "smotekit.evaluation", "smotekit.diagnosis")
    graph = import_graph()
    for name, imported in graph.items():
        if name.startswith(("smotekit.samplers", "smotekit.door", "smotekit.neighbors")):
            wrong = sorted(m for m in imported if m.startswith(above))
            assert not wrong, f"{name} imports {wrong}"


def _private_sampler_names() -> set[str]:
    names: set[str] = set()
    for info in pkgutil.iter_modules(smotekit.samplers.__path__):
        module = importlib.import_module(f"smotekit.samplers.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__.startswith("smotekit.samplers"):
                names.update(k for k in vars(cls) if k.startswith("_") and not k.startswith("__"))
        source = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for node in ast.walk(source):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                names.add(node.attr)
    return names


def test_nothing_outside_samplers_touches_a_samplers_private_attribute():
    private = _private_sampler_names()
    assert {"_validate_params", "_prepare"} <= private  # the scan saw the samplers
    offenders = []
    for name, path in _modules().items():
        if name.startswith("smotekit.samplers"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in private:
                offenders.append(f"{name}:{node.lineno} .{node.attr}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "hasattr", "setattr", "delattr")
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value in private
            ):
                offenders.append(f"{name}:{node.lineno} {node.func.id}(.., {node.args[1].value!r})")
    assert offenders == []


def test_every_sampler_parameter_has_a_declared_rule():
    """Parameter checks are declared in one place per class (``_parameters``)."""
    import smotekit

    missing = {}
    for name in smotekit.samplers.__all__:
        cls = getattr(smotekit, name)
        declared = set().union(*(vars(c).get("_parameters", {}) for c in cls.__mro__))
        taken = set(inspect.signature(cls.__init__).parameters) - {"self"}
        if taken - declared:
            missing[name] = sorted(taken - declared)
    assert missing == {}


def test_declared_rules_refuse_with_the_parameter_named():
    import pytest

    from smotekit import SVMSMOTE, InvalidParameterError, KMeansSMOTE, RandomUnderSampler

    cases = [
        (SVMSMOTE(out_step=2), "out_step=2 must be a number between 0 and 1"),
        (SVMSMOTE(svm_estimator="svc"), "svm_estimator='svc' must be None or an object with fit"),
        (KMeansSMOTE(kmeans_estimator=True), "kmeans_estimator=True must be None, an int >= 1"),
        (KMeansSMOTE(density_exponent="x"), "density_exponent='x' must be 'auto' or a number"),
        (RandomUnderSampler(replacement=1), "replacement=1 must be True or False"),
        (RandomUnderSampler(random_state=-1), "random_state=-1"),
    ]
    for sampler, message in cases:
        with pytest.raises(InvalidParameterError, match=message.replace("(", r"\(")):
            sampler.check_params()
