/**
 * `istio-well-known-port-trap` (lint --mesh istio): Istio makes an unnamed port TCP only when the
 * Service port is 25, 53, 3306 or 27017 (istio/istio pkg/config/kube/conversion.go wellKnownPorts,
 * given the Service port, never the targetPort). A Service port outside that list whose target is one
 * of them (MariaDB on 3306 behind Service port 8306) is sniffed, against what its users expect.
 */
import { defineRule } from '../rule.js';
import { featuresOf, WELL_KNOWN_TCP_PORTS } from '../../istio/index.js';
import { pairOf } from '../yaml-nodes.js';
import { istioServicePorts } from './istio-common.js';

export const istioWellKnownPortTrap = defineRule({
  meta: {
    id: 'istio-well-known-port-trap',
    severity: 'warning',
    summary: "A Service port targeting 25, 53, 3306 or 27017 from another port number, so Istio's TCP default does not apply.",
    fixable: false,
    messages: {
      targetWellKnown: "Service port {{port}} targets pod port {{target}}, but Istio's TCP default for ports 25, 53, 3306 and 27017 follows the Service port, not the target: port {{port}} is sniffed on {{version}}",
    },
  },
  check({ ctx }, report) {
    const v = ctx.options.istio;
    if (v === undefined || !featuresOf(v).wellKnownTcp) return;
    for (const x of istioServicePorts(ctx, v)) {
      if (x.resolution.cls !== 'auto' || WELL_KNOWN_TCP_PORTS.includes(x.port)) continue;
      const targets = new Set<number>();
      if (typeof x.sp.targetPort === 'number') targets.add(x.sp.targetPort);
      else for (const w of ctx.workloadsOf(x.service)) {
        const t = ctx.resolveTarget(x.sp, w);
        if (t !== null) targets.add(t);
      }
      const target = [...targets].find((t) => WELL_KNOWN_TCP_PORTS.includes(t));
      if (target === undefined) continue;
      report({ obj: x.service.obj, at: pairOf(x.sp.node, 'targetPort') ?? x.sp.node, messageId: 'targetWellKnown', data: { port: x.port, target, version: v.label }, port: x.port });
    }
  },
});
