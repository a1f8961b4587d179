"""Profile consistency scanner: where a candidate's story does not hold together, with evidence."""

__version__ = "0.1.0"
__all__ = ["__version__"]
