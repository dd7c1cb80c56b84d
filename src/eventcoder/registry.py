"""Registries of swappable parts, in the manner of spaCy's ``util.registry``.

Every part the coding path can swap — readers, gazetteers, actor dictionaries, trigger
lexicons, models, pipeline components, evaluation sets — is registered by name in one of
these ``catalogue`` registries. A config (``Pipeline.from_config``) names parts by these
names, so a user swaps a component or a gazetteer by editing a config, and a third-party
package adds one without touching eventcoder through an entry point::

    # pyproject.toml of another package
    [project.entry-points."eventcoder_components"]
    my_places = "my_pkg.places:make_places"

Entry-point groups are ``eventcoder_<registry>`` (``eventcoder_readers``,
``eventcoder_gazetteers``, ``eventcoder_actor_dictionaries``, ``eventcoder_lexicons``,
``eventcoder_models``, ``eventcoder_components``, ``eventcoder_eval_sets``).
"""

from __future__ import annotations

from typing import Any

import catalogue

from .errors import ConfigError

readers = catalogue.create("eventcoder", "readers", entry_points=True)
gazetteers = catalogue.create("eventcoder", "gazetteers", entry_points=True)
actor_dictionaries = catalogue.create("eventcoder", "actor_dictionaries", entry_points=True)
lexicons = catalogue.create("eventcoder", "lexicons", entry_points=True)
models = catalogue.create("eventcoder", "models", entry_points=True)
components = catalogue.create("eventcoder", "components", entry_points=True)
eval_sets = catalogue.create("eventcoder", "eval_sets", entry_points=True)

REGISTRIES: dict[str, catalogue.Registry] = {
    "readers": readers,
    "gazetteers": gazetteers,
    "actor_dictionaries": actor_dictionaries,
    "lexicons": lexicons,
    "models": models,
    "components": components,
    "eval_sets": eval_sets,
}


def resolve(registry: str, name: str) -> Any:
    """The factory registered as ``name`` in ``registry`` (entry points included), or a
    coded ``ConfigError`` naming what is available."""
    if registry not in REGISTRIES:
        raise ConfigError("E303", registry=registry, name=name, choices=", ".join(sorted(REGISTRIES)))
    reg = REGISTRIES[registry]
    try:
        return reg.get(name)
    except catalogue.RegistryError:
        choices = ", ".join(sorted(reg.get_all())) or "(none)"
        raise ConfigError("E303", registry=registry, name=name, choices=choices) from None


__all__ = ["REGISTRIES", "resolve", *REGISTRIES]
