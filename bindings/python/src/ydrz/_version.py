"""The package version: the crate version of Cargo.toml (scripts/version.sh).

The wheel build (scripts/package/python.sh) writes this file from Cargo.toml, and `make package-test` fails
when the committed value differs from it.
"""

__version__ = "0.1.0"
