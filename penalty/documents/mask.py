"""What a published record may show of a natural person (art. 48 and the personal-information rules): the name
with its middle masked (张*三, 张*), the identity number with all but its first four and last four characters
masked (4401**********1234). An organisation's name and 统一社会信用代码 are public and shown in full."""
from __future__ import annotations

MASK = "*"


def person_name(name: str) -> str:
    name = name.strip()
    if len(name) <= 1:
        return MASK if name else ""
    if len(name) == 2:
        return name[0] + MASK
    return name[0] + MASK * (len(name) - 2) + name[-1]


def identity_number(value: str) -> str:
    """First 4 and last 4 kept, every other character masked (an 18-character number: 10 masked); a shorter
    value keeps less, never more than half of itself."""
    value = value.strip()
    keep = min(4, len(value) // 4)
    if keep == 0:
        return MASK * len(value)
    return value[:keep] + MASK * (len(value) - 2 * keep) + value[-keep:]


def party(facts: dict) -> dict:
    """{name, id} of the party as a publication shows them: masked unless the party is an organisation (a party
    of unknown type is masked: showing too little is never unlawful)."""
    decided = (facts.get("decision") or {}).get("party") or {}
    party_type = decided.get("party_type") or facts.get("party_type")
    name = str(facts.get("party_name") or "")
    pid = str(decided.get("party_id") or facts.get("party_id") or "")
    if party_type == "organisation":
        return {"name": name, "id": pid}
    return {"name": person_name(name), "id": identity_number(pid)}
