"""make package-test: the packages of dist/ checked as files, then installed and run as a user gets them.

(The sources' versions are checked by `make version-check`, scripts/check-versions.sh.)

1. Contents, all at Cargo.toml's version: each wheel holds the staged libydrz.so and ydrz executable of its
   architecture and nothing else native, and `auditwheel show` finds the tag it is named with; the jar holds
   the staged JNI library of both architectures, Automatic-Module-Name and a pom fit for Maven Central, next
   to its -sources and -javadoc jars, and ydrz-testing.jar the staged ydrz executable of both; the Go proxy
   serves the module (list, .info, .mod, .zip) with the header, both static libraries and both executables.
   Every package holds its docs (README, docs/configuration.md, docs/protocol.md, the quickstart), every link
   of which resolves inside the package.
2. Consumers, each in a fresh temporary directory outside the repository, with no environment variable
   pointing at the build: a virtualenv that pip-installs the wheel from dist/; a Maven project whose only
   dependency is com.ydrz:ydrz, installed from dist/ into a temporary local repository and built offline; a Go
   module that gets the module through GOPROXY=file://<dist>/goproxy and builds without CGO flags (once more
   with -extldflags -static, once from `go mod vendor`, and for linux/arm64 under qemu). Each signs a jssdk test vector of
   tests/data/vectors.json (the expected value is passed to it as data) and validates a one-click token
   against a sandbox process (bin/ydrz of the staged tree). Then each starts the sandbox its package carries,
   with no path given, from its tests (ydrz.testing, a JUnit test with com.ydrz:ydrz-testing, `go test` with
   the module's testing package) and from the shell (the wheel's `ydrz`, `java -jar ydrz-testing.jar`,
   `go run .../testing/cmd/ydrz`), and validates a token against it.

Usage: python3 scripts/package/package_test.py   (after make dist-python dist-java dist-go)
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from shell_sandbox import started

REPO = Path(__file__).resolve().parents[2]
VERSION = subprocess.run([REPO / "scripts" / "version.sh"], check=True, capture_output=True, text=True).stdout.strip()
DIST = REPO / "dist"
# The architectures the packages carry: $DIST_ARCHES (as make dist-* built them), by default both.
ARCHES = tuple(os.environ.get("DIST_ARCHES", "x86_64 aarch64").split())
# The musl, macOS and Windows platforms the packages also carry (`make` passes DIST_PLATFORMS; see
# scripts/dist/env.sh), with the file name of their JNI library.
JNI_FILES = {"linux-musl": "libydrz_jni.so", "macos": "libydrz_jni.dylib", "windows": "ydrz_jni.dll"}
EXTRA_PLATFORMS = os.environ.get(
    "DIST_PLATFORMS", "linux-musl-x86_64 linux-musl-aarch64 windows-x86_64").split()
ELF_MACHINE = {"x86_64": 0x3E, "aarch64": 0xB7}
HOST_ARCH = {"amd64": "x86_64", "arm64": "aarch64"}.get(platform.machine().lower(), platform.machine())
PACKAGE_VENV = REPO / ".tools" / "venv"
GO_MODULE = "github.com/ydrz-dev/ydrz/bindings/go"
VECTOR_ID = "jssdk_md5_sign_bt8"
PHONE = "13800138000"
# The Maven plugins the consumer project uses (the versions bindings/java/pom.xml uses, plus install-file).
MAVEN_INSTALL_PLUGIN = "org.apache.maven.plugins:maven-install-plugin:3.1.2"
MAVEN_PLUGINS = (
    MAVEN_INSTALL_PLUGIN,
    "org.apache.maven.plugins:maven-resources-plugin:3.3.1",
    "org.apache.maven.plugins:maven-compiler-plugin:3.13.0",
    "org.apache.maven.plugins:maven-dependency-plugin:3.6.1",
    "org.apache.maven.plugins:maven-surefire-plugin:3.2.5",
)
# What the consumer's JUnit test needs besides the plugins (the versions bindings/java/pom.xml uses).
MAVEN_TEST_ARTIFACTS = ("org.junit.jupiter:junit-jupiter:5.10.2", "org.apache.maven.surefire:surefire-junit-platform:3.2.5")
# The docs every package carries, relative to its documentation root.
PACKAGE_DOCS = ("README.md", "docs/configuration.md", "docs/protocol.md")
# Environment variables that could point a consumer at the build tree instead of what it installed.
BUILD_ENV = re.compile(r"^(YDRZ_|CGO_|GO|PYTHON|VIRTUAL_ENV|JAVA_TOOL_OPTIONS|MAVEN_|CLASSPATH|LD_LIBRARY_PATH)")

failures: list[str] = []


def check(what: str, ok: bool, detail: str = "") -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {what}" + (f": {detail}" if detail and not ok else ""), flush=True)
    if not ok:
        failures.append(what)


def run(cmd: Sequence[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Runs ``cmd``; returns its standard output, or raises with both outputs when it fails."""
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done.stdout


