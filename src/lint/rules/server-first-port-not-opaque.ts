/**
 * `server-first-port-not-opaque`: a port serving a protocol whose clients wait for the server's
 * greeting that, on the chosen Linkerd version, is neither opaque on the path its clients use nor
 * skipped. The path, the experience and the fix all come from the Linkerd model (`predict`, `suggest`).
 */
import { mergePortList, type Prediction, type Scenario, type Suggestion } from '../../linkerd/model.js';
import { cachedPredict as predict, cachedSuggest as suggest } from '../model-cache.js';
import { defineRule, type Report } from '../rule.js';
import type { LintContext, PodPort } from '../context.js';
import { fixesFor } from '../effective.js';
import { PORT_LIST_KEYS } from '../../linkerd/annotations.js';

interface Case {
  readonly label: string;
  readonly scenario: Scenario;
  readonly service?: string;
}

/** The client paths a pod port has: meshed via each ClusterIP Service, meshed via pod IP (headless or no Service), unmeshed. */
export function clientCases(ctx: LintContext, pp: PodPort, protocol: Scenario['protocol'], clientWaits?: boolean): Case[] {
  const meshed = ctx.isMeshed(pp.workload);
  const server = meshed ? 'meshed' : 'unmeshed';
  const base = { version: ctx.version, port: pp.port, protocol, ...(clientWaits !== undefined ? { clientWaitsForGreeting: clientWaits } : {}) } as const;
  const cases: Case[] = [];
  let podIp = pp.serviceRefs.length === 0;
  for (const r of pp.serviceRefs) {
    if (r.service.headless) {
      podIp = true;
      continue;
    }
    cases.push({
      label: `meshed clients of Service ${r.service.obj.name ?? ''} port ${r.port.port ?? pp.port}`,
      service: r.service.obj.name ?? undefined,
      scenario: { ...base, ...(r.port.port !== null ? { servicePort: r.port.port } : {}), client: 'meshed', server, via: 'service', config: ctx.portConfig(pp, r) },
    });
  }
  const headless = pp.serviceRefs.find((r) => r.service.headless);
  if (podIp) {
    cases.push({
      label: headless ? `meshed clients of headless Service ${headless.service.obj.name ?? ''}` : 'meshed clients dialling the pod',
      ...(headless?.service.obj.name ? { service: headless.service.obj.name } : {}),
      scenario: { ...base, client: 'meshed', server, via: 'pod-ip', config: ctx.portConfig(pp, headless) },
    });
  }
  if (meshed) cases.push({ label: 'unmeshed clients', scenario: { ...base, client: 'unmeshed', server, via: 'pod-ip', config: ctx.portConfig(pp) } });
  return cases;
}

function describe(p: Prediction): string {
  switch (p.experience) {
    case 'stall-10s':
      return 'stall about 10 s';
    case 'stall-20s':
      return 'stall about 20 s';
    case 'closed-10s':
      return 'are disconnected after 10 s';
    case 'failed-1s':
    case 'failed-3s':
      return `fail after ${p.delaySeconds} s`;
    case 'broken':
      return 'break';
    case 'works':
      return p.delaySeconds > 0 ? `wait ${p.delaySeconds} s` : 'are not covered';
  }
}

/** Merges suggestions for the same port-list annotation of the same object (one value for all ports of a workload). */
export function mergeSuggestions(all: readonly Suggestion[]): Suggestion[] {
  const out: Suggestion[] = [];
  for (const s of all) {
    const i = out.findIndex((o) => o.target === s.target && o.key === s.key && o.object?.name === s.object?.name && o.port === s.port && o.alternative === s.alternative);
    if (i === -1) {
      out.push(s);
      continue;
    }
    const prev = out[i]!;
    if (PORT_LIST_KEYS.has(s.key)) {
      const items = [...new Set([...prev.value.split(','), ...s.value.split(',')].filter((x) => x !== ''))].join(',');
      out[i] = { ...prev, value: mergePortList(items, []).value, reason: mergeReasons(prev.reason, s.reason) };
    }
  }
  return out;
}

/**
 * Joins the reasons of merged suggestions without repeating a clause, and folds
 * "a is server-first: R; b is server-first: R" into "a and b are server-first: R".
 */
