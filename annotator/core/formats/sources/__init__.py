"""Article sources: corpora and news-database exports that hold many articles (texts, no annotations).

Each module reads one layout into ``ParsedDocument``s with their metadata; the format
registry lists them beside the annotation formats, and ``exchange`` adds them to a project.
"""
