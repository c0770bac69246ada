/**
 * `istio-linkerd-leftover` (lint --mesh istio): Linkerd configuration left on objects linted for
 * Istio. Linkerd annotations (`linkerd.io/*`, `config.linkerd.io/*`, `config.alpha.linkerd.io/*`) do
 * nothing under Istio; an appProtocol `linkerd.io/*` is worse: from Istio 1.6 appProtocol replaces
 * the port name and a linkerd.io value names no Istio protocol, so the port is sniffed even when its
 * name says `tcp-` (istio/istio pkg/config/kube/conversion.go@1.6.0).
 */
import { defineRule } from '../rule.js';
import { featuresOf } from '../../istio/index.js';
import type { Annotation } from '../k8s.js';
import type { K8sObject } from '../parse.js';
import { istioServicePorts } from './istio-common.js';

const LINKERD_PREFIXES = ['linkerd.io/', 'config.linkerd.io/', 'config.alpha.linkerd.io/'];

export const istioLinkerdLeftover = defineRule({
  meta: {
    id: 'istio-linkerd-leftover',
    severity: 'warning',
    summary: 'Linkerd annotations or a linkerd.io/ appProtocol left on objects linted for Istio.',
    fixable: false,
    messages: {
      annotation: '{{key}} is a Linkerd annotation: Istio ignores it on {{kind}} {{name}}',
      appProtocol: 'appProtocol "{{appProtocol}}" on Service port {{port}} is a Linkerd value: Istio reads appProtocol instead of the port name, finds no protocol in it and sniffs the port',
      appProtocolWellKnown: 'appProtocol "{{appProtocol}}" on Service port {{port}} is a Linkerd value: Istio reads appProtocol instead of the port name and finds no protocol in it (the port stays TCP only because {{port}} is a well-known port)',
    },
  },
  check({ ctx }, report) {
    const v = ctx.options.istio;
    if (v === undefined) return;
    const annotations = (obj: K8sObject, list: ReadonlyMap<string, Annotation>) => {
      for (const a of list.values()) {
        if (!LINKERD_PREFIXES.some((p) => a.key.startsWith(p))) continue;
        report({ obj, at: a.pair, messageId: 'annotation', data: { key: a.key, kind: obj.kind ?? '', name: obj.name ?? '' } });
      }
    };
    for (const w of ctx.model.workloads) annotations(w.obj, w.annotations);
    for (const s of ctx.model.services) annotations(s.obj, s.annotations);
    for (const n of ctx.model.namespaces) annotations(n.obj, n.annotations);
    if (!featuresOf(v).appProtocol) return;
    for (const x of istioServicePorts(ctx, v)) {
      const ap = x.sp.appProtocol;
      if (ap === null || !ap.toLowerCase().startsWith('linkerd.io/')) continue;
      report({ obj: x.service.obj, at: x.sp.appProtocolPair, messageId: x.resolution.reason === 'well-known-port' ? 'appProtocolWellKnown' : 'appProtocol', data: { appProtocol: ap, port: x.port }, port: x.port });
    }
  },
});
