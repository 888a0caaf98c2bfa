"""Rank snapshots: a round's board built once, staged, swapped in, partitioned on PostgreSQL."""
