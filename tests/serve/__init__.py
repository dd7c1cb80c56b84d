"""Tests of ``eventcoder.serve``, one module per view (mirroring ``serve/views``)."""
