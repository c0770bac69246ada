/**
 * `istio-server-first-sniffed` (lint --mesh istio): a Service or ServiceEntry port whose Istio protocol
 * is unset, so the client's sidecar sniffs it, in front of a protocol whose clients wait for the
 * server's greeting. Since Istio 1.8 the sniffing has no timeout: the connection hangs (docs/istio.md).
 * The server's own injection does not matter: the sniffing happens in the client's sidecar.
 */
import { defineRule } from '../rule.js';
import { ruleDocs } from '../effective.js';
import { featuresOf, sidecarClientOutcome, type IstioVersion } from '../../istio/index.js';
import type { Suggestion } from '../../linkerd/model.js';
import { backendsOf, evidenceText, istioServicePorts, objectRef, serviceEntryBackend, serviceEntryPorts, type Backend } from './istio-common.js';

const ID = 'istio-server-first-sniffed';

function delayWord(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

export const istioServerFirstSniffed = defineRule({
  meta: {
    id: ID,
    severity: 'error',
    summary: 'A server-first protocol on an Istio port whose protocol is unset, so client sidecars sniff it and wait.',
    fixable: false,
    messages: {
      hangs: "{{kind}} port {{port}} has no Istio protocol (sniffed) and serves {{protocol}}, whose clients wait for the server's greeting (from {{evidence}}): on {{version}} connections through a client sidecar hang (no detection timeout)",
      delayed: "{{kind}} port {{port}} has no Istio protocol (sniffed) and serves {{protocol}}, whose clients wait for the server's greeting (from {{evidence}}): on {{version}} each connection waits {{delay}} before it is proxied as plain TCP",
    },
  },
  check({ ctx }, report) {
    const v: IstioVersion | undefined = ctx.options.istio;
    if (v === undefined) return;
    const f = featuresOf(v);
    const emit = (obj: Parameters<typeof report>[0]['obj'], at: unknown, kind: string, port: number, b: Backend, suggestions: Suggestion[]) => {
      const o = sidecarClientOutcome(v, { resolution: { protocol: 'auto', cls: 'auto', reason: 'unsupported', source: 'name', candidate: '', prefix: '', appProtocolIgnored: false }, clientWaits: true });
      const data = { kind, port, protocol: b.protocol.name, evidence: evidenceText(b.evidence), version: v.label };
      if (o.outcome === 'hangs') report({ obj, at, messageId: 'hangs', data, port, evidence: b.evidence, suggestions });
      else report({ obj, at, messageId: 'delayed', data: { ...data, delay: delayWord(o.delayMs) }, port, evidence: b.evidence, suggestions });
    };
    for (const x of istioServicePorts(ctx, v)) {
      if (x.resolution.cls !== 'auto') continue;
      const b = backendsOf(ctx, x, true).find((y) => y.clientWaits);
      if (!b) continue;
      const object = objectRef(x.service.obj);
      const suggestions: Suggestion[] = f.appProtocol
        ? [
            { target: 'service', key: 'spec.ports[].appProtocol', value: 'tcp', reason: 'Istio 1.6+: client sidecars then proxy the port as TCP and connect at once', docs: ruleDocs(ID), object, port: x.port },
            { target: 'service', key: 'spec.ports[].name', value: `tcp-${b.protocol.id}`, reason: 'a tcp- name works only while appProtocol is unset, since appProtocol wins', docs: ruleDocs(ID), object, port: x.port, alternative: true },
          ]
        : [{ target: 'service', key: 'spec.ports[].name', value: `tcp-${b.protocol.id}`, reason: 'this release predates appProtocol (1.6): a tcp- name declares TCP', docs: ruleDocs(ID), object, port: x.port }];
      emit(x.service.obj, x.sp.node, 'Service', x.port, b, suggestions);
    }
    for (const p of serviceEntryPorts(ctx, v)) {
      if (p.resolution.cls !== 'auto' || (p.protocol !== undefined && p.protocol !== '')) continue;
      const b = serviceEntryBackend(p);
      if (!b?.clientWaits) continue;
      const suggestions: Suggestion[] = [{ target: 'service', key: 'spec.ports[].protocol', value: 'TCP', reason: 'a ServiceEntry port with no protocol is sniffed, whatever its number', docs: ruleDocs(ID), object: objectRef(p.obj), port: p.number }];
      emit(p.obj, p.node, 'ServiceEntry', p.number, b, suggestions);
    }
  },
});
