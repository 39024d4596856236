"""Benchmarks of the mock: ``python -m benchmarks`` (or ``make bench``) runs them all.

A benchmark is a module of this package with a ``main()`` that prints its figures; add one by
dropping a new module here. ``python -m benchmarks NAME ...`` runs only the modules named.
"""
