#!/usr/bin/env python3
"""make bench-concurrency: N validations at once in every binding, beside the language's own HTTP client.

Starts one `ydrz sandbox` (its info JSON in a temporary file), then runs each binding's bench program
(benches/concurrency/<lang>/) against it. Every program takes
    --info FILE --n 100,500 --rounds 3 --delay-ms 200
and, for each N and each variant ("ydrz": N one-click validations at once the language's usual way;
"baseline": the same N POSTs to the sandbox with the language's own HTTP client, the same way), runs one
warm-up round and then --rounds rounds, printing one JSON line with the median round:
    {"binding","variant":"ydrz"|"baseline","n","seconds","peak_threads","peak_rss_kb"}
Other output lines are passed through to stderr. Before each round the program issues N tokens and queues
N answer delays of --delay-ms through the sandbox's control API, so a round can take no less than the delay:
the limit is N / delay validations per second.

This driver prints the Markdown table (validations/s, ratio to the limit, ratio to the baseline, peak OS
threads, peak RSS) and writes it to target/bench-concurrency.md. --smoke runs N=5, one round, no delay,
and checks only that every program reports every line (make test runs it, so the bench code cannot rot).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
JDK25 = Path("/usr/lib/jvm/temurin-25-jdk-amd64")
SKIPPED = []  # the rows that cannot run here, with why (--smoke fails on any)


def skip(note: str) -> None:
    print(f"note: {note}", file=sys.stderr)
    SKIPPED.append(note)


def programs(lib_dir: Path, ydrz_bin: Path):
    """(row label, binding key, command, env) of every bench program that can run here."""
    env = dict(os.environ)
    env.pop("UV_THREADPOOL_SIZE", None)  # default settings: no tuned pools
    env["YDRZ_LIBRARY"] = str(lib_dir / "libydrz.so")
    go_env = dict(env, CGO_ENABLED="1", CGO_CFLAGS=f"-I{REPO}/include", CGO_LDFLAGS=f"-L{lib_dir}")
    rows = [("Go (goroutines; net/http)", "go", ["go", "run", "-buildvcs=false", "."], go_env, HERE / "go")]
    rows.append(("Node.js (Promise.all; fetch)", "node", ["node", str(HERE / "node" / "bench.mjs")], env, None))
    venv_python = REPO / "bindings" / "python" / ".venv" / "bin" / "python"  # has aiohttp (bindings/python/test.sh)
    if venv_python.exists():
        py_env = dict(env, PYTHONPATH=str(REPO / "bindings" / "python" / "src"))
        rows.append(("Python (AsyncClient + gather; aiohttp)", "python",
                     [str(venv_python), str(HERE / "python" / "bench.py")], py_env, None))
    else:
        skip(f"no {venv_python} (make python-test creates it); the Python row is skipped")
    java = java_command(lib_dir)
    if java:
        for variant, label, jdk in (("platform", "Java platform threads (HttpClient.send)", None),
                                    ("virtual", "Java virtual threads (HttpClient.send)", JDK25),
                                    ("async", "Java async (HttpClient.sendAsync)", None)):
            if jdk is not None and not (jdk / "bin" / "java").exists():
                print(f"note: no JDK at {jdk}; the {label} row is skipped", file=sys.stderr)
                continue
            javabin = str((jdk / "bin" / "java") if jdk else "java")
            rows.append((label, f"java-{variant}", [javabin] + java + [variant], env, None))
    php = REPO / "bindings" / "php" / "bench" / "concurrency.php"
    if php.exists():
        rows.append(("PHP", "php", ["php", str(php)], env, None))
    return rows


def java_command(lib_dir: Path):
    """The java arguments (before the mode) that run benches/concurrency/java/Bench.java, or None."""
    classes = REPO / "bindings" / "java" / "target" / "classes"
    jni = lib_dir / "libydrz_jni.so"
    if not (classes / "com" / "ydrz" / "Client.class").exists() or not jni.exists():
        skip(f"no {classes} or {jni} (make java-test builds them); the Java rows are skipped")
        return None
    return ["-cp", str(classes), f"-Dydrz.native.path={jni}", str(HERE / "java" / "Bench.java")]


def start_sandbox(ydrz_bin: Path, info_file: Path):
    proc = subprocess.Popen([str(ydrz_bin), "sandbox", "--port", "0", "--exit-on-stdin-eof",
                             "--info-file", str(info_file)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    proc.stdout.readline()
    return proc


def run_program(label, key, cmd, env, cwd, info_file, ns, rounds, delay_ms):
    args = cmd + ["--info", str(info_file), "--n", ",".join(map(str, ns)), "--rounds", str(rounds),
                  "--delay-ms", str(delay_ms)]
    started = time.monotonic()
    proc = subprocess.run(args, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = {}
    for line in proc.stdout.splitlines():
        try:
            r = json.loads(line)
        except ValueError:
            print(line, file=sys.stderr)
            continue
        results[(r["variant"], int(r["n"]))] = r
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"bench-concurrency: {label} exited with {proc.returncode}")
    missing = [(v, n) for n in ns for v in ("ydrz", "baseline") if (v, n) not in results]
    if missing:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"bench-concurrency: {label} reported no line for {missing}")
    print(f"{label}: {time.monotonic() - started:.0f} s", file=sys.stderr)
    return results


def table(rows, ns, delay_ms):
    out = ["| binding (baseline) | N | validations/s | ratio to limit | ratio to baseline | peak threads | "
           "peak RSS MiB | baseline req/s | baseline peak threads |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for label, results in rows:
        for n in ns:
            y, b = results[("ydrz", n)], results[("baseline", n)]
            rate, base = n / y["seconds"], n / b["seconds"]
            limit = n / (delay_ms / 1000)
            out.append(f"| {label} | {n} | {rate:.0f} | {rate / limit:.2f} | {rate / base:.2f} | "
                       f"{y['peak_threads']} | {y['peak_rss_kb'] / 1024:.0f} | {base:.0f} | {b['peak_threads']} |")
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ydrz", default=str(REPO / "target" / "release" / "ydrz"))
    p.add_argument("--lib-dir", default=os.environ.get("YDRZ_LIB_DIR", str(REPO / "target" / "release")))
    p.add_argument("--n", default="100,500")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--delay-ms", type=int, default=200)
    p.add_argument("--only", help="comma-separated binding keys (go, node, python, java-platform, ...)")
    p.add_argument("--smoke", action="store_true", help="N=5, one round, no delay; check the protocol only")
    a = p.parse_args()
    if a.smoke:
        a.n, a.rounds, a.delay_ms = "5", 1, 0
    ns = [int(x) for x in a.n.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        info_file = Path(tmp) / "info.json"
        sandbox = start_sandbox(Path(a.ydrz), info_file)
        try:
            rows = []
            for label, key, cmd, env, cwd in programs(Path(a.lib_dir).resolve(), Path(a.ydrz)):
                if a.only and key not in a.only.split(","):
                    continue
                rows.append((label, run_program(label, key, cmd, env, cwd, info_file, ns, a.rounds, a.delay_ms)))
        finally:
            sandbox.stdin.close()
            sandbox.wait()
    if a.smoke:
        if SKIPPED:
            raise SystemExit(f"bench-concurrency smoke: {len(SKIPPED)} programs could not run")
        print(f"bench-concurrency smoke: {len(rows)} programs reported every line")
        return
    text = (f"{time.strftime('%Y-%m-%d', time.gmtime())}, {os.cpu_count()} cores, answer delay {a.delay_ms} ms, "
            f"median of {a.rounds} rounds after a warm-up; limit = N / delay\n\n" + table(rows, ns, a.delay_ms))
    print(text)
    out = REPO / "target" / "bench-concurrency.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text)


if __name__ == "__main__":
    main()
