__version__ = "0.1.0"
ENGINE = f"penalty {__version__}"
