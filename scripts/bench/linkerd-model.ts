/** Linkerd model and `protocheck suggest` speed: parser, predict and suggest throughput, CLI wall time. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parsePortList } from '../../src/linkerd/port-list.js';
import { predict } from '../../src/linkerd/predict.js';
import { suggestWithPredictions } from '../../src/linkerd/suggest.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import type { Scenario } from '../../src/linkerd/model.js';

const BIN = fileURLToPath(new URL('../../../bin/protocheck', import.meta.url));

function perSecond(iterations: number, fn: (i: number) => void): number {
  for (let i = 0; i < 1000; i++) fn(i); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return iterations / s;
}

function medianMs(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [BIN, ...args], { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    if (r.status !== 1) throw new Error(`bench: suggest exited ${r.status}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export async function run(): Promise<string[]> {
  const lists = ['25,587,3306,4444,5432,6379,9300,11211', '25, 587,nats,0,,', '1-65535', '9000-9100,http,3306,abc!'];
  let sink = 0;
  const parse = perSecond(200_000, (i) => {
    sink += parsePortList(lists[i % lists.length] ?? '').problems.length;
  });
  const versions = ['2.9.0', '2.10', '2.14', 'latest'].map(parseLinkerdVersion);
  const scenarios: Scenario[] = versions.flatMap((version) =>
    (['meshed', 'unmeshed'] as const).map((client) => ({ version, port: 4222, protocol: 'nats', client, server: 'meshed', via: 'service', config: { podOpaquePorts: '8080' } }) as Scenario),
  );
  const pred = perSecond(100_000, (i) => {
    sink += predict(scenarios[i % scenarios.length] as Scenario).delaySeconds;
  });
  const sugg = perSecond(20_000, (i) => {
    const s = scenarios[i % scenarios.length] as Scenario;
    sink += suggestWithPredictions({ ...s, workload: { kind: 'deploy', name: 'nats' }, service: 'nats', namespace: 'prod' }, [{ port: 4222, protocol: 'nats' }, { port: 25, protocol: 'smtp' }], { clients: ['meshed', 'unmeshed'] }).suggestions.length;
  });
  const cli = medianMs(['suggest', '4222/nats', '25', '--workload', 'deploy/nats', '--service', 'nats', '-n', 'prod', '--format', 'yaml'], 15);
  if (sink < 0) console.error(sink);
  return [
    `linkerd-parse-port-list: ${Math.round(parse)} lists/s`,
    `linkerd-predict: ${Math.round(pred)} scenarios/s`,
    `linkerd-suggest-2-ports-2-clients: ${Math.round(sugg)} calls/s`,
    `suggest-cli-yaml: ${cli.toFixed(1)} ms`,
  ];
}