def user_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: this one without anything that points at the build."""
    env = {k: v for k, v in os.environ.items() if not BUILD_ENV.match(k)}
    env.update(extra)
    return env


def stage(arch: str) -> Path:
    return REPO / "target" / "dist" / "stage" / f"ydrz-{VERSION}-linux-{arch}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def elf_machine(data: bytes) -> int:
    return int.from_bytes(data[18:20], "little") if data[:4] == b"\x7fELF" else -1


def same_as_staged(what: str, data: bytes, arch: str, staged: str) -> None:
    check(f"{what} is the staged {staged} of linux-{arch}", sha256(data) == sha256((stage(arch) / staged).read_bytes()))


def check_docs(what: str, archive: zipfile.ZipFile, root: str, quickstart: str) -> None:
    """The docs under ``root`` of ``archive`` are there, and every link among them resolves (check_doc_links.py
    on the extracted copy)."""
    names = archive.namelist()
    for doc in (*PACKAGE_DOCS, f"examples/{quickstart}"):
        check(f"{what} holds {root}{doc}", f"{root}{doc}" in names)
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            if name.startswith(root) and not name.endswith("/"):
                target = Path(tmp) / name[len(root):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
        done = subprocess.run([sys.executable, REPO / "scripts/package/check_doc_links.py", tmp], capture_output=True,
                              text=True)
        check(f"every link of {what}'s docs resolves inside it", done.returncode == 0, done.stderr)


# 1. Contents ----------------------------------------------------------------------------------------------


def wheel_path(arch: str) -> Path:
    return DIST / f"ydrz-{VERSION}-py3-none-manylinux_2_17_{arch}.manylinux2014_{arch}.whl"


def check_wheels() -> None:
    check("no py3-none-any wheel in dist/", not list(DIST.glob("ydrz-*-any.whl")))
    for arch in ARCHES:
        path = wheel_path(arch)
        check(f"{path.name} exists", path.is_file())
        if not path.is_file():
            continue
        with zipfile.ZipFile(path) as wheel:
            executable = "ydrz/_bin/ydrz"
            check(f"{path.name} holds the ydrz executable", executable in wheel.namelist())
            if executable in wheel.namelist():
                binary = wheel.read(executable)
                check(f"{path.name}: ydrz is for {arch}", elf_machine(binary) == ELF_MACHINE[arch])
                same_as_staged(f"{path.name}: ydrz", binary, arch, "bin/ydrz")
                mode = wheel.getinfo(executable).external_attr >> 16
                check(f"{path.name}: ydrz is executable", bool(mode & 0o100), oct(mode))
            entry_points = wheel.read(f"ydrz-{VERSION}.dist-info/entry_points.txt").decode()
            check(f"{path.name} installs the ydrz command", "ydrz = ydrz._cli:main" in entry_points, entry_points)
            check_docs(path.name, wheel, "ydrz/doc/", "quickstart.py")
            natives = [n for n in wheel.namelist() if ".so" in n]
            check(f"{path.name} holds one library, ydrz/libydrz.so", natives == ["ydrz/libydrz.so"], str(natives))
            if natives == ["ydrz/libydrz.so"]:
                library = wheel.read("ydrz/libydrz.so")
                check(f"{path.name}: libydrz.so is for {arch}", elf_machine(library) == ELF_MACHINE[arch])
                same_as_staged(f"{path.name}: libydrz.so", library, arch, f"lib/libydrz.so.{VERSION}")
            metadata = wheel.read(f"ydrz-{VERSION}.dist-info/METADATA").decode()
            check(f"{path.name}: metadata version {VERSION}", f"\nVersion: {VERSION}\n" in metadata)
            tags = wheel.read(f"ydrz-{VERSION}.dist-info/WHEEL").decode()
            check(f"{path.name}: not purelib", "Root-Is-Purelib: false" in tags)
            bundled = wheel.read("ydrz/_version.py").decode()
            check(f"{path.name}: ydrz/_version.py says {VERSION}", f'__version__ = "{VERSION}"' in bundled)
        auditwheel = [str(PACKAGE_VENV / "bin" / "auditwheel"), "show", str(path)]
        done = subprocess.run(auditwheel, capture_output=True, text=True, timeout=300)
        shown = done.stdout + done.stderr
        expected = f'consistent with the following platform tag: "manylinux_2_17_{arch}"'
        check(f"auditwheel show {path.name} agrees with its tag", expected in " ".join(shown.split()), shown)


def check_jar() -> None:
    base = DIST / f"ydrz-{VERSION}"
    for suffix in (".jar", "-sources.jar", "-javadoc.jar", ".pom"):
        check(f"{base.name}{suffix} exists", Path(f"{base}{suffix}").is_file())
    with zipfile.ZipFile(f"{base}.jar") as jar:
        natives = sorted(n for n in jar.namelist() if n.startswith("META-INF/native/") and not n.endswith("/"))
        expected = sorted([f"META-INF/native/linux-{arch}/libydrz_jni.so" for arch in ARCHES]
                          + [f"META-INF/native/{p}/{JNI_FILES[p.rsplit('-', 1)[0]]}" for p in EXTRA_PLATFORMS])
        check("the jar holds the JNI library of each platform", natives == expected, str(natives))
        for arch in ARCHES:
            name = f"META-INF/native/linux-{arch}/libydrz_jni.so"
            if name in natives:
                library = jar.read(name)
                check(f"{name} is for {arch}", elf_machine(library) == ELF_MACHINE[arch])
                same_as_staged(name, library, arch, "lib/libydrz_jni.so")
        check("the jar carries the licence text as META-INF/LICENSE",
              "META-INF/LICENSE" in jar.namelist() and b"Apache License" in jar.read("META-INF/LICENSE"))
        manifest = jar.read("META-INF/MANIFEST.MF").decode()
        check("the jar's manifest has Automatic-Module-Name: com.ydrz", "Automatic-Module-Name: com.ydrz" in manifest)
        check_docs(f"{base.name}.jar", jar, "META-INF/ydrz/", "Quickstart.java")
    testing = DIST / f"ydrz-testing-{VERSION}"
    for suffix in (".jar", ".pom"):
        check(f"{testing.name}{suffix} exists", Path(f"{testing}{suffix}").is_file())
    with zipfile.ZipFile(f"{testing}.jar") as jar:
        for arch in ARCHES:
            name = f"META-INF/ydrz-testing/linux-{arch}/ydrz"
            check(f"{testing.name}.jar holds {name}", name in jar.namelist())
            if name in jar.namelist():
                same_as_staged(f"{testing.name}.jar: {name}", jar.read(name), arch, "bin/ydrz")
        check(f"{testing.name}.jar has com/ydrz/testing/Sandbox.class", "com/ydrz/testing/Sandbox.class" in jar.namelist())
        manifest = jar.read("META-INF/MANIFEST.MF").decode()
        check(f"{testing.name}.jar runs com.ydrz.testing.Sandbox", "Main-Class: com.ydrz.testing.Sandbox" in manifest)
    with zipfile.ZipFile(f"{base}-sources.jar") as sources:
        check("the sources jar holds com/ydrz/Ydrz.java", "com/ydrz/Ydrz.java" in sources.namelist())
    with zipfile.ZipFile(f"{base}-javadoc.jar") as javadoc:
        check("the javadoc jar documents com.ydrz.Ydrz", any(n.endswith("com/ydrz/Ydrz.html") for n in javadoc.namelist()))
    pom = ET.parse(f"{base}.pom").getroot()
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    for field in ("groupId", "artifactId", "version", "name", "description", "url", "licenses/m:license/m:name",
                  "developers/m:developer/m:name", "scm/m:url", "scm/m:connection"):
        check(f"the pom has {field.replace('m:', '')}", bool((pom.findtext(f"m:{field}", namespaces=ns) or "").strip()))
    check(f"the pom is com.ydrz:ydrz:{VERSION}",
          [pom.findtext(f"m:{f}", namespaces=ns) for f in ("groupId", "artifactId", "version")]
          == ["com.ydrz", "ydrz", VERSION])


def check_goproxy() -> None:
    base = DIST / "goproxy" / GO_MODULE / "@v"
    go_version = f"v{VERSION}"
    check(f"goproxy lists {go_version}", (base / "list").is_file() and (base / "list").read_text() == go_version + "\n")
    info = json.loads((base / f"{go_version}.info").read_text())
    check("goproxy .info names the version", info.get("Version") == go_version, str(info))
    check("goproxy .mod is bindings/go/go.mod", (base / f"{go_version}.mod").read_bytes()
          == (REPO / "bindings/go/go.mod").read_bytes())
    prefix = f"{GO_MODULE}@{go_version}/"
    with zipfile.ZipFile(base / f"{go_version}.zip") as module:
        names = module.namelist()
        check("every file of the module zip is under module@version/", all(n.startswith(prefix) for n in names))
        check("the module zip has go.mod", f"{prefix}go.mod" in names)
        check("the module zip has include/ydrz.h", f"{prefix}include/ydrz.h" in names)
        if f"{prefix}include/ydrz.h" in names:
            check("its ydrz.h is the repository's", module.read(f"{prefix}include/ydrz.h")
                  == (REPO / "include/ydrz.h").read_bytes())
        for arch in ARCHES:
            name = f"{prefix}lib/linux-{arch}/libydrz.a"
            check(f"the module zip has lib/linux-{arch}/libydrz.a", name in names)
            if name in names:
                same_as_staged(name, module.read(name), arch, "lib/libydrz.a")
            name = f"{prefix}testing/bin/linux-{arch}/ydrz"
            check(f"the module zip has testing/bin/linux-{arch}/ydrz", name in names)
            if name in names:
                same_as_staged(name, module.read(name), arch, "bin/ydrz")
        check("the module zip has no shared library", not [n for n in names if ".so" in n])
        check_docs("the module zip", module, prefix, "quickstart/main.go")


# 2. Consumers ---------------------------------------------------------------------------------------------


@contextmanager
def sandbox() -> Iterator[dict[str, Any]]:
    """A sandbox process of the staged ydrz binary; yields its info JSON (base_url, control_url, client_config)."""
    binary = stage(HOST_ARCH) / "bin" / "ydrz"
    process = subprocess.Popen([binary, "sandbox", "--port", "0", "--exit-on-stdin-eof"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdin is not None and process.stdout is not None
    try:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"{binary} sandbox printed no info line")
        yield json.loads(line)
    finally:
        process.stdin.close()
        process.wait(timeout=10)


def consumer_args(info: dict[str, Any]) -> list[str]:
    """The consumer programs' arguments: the expected version, a jssdk vector (inputs and expected sign, read
    from tests/data/vectors.json), the sandbox's client configuration and a fresh one-click token."""
    vectors = json.loads((REPO / "tests/data/vectors.json").read_text(encoding="utf-8"))["vectors"]
    vector = next(v for v in vectors if v["id"] == VECTOR_ID)
    i = vector["inputs"]
    demo = next(app for app in info["apps"] if app["name"] == "demo")
    request = urllib.request.Request(
        info["control_url"] + "/token", headers={"Content-Type": "application/json"},
        data=json.dumps({"app_id": demo["app_id"], "phone": PHONE, "product": "onekey"}).encode())
    with urllib.request.urlopen(request, timeout=10) as response:
        token = json.loads(response.read())
    return [VERSION, i["appId"], i["appkey"], i["traceId"], i["timestamp"], i["version"], i["businessType"],
            vector["expected_hex_upper"], json.dumps(info["client_config"]), token["token"],
            token["userInformation"], PHONE]


