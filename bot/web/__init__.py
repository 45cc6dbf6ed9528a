"""The read-only web page: a topic's status, its timeline drawn, its stories and their
Atom feed (server.py serves; pages.py, drawing.py and atom.py are pure formatters)."""
