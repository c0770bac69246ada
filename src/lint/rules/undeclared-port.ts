/**
 * `undeclared-port`: a Service targetPort (number or name) that no container of the selected pods
 * declares: the injector cannot mark it opaque and the policy controller detects on it (docs/linkerd-model.md#what-the-injector-writes-on-a-pod);
 * a name that no container declares means the pods are not endpoints for that port at all.
 */
import { defineRule } from '../rule.js';
import { ruleDocs } from '../effective.js';

export const undeclaredPort = defineRule({
  meta: {
    id: 'undeclared-port',
    severity: 'warning',
    summary: 'A Service targetPort that no container of the selected pods declares.',
    fixable: false,
    messages: {
      numberNotDeclared: 'targetPort {{target}} is not declared as a containerPort in {{workload}}: the proxy injector does not annotate undeclared ports, so the policy controller runs protocol detection on it; declare it under ports',
      nameNotDeclared: 'targetPort "{{target}}" names no container port of {{workload}}: its pods are not endpoints for this Service port',
    },
  },
  check({ ctx }, report) {
    for (const s of ctx.model.services) {
      const ws = ctx.workloadsOf(s);
      if (ws.length === 0) continue;
      for (const sp of s.ports) {
        if (sp.protocol !== 'TCP') continue;
        for (const w of ws) {
          const target = sp.targetPort ?? sp.port;
          if (target === null) continue;
          const declared = w.servingContainers.some((c) => c.ports.some((p) => (typeof target === 'number' ? p.containerPort === target : p.name === target && p.protocol === sp.protocol)));
          if (declared) continue;
          const wname = `${w.obj.kind ?? ''}/${w.obj.name ?? ''}`;
          report({
            obj: s.obj,
            at: sp.node,
            messageId: typeof target === 'number' ? 'numberNotDeclared' : 'nameNotDeclared',
            data: { target, workload: wname },
            port: target,
            suggestions: [{ target: 'pod-template', key: typeof target === 'number' ? 'spec.containers[].ports[].containerPort' : 'spec.containers[].ports[].name', value: typeof target === 'number' ? String(target) : target, reason: `declare ${typeof target === 'number' ? `containerPort: ${target}` : `a container port named ${target}`} in ${wname}`, docs: ruleDocs('undeclared-port'), object: { kind: w.obj.kind ?? 'Pod', name: w.obj.name ?? '' } }],
          });
        }
      }
    }
  },
});
