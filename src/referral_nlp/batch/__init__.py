"""Batch redaction and scoring of a whole archive on a distributed engine (Ray Data).

- :mod:`.frames`: the per-batch work as plain functions over a pandas DataFrame (the same code
  runs in a Ray actor, in Spark's ``mapInPandas`` or in a loop);
- :mod:`.shards`: the input (a file or a directory of shards), checked and cut into tasks;
- :mod:`.output`: the output, a directory of parts written atomically;
- :mod:`.ray_runner`: the Ray job.

``referral-nlp redact --engine ray`` and ``predict --engine ray`` run it through
:mod:`referral_nlp.commands.engine`.
"""
