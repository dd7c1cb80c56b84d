"""eventcoder: offline, open event coding of news articles.

The library is the product; the CLI (``eventcoder``) and the HTTP API are thin shells over
it. Start with :class:`eventcoder.pipeline.Pipeline` or :func:`eventcoder.engine.run`.
"""

__version__ = "0.1.0"
