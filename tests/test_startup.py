"""What start-up skips must not change what a run computes: the libyaml loader, the cached
language-identification model and the grouped entry points give the same answers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from eventcoder.lang import SAFE_YAML

PKG = Path(__file__).resolve().parents[1] / "src" / "eventcoder"


@pytest.mark.parametrize("path", sorted([*PKG.glob("data/*.yaml"), *PKG.glob("lang/*/*.yaml")]), ids=lambda p: p.name)
def test_libyaml_reads_every_shipped_file_as_pyyaml_does(path):
    text = path.read_text("utf-8")
    assert yaml.load(text, Loader=SAFE_YAML) == yaml.load(text, Loader=yaml.SafeLoader)


def test_cached_language_model_is_the_shipped_one(tmp_path, monkeypatch):
    np = pytest.importorskip("numpy")
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from eventcoder.clean import _cached_identifier

    monkeypatch.setenv("EVENTCODER_CACHE_DIR", str(tmp_path))
    shipped = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for _ in range(2):  # built into the cache, then read from it
        cached = _cached_identifier()
        assert np.array_equal(cached.nb_ptc, shipped.nb_ptc) and np.array_equal(cached.nb_pc, shipped.nb_pc)
        assert cached.tk_nextmove == shipped.tk_nextmove and cached.tk_row == shipped.tk_row
        assert cached.tk_output == shipped.tk_output and cached.nb_classes == shipped.nb_classes
    assert len(list(tmp_path.glob("langid-*/ptc.npy"))) == 1
    texts = [
        "Militants stormed a checkpoint near the provincial capital overnight, officials said.",
        "Les manifestants se sont rassemblés devant le parlement mardi soir.",
        "Die Regierung kündigte am Montag neue Sanktionen an.",
        "Rebels attacked village 12.",
    ]
    for t in texts:
        assert cached.classify(t) == shipped.classify(t)
        assert cached.rank(t) == shipped.rank(t)


def test_grouped_entry_points_are_catalogues_own():
    import catalogue

    from eventcoder.nlp import index_entry_points
    from eventcoder.registry import REGISTRIES

    registries = [*REGISTRIES.values()]
    try:
        import spacy

        registries += [spacy.registry.architectures, spacy.registry.factories, spacy.registry.misc]
    except ImportError:
        pass
    before = {r.entry_point_namespace: [(e.name, e.value) for e in r._get_entry_points()] for r in registries}
    index_entry_points()
    index_entry_points()  # idempotent
    assert isinstance(catalogue.AVAILABLE_ENTRY_POINTS, dict)
    after = {r.entry_point_namespace: [(e.name, e.value) for e in r._get_entry_points()] for r in registries}
    assert after == before
    assert any(before.values())  # spaCy's architectures come from entry points


def test_one_model_however_it_is_asked_for():
    from eventcoder.nlp import load_model

    assert load_model() is load_model(None) is load_model(name=None)


def _prints_ok_in_a_fresh_process(code: str) -> None:
    """Run ``code`` in a new interpreter with this checkout's sources first: what is imported
    at start-up can only be seen in a process that imported nothing yet."""
    import os
    import subprocess
    import sys

    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]


def test_spacy_without_its_command_line_until_asked(tmp_path):
    """In a fresh interpreter: spaCy imports without ``spacy.cli``; ``spacy.info()`` and
    ``import spacy.cli`` still reach the real command line afterwards."""
    code = (
        "import sys\n"
        "from eventcoder.nlp import import_spacy\n"
        "spacy = import_spacy()\n"
        "assert 'spacy.cli' not in sys.modules and 'typer' not in sys.modules, sorted(m for m in sys.modules if 'cli' in m)\n"
        "assert 'spacy_version' in spacy.info()\n"
        "import spacy.cli\n"
        "assert callable(spacy.cli.download) and sys.modules['spacy.cli'] is spacy.cli\n"
        "print('ok')\n"
    )
    _prints_ok_in_a_fresh_process(code)


def test_importing_the_pipeline_leaves_spacys_command_line_out(tmp_path):
    """No module of the package imports spaCy directly at import time (a module-level
    ``from spacy... import`` bypasses ``nlp.import_spacy`` and pulls in typer, requests and
    weasel: a third of a second of every start)."""
    code = (
        "import sys\n"
        "import eventcoder.pipeline, eventcoder.cli, eventcoder.engine\n"
        "assert 'spacy.cli' not in sys.modules and 'typer' not in sys.modules and 'weasel' not in sys.modules\n"
        "print('ok')\n"
    )
    _prints_ok_in_a_fresh_process(code)
