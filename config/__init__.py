"""Settings loading and the seeded topic baselines (data files under config/topics)."""
