"""Benchmarks: `make bench` (python -m bench) runs every bench_*.py module; figures go to RESULTS.md."""
