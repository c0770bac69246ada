/** `suggest --format yaml`: the annotated fragments (pod template, Service, Namespace, Server, EgressNetwork), one YAML document per object. */
import { Scalar, stringify } from 'yaml';
import type { Suggestion } from '../linkerd/model.js';
import { escapeText } from '../term/escape.js';
import { describeTarget, type SuggestReport } from './suggest-report.js';

const API: Readonly<Record<string, string>> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Rollout: 'argoproj.io/v1alpha1',
  Pod: 'v1',
};

type Doc = Record<string, unknown>;

function meta(s: Suggestion): Doc {
  const m: Doc = {};
  if (s.object) {
    m['name'] = s.object.name;
    if (s.object.namespace !== undefined) m['namespace'] = s.object.namespace;
  }
  return m;
}

function podTemplateDoc(s: Suggestion): Doc {
  const kind = s.object?.kind ?? 'Deployment';
  const annotations = { metadata: { annotations: {} as Record<string, Scalar> } };
  let spec: Doc = { template: annotations };
  if (kind === 'Pod') spec = {};
  if (kind === 'CronJob') spec = { jobTemplate: { spec: { template: annotations } } };
  const doc: Doc = { apiVersion: API[kind] ?? 'apps/v1', kind, metadata: meta(s) };
  if (kind === 'Pod') (doc['metadata'] as Doc)['annotations'] = annotations.metadata.annotations;
  else doc['spec'] = spec;
  return doc;
}

/** Annotation values always double-quoted (they must stay strings: "3306" is not a number). */
function quoted(value: string): Scalar {
  const s = new Scalar(value);
  s.type = 'QUOTE_DOUBLE';
  return s;
}

function annotationsOf(doc: Doc): Record<string, Scalar> {
  if (doc['kind'] === 'Pod' || !('spec' in doc) || doc['kind'] === 'Service' || doc['kind'] === 'Namespace' || doc['kind'] === 'EgressNetwork') {
    const m = doc['metadata'] as Doc;
    m['annotations'] ??= {};
    return m['annotations'] as Record<string, Scalar>;
  }
  let t = doc['spec'] as Doc;
  if (doc['kind'] === 'CronJob') t = ((t['jobTemplate'] as Doc)['spec'] as Doc);
  return ((t['template'] as Doc)['metadata'] as Doc)['annotations'] as Record<string, Scalar>;
}

function keyOf(s: Suggestion): string {
  return `${s.target === 'client-pod' ? 'pod-template' : s.target}|${s.object?.kind ?? ''}|${s.object?.name ?? ''}|${s.alternative ? 'alt' : ''}`;
}

export function renderSuggestYaml(report: SuggestReport): string {
  if (report.suggestions.length === 0) return '# nothing to change\n';
  const docs = new Map<string, { doc: Doc; comments: string[] }>();
  for (const s of report.suggestions) {
    const k = keyOf(s);
    let entry = docs.get(k);
    if (!entry) {
      let doc: Doc;
      switch (s.target) {
        case 'pod-template':
        case 'client-pod':
          doc = podTemplateDoc(s);
          break;
        case 'service':
          doc = { apiVersion: 'v1', kind: 'Service', metadata: meta(s) };
          break;
        case 'namespace':
          doc = { apiVersion: 'v1', kind: 'Namespace', metadata: meta(s) };
          break;
        case 'server':
          doc = { apiVersion: 'policy.linkerd.io/v1beta3', kind: 'Server', metadata: meta(s), spec: {} };
          break;
        case 'egress-network':
          doc = { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'EgressNetwork', metadata: meta(s) };
          break;
      }
      entry = { doc, comments: [`${s.alternative ? 'ALTERNATIVE to the previous document: ' : ''}${describeTarget(s)}`] };
      docs.set(k, entry);
    }
    // Reasons and notes quote user input: escaped, so a newline cannot end the comment and start YAML.
    entry.comments.push(`${s.key}: ${escapeText(s.reason)}`);
    for (const n of s.notes ?? []) entry.comments.push(`note: ${escapeText(n)}`);
    if (s.key === 'spec.ports[].appProtocol') {
      const spec = ((entry.doc['spec'] as Doc | undefined) ?? (entry.doc['spec'] = {})) as Doc;
      const ports = ((spec['ports'] as Doc[] | undefined) ?? (spec['ports'] = [])) as Doc[];
      ports.push({ port: s.port ?? 0, appProtocol: s.value });
    } else if (s.key === 'spec.proxyProtocol') {
      (entry.doc['spec'] as Doc)['proxyProtocol'] = s.value;
    } else {
      annotationsOf(entry.doc)[s.key] = quoted(s.value);
    }
  }
  const parts: string[] = [];
  for (const { doc, comments } of docs.values()) {
    parts.push(comments.map((c) => `# ${c}`).join('\n') + '\n' + stringify(doc, { lineWidth: 0 }));
  }
  return parts.join('---\n');
}
