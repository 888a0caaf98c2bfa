"""The deadline-rush load benchmark: `python -m bench.load --help` (make bench-load)."""
