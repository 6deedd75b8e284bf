"""Search over articles: finding a phrase in one text (find.py); the corpus index will live here too."""