export function mergeReasons(a: string, b: string): string {
  const clauses: string[] = [];
  for (const c of [...a.split('; '), ...b.split('; ')]) if (!clauses.includes(c)) clauses.push(c);
  const byRest = new Map<string, string[]>();
  const order: Array<string | { rest: string }> = [];
  for (const c of clauses) {
    const m = /^(.+?) (?:is|are) server-first: (.*)$/.exec(c);
    if (!m) {
      order.push(c);
      continue;
    }
    const [, names = '', rest = ''] = m;
    const list = byRest.get(rest);
    const parsed = names.split(/, | and /);
    if (list) {
      for (const n of parsed) if (!list.includes(n)) list.push(n);
    } else {
      byRest.set(rest, parsed);
      order.push({ rest });
    }
  }
  return order
    .map((o) => {
      if (typeof o === 'string') return o;
      const names = byRest.get(o.rest) ?? [];
      const who = names.length === 1 ? `${names[0]} is` : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} are`;
      return `${who} server-first: ${o.rest}`;
    })
    .join('; ');
}

export const serverFirstPortNotOpaque = defineRule({
  meta: {
    id: 'server-first-port-not-opaque',
    severity: 'error',
    summary: 'A server-speaks-first port that is neither opaque nor skipped on the path its clients use.',
    fixable: true,
    messages: {
      // `clients`: each client path that is not covered and what its clients experience, joined by "; ".
      notOpaque: "port {{port}} serves {{protocol}} (clients wait for the server's greeting; from {{evidence}}) but is not opaque on {{version}}: {{clients}}",
    },
  },
  check({ ctx }, report) {
    for (const w of ctx.model.workloads) {
      const pending: Array<Report<'notOpaque'> & { suggestions: Suggestion[] }> = [];
      for (const pp of ctx.podPorts(w)) {
        const proto = ctx.protocolOf(pp);
        if (!proto || !ctx.isServerFirst(pp, proto)) continue;
        const failing: Array<{ c: Case; p: Prediction }> = [];
        // A port known only from its command line has no protocol id: the model is told that clients wait.
        for (const c of clientCases(ctx, pp, proto.clientWaits !== undefined ? null : proto.protocol.id, proto.clientWaits)) {
          const p = predict(c.scenario);
          if (!p.covered) failing.push({ c, p });
        }
        if (failing.length === 0) continue;
        const suggestions: Suggestion[] = [];
        const seen = new Set<string>();
        for (const f of failing) {
          for (const s of suggest({ ...f.c.scenario, workload: { kind: w.obj.kind ?? 'Pod', name: w.obj.name ?? '' }, ...(f.c.service ? { service: f.c.service } : {}), ...(w.obj.namespace !== null ? { namespace: w.obj.namespace } : {}) })) {
            const k = `${s.target}|${s.key}|${s.value}|${s.object?.name ?? ''}`;
            if (!seen.has(k)) {
              seen.add(k);
              suggestions.push(s);
            }
          }
        }
        const at = pp.declared?.node ?? pp.serviceRefs[0]?.port.node;
        const atObj = pp.declared ? w.obj : (pp.serviceRefs[0]?.service.obj ?? w.obj);
        const how = failing.map((f) => `${f.c.label} ${describe(f.p)}`).join('; ');
        const via = proto.evidence.map((e) => `${e.source} ${e.value}`).join(', ');
        pending.push({
          obj: atObj === w.obj ? w.obj : atObj,
          at,
          messageId: 'notOpaque',
          data: { port: pp.port, protocol: proto.protocol.name, evidence: via, version: ctx.version.label, clients: how },
          port: pp.port,
          evidence: proto.evidence,
          suggestions,
        });
      }
      // One merged value per annotation for all the workload's ports, so each fix is complete.
      const merged = mergeSuggestions(pending.flatMap((p) => p.suggestions));
      const svc = ctx.servicesOf(w).find((s) => !s.headless);
      for (const p of pending) {
        const mine = merged.filter((m) => p.suggestions.some((s) => s.target === m.target && s.key === m.key && s.object?.name === m.object?.name && s.port === m.port));
        report({ ...p, suggestions: mine, fixes: fixesFor(ctx, mine, w, svc) });
      }
    }
  },
});
