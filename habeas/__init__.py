"""habeas: monitoring mass-detention crises from many organisations' lists."""

__version__ = "0.1.0"
