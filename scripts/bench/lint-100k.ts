/**
 * `lint-100k-objects`: 100,000 objects (the generator of lint.ts: Services and workloads in 50
 * namespaces) in one file, `protocheck lint --json FILE` in a child process; reports its time and peak
 * RSS. Goal (issue 12): memory grows with compact facts, not parsed documents (<= 2 KB retained per
 * object; 250,000 objects in under 1 GB and under 60 s).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './lint.js';

const OBJECTS = 100_000;
const CHILD_ENV = 'PROTOCHECK_BENCH_LINT_100K_CHILD';

async function child(path: string): Promise<void> {
  const { main } = await import('../../src/main.js');
  const { memoryIo } = await import('../../src/io.js');
  const io = memoryIo();
  const t0 = performance.now();
  const code = await main(['lint', '--json', '--max-input-bytes', '1G', path], io);
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0, code, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
}

export async function run(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-bench-lint100k-'));
  try {
    const path = join(dir, 'dump.yaml');
    const text = generate(OBJECTS);
    writeFileSync(path, text);
    const self = fileURLToPath(import.meta.url);
    const r = spawnSync(process.execPath, ['--max-old-space-size=4096', self], { env: { ...process.env, [CHILD_ENV]: path }, encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) return [`lint-100k-objects: failed (${r.stderr.trim().split('\n').pop() ?? ''})`];
    const res = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { ms: number; maxRssKb: number };
    return [
      `lint-100k-objects-time: ${(res.ms / 1000).toFixed(1)} s (${(text.length / 1e6).toFixed(0)} MB of YAML)`,
      `lint-100k-objects-peak-rss: ${(res.maxRssKb / 1024).toFixed(0)} MB (goal: <= 2 KB retained per object, 250,000 objects under 1 GB and 60 s)`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childPath = process.env[CHILD_ENV];
if (childPath !== undefined) await child(childPath);
