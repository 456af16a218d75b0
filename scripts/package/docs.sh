# Sourced by the package builds (scripts/package/*.sh, bindings/node/dist.sh, bindings/php/dist.sh): the
# documentation every package carries, in one layout wherever the package puts it:
#   README.md                 the binding's README (or the repository's, for the C tarball)
#   docs/configuration.md     the client configuration reference, generated from the parser (tests/config_reference.rs)
#   docs/protocol.md          the protocol reference
#   docs/bindings.md          how each language maps the C ABI (statuses, NULL, text, handles, ownership)
#   examples/...              the examples named
# A binding README links into the repository as ../../docs/... and ../../examples/...; the copy links to the
# same files inside the package. scripts/package/check_doc_links.py fails on any link that leads nowhere.

docs_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# stage_docs DEST README [EXAMPLE...]: EXAMPLE is a path under examples/ (a file or a directory).
stage_docs() {
    local dest=$1 readme=$2
    shift 2
    mkdir -p "$dest/docs" "$dest/examples"
    sed -e 's|](\.\./\.\./docs/|](docs/|g' -e 's|](\.\./\.\./examples/|](examples/|g' "$readme" >"$dest/README.md"
    cp "$docs_repo/docs/configuration.md" "$docs_repo/docs/protocol.md" "$docs_repo/docs/bindings.md" "$dest/docs/"
    local example
    for example in "$@"; do
        cp -r "$docs_repo/examples/$example" "$dest/examples/"
    done
    python3 "$docs_repo/scripts/package/check_doc_links.py" "$dest"
}
