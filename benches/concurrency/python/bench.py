"""The Python program of make bench-concurrency (benches/concurrency/run.py describes the protocol): for each
N, N one-click validations at once with ydrz.AsyncClient and asyncio.gather ("ydrz") and the same N POSTs
with one aiohttp.ClientSession and asyncio.gather ("baseline"), a warm-up round and --rounds rounds, one
JSON line per variant and N. Needs aiohttp (ydrz[async])."""

import argparse
import asyncio
import json
import re
import statistics
import time

import aiohttp

import ydrz


def status() -> tuple[int, int]:
    """Threads and VmRSS (KiB) of this process."""
    with open("/proc/self/status") as f:
        text = f.read()
    return (int(re.search(r"^Threads:\s*(\d+)", text, re.M).group(1)),
            int(re.search(r"^VmRSS:\s*(\d+)", text, re.M).group(1)))


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--info", required=True)
    p.add_argument("--n", default="100,500")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--delay-ms", type=int, default=200)
    a = p.parse_args()
    with open(a.info) as f:
        info = json.load(f)
    config = dict(info["client_config"], timeout_ms=30000)
    async with aiohttp.ClientSession() as session:
        client = ydrz.AsyncClient(config)

        async def control(path: str, body: dict) -> dict:
            async with session.post(info["control_url"] + path, json=body) as res:
                text = await res.text()
                if res.status != 200:
                    raise RuntimeError(f"sandbox {path}: HTTP {res.status}: {text}")
                return json.loads(text)

        async def validate(tok: dict) -> None:
            await client.onekey_validate(tok["token"], tok["userInformation"])

        async def baseline(tok: dict) -> None:
            body = {"token": tok["token"], "userInformation": tok["userInformation"]}
            async with session.post(info["base_url"] + "/h5/onekeylogin/tokenValidate", json=body) as res:
                await res.read()

        variants = {"ydrz": validate, "baseline": baseline}
        phone = 0
        for n in [int(x) for x in a.n.split(",")]:
            for variant in ("ydrz", "baseline"):
                walls, peak_threads, peak_rss = [], 0, 0
                for r in range(a.rounds + 1):
                    tokens = []
                    for _ in range(n):
                        phone += 1
                        tokens.append(await control("/token", {"app_id": info["apps"][0]["app_id"],
                                                               "phone": f"1390000{phone % 10000:04d}",
                                                               "product": "onekey"}))
                    if a.delay_ms > 0:
                        await control("/faults", {"kind": "delay", "delay_ms": a.delay_ms, "count": n})
                    peaks = [0, 0]
                    done = asyncio.Event()

                    async def sample() -> None:
                        while True:
                            t, m = status()
                            peaks[0], peaks[1] = max(peaks[0], t), max(peaks[1], m)
                            try:
                                await asyncio.wait_for(done.wait(), 0.002)
                                return
                            except asyncio.TimeoutError:
                                pass

                    sampler = asyncio.create_task(sample())
                    start = time.perf_counter()
                    await asyncio.gather(*(variants[variant](t) for t in tokens))
                    wall = time.perf_counter() - start
                    done.set()
                    await sampler
                    if r > 0:
                        walls.append(wall)
                        peak_threads, peak_rss = max(peak_threads, peaks[0]), max(peak_rss, peaks[1])
                print(json.dumps({"binding": "python", "variant": variant, "n": n,
                                  "seconds": statistics.median_low(walls), "peak_threads": peak_threads,
                                  "peak_rss_kb": peak_rss}), flush=True)
        await client.close()


asyncio.run(main())
