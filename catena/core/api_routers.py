"""The list of app routers mounted under /api/v1/ (kept apart so apps stay independent)."""

from __future__ import annotations

from importlib import import_module

from ninja import NinjaAPI

ROUTERS = [
    ("parties", "catena.parties.api"),
    ("relationships", "catena.parties.api_relationships"),
    ("products", "catena.catalog.api"),
    ("interactions", "catena.comms.api"),
]


def mount_routers(api: NinjaAPI) -> None:
    for prefix, module_path in ROUTERS:
        try:
            module = import_module(module_path)
        except ModuleNotFoundError as exc:
            if exc.name == module_path:
                continue
            raise
        api.add_router(f"/{prefix}/", module.router)
