"""One real-world event, one record: near-duplicate articles, stories and event clusters.

The stages run after coding, over what the store holds (or over records in memory for the
evaluation), one module per job:

* :mod:`.text` — the shared bag-of-words vectors (hashed, so a new run needs no refit)
  and the document frequencies they are weighted by;
* :mod:`.duplicates` — MinHash/LSH near-duplicate articles (``duplicate_of``), used by the
  engine before NLP so a syndicated copy is not coded twice;
* :mod:`.stories` — articles about the same story share a ``story_id`` (average link over
  TF-IDF of words plus names and numbers with a soft time decay, blocked by the connected
  components of a run's similar pairs; stored stories found through an inverted index);
* :mod:`.features` / :mod:`.events` — a learned pairwise model over event pairs inside a
  story and the online average-link clustering that gives ``cluster_id``; :mod:`.semantic`
  gives the model each mention's static word vectors (trigger, sentence, arguments), once
  per mention;
* :mod:`.merge` / :mod:`.contradictions` — the cluster record: merged fields with how many
  independent sources agree, the sources, confidence, and disagreements with who said what;
* :mod:`.batch` — the same ids for a batch in memory (``ingest``/``code --clusters``) and on
  stored records (export, the API's events);
* :mod:`.store` — the tables (``article_links``, ``stories``, ``event_clusters``,
  ``clusters``) and the incremental run (:func:`eventcoder.clusters.store.cluster_store`).
"""

from __future__ import annotations