def consumer_dir(kind: str) -> Path:
    """A fresh directory outside the repository (removed when the test ends)."""
    path = Path(tempfile.mkdtemp(prefix=f"ydrz-{re.sub('[^a-z0-9]+', '-', kind)}-consumer."))
    assert REPO not in path.parents
    return path


def python_consumer(info: dict[str, Any], home: Path) -> None:
    venv = home / "venv"
    run([sys.executable, "-m", "venv", venv], cwd=home, env=user_env())
    # The install command of bindings/python/README.md.
    run([venv / "bin" / "pip", "install", "--no-index", "--find-links", DIST, "ydrz"], cwd=home, env=user_env())
    app = home / "app"
    app.mkdir()
    shutil.copy(REPO / "scripts/package/consumers/python/consumer.py", app)
    print(run([venv / "bin" / "python", "consumer.py", *consumer_args(info)], cwd=app, env=user_env()), end="")
    shell_sandbox("the wheel's ydrz sandbox", [venv / "bin" / "ydrz"], home, user_env())


def shell_sandbox(what: str, command: Sequence[str | Path], cwd: Path, env: dict[str, str]) -> None:
    """``command sandbox`` from the shell, with no path to the executable given (shell_sandbox.py)."""
    ok, detail = started(command, cwd, env)
    check(f"{what} starts from the shell", ok, detail)


