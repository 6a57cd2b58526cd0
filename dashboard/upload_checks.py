"""What an accepted upload changes beyond its own rows, said in the upload report: revisions
that move their item's money to another region, and added rows that repeat bundled figures.
Pure (pandas, ``ledger``)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard import ledger
from dashboard.rules import name_key


def moved_revisions(frame: pd.DataFrame, ids: Sequence[str]) -> list[tuple[str, str, str, str, str]]:
    """The rows of ``ids`` that a total adds in place of their item (``ledger.resolve``'s counted
    revisions) in another region or country than the item's own row, as (id, the item's region
    and country, the revision's). An uploaded revision of Stargate placed in Asia moved $500bn out
    of North America without a word (QA pass 2); a cancelled, superseded or component's revision
    moves nothing, so it is not listed (review).

    >>> frame = pd.DataFrame({"id": ["a", "a-2", "a-3"], "parent_id": ["", "a", "a"],
    ...     "role": ["headline", "revision", "revision"], "region": ["Europe", "Asia", "Europe"],
    ...     "country": ["FR", "JP", "FR"], "announced": ["2025-01", "2025-02", "2025-03"],
    ...     "amount_low": 1.0, "amount_high": 1.0, "status": "announced", "name": "A", "name_de": "",
    ...     "actor": "A", "actor_type": "public", "scope": "ai-programme", "period_start": "", "period_end": ""})
    >>> moved_revisions(frame, ["a-2", "a-3"])  # a-3 is the later one, in the item's place
    []
    >>> moved_revisions(frame.iloc[:2], ["a-2"])
    [('a-2', 'Europe', 'FR', 'Asia', 'JP')]
    """
    resolved = ledger.resolve(frame)
    counted = resolved[resolved["counts_in_total"] & resolved["role"].eq("revision") & resolved["id"].isin(ids)]
    item = resolved.drop_duplicates("id").set_index("id").loc[counted["item_id"], ["region", "country"]]
    rows = zip(counted["id"], item["region"], item["country"], counted["region"], counted["country"])
    return [(str(i), str(r0), str(c0), str(r1), str(c1)) for i, r0, c0, r1, c1 in rows if (r0, c0) != (r1, c1)]


def likely_copies(frame: pd.DataFrame, added: int) -> list[tuple[str, str]]:
    """(added id, bundled item id) for each added headline with an amount (the first ``added``
    rows) that repeats a bundled figure a total counts (a headline, a revision or a part, named by
    its item, ``ledger.item_ids``): the same name (either language on either side, any case), or
    the same source, amount and currency. Both count as items, so the money is counted twice: a
    copy of InvestAI under a new id added €200B without a word (QA pass 11; the upload template's
    example row is InvestAI). Context rows and running totals are never added, so they are not
    compared.

    >>> frame = pd.DataFrame({"id": ["x", "y", "z", "w", "a", "b", "b-2", "c"],
    ...     "parent_id": ["", "", "", "", "", "", "b", ""],
    ...     "role": ["headline"] * 6 + ["revision", "context"],
    ...     "name": ["Invest\u200bAI ", "Other", "New", "C deal", "InvestAI", "B", "B raised", "C deal"],
    ...     "name_de": ["", "", "B-Erhöhung", "", "", "", "b-erhöhung", ""],
    ...     "source_url": ["u1", "u2", "u3", "u4", "u0", "u2", "u5", "u6"],
    ...     "amount_high": [1.0, 5.0, 6.0, 7.0, 1.0, 5.0, 8.0, 7.0], "currency": "EUR"})
    >>> likely_copies(frame, 4)  # z repeats b's revision (by its German name); w only a context row
    [('x', 'a'), ('y', 'b'), ('z', 'b')]
    >>> likely_copies(frame.assign(amount_high=[None] + [1.0] * 7), 1)  # no amount: adds nothing
    []
    """
    item_of = dict(zip(frame["id"], ledger.item_ids(frame)))
    new, old = frame.iloc[:added], frame.iloc[added:]
    new = new[new["role"].eq("headline") & new["amount_high"].notna()]
    old = old[old["role"].isin(["headline", "revision", "component"])]
    if new.empty or old.empty:
        return []
    bundled: dict[str, str] = {}
    for column in ("name", "name_de"):
        names = name_key(old[column])
        bundled |= dict(zip(names[names != ""], old["id"][names != ""]))
    found = dict.fromkeys(
        (str(row_id), str(item_of[bundled[name]]))
        for column in ("name", "name_de")
        for row_id, name in zip(new["id"], name_key(new[column]))
        if name in bundled
    )
    keys = ["source_url", "amount_high", "currency"]
    same = new[["id", *keys]].merge(
        old[["id", *keys]].dropna(subset=["amount_high"]), on=keys, suffixes=("", "_bundled")
    )
    found.update(dict.fromkeys((str(a), str(item_of[b])) for a, b in zip(same["id"], same["id_bundled"])))
    return sorted(found)
