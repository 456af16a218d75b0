"""make docs-test: the documentation as a user reads it.

1. Links: every relative link of the repository's Markdown (README.md, docs/, bindings/*/README.md, CHANGELOG.md,
   SECURITY.md) leads to a file and heading that exist (check_doc_links.py; each package build checks its own
   copy the same way).
2. Snippets: every fenced code block whose info string holds the word ``runnable`` (```` ```sh runnable ````,
   ```` ```python runnable ````) is run. The blocks of one document run in order, in one fresh directory outside
   the repository whose ``dist/`` holds the release packages (a symbolic link to the repository's dist/), with
   no environment variable pointing at the build, as one bash script, so a block sees what the blocks before it
   installed. ``sh`` blocks are run as they are; a block of another language is written to a file and run:
   python with ``python`` (the first of ./venv/bin or PATH), js with ``node`` (as an ES module), php with
   ``php``, go in its own directory of the document's Go module (``go test`` when it declares a ``func Test``,
   else ``go run``). ./venv/bin, ./node_modules/.bin and ./vendor/bin come first on PATH, so the commands a
   package installs are found as a user's shell would after activating them. A block that fails fails the
   document, which fails the test.

Usage: python3 scripts/package/docs_test.py [DOC.md...]   (after make dist; default: every document)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCS = ["README.md", *sorted(str(p.relative_to(REPO)) for p in (REPO / "bindings").glob("*/README.md")), "docs"]
FENCE = re.compile(r"^```(\S*)([^\n]*)\n(.*?)^```\s*$", re.M | re.S)
BUILD_ENV = re.compile(r"^(YDRZ_|CGO_|GO|PYTHON|VIRTUAL_ENV|JAVA_TOOL_OPTIONS|MAVEN_|CLASSPATH|LD_LIBRARY_PATH|NODE_PATH|COMPOSER)")
EXTENSIONS = {"python": "py", "js": "mjs", "php": "php", "go": "go"}
TIMEOUT = 900


def runnable_blocks(doc: Path) -> list[tuple[str, str, int]]:
    """(language, code, line) of each block marked runnable, in order."""
    text = doc.read_text(encoding="utf-8")
    blocks = []
    for match in FENCE.finditer(text):
        language, rest, code = match.group(1), match.group(2), match.group(3)
        if "runnable" in rest.split():
            blocks.append((language, code, text.count("\n", 0, match.start()) + 1))
    return blocks


def script_for(doc: Path, blocks: list[tuple[str, str, int]], snippets: Path) -> str:
    """One bash script running the blocks in order; other languages' code is written to files under
    ``snippets`` (outside the working directory, so that it does not join a Go module or a Composer project)."""
    lines = ["set -euo pipefail", 'export PATH="$PWD/venv/bin:$PWD/node_modules/.bin:$PWD/vendor/bin:$PATH"']
    for n, (language, code, line) in enumerate(blocks, 1):
        where = f"{doc.relative_to(REPO)}:{line}"
        lines.append(f"echo '--- {where} ({language})'")
        if language in ("sh", "bash", "shell", "console"):
            lines.append(code)
        elif language in EXTENSIONS:
            if language == "go":
                directory = f"snippet{n}"
                name = "snippet_test.go" if re.search(r"^func Test", code, re.M) else "main.go"
                lines.append(f"mkdir -p {directory}")
                (snippets / f"{n}.{EXTENSIONS[language]}").write_text(code, encoding="utf-8")
                lines.append(f"cp {snippets / f'{n}.go'} {directory}/{name}")
                lines.append(f"go {'test -count=1' if name.endswith('_test.go') else 'run'} ./{directory}")
            else:
                path = snippets / f"{n}.{EXTENSIONS[language]}"
                path.write_text(code, encoding="utf-8")
                if language == "js":  # an ES module resolves packages from its own directory: run it from here
                    local = f"snippet{n}.mjs"
                    lines.append(f"cp {path} {local}")
                    lines.append(f"node {local}")
                else:
                    runner = {"python": "python", "php": "php"}[language]
                    lines.append(f"{runner} {path}")
        else:
            raise SystemExit(f"{where}: a runnable block in '{language}', which docs_test.py cannot run")
    return "\n".join(lines) + "\n"


def run_doc(doc: Path) -> bool:
    blocks = runnable_blocks(doc)
    if not blocks:
        return True
    home = Path(tempfile.mkdtemp(prefix="ydrz-docs-test."))
    assert REPO not in home.parents
    try:
        work, snippets = home / "work", home / "snippets"
        work.mkdir()
        snippets.mkdir()
        (work / "dist").symlink_to(REPO / "dist")
        env = {k: v for k, v in os.environ.items() if not BUILD_ENV.match(k)}
        env.update(COMPOSER_HOME=str(home / "composer"), COMPOSER_ALLOW_SUPERUSER="1",
                   GOMODCACHE=str(home / "gomodcache"), GOTOOLCHAIN="local", npm_config_cache=str(home / "npm"))
        done = subprocess.run(["bash", "-c", script_for(doc, blocks, snippets)], cwd=work, env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT)
        ok = done.returncode == 0
        print(f"{'ok  ' if ok else 'FAIL'} {doc.relative_to(REPO)}: {len(blocks)} runnable block(s)", flush=True)
        if not ok:
            print(done.stdout[-6000:], done.stderr[-6000:], sep="\n", file=sys.stderr)
        return ok
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main(args: list[str]) -> None:
    targets = args or DOCS
    subprocess.run([sys.executable, REPO / "scripts/package/check_doc_links.py", *[REPO / t for t in targets],
                    REPO / "CHANGELOG.md", REPO / "SECURITY.md"], check=True)
    if not (REPO / "dist").is_dir():
        sys.exit("docs-test: no dist/: run make dist first")
    docs: list[Path] = []
    for target in targets:
        path = REPO / target
        docs.extend(sorted(path.rglob("*.md")) if path.is_dir() else [path])
    failed = [d for d in docs if not run_doc(d)]
    total = sum(len(runnable_blocks(d)) for d in docs)
    if failed:
        sys.exit(f"docs-test: {len(failed)} document(s) with a failing snippet: {', '.join(map(str, failed))}")
    print(f"docs-test: {total} runnable block(s) in {len(docs)} document(s) ran against dist/")


if __name__ == "__main__":
    main(sys.argv[1:])
