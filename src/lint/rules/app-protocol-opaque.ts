/**
 * `app-protocol-opaque`: on Linkerd 2.18+ the policy controller maps a Service port's appProtocol
 * `http` -> HTTP/1, `kubernetes.io/h2c` -> HTTP/2, `linkerd.io/opaque`/`linkerd.io/tcp` -> opaque and
 * ANY other value -> opaque (docs/linkerd-model.md#version-families, PRs #13660/#13721). Warns on values that silently
 * become opaque, and on HTTP declared on a server-first port.
 */
import { defineRule } from '../rule.js';
import { has } from '../../linkerd/version.js';
import { ruleDocs } from '../effective.js';
import { interpretAppProtocol, type Suggestion } from '../../linkerd/model.js';

/**
 * What to write instead of a value Linkerd reads as opaque (data): the Linkerd spelling of the same
 * protocol (docs/linkerd-model.md#version-families: `kubernetes.io/h2c` is HTTP/2, `http` HTTP/1), or an explicit opaque.
 */
const REPLACEMENT: Readonly<Record<string, string>> = {
  grpc: 'kubernetes.io/h2c',
  http2: 'kubernetes.io/h2c',
  h2c: 'kubernetes.io/h2c',
  'kubernetes.io/ws': 'http',
  'kubernetes.io/wss': 'linkerd.io/opaque',
  tcp: 'linkerd.io/opaque',
  https: 'linkerd.io/opaque',
};

export const appProtocolOpaque = defineRule({
  meta: {
    id: 'app-protocol-opaque',
    severity: 'warning',
    summary: 'An appProtocol that Linkerd 2.18+ treats as opaque, or HTTP declared on a server-first port.',
    fixable: false,
    messages: {
      unknownValue: 'appProtocol "{{appProtocol}}" is not one Linkerd knows (http, kubernetes.io/h2c, linkerd.io/opaque): {{version}} treats port {{port}} as opaque, with no HTTP metrics, retries or routes',
      httpOnServerFirst: 'appProtocol "{{appProtocol}}" declares {{declared}} on port {{port}}, but it serves {{protocol}}, whose clients wait for the server: the client proxy waits for an HTTP request that never comes',
    },
  },
  check({ ctx }, report) {
    if (!has(ctx.version, 'appProtocol')) return;
    for (const s of ctx.model.services) {
      for (const sp of s.ports) {
        if (sp.appProtocol === null || !sp.appProtocolPair) continue;
        const v = sp.appProtocol.toLowerCase();
        const reading = interpretAppProtocol(sp.appProtocol, ctx.version);
        if (!reading.honoured) continue;
        const suggestion = (value: string, reason: string): Suggestion => ({ target: 'service', key: 'spec.ports[].appProtocol', value, reason, ...(sp.port !== null ? { port: sp.port } : {}), docs: ruleDocs('app-protocol-opaque'), object: { kind: 'Service', name: s.obj.name ?? '', ...(s.obj.namespace !== null ? { namespace: s.obj.namespace } : {}) } });
        if (!reading.known) {
          const repl = REPLACEMENT[v];
          report({
            obj: s.obj,
            at: sp.appProtocolPair,
            messageId: 'unknownValue',
            data: { appProtocol: sp.appProtocol, version: ctx.version.label, port: sp.port ?? '?' },
            port: sp.port,
            suggestions: repl ? [suggestion(repl, repl === 'linkerd.io/opaque' ? 'say opaque explicitly' : `declare ${interpretAppProtocol(repl, ctx.version).path === 'http2' ? 'HTTP/2' : 'HTTP/1'} the way Linkerd reads it`)] : [],
          });
          continue;
        }
        if (reading.path !== 'http1' && reading.path !== 'http2') continue;
        const known = reading.path === 'http1' ? 'HTTP/1' : 'HTTP/2';
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
            messageId: 'httpOnServerFirst',
            data: { appProtocol: sp.appProtocol, declared: known, port: sp.port ?? '?', protocol: proto.protocol.name },
            port: sp.port,
            evidence: proto.evidence,
            suggestions: [suggestion('linkerd.io/opaque', `${proto.protocol.name} is not HTTP`)],
          });
          break;
        }
      }
    }
  },
});
