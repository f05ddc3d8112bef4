"""The rendering layer: one Jinja environment, and one renderer per output format.

A renderer turns a view (what templates see) into :class:`~registry.write.staged.Artifact`
values; nothing here writes files. Adding a format means adding one module
here and one entry in the table of the document it renders.
"""
