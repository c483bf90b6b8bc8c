"""The package version, written once: `pipeline.__version__`, the built pipeline's meta.json
and the wheel's metadata (`pyproject.toml` reads it from here) all give this."""

__version__ = "0.1.0"
