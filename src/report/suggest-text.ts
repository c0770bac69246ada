/** `suggest` text output: per port what happens per client kind, then the numbered changes. */
import type { ChalkInstance } from 'chalk';
import type { Experience } from '../linkerd/model.js';
import { escapeText } from '../term/escape.js';
import { ANNOTATIONS } from '../linkerd/annotations.js';
import { describeChange, describeTarget, type SuggestReport } from './suggest-report.js';

const EXPERIENCE_TEXT: Readonly<Record<Experience, string>> = {
  works: 'works',
  'stall-10s': 'stalls ~10 s, then works',
  'stall-20s': 'stalls ~20 s, then works',
  'closed-10s': 'closed after ~10 s',
  'failed-1s': 'fails after ~1 s',
  'failed-3s': 'fails after ~3 s',
  broken: 'broken',
};

export function renderSuggestText(report: SuggestReport, chalk: ChalkInstance): string {
  const lines: string[] = [`${report.version.label}`, ''];
  for (const p of report.ports) {
    const proto =
      p.protocolSource === 'argument'
        ? `${p.protocolName ?? p.protocol}`
        : p.protocolSource === 'knowledge-base'
          ? `${p.protocolName ?? p.protocol} (the knowledge base's protocol for this port)`
          : 'unknown protocol (assumed to speak first; give PORT/PROTOCOL)';
    const waits = p.implicitTls
      ? ', implicit TLS: clients send a TLS ClientHello first'
      : p.clientWaitsForGreeting === true
        ? ', clients wait for the server greeting'
        : p.clientWaitsForGreeting === false
          ? ', clients speak first'
          : '';
    const where = p.servicePort !== undefined ? `Service port ${p.servicePort} -> pod port ${p.port}` : `port ${p.port}`;
    lines.push(chalk.bold(`${where}: ${proto}${waits}`));
    for (const o of p.outcomes ?? []) {
      const ok = o.prediction.experience === 'works';
      const mark = o.prediction.covered ? chalk.green('ok') : chalk.red('needs a change');
      const exp = ok ? chalk.green(EXPERIENCE_TEXT[o.prediction.experience]) : chalk.yellow(EXPERIENCE_TEXT[o.prediction.experience]);
      lines.push(`  ${o.client} clients: ${exp} [client proxy: ${o.prediction.client}, server proxy: ${o.prediction.server}] ${mark}`);
      if (!o.prediction.covered) {
        const last = o.prediction.explanation[o.prediction.explanation.length - 1];
        if (last !== undefined) lines.push(`    ${last}`);
      }
    }
    lines.push('');
  }
  if (report.suggestions.length === 0) {
    lines.push(chalk.green('Nothing to change.'));
    return lines.join('\n') + '\n';
  }
  lines.push(chalk.bold(`Changes (${report.suggestions.filter((s) => !s.alternative).length}):`));
  report.suggestions.forEach((s, i) => {
    lines.push(`${i + 1}. ${s.alternative ? 'or, instead of the previous one: ' : ''}${describeTarget(s)}: ${chalk.cyan(describeChange(s))}`);
    if (s.current !== undefined && s.current !== null && s.key.includes('/')) lines.push(`   currently: "${escapeText(s.current)}"`);
    lines.push(`   why: ${escapeText(s.reason)}`);
    for (const n of s.notes ?? []) lines.push(`   note: ${escapeText(n)}`);
    if (s.current === null && s.key === ANNOTATIONS.opaquePorts) {
      if (s.rule === 'pod-opaque-ports' && !report.context.containerPortsKnown) lines.push('   tip: --container-ports LIST keeps only the default ports the pod declares (what the injector wrote)');
      if (s.rule === 'service-opaque-ports' && !report.context.servicePortsKnown) lines.push('   tip: --service-ports LIST keeps only the default ports the Service exposes (what the injector wrote)');
    }
    lines.push(`   docs: ${s.docs}`);
  });
  if (report.suggestions.some((s) => s.target === 'pod-template' || s.target === 'client-pod' || s.target === 'namespace' || s.target === 'service')) {
    lines.push('');
    lines.push('Annotations are applied when pods are created: restart the workload after changing its pod template (Services and Namespaces: see the docs).');
  }
  return lines.join('\n') + '\n';
}
