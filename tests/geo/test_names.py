"""geo.names: the Census given-name and surname lists, validated at load, and their build."""

from __future__ import annotations

import importlib.util
import io
import tarfile
from pathlib import Path

import pytest

from eventcoder.errors import ConfigError
from eventcoder.geo.names import person_names, read_names

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_lists_rank_common_names_first() -> None:
    names = person_names()
    assert names.given["james"] == 1 and names.surnames["smith"] == 1
    assert names.given["david"] < names.given["quincy"]
    # a list of names, not of words: neither "the" nor a number is in it
    assert "the" not in names.given and "the" not in names.surnames
    assert len(names.given) > 1000 and len(names.surnames) > 5000


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("given\tjames\t1\nnickname\tjim\t2\n", "expected"),
        ("given\tjames\t1\ngiven\tJohn\t2\nsurname\tsmith\t1\n", "no lower-case name"),
        ("given\tjames\tfirst\nsurname\tsmith\t1\n", "no lower-case name"),
        ("given\tjames\t1\ngiven\tjames\t2\nsurname\tsmith\t1\n", "listed twice"),
        ("# only a comment\ngiven\tjames\t1\n", "no given names or no surnames"),
    ],
)
def test_a_malformed_name_file_raises_a_coded_error(tmp_path, body, reason) -> None:
    p = tmp_path / "names.tsv"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        read_names(p)
    assert err.value.code == "E595"
    assert reason in str(err.value)


def test_a_missing_name_file_raises_a_coded_error(tmp_path) -> None:
    with pytest.raises(ConfigError) as err:
        read_names(tmp_path / "absent.tsv")
    assert err.value.code == "E595"


def _build_module():
    spec = importlib.util.spec_from_file_location(
        "build_name_data", ROOT / "scripts" / "build_name_data.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_build_averages_both_sexes_and_ranks_by_frequency() -> None:
    mod = _build_module()
    buf = io.BytesIO()
    files = {
        "names-0.3.0/names/dist.male.first": "JAMES          3.318  3.318      1\nJORDAN         0.056  3.374      2\n",
        "names-0.3.0/names/dist.female.first": "MARY           2.629  2.629      1\nJORDAN         0.012  2.641      2\n",
        "names-0.3.0/names/dist.all.last": "SMITH          1.006  1.006      1\nJORDAN         0.078  1.084      2\nZYLKA          0.001  1.085      3\n",
    }
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, body in files.items():
            data = body.encode("ascii")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    buf.seek(0)
    with tarfile.open(fileobj=buf) as tar:
        rows = mod.build_rows(tar, 0.03, 0.002)
    # Jordan: (0.056 + 0.012) / 2 = 0.034 of people, above 0.03; a surname under the minimum is left out
    assert rows == [
        ("given", "james", 1),
        ("given", "mary", 2),
        ("given", "jordan", 3),
        ("surname", "smith", 1),
        ("surname", "jordan", 2),
    ]
    with tarfile.open(fileobj=io.BytesIO(buf.getvalue())) as tar:
        assert [r[1] for r in mod.build_rows(tar, 0.04, 0.002) if r[0] == "given"] == [
            "james",
            "mary",
        ]
