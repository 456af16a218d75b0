// The Node.js program of make bench-concurrency (benches/concurrency/run.py describes the protocol): for each
// N, N one-click validations at once as one Promise.all ("ydrz") and the same N POSTs with the built-in fetch
// as one Promise.all ("baseline"), a warm-up round and --rounds rounds, one JSON line per variant and N.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import ydrz from '../../../bindings/node/index.mjs';

const { values: args } = parseArgs({
  options: {
    info: { type: 'string' },
    n: { type: 'string', default: '100,500' },
    rounds: { type: 'string', default: '3' },
    'delay-ms': { type: 'string', default: '200' },
  },
});
const info = JSON.parse(readFileSync(args.info, 'utf8'));
const rounds = Number(args.rounds);
const delayMs = Number(args['delay-ms']);
const client = new ydrz.Client({ ...info.client_config, timeout_ms: 30000 });

async function control(path, body) {
  const res = await fetch(info.control_url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sandbox ${path}: HTTP ${res.status}: ${text}`);
  return JSON.parse(text);
}

/** Threads and VmRSS (KiB) of this process. */
function status() {
  const text = readFileSync('/proc/self/status', 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s*(\\d+)`, 'm').exec(text)[1]);
  return [field('Threads'), field('VmRSS')];
}

const variants = {
  ydrz: (tok) => client.onekeyValidate({ token: tok.token, userInformation: tok.userInformation }),
  baseline: async (tok) => {
    const res = await fetch(`${info.base_url}/h5/onekeylogin/tokenValidate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: tok.token, userInformation: tok.userInformation }),
    });
    await res.arrayBuffer();
  },
};

let phone = 0;
for (const n of args.n.split(',').map(Number)) {
  for (const variant of ['ydrz', 'baseline']) {
    const walls = [];
    let peakThreads = 0;
    let peakRss = 0;
    for (let r = 0; r <= rounds; r++) {
      const tokens = [];
      for (let i = 0; i < n; i++) {
        phone++;
        const p = `1390000${String(phone % 10000).padStart(4, '0')}`;
        tokens.push(await control('/token', { app_id: info.apps[0].app_id, phone: p, product: 'onekey' }));
      }
      if (delayMs > 0) await control('/faults', { kind: 'delay', delay_ms: delayMs, count: n });
      let threads = 0;
      let rss = 0;
      const sample = () => {
        const [t, m] = status();
        threads = Math.max(threads, t);
        rss = Math.max(rss, m);
      };
      const timer = setInterval(sample, 2);
      const start = process.hrtime.bigint();
      await Promise.all(tokens.map(variants[variant]));
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      clearInterval(timer);
      sample();
      if (r > 0) {
        walls.push(wall);
        peakThreads = Math.max(peakThreads, threads);
        peakRss = Math.max(peakRss, rss);
      }
    }
    walls.sort((a, b) => a - b);
    const line = { binding: 'node', variant, n, seconds: walls[Math.floor(walls.length / 2)] };
    console.log(JSON.stringify({ ...line, peak_threads: peakThreads, peak_rss_kb: peakRss }));
  }
}
client.close();
