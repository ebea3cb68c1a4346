"""`python -m newsbite` runs the command line."""

from newsbite.cli import main

main()
