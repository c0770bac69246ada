#!/usr/bin/env node
// A stand-in for kubectl (a real API server cannot run on the test machines): records its arguments
// (one JSON line per call in $FAKE_KUBECTL_LOG) and prints the objects of $FAKE_KUBECTL_DUMP of the
// kinds asked for, as `kubectl get KINDS -o json` does. $FAKE_KUBECTL_MISSING lists resource types the
// "cluster" does not have (a CRD not installed), $FAKE_KUBECTL_FORBIDDEN those the account may not list:
// a call naming one of them fails as kubectl does (message on stderr, exit 1, nothing on stdout).
import { appendFileSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
appendFileSync(process.env.FAKE_KUBECTL_LOG, JSON.stringify(args) + '\n');
const KIND = { namespaces: 'Namespace', pods: 'Pod', services: 'Service', endpointslices: 'EndpointSlice', deployments: 'Deployment', statefulsets: 'StatefulSet', daemonsets: 'DaemonSet', replicasets: 'ReplicaSet', jobs: 'Job', cronjobs: 'CronJob', 'servers.policy.linkerd.io': 'Server', networkpolicies: 'NetworkPolicy' };
const kinds = (args[1] ?? '').split(',');
const missing = (process.env.FAKE_KUBECTL_MISSING ?? '').split(',').filter(Boolean);
const forbidden = (process.env.FAKE_KUBECTL_FORBIDDEN ?? '').split(',').filter(Boolean);
for (const k of kinds) {
  if (missing.includes(k)) {
    process.stderr.write(`error: the server doesn't have a resource type "${k.split('.')[0]}"\n`);
    process.exit(1);
  }
}
const bad = kinds.filter((k) => forbidden.includes(k));
if (bad.length > 0) {
  for (const k of bad) process.stderr.write(`Error from server (Forbidden): ${k} is forbidden: User "system:serviceaccount:audit:protocheck" cannot list resource "${k}" in API group "" at the cluster scope\n`);
  process.exit(1);
}
const ns = args.includes('-n') ? args[args.indexOf('-n') + 1] : null;
const dump = JSON.parse(readFileSync(process.env.FAKE_KUBECTL_DUMP, 'utf8'));
const wanted = new Set(kinds.map((k) => KIND[k]));
const items = dump.items.filter((o) => wanted.has(o.kind) && (ns === null || o.kind === 'Namespace' || o.metadata.namespace === ns));
process.stdout.write(JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4) + '\n');
