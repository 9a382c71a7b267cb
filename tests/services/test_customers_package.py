"""The customers package re-exports every public name of its modules, and its services
are all registered with the gate under the module that defines them."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil

from voxprivacy import errors
from voxprivacy.domain import fields
from voxprivacy.services import customers
from voxprivacy.services.guard import REGISTRY

MODULES = ("duplicates", "edit", "impact", "lifecycle", "lookup", "search", "show", "views")


def _public_names(module_name: str) -> dict[str, object]:
    """The public names a module defines itself (not those it imports)."""
    module = importlib.import_module(f"voxprivacy.services.customers.{module_name}")
    names: list[str] = []
    for node in ast.parse(inspect.getsource(module)).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
    return {name: getattr(module, name) for name in names if not name.startswith("_")}


def test_the_package_has_the_modules_named_in_its_docstring() -> None:
    found = {m.name for m in pkgutil.iter_modules(customers.__path__)}
    assert found == set(MODULES)
    assert customers.__doc__ is not None
    for name in MODULES:
        assert f"``{name}``" in customers.__doc__


def test_every_public_name_of_every_module_is_exported_by_the_package() -> None:
    defined: dict[str, object] = {}
    for module in MODULES:
        for name, value in _public_names(module).items():
            assert name not in defined, f"{name} is defined in two modules"
            defined[name] = value
    # defined lower down (the command line's parser reads them without the services)
    # and kept here under their old names
    moved = {
        "ADDRESS_PARTS": fields.ADDRESS_PARTS,
        "EDITABLE_FIELDS": fields.EDITABLE_FIELDS,
        "EditableField": fields.EditableField,
        "InvalidFields": errors.InvalidFields,
    }
    assert sorted(customers.__all__) == sorted({**defined, **moved})
    for name, value in {**defined, **moved}.items():
        assert getattr(customers, name) is value


def test_every_customer_service_is_registered_and_exported() -> None:
    registered = {
        name.rsplit(".", 1)[1]: info
        for name, info in REGISTRY.items()
        if name.startswith("voxprivacy.services.customers.")
    }
    assert sorted(registered) == [
        "create_customer",
        "edit_customer",
        "edit_impact",
        "find_duplicates",
        "list_interactions",
        "reactivate_account",
        "record_interaction",
        "run_due_terminations",
        "search_customers",
        "show_customer",
        "terminate_account",
        "termination_impact",
    ]
    for name, info in registered.items():
        assert getattr(customers, name) is info.function
        assert info.name == f"{info.function.__module__}.{name}"
