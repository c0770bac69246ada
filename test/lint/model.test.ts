import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSource } from '../../src/lint/parse.js';
import { buildModel } from '../../src/lint/k8s.js';
import { LintContext } from '../../src/lint/context.js';
import { lintParsed } from '../../src/lint/engine.js';
import { options, y } from './helpers.js';

test('kind: List items are objects, with paths into the list', () => {
  const f = parseSource({ file: 'l.yaml', text: y('apiVersion: v1', 'kind: List', 'items:', '- {apiVersion: v1, kind: Service, metadata: {name: a}}', '- {apiVersion: v1, kind: Pod, metadata: {name: b}, spec: {containers: []}}') });
  assert.deepEqual(f.objects.map((o) => [o.kind, o.name, o.path.join('.')]), [['Service', 'a', 'items.0'], ['Pod', 'b', 'items.1']]);
});

test('Helm # Source: comments name the file for stdin input, and the file stays the input for fixes', () => {
  const text = y('---', '# Source: mychart/templates/nats.yaml', 'apiVersion: v1', 'kind: Pod', 'metadata: {name: nats}', 'spec:', '  containers: [{name: n, image: nats, ports: [{containerPort: 4222}]}]');
  const f = parseSource({ file: '<stdin>', text });
  assert.equal(f.objects[0]?.displayFile, 'mychart/templates/nats.yaml');
  const r = lintParsed([f], options());
  const finding = r.findings.find((x) => x.ruleId === 'server-first-port-not-opaque');
  assert.equal(finding?.file, 'mychart/templates/nats.yaml');
  assert.equal(finding?.inputFile, '<stdin>');
  assert.equal(finding?.line, 7);
  // A named file keeps its own name.
  assert.equal(parseSource({ file: 'out.yaml', text }).objects[0]?.displayFile, 'out.yaml');
});

test('pod templates of every workload kind, containers, native sidecars; init and mesh containers serve nothing', () => {
  const text = y(
    'apiVersion: batch/v1',
    'kind: CronJob',
    'metadata: {name: cj}',
    'spec:',
    '  jobTemplate:',
    '    spec:',
    '      template:',
    '        metadata: {labels: {app: cj}}',
    '        spec:',
    '          initContainers:',
    '          - {name: init, image: busybox, ports: [{containerPort: 1111}]}',
    '          - {name: side, image: memcached, restartPolicy: Always, ports: [{name: cache, containerPort: 11211}]}',
    '          containers:',
    '          - {name: app, image: app, ports: [{containerPort: 8080}]}',
    '          - {name: linkerd-proxy, image: proxy, ports: [{containerPort: 4143}]}',
    '---',
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Rollout',
    'metadata: {name: r}',
    'spec: {workloadRef: {kind: Deployment, name: d}}',
  );
  const m = buildModel(parseSource({ file: 'x.yaml', text }).objects);
  assert.equal(m.workloads.length, 1, 'a Rollout with workloadRef has no own template');
  const w = m.workloads[0]!;
  assert.deepEqual(w.templatePath, ['spec', 'jobTemplate', 'spec', 'template']);
  assert.deepEqual(w.servingContainers.map((c) => `${c.name}:${c.role}`), ['app:container', 'side:sidecar']);
  const ctx = new LintContext(m, options());
  assert.deepEqual(ctx.podPorts(w).map((p) => p.port), [8080, 11211]);
  assert.deepEqual(ctx.containerPortNames(w), { cache: 11211 });
});

