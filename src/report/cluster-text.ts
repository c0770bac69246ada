/**
 * Text report of `protocheck cluster`: the answer first (how many Service ports need a change), then a
 * table per namespace whose ports that need a change come first, then each of those ports' findings
 * and fixes. Pure `(entries, opts) => string`; object names and messages are escaped (they come from
 * the cluster), color only through the chalk instance passed in.
 */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import { escapeText } from '../term/escape.js';
import { needsChange } from '../cluster/finalize.js';
import type { FindingJson, ServicePortJson } from '../cluster/types.js';

const BARE = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

export interface ClusterTextOptions {
  readonly chalk: ChalkInstance;
  readonly shard: null | { readonly index: number; readonly count: number };
  /** Lint findings about objects behind no Service port. */
  readonly other: readonly FindingJson[];
}

function experience(e: string, c: ChalkInstance): string {
  return e === 'works' ? 'works' : c.red(e);
}

function observedCell(e: ServicePortJson): string {
  const o = e.observed;
  if (o === null) return '-';
  if (o.probed === 0) return `not probed (0/${o.endpoints})`;
  // A close at about 10 s with nothing sent is what a detecting Linkerd proxy does to a silent unmeshed client.
  const proxy = o.proxyTimeouts === 0 ? '' : `, ${o.proxyTimeouts === o.probed ? '' : `${o.proxyTimeouts} `}closed at 10 s (detecting proxy)`;
  return `${o.firstSpeaker}${o.protocol !== null ? ` ${o.protocol}` : ''} ${o.probed}/${o.endpoints}${proxy}`;
}

function objectName(f: FindingJson): string {
  return f.object === null ? '' : `${f.object.kind}/${escapeText(f.object.name)}${f.port !== null ? ` port ${escapeText(String(f.port))}` : ''}: `;
}

export function renderClusterText(entries: readonly ServicePortJson[], o: ClusterTextOptions): string {
  const c = o.chalk;
  const needing = entries.filter(needsChange);
  const namespaces = [...new Set(entries.map((e) => e.namespace))];
  const lines: string[] = [];
  const share = o.shard === null ? '' : ` (shard ${o.shard.index}/${o.shard.count}: observations cover this shard's endpoints only)`;
  lines.push(
    needing.length === 0
      ? c.green(`No change needed: ${entries.length} Service port${entries.length === 1 ? '' : 's'} in ${namespaces.length} namespace${namespaces.length === 1 ? '' : 's'}${share}.`)
      : c.bold(`${needing.length} of ${entries.length} Service ports need a change${share}:`) + ' ' + needing.slice(0, 8).map((e) => `${escapeText(e.namespace)}/${escapeText(e.name)}:${e.port}`).join(', ') + (needing.length > 8 ? ', ...' : ''),
  );
  for (const ns of namespaces) {
    const rows = entries.filter((e) => e.namespace === ns);
    const ordered = [...rows.filter(needsChange), ...rows.filter((e) => !needsChange(e))];
    const table = new Table({
      head: ['', 'SERVICE', 'PORT', 'PROTOCOL', 'MESHED', 'MESHED CLIENTS', 'UNMESHED CLIENTS', 'OBSERVED', 'FINDINGS'],
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
      chars: BARE,
    });
    for (const e of ordered) {
      const rules = [...new Set(e.findings.map((f) => f.rule))];
      table.push([
        needsChange(e) ? c.red('!') : ' ',
        escapeText(e.name),
        `${e.port}${String(e.targetPort) !== String(e.port) ? `->${escapeText(String(e.targetPort))}` : ''}`,
        e.protocol ?? '-',
        e.meshed === 'mixed' ? c.yellow('mixed') : e.meshed ? 'yes' : 'no',
        experience(e.outcomes.meshedClients, c),
        experience(e.outcomes.unmeshedClients, c),
        observedCell(e),
        rules.length === 0 ? '-' : rules.join(', '),
      ]);
    }
    lines.push('', c.bold(`namespace ${escapeText(ns)}`), table.toString().split('\n').map((l) => `  ${l}`.trimEnd()).join('\n'));
  }
  if (needing.length > 0) {
    lines.push('', c.bold('What to change:'));
    for (const e of needing) {
      lines.push(`  ${escapeText(e.namespace)}/${escapeText(e.name)} port ${e.port}:`);
      for (const f of e.findings) lines.push(`    ${f.severity === 'error' ? c.red(f.severity) : c.yellow(f.severity)} ${f.rule}: ${objectName(f)}${escapeText(f.message)}`);
      for (const s of e.suggestions) {
        const obj = s['object'] as { kind: string; name: string } | null;
        lines.push(`    fix: ${s['alternative'] === true ? '(alternative) ' : ''}${obj ? `${obj.kind}/${escapeText(obj.name)} ` : ''}${escapeText(String(s['key']))}=${escapeText(String(s['value']))}`);
      }
    }
    lines.push('', 'The fixes as kubectl commands: protocheck cluster ... --format patch');
  }
  if (o.other.length > 0) {
    lines.push('', c.bold('Findings on objects behind no Service port:'));
    for (const f of o.other) lines.push(`  ${f.severity} ${f.rule}: ${objectName(f)}${escapeText(f.message)}`);
  }
  return lines.join('\n') + '\n';
}
