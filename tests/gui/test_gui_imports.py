"""The desk's modules import each other without loops, and screens reach services one way."""

from __future__ import annotations

import ast
from pathlib import Path

import voxprivacy.gui

GUI = Path(voxprivacy.gui.__file__).parent


def _imports(tree: ast.Module, *, inside_functions: bool) -> set[str]:
    """The ``voxprivacy.gui.*`` modules imported when the code runs: at module level, and with
    ``inside_functions`` also those imported on first use; never those imported only for type
    checking."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if not inside_functions and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "voxprivacy.gui":
                found.update(f"voxprivacy.gui.{a.name}" for a in node.names)
            elif node.module.startswith("voxprivacy.gui."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("voxprivacy.gui."))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _modules() -> dict[str, ast.Module]:
    modules: dict[str, ast.Module] = {}
    for path in GUI.rglob("*.py"):
        parts = path.relative_to(GUI).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(("voxprivacy", "gui", *parts))
        modules[name] = ast.parse(path.read_text(encoding="utf-8"))
    return modules


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := walk(target)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := walk(start)) is not None:
            return found
    return None


def test_the_desks_modules_import_each_other_without_a_loop() -> None:
    graph = {name: _imports(tree, inside_functions=False) for name, tree in _modules().items()}
    loop = _cycle(graph)
    assert loop is None, "import loop: " + " -> ".join(loop or [])


def _is_customer_page(module: str) -> bool:
    return module == "voxprivacy.gui.customer" or module.startswith("voxprivacy.gui.customer.")


def test_only_the_main_window_imports_the_customer_page() -> None:
    """The page uses the requests widgets, the dialogs and the kit; none of them reaches back
    into the page, not even on first use (the old loop ran through a deferred import)."""
    importers = sorted(
        name
        for name, tree in _modules().items()
        if not _is_customer_page(name)
        and any(_is_customer_page(m) for m in _imports(tree, inside_functions=True))
    )
    assert importers == ["voxprivacy.gui.main_window"]


def test_only_the_operation_api_checks_whether_a_widget_still_exists() -> None:
    checking = sorted(
        str(path.relative_to(GUI))
        for path in GUI.rglob("*.py")
        if "shiboken6.isValid" in path.read_text(encoding="utf-8")
    )
    assert checking == ["operations.py"]


def test_no_screen_submits_to_the_worker_itself() -> None:
    submitting = sorted(
        str(path.relative_to(GUI))
        for path in GUI.rglob("*.py")
        if ".submit(" in path.read_text(encoding="utf-8")
        and path.name not in ("operations.py", "worker.py")
    )
    assert submitting == []
