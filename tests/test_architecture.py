"""The shape of skill/, checked from its source with ``ast`` (nothing is imported to check it).

No import circle: a module can be read (and tested) with only what it imports below it. The coach
(``skill.coach``, ``skill.question``) reaches no ASK SDK module, even through other modules, so
its rules run without an Alexa envelope. ``Turn``, the adapter between the SDK and the coach, stays
small: rules that grow belong in the coach.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

SKILL = Path(__file__).resolve().parent.parent / "skill"
TURN_MAX_LINES = 150


def module_name(path: Path) -> str:
    parts = path.relative_to(SKILL.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(SKILL.rglob("*.py"))}


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports: at the top, inside a function, or for types only (a circle of
    type hints is still two modules that each need the other to be read)."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*package.split(".")[: len(package.split(".")) - node.level + 1], base]
                ).strip(".")
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # "from skill import ssml"
        pending.extend(ast.iter_child_nodes(node))
    return found


def graph() -> dict[str, set[str]]:
    """Each skill module and the skill modules it imports (a name imported from a module is not one)."""
    return {
        name: {other for other in imported(path) if other in MODULES} - {name}
        for name, path in MODULES.items()
    }


def test_the_graph_sees_the_imports_it_should() -> None:
    edges = graph()
    assert "skill.coach.state" in edges["skill.coach.coaching"]
    assert "skill.ssml" in edges["skill.coach.coaching"]  # "from skill import ssml"
    assert "skill.session" in edges["skill.handlers.base"]


def test_no_import_circle_in_skill() -> None:
    try:
        order = list(TopologicalSorter(graph()).static_order())
    except CycleError as error:
        raise AssertionError(f"import circle: {' -> '.join(error.args[1])}") from None
    assert set(order) == set(MODULES)


def test_the_coach_reaches_no_ask_sdk_module() -> None:
    edges = graph()
    core = [name for name in MODULES if name.startswith("skill.coach") or name == "skill.question"]
    reached, pending = set(core), list(core)
    while pending:
        for other in edges[pending.pop()] - reached:
            reached.add(other)
            pending.append(other)
    sdk = {
        name: sorted(module for module in imported(MODULES[name]) if module.startswith("ask_sdk"))
        for name in reached
    }
    assert {name: modules for name, modules in sdk.items() if modules} == {}
    assert "skill.session" not in reached and "skill.display" not in reached


def test_turn_is_a_thin_adapter() -> None:
    tree = ast.parse((SKILL / "session.py").read_text(encoding="utf-8"))
    turn = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Turn")
    assert turn.end_lineno is not None
    lines = turn.end_lineno - turn.lineno + 1
    assert lines < TURN_MAX_LINES, f"Turn is {lines} lines; rules belong in skill.coach"
