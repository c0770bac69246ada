/**
 * `list-replaces-defaults`: an explicit opaque-ports / skip-*-ports list replaces the install
 * defaults (docs/linkerd-model.md#port-lists-per-consumer "replaces, does not augment"); warn when it drops a default port this
 * workload serves (a MySQL pod annotated "8080" loses 3306).
 */
import { defaultsFor } from '../../linkerd/model.js';
import { defineRule } from '../rule.js';
import { ANNOTATIONS } from '../../linkerd/annotations.js';
import { appendPorts, fixesFor, listHas, podSuggestion, ruleDocs, serviceSuggestion } from '../effective.js';

export const listReplacesDefaults = defineRule({
  meta: {
    id: 'list-replaces-defaults',
    severity: 'warning',
    summary: 'An explicit port list drops a default port this workload still needs.',
    fixable: true,
    messages: {
      podDropsPort: '{{key}} "{{value}}" replaces the default list ({{defaults}}), so port {{ports}} that this workload serves is no longer {{what}}',
      podDropsPorts: '{{key}} "{{value}}" replaces the default list ({{defaults}}), so ports {{ports}} that this workload serves are no longer {{what}}',
      namespaceDropsPort: `the namespace's {{key}} "{{value}}" (for {{workload}}) replaces the default list ({{defaults}}), so port {{ports}} that this workload serves is no longer {{what}}`,
      namespaceDropsPorts: `the namespace's {{key}} "{{value}}" (for {{workload}}) replaces the default list ({{defaults}}), so ports {{ports}} that this workload serves are no longer {{what}}`,
      serviceDropsPort: '{{key}} "{{value}}" on the Service replaces the default list ({{defaults}}), so Service port {{ports}} is no longer opaque for meshed clients',
      serviceDropsPorts: '{{key}} "{{value}}" on the Service replaces the default list ({{defaults}}), so Service ports {{ports}} are no longer opaque for meshed clients',
    },
  },
  check({ ctx }, report) {
    const d = defaultsFor(ctx.version, { cni: ctx.options.cni });
    const lists = [
      { key: ANNOTATIONS.opaquePorts, defaults: d.opaquePorts, consumer: 'injector' as const, what: 'opaque' },
      { key: ANNOTATIONS.skipOutboundPorts, defaults: d.skipOutboundPorts, consumer: 'proxy-init' as const, what: 'skipped outbound' },
      { key: ANNOTATIONS.skipInboundPorts, defaults: d.skipInboundPorts, consumer: 'proxy-init' as const, what: 'skipped inbound' },
    ];
    for (const w of ctx.model.workloads) {
      const served = ctx.podPorts(w).map((p) => p.port);
      for (const l of lists) {
        // The pod's own list, or the Namespace's (copied onto pods that lack the key): either replaces the defaults.
        const eff = ctx.effectiveAnnotation(w, l.key);
        if (!eff || l.defaults === '') continue;
        const a = eff.annotation;
        const at = eff.on === 'pod' ? w.obj : (ctx.namespaceOf(w)?.obj ?? w.obj);
        // linkerd-cni appends skip-inbound-ports to its own list instead of replacing it (docs/linkerd-model.md#port-lists-per-consumer).
        if (l.key === ANNOTATIONS.skipInboundPorts && ctx.options.cni) continue;
        const names = ctx.containerPortNames(w);
        const dropped = served.filter((p) => listHas(l.defaults, l.consumer, p) && !listHas(a.value, l.consumer, p, l.key === ANNOTATIONS.opaquePorts ? names : {}));
        if (dropped.length === 0) continue;
        const value = appendPorts(a.value, dropped, l.key === ANNOTATIONS.opaquePorts ? names : {});
        const sg = [podSuggestion(w, l.key, value, `keep the default ${l.what} port${dropped.length > 1 ? 's' : ''} ${dropped.join(',')} that this workload serves`, ruleDocs('list-replaces-defaults'))];
        report({
          obj: at,
          at: a.pair,
          messageId: eff.on === 'namespace' ? (dropped.length > 1 ? 'namespaceDropsPorts' : 'namespaceDropsPort') : dropped.length > 1 ? 'podDropsPorts' : 'podDropsPort',
          data: { key: l.key, value: a.value, defaults: l.defaults, ports: dropped.join(','), what: l.what, ...(eff.on === 'namespace' ? { workload: `${w.obj.kind}/${w.obj.name}` } : {}) },
          port: dropped[0] ?? null,
          suggestions: sg,
          fixes: fixesFor(ctx, sg, w, undefined),
        });
      }
    }
    // A Service's own opaque-ports list replaces the default list for its ports too (destination and policy controllers).
    for (const svc of ctx.model.services) {
      const a = svc.annotations.get(ANNOTATIONS.opaquePorts);
      if (!a || d.opaquePorts === '') continue;
      const names: Record<string, number> = {};
      for (const p of svc.ports) if (p.name !== null && p.port !== null) names[p.name] = p.port;
      const dropped = svc.ports
        .filter((p) => p.port !== null && p.protocol === 'TCP')
        .filter((p) => listHas(d.opaquePorts, 'destination-service', typeof p.targetPort === 'number' ? p.targetPort : p.port!) || listHas(d.opaquePorts, 'destination-service', p.port!))
        .map((p) => p.port!)
        .filter((port) => !listHas(a.value, 'destination-service', port, names));
      if (dropped.length === 0) continue;
      const sg = [serviceSuggestion(svc, ANNOTATIONS.opaquePorts, appendPorts(a.value, dropped, names), `keep the default opaque port${dropped.length > 1 ? 's' : ''} ${dropped.join(',')} of this Service`, ruleDocs('list-replaces-defaults'))];
      report({
        obj: svc.obj,
        at: a.pair,
        messageId: dropped.length > 1 ? 'serviceDropsPorts' : 'serviceDropsPort',
        data: { key: ANNOTATIONS.opaquePorts, value: a.value, defaults: d.opaquePorts, ports: dropped.join(',') },
        port: dropped[0] ?? null,
        suggestions: sg,
        fixes: fixesFor(ctx, sg, undefined, svc),
      });
    }
  },
});
