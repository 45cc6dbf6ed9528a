"""Chat transports: each one delivers outbox messages to one kind of chat."""
