"""The command line: argparse, one module per command family. Talks to store, importers and exporters."""