test('Services select pods by labels in the same namespace and resolve named targetPorts (name and protocol)', () => {
  const text = y(
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: s, namespace: a}',
    'spec: {selector: {app: x}, ports: [{name: p, port: 80, targetPort: web}, {port: 53, protocol: UDP, targetPort: dns}]}',
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: in-a, namespace: a, labels: {app: x}}',
    'spec: {containers: [{name: c, image: i, ports: [{name: web, containerPort: 8080}, {name: dns, containerPort: 5353, protocol: UDP}]}]}',
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: in-b, namespace: b, labels: {app: x}}',
    'spec: {containers: []}',
  );
  const m = buildModel(parseSource({ file: 'x.yaml', text }).objects);
  const ctx = new LintContext(m, options());
  const s = m.services[0]!;
  assert.deepEqual(ctx.workloadsOf(s).map((w) => w.obj.name), ['in-a']);
  assert.equal(ctx.resolveTarget(s.ports[0]!, ctx.workloadsOf(s)[0]!), 8080);
  assert.equal(ctx.resolveTarget(s.ports[1]!, ctx.workloadsOf(s)[0]!), 5353);
});

test('JSON input and odd YAML (flow-mapping keys from templates, anchors) do not crash', () => {
  const json = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations: { 'config.linkerd.io/skip-outbound-ports': '3306, 1' } }, spec: { containers: [] } }, null, 2);
  const r = lintParsed([parseSource({ file: 'p.json', text: json })], options());
  assert.ok(r.findings.some((f) => f.ruleId === 'invalid-port-list' && f.line === 7 && f.column === 7));
  const odd = y('kind: AnalysisTemplate', 'metadata: {name: t}', 'spec:', '  x: {{args.enabled}}', '  base: &b {a: 1}', '  copy: *b');
  const o = lintParsed([parseSource({ file: 'o.yaml', text: odd })], options());
  assert.deepEqual(o.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}`), ['parse-error 4:7'], 'the placeholder key is reported, nothing else');
  assert.equal(o.summary.documents, 1);
});

test('meshed or not: inject annotations (pod over namespace), hostNetwork, webhook-excluded namespaces', () => {
  const pod = (ns: string, ann: string, extra = '') => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ${ns}, annotations: {${ann}}}\nspec: {${extra}containers: []}\n`;
  const meshed = (text: string, assumeMeshed = true) => {
    const m = buildModel(parseSource({ file: 'x.yaml', text }).objects);
    return new LintContext(m, options({ assumeMeshed })).isMeshed(m.workloads[0]!);
  };
  assert.equal(meshed(pod('a', '')), true);
  assert.equal(meshed(pod('a', ''), false), false);
  assert.equal(meshed(pod('a', 'linkerd.io/inject: disabled')), false);
  assert.equal(meshed(pod('a', 'linkerd.io/inject: ingress'), false), true);
  assert.equal(meshed('apiVersion: v1\nkind: Namespace\nmetadata: {name: a, annotations: {linkerd.io/inject: disabled}}\n---\n' + pod('a', '')), false);
  assert.equal(meshed('apiVersion: v1\nkind: Namespace\nmetadata: {name: a, annotations: {linkerd.io/inject: disabled}}\n---\n' + pod('a', 'linkerd.io/inject: enabled')), true);
  assert.equal(meshed('apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {config.linkerd.io/admission-webhooks: disabled}}\n---\n' + pod('a', 'linkerd.io/inject: enabled')), false);
  assert.equal(meshed(pod('kube-system', 'linkerd.io/inject: enabled')), false);
  assert.equal(meshed(pod('a', 'linkerd.io/inject: enabled', 'hostNetwork: true, ')), false);
});

test('objects owned by another object of the input (kubectl get all) are not linted twice', () => {
  const text = y(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: nats, namespace: a}',
    'spec: {template: {spec: {containers: [{name: n, image: nats, ports: [{containerPort: 4222}]}]}}}',
    '---',
    'apiVersion: apps/v1',
    'kind: ReplicaSet',
    'metadata: {name: nats-1, namespace: a, ownerReferences: [{kind: Deployment, name: nats}]}',
    'spec: {template: {spec: {containers: [{name: n, image: nats, ports: [{containerPort: 4222}]}]}}}',
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: nats-1-x, namespace: a, ownerReferences: [{kind: ReplicaSet, name: nats-1}], annotations: {config.linkerd.io/opaque-prts: "1"}}',
    'spec: {containers: [{name: n, image: nats, ports: [{containerPort: 4222}]}]}',
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: orphan, namespace: a, ownerReferences: [{kind: ReplicaSet, name: gone}]}',
    'spec: {containers: [{name: n, image: nats, ports: [{containerPort: 4222}]}]}',
  );
  const r = lintParsed([parseSource({ file: 'x.yaml', text })], options());
  assert.deepEqual(r.findings.map((f) => `${f.object?.kind}/${f.object?.name} ${f.ruleId}`).sort(), ['Deployment/nats server-first-port-not-opaque', 'Pod/orphan server-first-port-not-opaque']);
});

