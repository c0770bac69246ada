/**
 * `istio-port-protocol-unset` (lint --mesh istio), the equivalent of istioctl's IST0118
 * (istio/istio pkg/config/analysis/analyzers/service/portname.go@1.30.0): a Service port whose name
 * and appProtocol give Istio no protocol, so it is sniffed. Skipped like istioctl does: ExternalName
 * Services (IST0150 covers them), Services labelled `istio` or `release: istio` (the control plane)
 * and gateway-managed ones (`gateway.istio.io/managed`). Services only: a ServiceEntry port without a
 * protocol is a deliberate choice.
 */
import { defineRule } from '../rule.js';
import { getIn, stringMap } from '../yaml-nodes.js';
import { istioServicePorts } from './istio-common.js';

const MANAGED = new Set(['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller']);

export const istioPortProtocolUnset = defineRule({
  meta: {
    id: 'istio-port-protocol-unset',
    severity: 'info',
    summary: 'A Service port whose name and appProtocol give Istio no protocol, so it is sniffed (istioctl IST0118).',
    fixable: false,
    messages: {
      unnamed: 'Service port {{port}} has no name or appProtocol: Istio sniffs its protocol on {{version}}',
      unset: 'Service port {{port}} ({{source}} "{{value}}") gives Istio no protocol: it is sniffed on {{version}}',
    },
  },
  check({ ctx }, report) {
    const v = ctx.options.istio;
    if (v === undefined) return;
    for (const x of istioServicePorts(ctx, v)) {
      if (x.resolution.cls !== 'auto') continue;
      const labels = stringMap(getIn(x.service.obj.node, ['metadata', 'labels']));
      if (labels['istio'] !== undefined || labels['release'] === 'istio' || MANAGED.has(labels['gateway.istio.io/managed'] ?? '')) continue;
      const data = { port: x.port, version: v.label };
      if (x.resolution.candidate === '' && x.sp.appProtocol === null) report({ obj: x.service.obj, at: x.sp.node, messageId: 'unnamed', data, port: x.port });
      else report({ obj: x.service.obj, at: x.sp.node, messageId: 'unset', data: { ...data, source: x.resolution.source === 'appProtocol' ? 'appProtocol' : 'name', value: x.resolution.candidate }, port: x.port });
    }
  },
});