def prime_maven_cache() -> None:
    """Puts the consumer project's Maven plugins and test libraries into ~/.m2 (online once; a no-op when they
    are there)."""
    for plugin in MAVEN_PLUGINS:
        run(["mvn", "-B", "-q", f"{plugin}:help"], cwd=Path.home(), env=user_env())
    for artifact in MAVEN_TEST_ARTIFACTS:
        run(["mvn", "-B", "-q", "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:get", f"-Dartifact={artifact}"],
            cwd=Path.home(), env=user_env())


def java_consumer(info: dict[str, Any], home: Path) -> None:
    # A temporary local repository seeded with the Maven plugins a Maven user has in ~/.m2 (never ydrz).
    local = home / "m2"
    shutil.copytree(Path.home() / ".m2" / "repository", local, ignore=shutil.ignore_patterns("ydrz"))
    mvn = ["mvn", "-B", "-q", "-o", f"-Dmaven.repo.local={local}"]
    project = home / "project"
    (project / "src/main/java").mkdir(parents=True)
    pom = (REPO / "scripts/package/consumers/java/pom.xml").read_text().replace("@VERSION@", VERSION)
    (project / "pom.xml").write_text(pom)
    shutil.copy(REPO / "scripts/package/consumers/java/Consumer.java", project / "src/main/java")
    (project / "src/test/java").mkdir(parents=True)
    shutil.copy(REPO / "scripts/package/consumers/java/ConsumerTest.java", project / "src/test/java")
    # The install command of bindings/java/README.md.
    artifact = DIST / f"ydrz-{VERSION}"
    run([*mvn, f"{MAVEN_INSTALL_PLUGIN}:install-file", f"-Dfile={artifact}.jar", f"-DpomFile={artifact}.pom",
         f"-Dsources={artifact}-sources.jar", f"-Djavadoc={artifact}-javadoc.jar"], cwd=project, env=user_env())
    testing = DIST / f"ydrz-testing-{VERSION}"
    run([*mvn, f"{MAVEN_INSTALL_PLUGIN}:install-file", f"-Dfile={testing}.jar", f"-DpomFile={testing}.pom"],
        cwd=project, env=user_env())
    run([*mvn, "compile", "dependency:build-classpath", "-Dmdep.outputFile=classpath.txt",
         "-DincludeScope=runtime"], cwd=project, env=user_env())
    classpath = (project / "classpath.txt").read_text().strip()
    expected = local / "com/ydrz/ydrz" / VERSION / f"ydrz-{VERSION}.jar"
    check("the consumer's class path is the installed jar alone", classpath == str(expected), classpath)
    extract = home / "jni-tmp"
    extract.mkdir()
    out = run(["java", f"-Dydrz.tmpdir={extract}", "-cp", f"{project / 'target/classes'}{os.pathsep}{classpath}",
               "Consumer", *consumer_args(info)], cwd=home, env=user_env())
    print(out, end="")
    check("the JNI library's temporary copy is gone after loading", not any(extract.iterdir()))
    # The JUnit test of the README: ydrz-testing's sandbox, no path given.
    print(run([*mvn, "test", f"-Djava.io.tmpdir={home}"], cwd=project, env=user_env()), end="")
    check("the JUnit test with ydrz-testing's sandbox ran", (project / "target/surefire-reports").is_dir())
    shell_sandbox("java -jar ydrz-testing.jar sandbox", ["java", f"-Djava.io.tmpdir={home}", "-jar", f"{testing}.jar"],
                  home, user_env())


