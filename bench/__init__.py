"""Benchmarks: `make bench` runs every bench_*.py module; figures go to RESULTS.md."""
