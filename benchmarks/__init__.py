"""Performance benchmarks of the dashboard (not tests): ``python -m benchmarks --help``."""
