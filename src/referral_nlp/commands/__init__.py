"""The ``referral-nlp`` subcommands: one module per group, each a thin shell over the library.

- :mod:`.options`: the flags several commands share, each defined once (parent parsers);
- :mod:`.redaction`: ``redact``, ``redact-eval``;
- :mod:`.data`: ``data-check``, ``synth``, ``prepare``;
- :mod:`.evaluation`: ``int8-check``, ``evaluate``;
- :mod:`.scoring`: ``predict``;
- :mod:`.training`: ``train``;
- :mod:`.cards`: ``card``;
- :mod:`.serving`: ``serve``, ``sign-model``, ``store-model``, ``keys`` (and the BentoML launcher
  that ``serve`` runs);
- :mod:`.storage`: ``db upgrade``;
- :mod:`.engine`: ``--engine ray`` for ``redact`` and ``predict``.

Each group module has ``add_parsers(subparsers)``; :func:`referral_nlp.cli.build_parser` calls
them in the order ``referral-nlp --help`` lists the commands. A handler imports what it needs
when it runs, so building the parser stays cheap.
"""
