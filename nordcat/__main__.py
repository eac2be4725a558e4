"""`python -m nordcat`: the same command as the `nordcat` console script."""
from nordcat.cli import main

main()
