/**
 * Log fixtures for `protocheck logs`. Two sources only:
 * - REAL: lines quoted verbatim in public Linkerd threads (the thread beside each);
 * - BUILT: lines assembled from linkerd/linkerd2-proxy's own format strings at a release tag (file and tag
 *   beside each): span names and fields, target, message, event fields, rendered by `plain()` the way
 *   tracing-subscriber's full formatter prints them and by `json()` the way its JSON formatter does
 *   (linkerd/tracing/src/lib.rs@release/v2.366.0: `.json().with_span_list(true).with_current_span(false)`,
 *   thread ids). Addresses, ports and pod names in BUILT lines are made up.
 */

export interface Built {
  readonly cite: string;
  readonly level: 'DEBUG' | 'INFO' | 'WARN';
  readonly spans: ReadonlyArray<{ readonly name: string; readonly fields?: ReadonlyArray<readonly [string, string | number]> }>;
  readonly target: string;
  readonly message: string;
  readonly fields?: ReadonlyArray<readonly [string, string]>;
  readonly expect: { kind: string; direction: string; client: string | null; server: string | null; port: number | null; releases: string };
}

/** tracing-subscriber full format: `[ uptime]  LEVEL ThreadId(01) span{a=b}:span: target: message k=v`. */
export function plain(b: Built, uptime = '  812.441190'): string {
  const spans = b.spans.map((s) => (s.fields === undefined || s.fields.length === 0 ? s.name : `${s.name}{${s.fields.map(([k, v]) => `${k}=${v}`).join(' ')}}`)).join(':');
  const fields = (b.fields ?? []).map(([k, v]) => ` ${k}=${v}`).join('');
  return `[${uptime}s] ${b.level.padStart(5)} ThreadId(01) ${spans === '' ? '' : `${spans}: `}${b.target}: ${b.message}${fields}`;
}

/** tracing-subscriber JSON format (keys in its order; span fields then `name`; integers stay numbers). */
export function json(b: Built, timestamp = '2025-02-03T04:05:06.700001Z'): string {
  const fields: Record<string, string> = { message: b.message };
  for (const [k, v] of b.fields ?? []) fields[k] = v;
  const spans = b.spans.map((s) => ({ ...Object.fromEntries(s.fields ?? []), name: s.name }));
  return JSON.stringify({ timestamp, level: b.level, fields, target: b.target, spans, threadId: 'ThreadId(1)' });
}

const TIMEOUT_OLD = 'linkerd_proxy_http::version::Version protocol detection timed out after 10s';
const TIMEOUT_217 = 'linkerd_http_version::Version protocol detection timed out after 10s';

