"""Writing outputs so that a reader never sees half of a change."""
