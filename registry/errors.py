"""Conditions under which the tool cannot continue (problems in user data are :class:`~registry.problems.Problem`)."""


class RegistryError(Exception):
    """Raised by the library; the CLI prints the message and exits with status 1."""
