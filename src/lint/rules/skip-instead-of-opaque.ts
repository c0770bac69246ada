/**
 * `skip-instead-of-opaque`: a server-first port in skip-inbound-ports of a meshed workload loses mTLS,
 * and its meshed clients still wait on their own (outbound) detection; opaque is the fix (docs/linkerd-model.md#effective-configuration).
 */
import { defineRule } from '../rule.js';
import { ANNOTATIONS } from '../../linkerd/annotations.js';
import { fixesFor, listHas, podOpaqueWith, podView, podSuggestion, ruleDocs } from '../effective.js';

export const skipInsteadOfOpaque = defineRule({
  meta: {
    id: 'skip-instead-of-opaque',
    severity: 'warning',
    summary: 'A server-first port skipped inbound instead of marked opaque.',
    fixable: true,
    messages: {
      skipped: "port {{port}} ({{protocol}}, clients wait for the server's greeting) is in {{key}}: connections to it lose mTLS, and meshed clients still wait on their own protocol detection; mark it opaque instead",
    },
  },
  check({ ctx }, report) {
    for (const w of ctx.model.workloads) {
      if (!ctx.isMeshed(w)) continue;
      const skip = ctx.effectiveAnnotation(w, ANNOTATIONS.skipInboundPorts);
      if (!skip) continue;
      for (const pp of ctx.podPorts(w)) {
        const proto = ctx.protocolOf(pp);
        if (!proto || !ctx.isServerFirst(pp, proto) || !listHas(skip.value, ctx.options.cni ? 'cni' : 'proxy-init', pp.port)) continue;
        if (podView(ctx, pp).inboundOpaque) continue;
        const sg = [podSuggestion(w, ANNOTATIONS.opaquePorts, podOpaqueWith(ctx, w, [pp.port]), `mark ${pp.port} opaque: it keeps mTLS and meshed clients skip detection`, ruleDocs('skip-instead-of-opaque'))];
        report({
          obj: skip.on === 'pod' ? w.obj : (ctx.namespaceOf(w)?.obj ?? w.obj),
          at: skip.annotation.pair,
          messageId: 'skipped',
          data: { port: pp.port, protocol: proto.protocol.name, key: ANNOTATIONS.skipInboundPorts },
          port: pp.port,
          evidence: proto.evidence,
          suggestions: sg,
          fixes: fixesFor(ctx, sg, w, undefined),
        });
      }
    }
  },
});
