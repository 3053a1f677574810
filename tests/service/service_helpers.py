"""Shared data and helpers for the service tests."""

from __future__ import annotations

NOTE = (
    "Police attended after a DA incident at 12 Elm Road, Leeds LS9 8ZZ. Mum Sarah JONES had a "
    "cut lip. Kayden (DOB 04/07/2016) was present. Dad left before officers arrived."
)
PERSONAL = ("Sarah", "JONES", "Kayden", "04/07/2016", "Elm Road", "LS9 8ZZ")


def auth(keys: dict[str, str], role: str = "reviewer") -> dict[str, str]:
    return {"Authorization": f"Bearer {keys[role]}"}