test('lint effective: the injector baseline comes from the Linkerd model, and nothing is written before 2.11', async () => {
  const { LintContext } = await import('../../src/lint/context.js');
  const { buildModel } = await import('../../src/lint/k8s.js');
  const { parseSource } = await import('../../src/lint/parse.js');
  const { podOpaqueCurrent, podOpaqueWith } = await import('../../src/lint/effective.js');
  const { options } = await import('./helpers.js');
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: x\n    ports:\n    - {containerPort: 3306}\n    - {containerPort: 4222}\n';
  const ctxFor = (linkerd: string) => new LintContext(buildModel(parseSource({ file: 'p.yaml', text }).objects), options({ linkerd }));
  const latest = ctxFor('latest');
  const w = latest.model.workloads[0]!;
  assert.equal(podOpaqueCurrent(latest, w), '3306', '2.11+: the default items equal to a declared containerPort');
  assert.equal(podOpaqueWith(latest, w, [4222]), '3306,4222');
  const old = ctxFor('2.10');
  const w10 = old.model.workloads[0]!;
  assert.equal(podOpaqueCurrent(old, w10), null, 'before 2.11 the injector writes nothing');
  // An explicit list replaces the install default the 2.10 proxy reads itself: the whole default is kept.
  const merged = podOpaqueWith(old, w10, [4222]).split(',');
  assert.ok(merged.includes('4222') && merged.includes('25') && merged.includes('3306'), merged.join(','));
});

test('lint effective: the injector writes pod ports in its walk order, repeats kept, init containers only where it walks them', async () => {
  const { LintContext } = await import('../../src/lint/context.js');
  const { buildModel } = await import('../../src/lint/k8s.js');
  const { parseSource } = await import('../../src/lint/parse.js');
  const { podOpaqueCurrent } = await import('../../src/lint/effective.js');
  const { options } = await import('./helpers.js');
  // Default list order is 25,587,3306,4444,5432,6379,9300,11211; the pod declares them in another order,
  // 6379 twice (two containers) and 11211 as UDP in a native sidecar (an init container).
  const text = [
    'apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:',
    '  initContainers:', '  - {name: cache, image: m, restartPolicy: Always, ports: [{containerPort: 11211, protocol: UDP}]}',
    '  containers:', '  - {name: a, image: x, ports: [{containerPort: 6379}, {containerPort: 3306}]}',
    '  - {name: b, image: y, ports: [{containerPort: 6379}, {containerPort: 25}]}', '',
  ].join('\n');
  const at = (linkerd: string) => {
    const ctx = new LintContext(buildModel(parseSource({ file: 'p.yaml', text }).objects), options({ linkerd }));
    return podOpaqueCurrent(ctx, ctx.model.workloads[0]!);
  };
  assert.equal(at('2.19'), '6379,3306,6379,25', 'containers only, in order, the repeat kept (pkg/inject/inject.go FilterPodOpaquePorts @version-2.19)');
  assert.equal(at('edge-25.12.1'), '6379,3306,6379,25');
  assert.equal(at('edge-25.12.2'), '11211,6379,3306,6379,25', 'init containers first, whatever the protocol (@edge-25.12.2)');
  assert.equal(at('2.20'), '11211,6379,3306,6379,25');
  assert.equal(at('2.11'), '6379,3306,6379,25', '@stable-2.11.0: containers only');
  assert.equal(at('2.10'), null, 'before 2.11 the injector writes nothing');
});