export const BUILT: readonly Built[] = [
  {
    cite: 'linkerd/app/core/src/serve.rs:35-48 + linkerd/proxy/transport/src/prefix.rs:72 @release/v2.118.0 (2.9)',
    level: 'INFO', spans: [{ name: 'outbound' }, { name: 'accept', fields: [['peer.addr', '10.8.1.5:40022'], ['target.addr', '10.9.0.44:110']] }],
    target: 'linkerd2_app_core::serve', message: 'Connection closed', fields: [['error', 'Timed out while reading client stream prefix']],
    expect: { kind: 'outbound-detect-timeout', direction: 'outbound', client: '10.8.1.5:40022', server: '10.9.0.44:110', port: 110, releases: '2.9' },
  },
  {
    cite: 'linkerd/app/core/src/serve.rs:35-48 + linkerd/proxy/transport/src/tls/accept.rs:281 @release/v2.118.0 (2.9)',
    level: 'INFO', spans: [{ name: 'inbound' }, { name: 'accept', fields: [['peer.addr', '10.7.7.21:48810'], ['target.addr', '10.7.9.30:7000']] }],
    target: 'linkerd2_app_core::serve', message: 'Connection closed', fields: [['error', 'TLS detection timeout']],
    expect: { kind: 'inbound-tls-detect-timeout', direction: 'inbound', client: '10.7.7.21:48810', server: '10.7.9.30:7000', port: 7000, releases: '2.9' },
  },
  {
    cite: 'linkerd/app/core/src/serve.rs:35 + linkerd/detect/src/timeout.rs:61 @release/v2.128.0 (edge-21.1)',
    level: 'INFO', spans: [{ name: 'outbound' }, { name: 'accept', fields: [['peer.addr', '10.8.1.5:40030'], ['target.addr', '10.9.0.44:110']] }],
    target: 'linkerd_app_core::serve', message: 'Connection closed', fields: [['error', 'Protocol detection timeout after: 0B after 10.001s']],
    expect: { kind: 'outbound-detect-timeout', direction: 'outbound', client: '10.8.1.5:40030', server: '10.9.0.44:110', port: 110, releases: 'edge-21.1.x' },
  },
  {
    cite: 'linkerd/app/core/src/serve.rs:41-45 + linkerd/detect/src/lib.rs:52,165-173 @release/v2.138.0 (2.10.0)',
    level: 'INFO', spans: [{ name: 'outbound' }, { name: 'accept', fields: [['client.addr', '10.8.1.5:40022'], ['target.addr', '10.99.4.12:5222']] }],
    target: 'linkerd_detect', message: `Continuing after timeout: ${TIMEOUT_OLD}`,
    expect: { kind: 'outbound-detect-timeout', direction: 'outbound', client: '10.8.1.5:40022', server: '10.99.4.12:5222', port: 5222, releases: '2.10-2.16' },
  },
  {
    cite: 'linkerd/app/core/src/serve.rs:41-45 + linkerd/app/inbound/src/lib.rs (allow_timeout) @release/v2.138.0 (2.10.0)',
    level: 'INFO', spans: [{ name: 'inbound' }, { name: 'accept', fields: [['client.addr', '10.8.1.9:50000'], ['target.addr', '10.7.9.30:9042']] }],
    target: 'linkerd_detect', message: `Continuing after timeout: ${TIMEOUT_OLD}`,
    expect: { kind: 'inbound-detect-timeout', direction: 'inbound', client: '10.8.1.9:50000', server: '10.7.9.30:9042', port: 9042, releases: '2.10' },
  },
  {
    cite: 'linkerd/app/inbound/src/direct.rs:270 + linkerd/app/core/src/serve.rs:41-63 @release/v2.138.0 (2.10.0)',
    level: 'INFO', spans: [{ name: 'inbound' }, { name: 'accept', fields: [['client.addr', '10.5.5.61:37002'], ['target.addr', '10.5.6.70:4143']] }],
    target: 'linkerd_app_core::serve', message: 'Connection closed', fields: [['error', 'A named target must be provided on gateway connections']],
    expect: { kind: 'gateway-target-missing', direction: 'inbound', client: '10.5.5.61:37002', server: '10.5.6.70:4143', port: 4143, releases: '2.10-2.10.1' },
  },
  {
    cite: 'linkerd/app/outbound/src/discover.rs:60 + linkerd/detect/src/lib.rs:52 @release/v2.141.0 (2.10.1)',
    level: 'INFO', spans: [{ name: 'outbound' }, { name: 'server', fields: [['orig_dst', '10.99.4.12:5222']] }],
    target: 'linkerd_detect', message: `Continuing after timeout: ${TIMEOUT_OLD}`,
    expect: { kind: 'outbound-detect-timeout', direction: 'outbound', client: null, server: '10.99.4.12:5222', port: 5222, releases: '2.10.1-2.11' },
  },
  {
    cite: 'linkerd/app/inbound/src/lib.rs:283 + linkerd/detect/src/lib.rs:55 @release/v2.141.1 (2.10.2)',
    level: 'INFO', spans: [{ name: 'inbound' }, { name: 'server', fields: [['port', 9042]] }],
    target: 'linkerd_detect', message: `Continuing after timeout: ${TIMEOUT_OLD}`,
    expect: { kind: 'inbound-detect-timeout', direction: 'inbound', client: null, server: null, port: 9042, releases: '2.10' },
  },
  {
    cite: 'linkerd/tls/src/server/mod.rs:85 + linkerd/app/core/src/serve.rs:43,61 @release/v2.141.1 (2.10.2)',
    level: 'INFO', spans: [{ name: 'inbound' }],
    target: 'linkerd_app_core::serve', message: 'Connection closed', fields: [['error', 'TLS detection timed out']],
    expect: { kind: 'inbound-tls-detect-timeout', direction: 'inbound', client: null, server: null, port: null, releases: '2.10.2-2.19' },
  },
  {
    cite: 'linkerd/app/inbound/src/accept.rs:75 + linkerd/app/inbound/src/detect.rs:222 @release/v2.161.0 (2.11)',
    level: 'INFO', spans: [{ name: 'inbound' }, { name: 'server', fields: [['port', 7001]] }],
    target: 'linkerd_app_inbound::detect', message: 'Handling connection as opaque', fields: [['timeout', TIMEOUT_OLD]],
    expect: { kind: 'inbound-detect-timeout', direction: 'inbound', client: null, server: null, port: 7001, releases: '2.11-2.17' },
  },
  {
    cite: 'linkerd/app/core/src/serve.rs:63 @release/v2.161.3 (2.11.2)',
    level: 'INFO', spans: [{ name: 'inbound' }],
    target: 'linkerd_app_core::serve', message: 'Connection closed', fields: [['error', 'TLS detection timed out'], ['client.addr', '10.7.7.21:48810']],
    expect: { kind: 'inbound-tls-detect-timeout', direction: 'inbound', client: '10.7.7.21:48810', server: null, port: null, releases: '2.11.2-2.19' },
  },
  {
    cite: 'linkerd/app/outbound/src/lib.rs:199 + linkerd/detect/src/lib.rs:58 @release/v2.185.0 (2.12)',
    level: 'INFO', spans: [{ name: 'outbound' }, { name: 'proxy', fields: [['addr', '10.99.4.12:4222']] }],
    target: 'linkerd_detect', message: `Continuing after timeout: ${TIMEOUT_OLD}`,
    expect: { kind: 'outbound-detect-timeout', direction: 'outbound', client: null, server: '10.99.4.12:4222', port: 4222, releases: '2.12-2.16' },
  },
  {
    cite: 'linkerd/app/outbound/src/sidecar.rs:102 + linkerd/detect/src/lib.rs:34,61 (linkerd/http/version) @release/v2.268.0 (2.17)',
    level: 'INFO', spans: [{ name: 'outbound' }, { name: 'proxy', fields: [['addr', '10.99.4.12:4222']] }],
    target: 'linkerd_detect', message: `Continuing after timeout: ${TIMEOUT_217}`,
    expect: { kind: 'outbound-detect-timeout', direction: 'outbound', client: null, server: '10.99.4.12:4222', port: 4222, releases: '2.17' },
  },
  {
    cite: 'linkerd/app/core/src/serve.rs:67-72 @release/v2.268.0 (2.17)',
    level: 'INFO', spans: [{ name: 'inbound' }],
    target: 'linkerd_app_core::serve', message: 'Connection closed', fields: [['error', 'TLS detection timed out'], ['client.addr', '10.7.7.21:48990'], ['server.addr', '10.7.9.30:7000']],
    expect: { kind: 'inbound-tls-detect-timeout', direction: 'inbound', client: '10.7.7.21:48990', server: '10.7.9.30:7000', port: 7000, releases: '2.14.4-2.19' },
  },
  {
    cite: 'linkerd/app/inbound/src/direct.rs:28 + linkerd/app/core/src/serve.rs:67-72 @release/v2.268.0 (2.17)',
    level: 'INFO', spans: [{ name: 'inbound' }],
    target: 'linkerd_app_core::serve', message: 'Connection closed', fields: [['error', 'a named target must be provided on gateway connections'], ['client.addr', '10.5.5.61:37002'], ['server.addr', '10.5.6.70:4143']],
    expect: { kind: 'gateway-target-missing', direction: 'inbound', client: '10.5.5.61:37002', server: '10.5.6.70:4143', port: 4143, releases: '2.14.4-2.17' },
  },
  {
    cite: 'linkerd/app/outbound/src/sidecar.rs:102 + linkerd/app/outbound/src/protocol.rs:83 @release/v2.294.0 (2.18)',
    level: 'INFO', spans: [{ name: 'outbound' }, { name: 'proxy', fields: [['addr', '10.99.7.3:2525']] }],
    target: 'linkerd_app_outbound::protocol', message: 'Continuing after timeout: 10s',
    expect: { kind: 'outbound-detect-timeout', direction: 'outbound', client: null, server: '10.99.7.3:2525', port: 2525, releases: '2.18 or later' },
  },
  {
    cite: 'linkerd/app/inbound/src/accept.rs:75 + linkerd/app/inbound/src/detect.rs:159 @release/v2.294.0 (2.18)',
    level: 'INFO', spans: [{ name: 'inbound' }, { name: 'server', fields: [['port', 9042]] }],
    target: 'linkerd_app_inbound::detect', message: 'Handling connection as opaque due to policy', fields: [['timeout', '10s']],
    expect: { kind: 'inbound-detect-timeout', direction: 'inbound', client: null, server: null, port: 9042, releases: '2.18 or later' },
  },
  {
    cite: 'linkerd/app/inbound/src/detect.rs:143 @release/v2.294.0 (2.18)',
    level: 'INFO', spans: [{ name: 'inbound' }, { name: 'server', fields: [['port', 9090]] }],
    target: 'linkerd_app_inbound::detect', message: 'Handling connection as HTTP/1 due to policy', fields: [['timeout', '10s']],
    expect: { kind: 'inbound-detect-timeout', direction: 'inbound', client: null, server: null, port: 9090, releases: '2.11 or later' },
  },
  {
    cite: 'linkerd/app/inbound/src/direct.rs:32 + linkerd/app/core/src/serve.rs:67-72 @release/v2.294.0 (2.18)',
    level: 'INFO', spans: [{ name: 'inbound' }],
    target: 'linkerd_app_core::serve', message: 'Connection closed', fields: [['error', 'direct connections require transport header negotiation'], ['client.addr', '10.5.5.61:37110'], ['server.addr', '10.5.6.71:4143']],
    expect: { kind: 'gateway-target-missing', direction: 'inbound', client: '10.5.5.61:37110', server: '10.5.6.71:4143', port: 4143, releases: '2.18-2.19' },
  },
  {
    cite: 'linkerd/app/core/src/serve.rs:44,68-72 (debug!, %error) @release/v2.340.0 (2.20)',
    level: 'DEBUG', spans: [{ name: 'inbound' }, { name: 'accept', fields: [['client.addr', '10.7.7.21:48990'], ['server.addr', '10.7.9.30:7000']] }],
    target: 'linkerd_app_core::serve', message: 'Connection closed', fields: [['error', 'TLS detection timed out'], ['client.addr', '10.7.7.21:48990'], ['server.addr', '10.7.9.30:7000']],
    expect: { kind: 'inbound-tls-detect-timeout', direction: 'inbound', client: '10.7.7.21:48990', server: '10.7.9.30:7000', port: 7000, releases: '2.20 or later' },
  },
];

