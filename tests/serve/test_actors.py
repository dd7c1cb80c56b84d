"""``/api/actors`` and the actor filter: canonical actors and aliases, never a substring."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .helpers import all_events, cgtn


def _involves(e: dict, name: str, role: str = "either") -> bool:
    roles = ("source", "target") if role == "either" else (role,)
    return any((e.get(f"{r}_actor") or {}).get("name") == name for r in roles)


def test_isil_finds_the_islamic_states_events_in_the_cgtn_sample(client: TestClient) -> None:
    art = cgtn(client)
    by_name = all_events(client, actor="Islamic State")
    assert by_name and all(_involves(e, "Islamic State") for e in by_name)
    assert any(e["article_id"] == art["id"] for e in by_name)
    ids = {e["event_id"] for e in by_name}
    # the dictionary's aliases, whatever the case of a long one
    for alias in ("ISIL", "Daesh", "Isis", "isil", "IS"):
        assert {e["event_id"] for e in all_events(client, actor=alias)} == ids, alias


def test_short_acronyms_never_match_inside_other_names(client: TestClient) -> None:
    hits = all_events(client, actor="IS")
    names = {
        (e.get(r) or {}).get("name") for e in hits for r in ("source_actor", "target_actor")
    }
    assert not any(n and ("Israel" in n or "Kurdistan" in n) for n in names), names
    # lower-case "is" is a word, not an acronym: no actor
    assert all_events(client, actor="is") == []
    # the old substring filter would have found "Islamic State" in "Isl"
    assert all_events(client, actor="Isl") == []


def test_role_choice(client: TestClient) -> None:
    either = all_events(client, actor="ISIL")
    src = all_events(client, actor="ISIL", actor_role="source")
    tgt = all_events(client, actor="ISIL", actor_role="target")
    assert src and tgt
    assert all(_involves(e, "Islamic State", "source") for e in src)
    assert all(_involves(e, "Islamic State", "target") for e in tgt)
    assert {e["event_id"] for e in src} | {e["event_id"] for e in tgt} == {
        e["event_id"] for e in either
    }
    assert client.get("/api/events", params={"actor": "ISIL", "actor_role": "x"}).status_code == 422


def test_a_surface_text_and_a_word_of_a_name_match(client: TestClient) -> None:
    # "Syrian army" is how the CGTN article names the Military Forces of Syria
    army = all_events(client, actor="syrian army")
    assert army and all(_involves(e, "Military Forces of Syria") for e in army)
    # no dictionary alias, no text: a whole word of a canonical name ("Syrian Democratic Forces";
    # "Forces" itself is now also the surface text of an unnamed side, which wins)
    named = all_events(client, actor="Democratic")
    assert named and all(
        any("democratic" in ((e.get(r) or {}).get("name") or "").lower().split() for r in ("source_actor", "target_actor"))
        for e in named
    )
    assert all_events(client, actor="Zorblax Brigade") == []


def test_actor_list_with_aliases_and_counts(client: TestClient) -> None:
    body = client.get("/api/actors", params={"limit": 500}).json()
    assert body["ok"] and body["total"] == len(body["items"]) > 3
    isl = next(a for a in body["items"] if a["name"] == "Islamic State")
    assert {"ISIL", "Daesh"} <= set(isl["aliases"])
    assert isl["as_source"] == len(all_events(client, actor="Islamic State", actor_role="source"))
    assert isl["as_target"] == len(
        all_events(client, actor="Islamic State", actor_role="target", include_negated=True, include_hypothetical=True)
    ) or isl["as_target"] >= len(all_events(client, actor="Islamic State", actor_role="target"))
    counts = [a["count"] for a in body["items"]]
    assert counts == sorted(counts, reverse=True)
    picked = client.get("/api/actors", params={"q": "ISIL"}).json()
    assert picked["resolved"] == ["Islamic State"] and picked["items"][0]["name"] == "Islamic State"
    pre = client.get("/api/actors", params={"q": "tali"}).json()
    assert any(a["name"] == "Taliban" for a in pre["items"]) and pre["resolved"] == []


def test_cli_actors_lists_what_the_api_lists(sample_db: str, client: TestClient, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from eventcoder.cli import main

    assert main(["actors", "--db", sample_db, "-q", "ISIL", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["name"] == "Islamic State" and "Daesh" in rows[0]["aliases"]
    api = client.get("/api/actors", params={"q": "ISIL"}).json()["items"][0]
    assert rows[0] == api
    assert main(["actors", "--db", sample_db + ".missing"]) == 2

