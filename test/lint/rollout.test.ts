// Argo Rollouts with spec.workloadRef: the pods run the referenced object's template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel } from '../../src/lint/k8s.js';
import { parseSource } from '../../src/lint/parse.js';
import { lint, y } from './helpers.js';
import { findingText } from '../../src/report/lint-message.js';

const deployment = (ns = 'apps') =>
  y(
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: nats-ref, namespace: ${ns}}`,
    'spec:',
    '  replicas: 0',
    '  selector: {matchLabels: {app: nats}}',
    '  template:',
    '    metadata: {labels: {app: nats}}',
    '    spec:',
    '      containers:',
    '      - name: nats',
    '        image: nats:2.10',
    '        ports:',
    '        - {name: client, containerPort: 4222}',
  );
const rollout = (kind = 'Deployment', name = 'nats-ref') =>
  y('apiVersion: argoproj.io/v1alpha1', 'kind: Rollout', 'metadata: {name: nats, namespace: apps}', 'spec:', '  replicas: 5', '  workloadRef:', '    apiVersion: apps/v1', `    kind: ${kind}`, `    name: ${name}`);

test('workloadRef resolved: the referenced template is linted once and the finding names the Rollout', () => {
  const r = lint(`${deployment()}---\n${rollout()}`, 'server-first-port-not-opaque');
  assert.equal(r.findings.length, 1, 'one workload, not one for the Deployment and one for the Rollout');
  const f = r.findings[0]!;
  assert.equal(f.port, 4222);
  assert.deepEqual([f.object?.kind, f.object?.name], ['Deployment', 'nats-ref']);
  assert.equal(f.line, 14, 'at the port entry of the Deployment template (where the fix goes)');
  assert.equal(f.messageId, 'notOpaque');
  assert.equal(f.runsUnder, 'Rollout/nats');
  assert.match(findingText(f), /\(the pods run under Rollout\/nats, whose workloadRef names this Deployment\)$/);
  assert.match(f.suggestions[0]!.value, /^4222$/);
  assert.equal(r.notes, undefined);
  // Order in the stream does not matter.
  assert.equal(lint(`${rollout()}---\n${deployment()}`, 'server-first-port-not-opaque').findings.length, 1);
});

test('workloadRef to an object not in the input: a note, no finding', () => {
  const r = lint(rollout());
  assert.equal(r.findings.length, 0);
  assert.deepEqual(r.notes, ["Rollout/apps/nats takes its pod template from Deployment/apps/nats-ref (workloadRef), which is not in the input; add it to lint the Rollout's pods"]);
  // A Deployment of that name in another namespace is not the one referenced.
  const other = lint(`${deployment('other')}---\n${rollout()}`, 'server-first-port-not-opaque');
  assert.equal(other.notes?.length, 1);
  assert.equal(other.findings[0]!.runsUnder, null);
  assert.doesNotMatch(findingText(other.findings[0]!), /Rollout/);
});

test('workloadRef to a kind Argo Rollouts does not support is a note too', () => {
  const r = lint(rollout('StatefulSet', 'db'));
  assert.equal(r.findings.length, 0);
  assert.match(r.notes?.[0] ?? '', /workloadRef to kind "StatefulSet", which Argo Rollouts does not support \(Deployment, ReplicaSet, PodTemplate\)/);
});

test('the model: the referenced workload carries the Rollouts; a Rollout with an inline template is its own workload', () => {
  const m = buildModel(parseSource({ file: 'x.yaml', text: `${deployment()}---\n${rollout()}` }).objects);
  assert.equal(m.workloads.length, 1);
  assert.deepEqual(m.workloads[0]!.rollouts.map((o) => o.name), ['nats']);
  const inline = y('apiVersion: argoproj.io/v1alpha1', 'kind: Rollout', 'metadata: {name: r}', 'spec:', '  template:', '    metadata: {labels: {app: r}}', '    spec: {containers: [{name: c, image: nats, ports: [{containerPort: 4222}]}]}');
  const mi = buildModel(parseSource({ file: 'x.yaml', text: inline }).objects);
  assert.deepEqual(mi.workloads.map((w) => [w.obj.kind, w.rollouts.length]), [['Rollout', 0]]);
  assert.deepEqual(mi.notes, []);
});
