"""Benchmarks: each compares talkwatch with the naive way, side by side in one run."""
