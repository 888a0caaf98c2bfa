"""Domain services: plain functions that change and flush; the caller commits once."""
