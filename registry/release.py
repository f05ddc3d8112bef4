"""The tool's release number, in a module of its own so that any stage can name it without importing the package's API."""

__version__ = "0.1.0"
