"""Run the `penalty` command from a checkout: `python cli.py calc ...` is the same as `penalty calc ...`."""
from penalty.cli.app import main

if __name__ == "__main__":
    main()
