/** `skip-subnets-inbound-only`: `config.linkerd.io/skip-subnets` only bypasses inbound traffic (linkerd/linkerd2#10726). */
import { defineRule } from '../rule.js';
import { ANNOTATIONS } from '../../linkerd/annotations.js';

const INBOUND_ONLY = `${ANNOTATIONS.skipSubnets} only skips the inbound proxy for connections from those source CIDRs; outbound traffic to them still goes through the proxy (linkerd/linkerd2#10726). To bypass the proxy for outbound connections use ${ANNOTATIONS.skipOutboundPorts} with the destination ports.`;

export const skipSubnetsInboundOnly = defineRule({
  meta: { id: 'skip-subnets-inbound-only', severity: 'info', summary: 'skip-subnets affects inbound traffic only.', fixable: false, messages: { inboundOnly: INBOUND_ONLY } },
  check({ ctx }, report) {
    for (const w of ctx.model.workloads) {
      const a = w.annotations.get(ANNOTATIONS.skipSubnets);
      if (a) report({ obj: w.obj, at: a.pair, messageId: 'inboundOnly' });
    }
    for (const n of ctx.model.namespaces) {
      const a = n.annotations.get(ANNOTATIONS.skipSubnets);
      if (a) report({ obj: n.obj, at: a.pair, messageId: 'inboundOnly' });
    }
  },
});
