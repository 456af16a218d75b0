#!/bin/sh
# Prints the package version, whose one source is Cargo.toml's [package] version.
set -eu
cd "$(dirname "$0")/.."
sed -n '/^\[package\]/,/^\[/s/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml | head -n 1
