/**
 * `istio-protocol-mismatch` (lint --mesh istio): the protocol a Service port declares to Istio
 * contradicts what the port evidently serves: an HTTP-class protocol on a server-first or binary
 * protocol (the HTTP connection manager waits for a request, or rejects the bytes), or a protocol
 * whose Envoy filter is on by default (mongo; mysql in 1.1) on a backend that is not that protocol.
 * A name that matches its backend, or whose filter is off by default (mysql, redis), is silent.
 */
import { defineRule } from '../rule.js';
import { FILTER_PROTOCOL, protocolFilter } from '../../istio/index.js';
import { pairOf } from '../yaml-nodes.js';
import { backendsOf, evidenceText, istioServicePorts } from './istio-common.js';

/** Knowledge-base protocols that are evidently not HTTP/1 or HTTP/2 cleartext. */
const NOT_HTTP = new Set(['tls', 'ssh', 'postgresql', 'redis', 'mongodb', 'memcached', 'kafka', 'cassandra', 'amqp', 'mqtt', 'ldap', 'zookeeper', 'mssql', 'oracle', 'rdp', 'mysql']);

export const istioProtocolMismatch = defineRule({
  meta: {
    id: 'istio-protocol-mismatch',
    severity: 'warning',
    summary: 'The protocol a Service port declares to Istio contradicts what the port evidently serves.',
    fixable: false,
    messages: {
      httpOnServerFirst: "Service port {{port}} declares {{declared}} to Istio ({{source}} \"{{value}}\") but serves {{protocol}}, whose clients wait for the server's greeting (from {{evidence}}): the HTTP connection manager waits for a request that never comes, so connections hang",
      httpOnBinary: 'Service port {{port}} declares {{declared}} to Istio ({{source}} "{{value}}") but serves {{protocol}} (from {{evidence}}): the HTTP connection manager cannot parse its bytes',
      filterOnOther: 'Service port {{port}} declares {{declared}} to Istio ({{source}} "{{value}}"), which puts Envoy\'s {{filter}} on the connection on {{version}}, but it serves {{protocol}} (from {{evidence}})',
    },
  },
  check({ ctx }, report) {
    const v = ctx.options.istio;
    if (v === undefined) return;
    for (const x of istioServicePorts(ctx, v)) {
      const r = x.resolution;
      if (r.cls === 'auto' || r.cls === 'udp') continue;
      const filter = protocolFilter(v, r.protocol);
      if (r.cls !== 'http' && filter === null) continue;
      const b = backendsOf(ctx, x, false)[0];
      if (!b) continue;
      const source = r.source === 'appProtocol' ? 'appProtocol' : 'name';
      const at = r.source === 'appProtocol' ? x.sp.appProtocolPair : pairOf(x.sp.node, 'name');
      const data = { port: x.port, declared: r.protocol, source, value: r.candidate, protocol: b.protocol.name, evidence: evidenceText(b.evidence) };
      if (r.cls === 'http') {
        if (b.clientWaits) report({ obj: x.service.obj, at, messageId: 'httpOnServerFirst', data, port: x.port, evidence: b.evidence });
        else if (NOT_HTTP.has(b.protocol.id)) report({ obj: x.service.obj, at, messageId: 'httpOnBinary', data, port: x.port, evidence: b.evidence });
      } else if (filter !== null && FILTER_PROTOCOL[filter] !== b.protocol.id) {
        report({ obj: x.service.obj, at, messageId: 'filterOnOther', data: { ...data, filter, version: v.label }, port: x.port, evidence: b.evidence });
      }
    }
  },
});
