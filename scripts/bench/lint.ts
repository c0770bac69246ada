/**
 * Lint throughput: 10,000 generated objects (Deployments and Services with comments, a third of them
 * server-first NATS/MySQL/IMAP ports), objects per second, and lint time divided by the time the yaml
 * library alone needs for parseAllDocuments on the same text (goal: at most 1.5).
 */
import { LineCounter, parseAllDocuments } from 'yaml';
import { lintSources } from '../../src/lint/engine.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';

const OBJECTS = 10_000;
const RUNS = 7;

export function generate(objects: number): string {
  const images = ['nats:2.10', 'mysql:8.0', 'dovecot/dovecot:2.3', 'nginx:1.27', 'redis:7'];
  const ports = [4222, 3306, 143, 8080, 6379];
  let out = '';
  for (let i = 0; i < objects / 2; i++) {
    const k = i % images.length;
    const annotated = i % 3 === 0 ? `\n      annotations:\n        # opaque for the server-first port\n        config.linkerd.io/opaque-ports: "${ports[k]}"` : '';
    out += `---
# Service ${i}: the ClusterIP in front of app-${i}
apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: ns-${i % 50}
spec:
  selector:
    app: app-${i}
  ports:
  - name: main   # what clients dial
    port: ${ports[k]}
---
# Deployment ${i}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: ns-${i % 50}
  labels: {app: app-${i}, tier: backend}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}${annotated}
    spec:
      containers:
      - name: app
        image: ${images[k]}
        ports:
        - containerPort: ${ports[k]}  # the server port
          name: main
        resources:
          limits: {cpu: 500m, memory: 256Mi}
`;
  }
  return out;
}

function time(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function run(): Promise<string[]> {
  const text = generate(OBJECTS);
  const options = { version: parseLinkerdVersion('latest'), assumeMeshed: true, cni: false };
  let findings = 0;
  lintSources([{ file: 'bench.yaml', text }], options); // warm up
  // Interleaved (parse, lint, parse, lint, ...): on a shared machine the load changes between runs, and
  // each ratio compares two runs made under the same load. Reported: medians of the times and of the ratios.
  const parses: number[] = [];
  const lints: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const p = time(() => void parseAllDocuments(text, { lineCounter: new LineCounter() }));
    const l = time(() => {
      findings = lintSources([{ file: 'bench.yaml', text }], options).findings.length;
    });
    parses.push(p);
    lints.push(l);
    ratios.push(l / p);
  }
  const parse = median(parses);
  const lint = median(lints);
  return [
    `lint-objects: ${OBJECTS} objects`,
    `lint-findings: ${findings} findings`,
    `lint-yaml-parse: ${parse.toFixed(0)} ms`,
    `lint-time: ${lint.toFixed(0)} ms`,
    `lint-objects-per-second: ${Math.round(OBJECTS / (lint / 1000))} objects/s`,
    `lint-vs-yaml-parse: ${median(ratios).toFixed(2)} x`,
    `lint-vs-yaml-parse-best: ${(Math.min(...lints) / Math.min(...parses)).toFixed(2)} x`,
  ];
}
