"""Names shared by the launcher and the CLI, kept import-free so that opening the window stays fast."""

GUI_USAGE = "annotator [PATH]   open the window (no PATH: the default workspace with the sample articles)"
COMMANDS = frozenset({"schema", "import", "validate", "info", "dates", "export", "formats", "agree", "migrate", "suggest", "stats"})
