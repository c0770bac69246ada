/** `suggest --format patch`: kubectl commands with shell-safe quoting (comments where an object name is missing). */
import type { Suggestion } from '../linkerd/model.js';
import { escapeText } from '../term/escape.js';
import { describeTarget, type SuggestReport } from './suggest-report.js';

/** POSIX-shell quoting: bare when only safe characters, else single quotes with ' as '\''. */
export function shQuote(s: string): string {
  if (/^[A-Za-z0-9_./:=,@%+-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const RESOURCE: Readonly<Record<string, string>> = {
  Deployment: 'deployment',
  StatefulSet: 'statefulset',
  DaemonSet: 'daemonset',
  ReplicaSet: 'replicaset',
  Job: 'job',
  CronJob: 'cronjob',
  Rollout: 'rollout.argoproj.io',
  Pod: 'pod',
  Service: 'service',
  Namespace: 'namespace',
  Server: 'server.policy.linkerd.io',
  EgressNetwork: 'egressnetwork.policy.linkerd.io',
};

function templatePatch(kind: string, annotations: Record<string, string>): unknown {
  const a = { metadata: { annotations } };
  if (kind === 'Pod') return a;
  if (kind === 'CronJob') return { spec: { jobTemplate: { spec: { template: a } } } };
  return { spec: { template: a } };
}

function command(s: Suggestion): string | null {
  if (!s.object) return null;
  const ns = s.object.namespace !== undefined && s.object.kind !== 'Namespace' ? ` -n ${shQuote(s.object.namespace)}` : '';
  const res = `${RESOURCE[s.object.kind] ?? s.object.kind.toLowerCase()} ${shQuote(s.object.name)}${ns}`;
  if (s.key === 'spec.ports[].appProtocol') {
    // Strategic merge: Service ports merge on `port`.
    return `kubectl patch ${res} --type strategic -p ${shQuote(JSON.stringify({ spec: { ports: [{ port: s.port, appProtocol: s.value }] } }))}`;
  }
  if (s.key === 'spec.proxyProtocol') return `kubectl patch ${res} --type merge -p ${shQuote(JSON.stringify({ spec: { proxyProtocol: s.value } }))}`;
  if (s.target === 'pod-template' || s.target === 'client-pod') {
    if (s.object.kind === 'Pod') return `kubectl annotate ${res} --overwrite ${shQuote(`${s.key}=${s.value}`)}`;
    return `kubectl patch ${res} --type merge -p ${shQuote(JSON.stringify(templatePatch(s.object.kind, { [s.key]: s.value })))}`;
  }
  return `kubectl annotate ${res} --overwrite ${shQuote(`${s.key}=${s.value}`)}`;
}

const FLAG_FOR: Readonly<Record<Suggestion['target'], string>> = {
  'pod-template': '--workload KIND/NAME',
  'client-pod': '--workload KIND/NAME (the client)',
  service: '--service NAME',
  namespace: '-n NAMESPACE',
  server: 'the Server name (kubectl get servers -n NAMESPACE)',
  'egress-network': 'the EgressNetwork name (kubectl get egressnetworks -A)',
};

export function renderSuggestPatch(report: SuggestReport): string {
  if (report.suggestions.length === 0) return '# nothing to change\n';
  const lines: string[] = [];
  for (const s of report.suggestions) {
    lines.push(`# ${s.alternative ? 'ALTERNATIVE to the previous command: ' : ''}${describeTarget(s)}: ${s.key}`);
    // Notes quote user input: escaped, so a newline cannot end the comment and start a shell command.
    for (const n of s.notes ?? []) lines.push(`# note: ${escapeText(n)}`);
    const cmd = command(s);
    if (cmd === null) lines.push(`# (no command: name the object with ${FLAG_FOR[s.target]}) value: ${s.value}`);
    else lines.push(cmd);
  }
  return lines.join('\n') + '\n';
}
