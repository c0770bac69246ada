/**
 * `app-protocol-opaque`: on Linkerd 2.18+ the policy controller maps a Service port's appProtocol
 * `http` -> HTTP/1, `kubernetes.io/h2c` -> HTTP/2, `linkerd.io/opaque`/`linkerd.io/tcp` -> opaque and
 * ANY other value -> opaque (linkerd-spec 2.5, PRs #13660/#13721). Warns on values that silently
 * become opaque, and on HTTP declared on a server-first port.
 */
import type { Rule } from '../rule.js';
import { atLeast } from '../../linkerd/version.js';
import { ruleDocs } from '../effective.js';
import type { Suggestion } from '../../linkerd/model.js';

/** appProtocol values Linkerd reads as what they say (lower-cased). */
export const LINKERD_APP_PROTOCOLS: Readonly<Record<string, string>> = {
  http: 'HTTP/1',
  'kubernetes.io/h2c': 'HTTP/2',
  'linkerd.io/opaque': 'opaque',
  'linkerd.io/tcp': 'opaque',
};

/** What to write instead of a value that becomes opaque. */
const REPLACEMENT: Readonly<Record<string, string>> = {
  grpc: 'kubernetes.io/h2c',
  http2: 'kubernetes.io/h2c',
  h2c: 'kubernetes.io/h2c',
  'kubernetes.io/ws': 'http',
  'kubernetes.io/wss': 'linkerd.io/opaque',
  tcp: 'linkerd.io/opaque',
  https: 'linkerd.io/opaque',
};

export const appProtocolOpaque: Rule = {
  meta: { id: 'app-protocol-opaque', severity: 'warning', summary: 'An appProtocol that Linkerd 2.18+ treats as opaque, or HTTP declared on a server-first port.', fixable: false },
  check({ ctx }, report) {
    if (!atLeast(ctx.version, '2.18')) return;
    for (const s of ctx.model.services) {
      for (const sp of s.ports) {
        if (sp.appProtocol === null || !sp.appProtocolPair) continue;
        const v = sp.appProtocol.toLowerCase();
        const known = LINKERD_APP_PROTOCOLS[v];
        const suggestion = (value: string, reason: string): Suggestion => ({ target: 'service', key: 'appProtocol', value, reason, docs: ruleDocs('app-protocol-opaque'), object: { kind: 'Service', name: s.obj.name ?? '', ...(s.obj.namespace !== null ? { namespace: s.obj.namespace } : {}) } });
        if (known === undefined) {
          const repl = REPLACEMENT[v];
          report({
            obj: s.obj,
            at: sp.appProtocolPair,
            message: `appProtocol "${sp.appProtocol}" is not one Linkerd knows (http, kubernetes.io/h2c, linkerd.io/opaque): ${ctx.version.label} treats port ${sp.port ?? '?'} as opaque, with no HTTP metrics, retries or routes`,
            port: sp.port,
            suggestions: repl ? [suggestion(repl, repl === 'linkerd.io/opaque' ? 'say opaque explicitly' : `declare ${LINKERD_APP_PROTOCOLS[repl]} the way Linkerd reads it`)] : [],
          });
          continue;
        }
        if (known !== 'HTTP/1' && known !== 'HTTP/2') continue;
        for (const w of ctx.workloadsOf(s)) {
          const target = ctx.resolveTarget(sp, w);
          const pp = ctx.podPorts(w).find((p) => p.port === target);
          if (!pp) continue;
          // Evidence without the appProtocol itself (it names HTTP).
          const proto = ctx.protocolOf({ ...pp, serviceRefs: pp.serviceRefs.map((r) => ({ ...r, port: { ...r.port, appProtocol: null } })) });
          if (!proto || !ctx.isServerFirst(pp, proto)) continue;
          report({
            obj: s.obj,
            at: sp.appProtocolPair,
            message: `appProtocol "${sp.appProtocol}" declares ${known} on port ${sp.port ?? '?'}, but it serves ${proto.protocol.name}, whose clients wait for the server: the client proxy waits for an HTTP request that never comes`,
            port: sp.port,
            evidence: proto.evidence,
            suggestions: [suggestion('linkerd.io/opaque', `${proto.protocol.name} is not HTTP`)],
          });
          break;
        }
      }
    }
  },
};
