/**
 * `server-protocol-conflict`: a `policy.linkerd.io` Server declaring HTTP/1, HTTP/2 or gRPC on a
 * server-first port, or a Server without `proxyProtocol: opaque` selecting a port the pod annotation
 * marks opaque: on the inbound side the Server wins completely and detection comes back (docs/linkerd-model.md#effective-configuration).
 */
import { defineRule } from '../rule.js';
import { podView, ruleDocs } from '../effective.js';
import { interpretServerProtocol } from '../../linkerd/model.js';

/** Server proxyProtocol values (policy-controller/k8s/api/src/policy/server.rs, docs/linkerd-model.md#effective-configuration). */
const VALID = ['unknown', 'HTTP/1', 'HTTP/2', 'gRPC', 'opaque', 'TLS'] as const;
import { selects, sameNamespace } from '../k8s.js';
import { get, pairOf } from '../yaml-nodes.js';

export const serverProtocolConflict = defineRule({
  meta: {
    id: 'server-protocol-conflict',
    severity: 'error',
    summary: 'A Server whose proxyProtocol contradicts the port it selects.',
    fixable: false,
    messages: {
      invalidProxyProtocol: 'proxyProtocol "{{value}}" is not valid (case-sensitive: {{valid}}): the policy admission webhook rejects this Server',
      httpOnServerFirst: "Server declares proxyProtocol {{proxyProtocol}} on port {{port}} of {{workload}}, which serves {{protocol}} (clients wait for the server's greeting): the proxy waits for an HTTP request that never comes",
      detectionComesBackInjector: 'Server selects port {{port}} of {{workload}} without proxyProtocol: opaque, but the default opaque list (written by the injector) marks it opaque; the Server wins on the inbound side, so protocol detection comes back',
      detectionComesBack: 'Server selects port {{port}} of {{workload}} without proxyProtocol: opaque, but the {{on}} annotation config.linkerd.io/opaque-ports marks it opaque; the Server wins on the inbound side, so protocol detection comes back',
    },
  },
  check({ ctx }, report) {
    for (const srv of ctx.model.servers) {
      const ml = srv.matchLabels;
      if (srv.proxyProtocol !== null && srv.proxyProtocolPair && interpretServerProtocol(srv.proxyProtocol) === null) {
        const fixed = VALID.find((x) => x.toLowerCase() === srv.proxyProtocol?.trim().toLowerCase());
        report({
          obj: srv.obj,
          at: srv.proxyProtocolPair,
          messageId: 'invalidProxyProtocol',
          data: { value: srv.proxyProtocol, valid: VALID.join(', ') },
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
            report({ obj: srv.obj, at, messageId: 'httpOnServerFirst', data: { proxyProtocol: pr, port, workload: `${w.obj.kind}/${w.obj.name}`, protocol: proto.protocol.name }, port, evidence: proto.evidence, suggestions: sg });
            break;
          }
        } else if (pr === 'unknown') {
          const view = podView(ctx, pp);
          if (view.skipped || !view.inboundOpaque) continue;
          const data = { port, workload: `${w.obj.kind}/${w.obj.name}` };
          if (view.opaque.source === 'injector') report({ obj: srv.obj, at, messageId: 'detectionComesBackInjector', data, port, suggestions: sg });
          else report({ obj: srv.obj, at, messageId: 'detectionComesBack', data: { ...data, on: view.opaque.source }, port, suggestions: sg });
          break;
        }
      }
    }
  },
});
