"""The ground floor: helpers every app may use, importing nothing of the project's own.

history (the shape of a history row), ratelimit, spreadsheets (CSV/XLSX exports),
env (settings from the environment), versions (content and live-data versions for
caches) and errors (the refusal that carries a message for the person).
"""
