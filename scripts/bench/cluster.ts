/**
 * `protocheck cluster` at scale (`npm run bench cluster`): a generated dump of 50,000 pods behind
 * 10,000 Services (100 namespaces; each Service a Deployment, its ReplicaSet and 5 injected or plain
 * pods with EndpointSlices, as `kubectl get -A -o json` prints them), written to a temporary file as a
 * stream, then audited statically (`cluster --from FILE --json`) in a child process: wall seconds and
 * the child's peak RSS (its memory stays bounded by the compact facts, not the dump's size).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, namespace, service } from '../../test/helpers/cluster-dump.js';

const SERVICES = 10_000;
const PODS_PER_SERVICE = 5;
const NAMESPACES = 100;
const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));
const IO = fileURLToPath(new URL('../../src/io.js', import.meta.url));

const IMAGES: ReadonlyArray<readonly [string, number, string]> = [
  ['docker.io/library/nginx:1.27', 8080, 'http'],
  ['docker.io/library/mysql:8.0', 3306, 'mysql'],
  ['docker.io/library/nats:2.10', 4222, 'client'],
  ['docker.io/library/redis:7.2', 6379, 'redis'],
  ['registry.example.com/team/api:4.1', 9000, 'grpc'],
];

export function writeDump(path: string): number {
  const fd = openSync(path, 'w');
  let first = true;
  const put = (o: unknown): void => {
    writeSync(fd, (first ? '' : ',\n') + JSON.stringify(o));
    first = false;
  };
  writeSync(fd, '{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[\n');
  for (let n = 0; n < NAMESPACES; n++) put(namespace(`team-${n}`, n % 5 === 4 ? {} : { 'linkerd.io/inject': 'enabled' }));
  for (let i = 0; i < SERVICES; i++) {
    const ns = `team-${i % NAMESPACES}`;
    const [image, port, portName] = IMAGES[i % IMAGES.length] as readonly [string, number, string];
    const meshed = (i % NAMESPACES) % 5 !== 4;
    const r = app({
      namespace: ns,
      name: `app-${i}`,
      proxy: meshed ? (i % 7 === 0 ? 'edge-25.3.2' : 'stable-2.14.10') : null,
      ...(meshed && (port === 3306 || port === 6379) ? { injectedOpaque: String(port) } : {}),
      replicas: PODS_PER_SERVICE,
      ip: (k) => `10.${(i >> 8) & 255}.${i & 255}.${k + 1}`,
      containers: [{ name: 'main', image, ports: [{ containerPort: port, name: portName }] }],
    });
    for (const o of r.objects) put(o);
    for (const o of service({ namespace: ns, name: `app-${i}`, selector: { app: `app-${i}` }, ports: [{ name: portName, port: port === 8080 ? 80 : port, targetPort: portName }] }, r.pods)) put(o);
  }
  writeSync(fd, '\n]}\n');
  closeSync(fd);
  return statSync(path).size;
}

const CHILD = `
const { main } = await import(${JSON.stringify(MAIN)});
const { memoryIo } = await import(${JSON.stringify(IO)});
const io = memoryIo();
const t0 = performance.now();
const code = await main(['cluster', '--from', process.argv[1], '--json'], io);
const seconds = (performance.now() - t0) / 1000;
const doc = JSON.parse(io.out());
process.stdout.write(JSON.stringify({ code, seconds, ports: doc.services.length, rss: process.resourceUsage().maxRSS * 1024, err: io.err() }));
`;

export async function run(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'protocheck-bench-cluster-'));
  try {
    const file = join(dir, 'dump.json');
    const bytes = writeDump(file);
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`cluster bench child failed: ${r.stderr}`);
    const m = JSON.parse(r.stdout) as { code: number; seconds: number; ports: number; rss: number; err: string };
    if (m.ports !== SERVICES) throw new Error(`cluster bench: ${m.ports} Service ports audited, expected ${SERVICES}`);
    return [
      `cluster-static-10k-services-dump-size: ${(bytes / 2 ** 20).toFixed(0)} MiB`,
      `cluster-static-10k-services: ${m.seconds.toFixed(1)} s`,
      `cluster-static-10k-services-peak-rss: ${(m.rss / 2 ** 20).toFixed(0)} MiB`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
