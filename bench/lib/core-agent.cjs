'use strict';
/**
 * Preloaded into the Core Engine by the benchmark (node -r), never by the app itself: a
 * small HTTP endpoint on 127.0.0.1:$BENCH_AGENT_PORT that reports the process's event-loop
 * utilisation, garbage-collection time and memory, and starts/stops the V8 CPU profiler, so
 * a profile covers exactly one load step (node --cpu-prof would profile the process's whole
 * life in one file: start-up, warm-up and every step mixed).
 * Plain CommonJS: it runs before anything else in the process, without a TypeScript loader.
 */
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');
const { performance, PerformanceObserver } = require('node:perf_hooks');

const port = Number(process.env.BENCH_AGENT_PORT);
const profileDir = process.env.BENCH_PROFILE_DIR || '.';

let gcMs = 0;
let gcCount = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMs += entry.duration;
    gcCount += 1;
  }
}).observe({ entryTypes: ['gc'] });

let session = null;

function post(method, params) {
  return new Promise((resolve, reject) => session.post(method, params || {}, (err, result) => (err ? reject(err) : resolve(result))));
}

async function startProfile() {
  if (!session) {
    session = new inspector.Session();
    session.connect();
    await post('Profiler.enable');
  }
  await post('Profiler.start');
  return { started: true };
}

async function stopProfile(name) {
  const { profile } = await post('Profiler.stop');
  fs.mkdirSync(profileDir, { recursive: true });
  const file = path.join(profileDir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  return { file };
}

function stats() {
  const elu = performance.eventLoopUtilization();
  return { elu: { idle: elu.idle, active: elu.active }, gcMs, gcCount, memory: process.memoryUsage(), cpu: process.cpuUsage() };
}

if (port) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://agent');
    const answer = (work) =>
      Promise.resolve()
        .then(work)
        .then(
          (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
          (err) => res.writeHead(500).end(String(err && err.message)),
        );
    if (req.method === 'GET' && url.pathname === '/stats') return answer(stats);
    if (req.method === 'POST' && url.pathname === '/profile/start') return answer(startProfile);
    if (req.method === 'POST' && url.pathname === '/profile/stop') return answer(() => stopProfile(url.searchParams.get('name') || 'core'));
    res.writeHead(404).end();
  });
  server.listen(port, '127.0.0.1');
  // The agent must never keep the Core Engine alive on its own.
  server.unref();
}
