"""Fails when a Markdown file under the given directories links to a file or heading that is not there.

Usage: python3 check_doc_links.py [--require FILE]... DIR_OR_FILE...

With --require, also fails unless each directory given holds README.md, docs/configuration.md,
docs/protocol.md and each FILE (the docs every package carries, scripts/package/docs.sh).

Every relative link target of every ``*.md`` file (inline links ``[text](target)`` and ``<a href>``, outside
code blocks and code spans) must exist relative to the file, and a ``#fragment`` into a Markdown file (or the
file itself) must be one of its headings' anchors as GitHub makes them. Links with a scheme (https:, mailto:)
are not followed. Used on the repository's docs (make docs-test) and on each package's unpacked contents (the
package builds and their consumer tests), so a shipped document never points at a file the user does not have.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

FENCE = re.compile(r"^\s*(```|~~~)")
LINK = re.compile(r"(?<!!)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|<a\s+href=\"([^\"]+)\"")
IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?")
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")


def prose_lines(text: str) -> list[tuple[int, str]]:
    """The lines outside fenced code blocks, with their numbers, code spans removed."""
    lines, fenced = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append((number, CODE_SPAN.sub("", line)))
    return lines


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, markup and punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = re.sub(r"[`*_]|<[^>]+>", "", text).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    counts: dict[str, int] = {}
    for _, line in prose_lines(path.read_text(encoding="utf-8")):
        match = HEADING.match(line)
        if match:
            base = slug(match.group(1))
            n = counts.get(base, 0)
            counts[base] = n + 1
            found.add(base if n == 0 else f"{base}-{n}")
    found.update(re.findall(r"<a\s+(?:name|id)=\"([^\"]+)\"", path.read_text(encoding="utf-8")))
    return found


def broken_links(md: Path) -> list[str]:
    problems = []
    for number, line in prose_lines(md.read_text(encoding="utf-8")):
        for match in list(LINK.finditer(line)) + list(IMAGE.finditer(line)):
            target = next(g for g in match.groups() if g is not None)
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
                continue
            file_part, _, fragment = target.partition("#")
            linked = (md.parent / file_part).resolve() if file_part else md.resolve()
            where = f"{md}:{number}: {target}"
            if not linked.exists():
                problems.append(f"{where}: no such file")
            elif fragment and linked.suffix == ".md" and fragment not in anchors(linked):
                problems.append(f"{where}: no heading #{fragment} in {linked.name}")
    return problems


PACKAGE_DOCS = ("README.md", "docs/configuration.md", "docs/protocol.md")


def main(args: list[str]) -> None:
    required: list[str] = []
    paths: list[str] = []
    while args:
        arg = args.pop(0)
        if arg == "--require" and args:
            required.append(args.pop(0))
        else:
            paths.append(arg)
    missing = [f"{p}/{doc}" for p in paths if required for doc in (*PACKAGE_DOCS, *required)
               if not (Path(p) / doc).is_file()]
    if missing:
        sys.exit(f"check_doc_links: missing {', '.join(missing)}")
    files: list[Path] = []
    for arg in paths:
        path = Path(arg)
        if path.is_dir():  # a package's own docs, not those of what is installed below it
            files.extend(f for f in sorted(path.rglob("*.md"))
                         if not {"node_modules", "vendor"} & set(f.relative_to(path).parts))
        else:
            files.append(path)
    problems = [p for f in files for p in broken_links(f)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        sys.exit(f"check_doc_links: {len(problems)} broken link(s) in {len(files)} file(s)")
    print(f"check_doc_links: {len(files)} file(s), every link resolves")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
