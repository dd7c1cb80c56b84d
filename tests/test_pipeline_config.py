"""Building the pipeline from a config: the default order, swapped components (by config and
by a third-party entry point), and coded errors for configs that cannot work."""

from __future__ import annotations

import importlib.metadata
import json
import sys
import textwrap
from pathlib import Path

import catalogue
import pytest
from confection import Config

from eventcoder.cli import main
from eventcoder.errors import ConfigError
from eventcoder.pipeline import Pipeline, load_config, with_component
from eventcoder.registry import components

PROTEST_TEXT = "Hundreds of students protested in the capital on Monday against tuition fees."

DEFAULT_ORDER = ["focus", "triggers", "relevance", "speech", "roles", "modality", "dates", "places", "actors", "intent", "backrefs", "attribution", "retype", "detect", "confidence", "mentions", "corefer", "sides", "modes", "acled", "event_dates"]


def _shared(pipeline: Pipeline, cfg: dict) -> Pipeline:
    r = pipeline.resources
    return Pipeline(config=cfg, nlp=r.nlp, lexicon=r.lexicon, actors=r.actors, geoparser=r.geoparser, acled=r.acled)


def test_the_default_config_builds_every_component_in_order(pipeline: Pipeline) -> None:
    assert pipeline.component_names == DEFAULT_ORDER
    assert all(c.requires is not None and c.assigns for c in pipeline.components)


class _DropAll:
    name = "drop_all"
    requires = ("drafts",)
    assigns = ("drafts",)

    def __call__(self, ctx) -> None:
        ctx.drafts = []


@components.register("test.drop_all")
def _make_drop_all(resources) -> _DropAll:
    return _DropAll()


def test_a_component_added_by_config_changes_the_output(pipeline: Pipeline, tmp_path: Path) -> None:
    assert any(e.type == "PROTEST" for e in pipeline.code_text(PROTEST_TEXT).events)
    cfg = with_component(load_config(), "drop_all", "test.drop_all", after="confidence")
    path = tmp_path / "custom.cfg"
    Config(cfg).to_disk(path)
    custom = Pipeline.from_config(path)
    assert "drop_all" in custom.component_names
    assert custom.code_text(PROTEST_TEXT).events == []


def test_a_third_party_component_from_an_entry_point(pipeline: Pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ec_thirdparty.py").write_text(
        textwrap.dedent(
            """
            class NoProtests:
                name = "no_protests"
                requires = ("drafts", "draft.type")
                assigns = ("drafts",)

                def __call__(self, ctx):
                    ctx.drafts = [d for d in ctx.drafts if d.type != "PROTEST"]

            def make(resources):
                return NoProtests()
            """
        )
    )
    dist = tmp_path / "ec_thirdparty-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: ec-thirdparty\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[eventcoder_components]\nno_protests = ec_thirdparty:make\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(catalogue, "AVAILABLE_ENTRY_POINTS", importlib.metadata.entry_points())
    cfg = with_component(load_config(), "no_protests", "no_protests", after="intent")
    coded = _shared(pipeline, cfg).code_text(PROTEST_TEXT)
    assert not any(e.type == "PROTEST" for e in coded.events)
    sys.modules.pop("ec_thirdparty", None)


def test_a_component_whose_requirements_come_later_is_refused(pipeline: Pipeline) -> None:
    cfg = load_config()
    cfg["pipeline"] = {**cfg["pipeline"], "components": ["triggers", "places", "focus"]}
    with pytest.raises(ConfigError) as err:
        _shared(pipeline, cfg)
    assert err.value.code == "E305" and "places" in str(err.value)


def test_an_unknown_factory_is_a_coded_error(pipeline: Pipeline) -> None:
    cfg = with_component(load_config(), "mystery", "no.such.factory")
    with pytest.raises(ConfigError) as err:
        _shared(pipeline, cfg)
    assert err.value.code == "E305" and "no.such.factory" in str(err.value)


def test_an_unknown_resource_and_a_missing_file_are_coded_errors(tmp_path: Path) -> None:
    cfg = load_config()
    cfg["resources"] = {**cfg["resources"], "lexicon": {"@lexicons": "no.such.lexicon.v1"}}
    with pytest.raises(ConfigError) as err:
        Pipeline(config=cfg)
    assert err.value.code == "E304"
    with pytest.raises(ConfigError) as err:
        Pipeline.from_config(tmp_path / "absent.cfg")
    assert err.value.code == "E304"


def test_the_cli_codes_with_the_given_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "story.txt"
    src.write_text(PROTEST_TEXT + "\n")
    path = tmp_path / "custom.cfg"
    Config(with_component(load_config(), "drop_all", "test.drop_all", after="confidence")).to_disk(path)
    assert main(["code", str(src), "--format", "jsonl"]) == 0
    plain = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.strip()]
    assert any(e["type"] == "PROTEST" for e in plain)
    assert main(["code", str(src), "--format", "jsonl", "--config", str(path)]) == 0
    assert [x for x in capsys.readouterr().out.splitlines() if x.strip()] == []
