/**
 * `opaque-ports-mismatch`: a Service port is opaque for meshed clients but the pod port it targets is
 * not, or the reverse (docs/linkerd-model.md#effective-configuration). Unlike `linkerd check`, ranges, names, namespace annotations,
 * appProtocol, Servers and install defaults are resolved.
 */
import { defineRule } from '../rule.js';
import { has } from '../../linkerd/version.js';
import { ANNOTATIONS } from '../../linkerd/annotations.js';
import { fixesFor, podOpaqueWith, podPortOpaque, podSuggestion, ruleDocs, serviceOpaqueWith, servicePortOpaque, serviceSuggestion } from '../effective.js';

export const opaquePortsMismatch = defineRule({
  meta: {
    id: 'opaque-ports-mismatch',
    severity: 'warning',
    summary: 'A Service port and the pod port it targets disagree on opaque.',
    fixable: true,
    messages: {
      podPortNotOpaque: 'Service port {{servicePort}} is opaque ({{source}}) but the port it targets, {{target}} on {{workload}}, is not: meshed clients of the Service are fine, but clients dialling the pod IP and unmeshed clients still get protocol detection there',
      podPortNotOpaqueDirect: 'Service port {{servicePort}} is opaque ({{source}}) but the port it targets, {{target}} on {{workload}}, is not: meshed clients connect to it directly and the server-side proxy still runs TLS and protocol detection',
      servicePortNotOpaque: 'pod port {{target}} on {{workload}} is opaque ({{source}}) but Service port {{servicePort}} that targets it is not: meshed clients dialling the Service still run protocol detection before they connect',
    },
  },
  check({ ctx }, report) {
    for (const s of ctx.model.services) {
      if (s.headless) continue;
      for (const sp of s.ports) {
        if (sp.protocol !== 'TCP' || sp.port === null) continue;
        for (const w of ctx.workloadsOf(s)) {
          if (!ctx.isMeshed(w)) continue;
          const target = ctx.resolveTarget(sp, w);
          if (target === null) continue;
          const pp = ctx.podPorts(w).find((p) => p.port === target);
          if (!pp) continue;
          const ref = pp.serviceRefs.find((r) => r.service === s && r.port === sp);
          if (!ref) continue;
          const svc = servicePortOpaque(ctx, pp, ref);
          const pod = podPortOpaque(ctx, pp);
          if (pod.skipped || svc.opaque === pod.opaque) continue;
          // An appProtocol that makes the Service port opaque is app-protocol-opaque's (unknown values) or the
          // 2.18 way to declare it for meshed clients (linkerd.io/opaque); the pod side is then a matter of
          // unmeshed clients, which server-first-port-not-opaque judges.
          if (svc.opaque && svc.source === 'app-protocol') continue;
          const wname = `${w.obj.kind ?? ''}/${w.obj.name ?? ''}`;
          const src = (x: { source: string }) =>
            x.source === 'install-default' || x.source === 'none' ? 'the default opaque list' : x.source === 'injector' ? 'the default opaque list, written by the injector' : x.source === 'app-protocol' ? 'its appProtocol' : x.source === 'server' ? 'a Server with proxyProtocol: opaque' : `the ${x.source} annotation`;
          const sg = svc.opaque
            ? [podSuggestion(w, ANNOTATIONS.opaquePorts, podOpaqueWith(ctx, w, [target]), `mark pod port ${target} opaque too`, ruleDocs('opaque-ports-mismatch'))]
            : [serviceSuggestion(s, ANNOTATIONS.opaquePorts, serviceOpaqueWith(ctx, s, [sp.port]), `mark Service port ${sp.port} opaque too`, ruleDocs('opaque-ports-mismatch'))];
          // 2.18+ clients always use the transport header to 4143, so the inbound side forwards without detection;
          // before 2.18 they connect to a non-opaque pod port directly and the inbound proxy detects (docs/linkerd-model.md#version-families).
          const transportHeader = has(ctx.version, 'transportHeaderAlways');
          const messageId = svc.opaque ? (transportHeader ? 'podPortNotOpaque' : 'podPortNotOpaqueDirect') : 'servicePortNotOpaque';
          const data = { servicePort: sp.port, target, workload: wname, source: src(svc.opaque ? svc : pod) };
          report({ obj: s.obj, at: sp.node, messageId, data, port: sp.port, suggestions: sg, fixes: fixesFor(ctx, sg, w, s) });
        }
      }
    }
  },
});
