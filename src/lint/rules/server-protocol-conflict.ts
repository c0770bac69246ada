/**
 * `server-protocol-conflict`: a `policy.linkerd.io` Server declaring HTTP/1, HTTP/2 or gRPC on a
 * server-first port, or a Server without `proxyProtocol: opaque` selecting a port the pod annotation
 * marks opaque: on the inbound side the Server wins completely and detection comes back (linkerd-spec 5).
 */
import type { Rule } from '../rule.js';
import { podView, ruleDocs } from '../effective.js';
import { interpretServerProtocol } from '../../linkerd/model.js';

/** Server proxyProtocol values (policy-controller/k8s/api/src/policy/server.rs, linkerd-spec 5). */
const VALID = ['unknown', 'HTTP/1', 'HTTP/2', 'gRPC', 'opaque', 'TLS'] as const;
import { selects, sameNamespace } from '../k8s.js';
import { get, pairOf } from '../yaml-nodes.js';

export const serverProtocolConflict: Rule = {
  meta: { id: 'server-protocol-conflict', severity: 'error', summary: 'A Server whose proxyProtocol contradicts the port it selects.', fixable: false },
  check({ ctx }, report) {
    for (const srv of ctx.model.servers) {
      const ml = srv.matchLabels;
      if (srv.proxyProtocol !== null && srv.proxyProtocolPair && interpretServerProtocol(srv.proxyProtocol) === null) {
        const fixed = VALID.find((x) => x.toLowerCase() === srv.proxyProtocol?.trim().toLowerCase());
        report({
          obj: srv.obj,
          at: srv.proxyProtocolPair,
          message: `proxyProtocol "${srv.proxyProtocol}" is not valid (case-sensitive: ${VALID.join(', ')}): the policy admission webhook rejects this Server`,
          suggestions: fixed ? [{ target: 'server', key: 'spec.proxyProtocol', value: fixed, reason: 'the exact spelling Linkerd accepts', docs: ruleDocs('server-protocol-conflict'), object: { kind: 'Server', name: srv.obj.name ?? '' } }] : [],
        });
        continue;
      }
      if (ml === null || srv.port === null) continue;
      const sg = [{ target: 'server' as const, key: 'spec.proxyProtocol', value: 'opaque', reason: 'declare the port opaque on the Server, which overrides the pod annotation on the inbound side', docs: ruleDocs('server-protocol-conflict'), object: { kind: 'Server', name: srv.obj.name ?? '', ...(srv.obj.namespace !== null ? { namespace: srv.obj.namespace } : {}) } }];
      for (const w of ctx.model.workloads) {
        if (!sameNamespace(w.obj, srv.obj) || (Object.keys(ml).length > 0 && !selects(ml, w.labels))) continue;
        const names = ctx.containerPortNames(w);
        const port = typeof srv.port === 'number' ? srv.port : names[srv.port];
        if (port === undefined) continue;
        const pp = ctx.podPorts(w).find((p) => p.port === port) ?? { workload: w, port, container: null, declared: null, serviceRefs: [] };
        const pr = srv.proxyProtocol ?? 'unknown';
        const at = srv.proxyProtocolPair ?? pairOf(get(srv.obj.node, 'spec'), 'port') ?? srv.obj.node;
        if (pr === 'HTTP/1' || pr === 'HTTP/2' || pr === 'gRPC') {
          const proto = ctx.protocolOf(pp);
          if (proto && ctx.isServerFirst(pp, proto)) {
            report({ obj: srv.obj, at, message: `Server declares proxyProtocol ${pr} on port ${port} of ${w.obj.kind}/${w.obj.name}, which serves ${proto.protocol.name} (clients wait for the server's greeting): the proxy waits for an HTTP request that never comes`, port, evidence: proto.evidence, suggestions: sg });
            break;
          }
        } else if (pr === 'unknown') {
          const view = podView(ctx, pp);
          if (view.skipped || !view.inboundOpaque) continue;
          const src = view.opaque.source === 'injector' ? 'default opaque list (written by the injector)' : `${view.opaque.source} annotation config.linkerd.io/opaque-ports`;
          report({ obj: srv.obj, at, message: `Server selects port ${port} of ${w.obj.kind}/${w.obj.name} without proxyProtocol: opaque, but the ${src} marks it opaque; the Server wins on the inbound side, so protocol detection comes back`, port, suggestions: sg });
          break;
        }
      }
    }
  },
};
