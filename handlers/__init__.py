"""Chat commands and pure formatters for alerts and round summaries."""
