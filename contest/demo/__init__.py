"""The demo contest shipped with the platform (seed-demo)."""