export interface Real {
  readonly cite: string;
  readonly line: string;
  readonly expect: { kind: string; direction: string; client: string | null; server: string | null; port: number | null } | null;
  /** Counted in `unrecognized` (a proxy WARN/ERROR that is none of the kinds). */
  readonly unrecognized?: boolean;
}

export const REAL: readonly Real[] = [
  {
    cite: 'https://github.com/linkerd/website/issues/1480',
    line: 'INFO ThreadId(01) outbound:server{orig_dst=74.125.123.76:443}: linkerd_detect: Continuing after timeout: linkerd_proxy_http::version::Version protocol detection timed out after 10s',
    expect: { kind: 'outbound-detect-timeout', direction: 'outbound', client: null, server: '74.125.123.76:443', port: 443 },
  },
  {
    cite: 'https://github.com/linkerd/linkerd2/issues/6058',
    line: 'May 5, 2021 @ 06:54:35.675[176916.878033s]  INFO ThreadId(01) inbound:accept{client.addr=10.244.44.64:51490}: linkerd_app_core::serve: Connection closed error=TLS detection timeout',
    expect: { kind: 'inbound-tls-detect-timeout', direction: 'inbound', client: '10.244.44.64:51490', server: null, port: null },
  },
  {
    cite: 'https://github.com/linkerd/linkerd2/issues/8922',
    line: '[ 27936.615209s]  INFO ThreadId(01) inbound: linkerd_app_core::serve: Connection closed error=a named target must be provided on gateway connections client.addr=10.103.185.209:49782',
    expect: { kind: 'gateway-target-missing', direction: 'inbound', client: '10.103.185.209:49782', server: null, port: null },
  },
  {
    cite: 'https://github.com/linkerd/linkerd2/issues/6178',
    line: '[    19.551569s]  INFO ThreadId(01) inbound:accept{client.addr=10.42.0.100:39078}: linkerd_app_core::serve: Connection closed error=a named target must be provided on gateway connections',
    expect: { kind: 'gateway-target-missing', direction: 'inbound', client: '10.42.0.100:39078', server: null, port: null },
  },
];

