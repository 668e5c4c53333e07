"""CliError: a command-line mistake, told to the user as one sentence (planreview.cli.main prints it and exits 1)."""


class CliError(Exception):
    """A command-line mistake explained in one sentence."""
