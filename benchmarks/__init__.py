"""Benchmarks at national scale: the synthetic corpus, the page benchmark, the load test.

See docs/PERFORMANCE.md for how to run them and what they measured.
"""
