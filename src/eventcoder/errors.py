"""One exception tree with coded messages (in the manner of spaCy's ``errors.py``).

Codes are stable: they are stored in the ``quarantine`` table and counted in the run
report, so a user can grep a million-article run for ``E103`` and know exactly what went
wrong without reading logs. The library raises; only the CLI and the HTTP API turn these
into exit codes or HTTP responses.
"""

from __future__ import annotations


class Errors:
    """Message templates, keyed by code. Formatted with ``str.format``."""

    E001 = "Unknown input format '{fmt}'. Choose one of: {choices}."
    E002 = "Input path does not exist: {path}"
    E003 = "Cannot read {path}: {reason}"
    E004 = "Invalid date '{value}': expected YYYY-MM-DD."
    E005 = "Unknown export target '{target}'. Choose one of: {choices}."
    E006 = "Unknown evaluation set '{name}'. Choose one of: {choices}."
    E007 = "The spaCy model '{model}' is not installed. Install the pinned package (make setup)."
    E008 = "Database {path} has schema version {found}, newer than this eventcoder ({supported})."
    E009 = "Gold data not found at {path}."
    E010 = "Optional dependency {name} is not installed: pip install 'eventcoder[{extra}]'."
    E011 = "Ingest is enabled (--allow-ingest) but no token is set: set the environment variable {env}."
    E014 = "Gold file {path} does not match the frozen split eval/splits/{split}.json (sha256 {found}, split made for {expected}); re-split only on purpose (scripts/make_splits.py --force) and say why."
    E015 = "No frozen split for {path}: --part {part} needs one (known splits: {choices}); use --part all."
    E016 = "Refusing to lower eval floors ({metrics}); pass --allow-lower and say why in the commit message."
    E017 = "Split file {path} was edited: its test ids hash to {found}, it records {expected}; make splits with scripts/make_splits.py only."
    E018 = "Database {path} is being written by {holder}. DuckDB allows one writing process per file: wait for it to finish (eventcoder serve can follow a running run), or write to another --db."
    E019 = "Database {path} is locked by another program ({reason}). Close it, then run the command again."
    E020 = "No space left writing {path} ({reason}). Nothing partial was kept: free some space, then run the same command again; a run resumes where it stopped."
    E021 = "Cannot open database {path}: {reason}"
    E022 = "Cannot write {path}: {reason}"
    E023 = "Permission denied: {path} ({reason})"
    E024 = "Database error on {path}: {reason}"
    E025 = "Unexpected error ({kind}): {reason}. This is a bug in eventcoder; run again with EVENTCODER_DEBUG=1 for the traceback and report it."
    E026 = "Cannot read {path}: {reason}"
    E101 = "Empty input: {path} holds no text."
    E102 = "Binary content: {path} does not look like text ({reason})."
    E103 = "Malformed JSON at {origin}: {reason}"
    E104 = "Record at {origin} has no text field (looked for: {fields})."
    E105 = "CSV {path} has no text column (header: {header})."
    E106 = "No article text found in HTML at {origin}."
    E107 = "Article at {origin} is too large: {size} characters (limit {limit})."
    E108 = "Undecodable text at {origin}: {reason}"
    E109 = "Corrupt archive at {origin}: {reason}"
    E110 = "Malformed CSV row at {origin}: {reason}"
    E111 = "Malformed WARC record at {origin}: {reason}"
    E112 = "Record at {origin} is not a JSON object."
    E113 = "Unexpected error reading {origin}: {reason}"
    E114 = "Decompression refused at {origin}: {reason} (a compression bomb, or raise the limit on purpose)."
    E115 = "Record at {origin} is nested deeper than {limit} levels."
    E116 = "Truncated WARC record at {origin}: {got} of {expected} bytes; not coded as a whole article."
    E117 = "Input at {origin} is larger than {limit} bytes, more than --max-chars {max_chars} characters can take; not read further."
    E118 = "JSON array file {path} is larger than {limit} bytes: a JSON array is read whole; write JSON Lines instead."
    E201 = "Processing failed for article {article_id} ({origin}): {reason}"
    E301 = "Invalid word list {path}: {reason}"
    E302 = "Unknown word concept '{concept}' for language '{lang}' (see src/eventcoder/lang/{lang}/)."
    E303 = "Nothing named '{name}' in the {registry} registry. Registered: {choices}."
    E304 = "Invalid pipeline config {path}: {reason}"
    E305 = "Cannot build component '{component}': {reason}"
    E306 = "Invalid detector model {path}: {reason}"
    E307 = "Invalid PLOVER table {path}: {reason} (docs/codebook.md §4)."
    E310 = "Invalid role model {path}: {reason}"
    E330 = "Invalid mode word list {concept}: {reason} (PLOVER modes per type: docs/codebook.md §4)."
    E340 = "Invalid background model {path}: {reason}"
    E350 = "Invalid speech model {path}: {reason}"
    E351 = "No speech model at {path} (train it with scripts/train_speech.py, or set [components.speech] model = null)."
    E401 = "Invalid event-cluster model {path}: {reason}"
    E402 = "No cluster '{cluster_id}' in this database."
    E501 = "Invalid relevance model {path}: {reason}"
    E502 = "Invalid --workers {value}: expected a whole number of at least 1."
    E503 = "Dask partition {partition} failed after {tries} tries: {reason}"
    E530 = "Invalid [pipeline] entities {value!r}: expected \"all\" (the entity recogniser on every parsed sentence) or \"needed\" (only where a component reads entities)."
    E541 = "Invalid type model {path}: {reason} (retrain with scripts/train_types.py)."
    E542 = "No type model at {path} (train it with scripts/train_types.py, or set [components.retype] model = null)."
    E543 = "Invalid [components.retype] margin {value!r}: expected a probability ratio of at least 1."
    E546 = "Invalid trigger lexicon {path}, entry {entry}: {reason} (format: the header of src/eventcoder/data/triggers.yaml)."
    E547 = "Invalid trigger lexicon {path}, entry {entry}: mode {mode!r} is neither a PLOVER mode of {type} (docs/codebook.md §4) nor a kind declared under 'kinds'."
    E560 = "Invalid [components.roles] blend {blend!r} for model {model!r}: the blend must be a per-candidate role model in data/models and the model a listwise one (docs/actors.md)."
    E561 = "Invalid [components.roles] {key} {value!r}: expected {expected}."
    E562 = "Invalid detector model conjunctions {value}: expected a list of [family, family] pairs of feature-family names (docs/detector.md)."
    E563 = "Invalid genre calibration {path}: {reason} (refit with scripts/genre_calibration.py)."
    E564 = "Invalid [components.corefer] second_account_kinds: unknown kinds of accounts {kinds} (known: {known})."
    E565 = "No coreference model {model!r} in data/models (train it with scripts/train_coref.py, or set [components.corefer] model = null to turn coreference off)."
    E566 = "No coreference cluster model {model!r} in data/models (train it with scripts/train_coref_second.py, or set [components.corefer] second = null)."
    E567 = "Invalid [components.corefer] second_veto: unknown clash reasons {reasons} (known: {known})."
    E568 = "Invalid word list {path}: {concept} has words that are not in {superset}: {words} (a {concept} verb must also frame its object)."
    E570 = "Invalid seats table {path}, line {line}: {reason}."
    E574 = "Invalid [pipeline] truecase {value!r}: expected true or false (whether a Title-Case or ALL-CAPS line is parsed in sentence case, docs/ARCHITECTURE.md)."
    E575 = "Cannot read the local gazetteer layer {path}: {reason} (reinstall kenya-data)."
    E576 = "Invalid {option} {value!r}: expected {expected} (which parsed sentences the entity recogniser runs on; docs/SCALING.md, x26tokens)."
    E578 = "Invalid [components.corefer] second_keeps {value!r}: expected one of {known} (which type and flags a merge of two events of another type or flags keeps)."
    E579 = "No cross-type coreference cluster model {model!r} in data/models (train it with scripts/train_coref_second.py --cross, or set [components.corefer] second_cross = null)."
    E580 = "Invalid detector semantics in {path}: {reason} (retrain with scripts/train_detector.py)."
    E590 = "Invalid word vectors {path}: {reason} (rebuild with scripts/build_vectors.py)."
    E592 = "Invalid telling calibration {path}: {reason} (refit with scripts/telling_calibration.py)."
    E595 = "Invalid person-name list {path}: {reason} (rebuild with scripts/build_name_data.py)."
    E596 = "Database {path} has schema version {found}, older than this eventcoder ({supported}), and could not be upgraded in place: {reason} Open it once with write access (any eventcoder run on it upgrades it, its rows kept)."
    E597 = "Invalid case lexicon {path}, line {line}: {reason} (rebuild with scripts/build_case_lexicon.py)."
    E598 = "Invalid [components.corefer] lead {value!r}: expected one of {known} (which mention of an event carries its fields)."


class EventcoderError(Exception):
    """Root of every error eventcoder raises on purpose."""

    code: str = "E000"
    #: exit code the CLI uses when this error ends a command
    exit_code: int = 1

    def __init__(self, code: str, **kwargs: object) -> None:
        template = getattr(Errors, code)
        self.code = code
        self.params = kwargs
        self.message = template.format(**kwargs)
        super().__init__(f"[{code}] {self.message}")


class UsageError(EventcoderError):
    """The caller asked for something that cannot be done (bad option, missing path)."""

    exit_code = 2


class ConfigError(EventcoderError):
    """The installation or a data file is not usable (missing model, newer schema)."""

    exit_code = 3


class InputError(EventcoderError):
    """One input record cannot be turned into an article. The run quarantines it and goes on."""

    exit_code = 4


class EnvironmentFailure(EventcoderError):
    """The machine refused (lock held, disk full, permission, bad path): nothing is wrong with
    the input or the code; the message says what to do, and the database stays consistent."""

    exit_code = 6


class ProcessingError(EventcoderError):
    """A stage failed on one article. The run quarantines the article and goes on."""

    exit_code = 5
