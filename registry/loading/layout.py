"""Where a register keeps its files: named once, for the reader and for what tells them unchanged without
reading them (:mod:`.verdict`), which need not import the YAML reader to know the names."""

SETTINGS_FILE = "registry.yaml"
ACTIVITIES_DIR = "activities"
ACTIVITY_SUFFIXES = (".yaml", ".yml")
