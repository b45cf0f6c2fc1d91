"""Changes the bot refuses at plan time, before any card: pure checks that raise ``Guarded``.

- removing, deactivating or demoting the Toggl user whose token the bot uses
  (every admin command would fail afterwards);
- leaving a workspace without an active admin;
- amounts above ``TOGGLBOT_MAX_AMOUNT``;
- amounts given in a currency other than the workspace's (``85 USD`` in a EUR workspace).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

from bot.messages.format import money, person_name
from workers.errors import Guarded, WrongCurrency


def check_amount(what: str, amount: Any, limit: Decimal, currency: str | None) -> None:
    """Refuse an amount above the configured limit."""
    if amount is not None and Decimal(str(amount)) > limit:
        raise Guarded(f"{what} {money(amount, currency)} is above this bot's limit of {money(limit, currency)}; "
                      "ask the bot's operator if such amounts are meant to be allowed.")


def check_currency(given: str | None, workspace_currency: str | None) -> None:
    """Refuse amounts typed with a currency code (``85 USD``) that is not the one the workspace counts in;
    Toggl keeps every amount in the workspace's currency, so the number would mean another sum."""
    if given and workspace_currency and given.upper() != workspace_currency.upper():
        raise WrongCurrency(given.upper(), workspace_currency.upper())


def check_keeps_admin_rights(people: Iterable[dict[str, Any]], service_user_id: int | None,
                             everyone: list[dict[str, Any]], verb: str) -> None:
    """Refuse to take admin rights (by removing, deactivating or demoting) from the bot's own
    Toggl user, or from the workspace's last active admins."""
    losing = list(people)
    for person in losing:
        if service_user_id is not None and int(person.get("uid") or 0) == service_user_id:
            raise Guarded(f"{person_name(person)} is the Toggl user whose API token this bot uses; "
                          f"if they were {verb}, every admin command would fail. Give the bot another "
                          "admin's token first.")
    losing_ids = {int(p["id"]) for p in losing}
    admins = [p for p in everyone if is_active_admin(p)]
    if admins and all(int(p["id"]) in losing_ids for p in admins):
        names = ", ".join(person_name(p) for p in admins)
        raise Guarded(f"that would leave the workspace without an active admin ({names} "
                      f"{'is' if len(admins) == 1 else 'are'} the last). Make someone else an admin first.")


def is_active_admin(person: dict[str, Any]) -> bool:
    """An admin of the workspace who is not deactivated."""
    return person.get("role") == "admin" and not person.get("inactive") and person.get("active", True) is not False