def go_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of bindings/go/README.md's install commands; the module cache is fresh, so the module
    comes from dist/goproxy and not from an earlier run."""
    return user_env(GOPROXY=f"file://{DIST / 'goproxy'}", GONOSUMDB="github.com/ydrz-dev/ydrz", GOFLAGS="-mod=mod",
                    GOMODCACHE=str(home / "modcache"), GOTOOLCHAIN="local", **extra)


def go_module(home: Path, env: dict[str, str]) -> Path:
    """A new Go module in ``home``/app with the consumer program, requiring the ydrz module from dist/goproxy."""
    app = home / "app"
    app.mkdir()
    shutil.copy(REPO / "scripts/package/consumers/go/main.go", app)
    shutil.copy(REPO / "scripts/package/consumers/go/consumer_test.go", app)
    run(["go", "mod", "init", "example.com/consumer"], cwd=app, env=env)
    run(["go", "get", f"{GO_MODULE}@v{VERSION}"], cwd=app, env=env)
    return app


def go_consumer(info: dict[str, Any], home: Path) -> None:
    env = go_env(home)
    app = go_module(home, env)
    run(["go", "build", "-o", "consumer", "."], cwd=app, env=env)
    dynamic = run(["readelf", "-d", "consumer"], cwd=app)
    check("the Go program needs no libydrz.so and has no RUNPATH", "libydrz" not in dynamic and "RUNPATH" not in
          dynamic and "RPATH" not in dynamic, dynamic)
    print(run([app / "consumer", *consumer_args(info)], cwd=home, env=env), end="")
    run(["go", "build", "-ldflags", "-extldflags -static", "-o", "consumer-static", "."], cwd=app, env=env)
    headers = run(["readelf", "-l", "consumer-static"], cwd=app)
    check("the -extldflags -static build is fully static", "INTERP" not in headers and "DYNAMIC" not in headers)
    print(run([app / "consumer-static", *consumer_args(info)], cwd=home, env=env), end="")
    # The module's testing package, no path given: from a test, then from the shell.
    cache = home / "cache"
    print(run(["go", "test", "-count=1", "-v", "."], cwd=app, env={**env, "XDG_CACHE_HOME": str(cache)}), end="")
    shell_sandbox("go run .../testing/cmd/ydrz sandbox", ["go", "run", f"{GO_MODULE}/testing/cmd/ydrz"], app,
                  {**env, "XDG_CACHE_HOME": str(cache)})
    run(["go", "mod", "vendor"], cwd=app, env=env)
    vendored = app / "vendor" / GO_MODULE
    check("go mod vendor keeps the header, the libraries and the executables", all((vendored / f).is_file() for f in (
        "include/ydrz.h", *(f"lib/linux-{a}/libydrz.a" for a in ARCHES), *(f"testing/bin/linux-{a}/ydrz" for a in ARCHES))))
    run(["go", "build", "-mod=vendor", "-o", "consumer-vendored", "."], cwd=app, env=env)


def go_arm64_consumer(info: dict[str, Any], home: Path) -> None:
    """The module's linux/arm64 archive: the consumer cross-built for arm64 (cgo with zig's C compiler against
    glibc 2.17, as scripts/dist does) and run under qemu-user with the cross libc."""
    # zig cc, unlike gcc, adds no unwinder by itself: -lunwind links its own (gcc adds libgcc_s).
    zig_cc = f"{PACKAGE_VENV / 'bin' / 'python'} -m ziglang cc -target aarch64-linux-gnu.2.17 -lunwind"
    env = go_env(home, GOOS="linux", GOARCH="arm64", CGO_ENABLED="1", CC=zig_cc)
    app = go_module(home, env)
    run(["go", "build", "-o", "consumer-arm64", "."], cwd=app, env=env)
    qemu = ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu", app / "consumer-arm64"]
    print(run([*qemu, *consumer_args(info)], cwd=home, env=user_env()), end="")


def run_consumer(kind: str, body: Any, info: dict[str, Any]) -> None:
    home = consumer_dir(kind)
    try:
        body(info, home)
        check(f"{kind} consumer", True)
    except Exception as e:  # noqa: BLE001 - every failure is reported, then the next consumer runs
        check(f"{kind} consumer", False, str(e))
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    if not (stage(HOST_ARCH) / "bin" / "ydrz").is_file():
        sys.exit(f"missing {stage(HOST_ARCH)}/bin/ydrz: run make dist-native")
    check_wheels()
    check_jar()
    check_goproxy()
    prime_maven_cache()
    with sandbox() as info:
        run_consumer("python", python_consumer, info)
        run_consumer("java", java_consumer, info)
        run_consumer("go", go_consumer, info)
        if HOST_ARCH == "x86_64" and "aarch64" in ARCHES:
            run_consumer("go linux/arm64 (qemu)", go_arm64_consumer, info)
    if failures:
        sys.exit(f"package-test: {len(failures)} check(s) failed: " + "; ".join(failures))
    print("package-test: every package installs and works as a user gets it")


if __name__ == "__main__":
    main()
