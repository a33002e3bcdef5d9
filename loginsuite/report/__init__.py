"""The run's report: pytest-html extended through its hooks, fed by the walks' stash records.

One concern per module: ``plugin`` (options, the hooks where tests run), ``collector`` (the
hooks where the report is written), ``records`` (what a test hands the report, across
xdist), ``header`` (run metadata), ``matrix`` (coverage matrix), ``shots`` (numbered screenshots),
``revisions`` (proposed manual changes), ``results_json`` (machine-readable results), ``markup``.
"""
