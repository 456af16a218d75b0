#!/usr/bin/env python3
"""The starter as a user gets it: a fresh Spring Boot 3 application (consumer/) outside the repository whose only
ydrz dependency is com.ydrz:ydrz-spring-boot-starter, installed with the binding's jar from dist/ into a temporary
local Maven repository and built OFFLINE into an executable jar (spring-boot-maven-plugin), then run with
`java -jar` against a sandbox process: health UP, a jssdk sign, a one-click login, the Micrometer timer.

The Maven plugins and Spring Boot libraries come from ~/.m2: a priming build of the same project without the
starter runs online first (a no-op when they are there). Nothing of ydrz is copied from ~/.m2.

Usage: consumer_test.py DIST_DIR YDRZ_BIN   (after make dist-java dist-spring)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
VERSION = subprocess.run([REPO / "scripts/version.sh"], check=True, capture_output=True, text=True).stdout.strip()
INSTALL_PLUGIN = "org.apache.maven.plugins:maven-install-plugin:3.1.2"
BUILD_ENV = re.compile(r"^(YDRZ_|JAVA_TOOL_OPTIONS|MAVEN_|CLASSPATH|LD_LIBRARY_PATH)")
PHONE = "13800138000"


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"FAIL {' '.join(cmd)} exited {done.returncode}\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    return done.stdout


def project(where: Path, with_starter: bool) -> Path:
    shutil.copytree(HERE / "consumer", where)
    pom = (where / "pom.xml").read_text().replace("@VERSION@", VERSION)
    if not with_starter:
        pom = re.sub(r"<!-- ydrz starter begin -->.*<!-- ydrz starter end -->", "", pom, flags=re.S)
        # The same build without ydrz: an empty application, so that every plugin and library gets fetched.
        (where / "src/main/java/com/example/ConsumerApplication.java").write_text(
            "package com.example;\n@org.springframework.boot.autoconfigure.SpringBootApplication\n"
            "public class ConsumerApplication { public static void main(String[] args) {} }\n")
    (where / "pom.xml").write_text(pom)
    return where


def main() -> None:
    dist, ydrz_bin = Path(sys.argv[1]).resolve(), sys.argv[2]
    env = {k: v for k, v in os.environ.items() if not BUILD_ENV.match(k)}
    with tempfile.TemporaryDirectory(prefix="ydrz-spring-consumer-") as tmp:
        home = Path(tmp)
        run(["mvn", "-B", "-q", "package"], project(home / "prime", with_starter=False), env)
        local = home / "m2"
        shutil.copytree(Path.home() / ".m2" / "repository", local, ignore=shutil.ignore_patterns("ydrz"))
        mvn = ["mvn", "-B", "-q", "-o", f"-Dmaven.repo.local={local}"]
        app = project(home / "app", with_starter=True)
        for name in (f"ydrz-{VERSION}", f"ydrz-spring-boot-starter-{VERSION}"):
            run([*mvn, f"{INSTALL_PLUGIN}:install-file", f"-Dfile={dist / name}.jar", f"-DpomFile={dist / name}.pom"],
                app, env)
        run([*mvn, "package"], app, env)
        jar = app / "target" / "ydrz-spring-consumer-1.jar"
        sandbox = subprocess.Popen([ydrz_bin, "sandbox", "--port", "0", "--exit-on-stdin-eof"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            info = json.loads(sandbox.stdout.readline())
            config = info["client_config"]
            request = urllib.request.Request(
                f"{info['control_url']}/token", method="POST", headers={"Content-Type": "application/json"},
                data=json.dumps({"app_id": config["app_id"], "phone": PHONE, "product": "onekey"}).encode())
            token = json.load(urllib.request.urlopen(request, timeout=10))
            key = home / "private-key.pem"
            key.write_text(config["private_key"])
            extract = home / "jni-tmp"
            extract.mkdir()
            out = run(["java", f"-Dydrz.tmpdir={extract}", "-jar", str(jar), "--spring.main.web-application-type=none",
                       f"--ydrz.app-id={config['app_id']}", f"--ydrz.private-key.file={key}",
                       f"--ydrz.base-url={config['base_url']}", f"--token={token['token']}",
                       f"--user-information={token['userInformation']}"],
                      home, {**env, "YDRZ_APP_KEY": config["app_key"]})
        finally:
            sandbox.stdin.close()
            sandbox.wait(timeout=10)
    expected = ["health UP", "jssdk true", "phone 138****8000", "timer 1"]
    lines = [line for line in out.splitlines() if line.split(" ")[0] in ("health", "jssdk", "phone", "timer")]
    for want in expected:
        print(f"{'ok  ' if want in lines else 'FAIL'} the consumer printed {want!r}")
    if lines != expected:
        raise SystemExit(f"FAIL the consumer printed {lines}, expected {expected}\n{out[-3000:]}")
    print(f"spring consumer: {len(expected)} passed, 0 failed")


if __name__ == "__main__":
    main()