/** Real lines that must produce no event. */
export const NOISE: readonly Real[] = [
  {
    // No inbound/outbound root span: an admin/control listener of a control-plane pod, not a workload port.
    cite: 'https://github.com/linkerd/linkerd2/issues/6200',
    line: 'linkerd-destination-57df7f4bc-tvnq2 linkerd-proxy [    60.727567s]  INFO ThreadId(01) linkerd_app_core::serve: Connection closed error=TLS detection timed out',
    expect: null,
  },
  {
    cite: 'https://github.com/linkerd/linkerd2/issues/9800',
    line: '[   318.223127s]  WARN ThreadId(01) inbound:server{port=9996}:rescue{client.addr=10.112.65.83:54968}: linkerd_app_inbound::http::server: Unexpected error error=connection closed before message completed',
    expect: null,
    unrecognized: true,
  },
  {
    cite: 'https://github.com/linkerd/linkerd2/issues/12720',
    line: '[ 73137.020135s]  INFO ThreadId(01) outbound:proxy{addr=10.0.3.18:80}:service{ns=imodeljs name=svc-7ed19bdd30302ada2f8bab1286f9096fe1ee48b7 port=80}: linkerd_proxy_balance_queue::worker: Unavailable; entering failfast timeout=3.0',
    expect: null,
  },
  {
    cite: 'https://github.com/linkerd/linkerd2/issues/14131',
    line: '[9585.967197s]  INFO ThreadId(01) outbound: linkerd_app_core::serve: Connection closed error=read header from client timeout client.addr=172.12.168.50:52084 server.addr=10.101.127.29:80',
    expect: null,
  },
  {
    cite: 'https://github.com/linkerd/linkerd2/issues/8273',
    line: '[    96.596573s] DEBUG ThreadId(01) outbound:accept{client.addr=100.64.2.2:51698}:server{orig_dst=10.12.0.7:3306}:profile:controller{addr=linkerd-dst-headless.linkerd.svc.cluster.local:8086}:endpoint{addr=100.64.114.52:8086}: linkerd_reconnect: Disconnected backoff=false',
    expect: null,
  },
  {
    // A log shipper's re-nested JSON (dotted keys as objects, keys reordered); DEBUG, no error.
    cite: 'https://github.com/linkerd/linkerd2/issues/14851',
    line: '{"threadId":"ThreadId(1)","spans":[{"name":"inbound"},{"server":{"addr":"10.0.1.32:9443"},"name":"accept","client":{"addr":"10.0.0.198:60736"}}],"level":"DEBUG","fields":{"message":"Connection closed"},"timestamp":"2026-01-12T15:39:45.802812Z","target":"linkerd_app_core::serve"}',
    expect: null,
  },
  {
    cite: 'https://github.com/linkerd/linkerd2/issues/13851',
    line: '2025-03-22T20:44:21.753042Z WARN hyper::proto::h1::io: read header from client timeout',
    expect: null,
  },
];
