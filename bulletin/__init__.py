"""bulletin: bilingual news bulletins from Bulgarian articles."""

__version__ = "0.1.0"
