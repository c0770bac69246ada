/**
 * Which of the four detection symptoms a proxy line is, its addresses, and what its wording says about
 * the release that wrote it. Every message and span shape comes from linkerd/linkerd2-proxy at release
 * tags (see docs/commands/logs.md "What the proxy writes", which cites file and tag per shape). Pure.
 */
import type { ProxyLine } from './line.js';

export const LOG_EVENT_KINDS = ['outbound-detect-timeout', 'inbound-detect-timeout', 'inbound-tls-detect-timeout', 'gateway-target-missing'] as const;
export type LogEventKind = (typeof LOG_EVENT_KINDS)[number];
export type Direction = 'outbound' | 'inbound';

/**
 * Releases as numbers: minor * 100 + patch (2.10.2 => 1002); edge-21.1.x (between 2.9 and 2.10) => 990;
 * 9999 = newest. A shape's range is the releases whose proxy writes it.
 */
export interface ReleaseRange {
  readonly lo: number;
  readonly hi: number;
}

export interface Classified {
  readonly kind: LogEventKind;
  readonly direction: Direction;
  readonly client: string | null;
  readonly server: string | null;
  readonly port: number | null;
  /** Releases that write this exact line (message, spans, fields, level). */
  readonly releases: ReleaseRange;
}

export const NEWEST = 9999;

function range(lo: number, hi: number): ReleaseRange {
  return { lo, hi };
}

function intersect(a: ReleaseRange, b: ReleaseRange): ReleaseRange {
  return { lo: Math.max(a.lo, b.lo), hi: Math.min(a.hi, b.hi) };
}

/** `ip:port` or `[v6]:port`, validated; anything else (names, garbage) is null. */
export function parseAddr(text: string | undefined): { ip: string; port: number } | null {
  if (text === undefined) return null;
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|(\d{1,3}(?:\.\d{1,3}){3}))(?::(\d{1,5}))$/.exec(text);
  if (m === null) return null;
  const port = Number(m[3]);
  if (!(port >= 1 && port <= 65535)) return null;
  const ip = (m[1] ?? m[2]) as string;
  if (m[2] !== undefined && ip.split('.').some((o) => Number(o) > 255)) return null;
  return { ip, port };
}

function addrText(a: { ip: string; port: number } | null): string | null {
  if (a === null) return null;
  return a.ip.includes(':') ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`;
}

/** The value of span field `key` on the first span named one of `names`. */
function spanField(line: ProxyLine, names: readonly string[], key: string): string | undefined {
  for (const s of line.spans) if (names.includes(s.name) && s.fields[key] !== undefined) return s.fields[key];
  return undefined;
}

/** `error=` of a plain `Connection closed` line: everything up to the next known field. */
function errorText(line: ProxyLine): string | null {
  if (line.json) return line.fields['error'] ?? null;
  const at = line.message.indexOf(' error=');
  if (at === -1) return null;
  let text = line.message.slice(at + 7);
  for (const key of [' client.addr=', ' server.addr=', ' error.sources=']) {
    const cut = text.indexOf(key);
    if (cut !== -1) text = text.slice(0, cut);
  }
  return text;
}

const OLD_CRATE = /^linkerd2_/;

/**
 * The kind of a proxy line, or null when it is none of the four (or not from a data-plane listener:
 * a `Connection closed` without an inbound/outbound root span comes from the admin or control
 * listeners, not a workload port).
 */
export function classify(line: ProxyLine): Classified | null {
  const root = line.spans[0]?.name;
  if (root !== 'inbound' && root !== 'outbound') return null;
  const msg = line.message;
  // The crate prefix was linkerd2_app_core in 2.8/2.9 (linkerd/app/core/Cargo.toml@release/v2.118.0).
  const crate = OLD_CRATE.test(line.target) ? range(800, 989) : range(990, NEWEST);

  // Detection timeouts that let the connection continue.
  if (msg.startsWith('Continuing after timeout: ')) {
    const what = msg.slice('Continuing after timeout: '.length);
    let r: ReleaseRange;
    // linkerd/detect/src/lib.rs (DetectTimeout Display) 2.10-2.16; linkerd/http/version from 2.17;
    // linkerd/app/outbound/src/protocol.rs@release/v2.294.0 prints only the Duration.
    if (what.startsWith('linkerd_proxy_http::version::Version protocol detection timed out')) r = range(1000, 1699);
    else if (what.startsWith('linkerd_http_version::Version protocol detection timed out')) r = range(1700, 1799);
    else if (/^\d+(?:\.\d+)?m?s$/.test(what)) r = range(1800, NEWEST);
    else r = range(1000, NEWEST);
    if (root === 'inbound') {
      // Only 2.10 logs this on the inbound side (linkerd/app/inbound/src/lib.rs@release/v2.138.0 allow_timeout).
      const port = Number(spanField(line, ['server'], 'port'));
      const target = parseAddr(spanField(line, ['accept'], 'target.addr'));
      const client = parseAddr(spanField(line, ['accept'], 'client.addr'));
      return {
        kind: 'inbound-detect-timeout', direction: 'inbound', client: addrText(client), server: addrText(target),
        port: target?.port ?? (port >= 1 && port <= 65535 ? port : null), releases: intersect(intersect(r, range(1000, 1099)), crate),
      };
    }
    // Outbound: the original destination from the accept (2.10.0), server (2.10.1-2.11), proxy/ingress (2.12+) span.
    let spanRange = range(1000, NEWEST);
    let dst = parseAddr(spanField(line, ['proxy', 'ingress'], 'addr'));
    if (dst !== null) spanRange = range(1200, NEWEST);
    if (dst === null) {
      dst = parseAddr(spanField(line, ['server', 'ingress'], 'orig_dst'));
      if (dst !== null) spanRange = range(1001, 1199);
    }
    if (dst === null) {
      dst = parseAddr(spanField(line, ['accept'], 'target.addr'));
      if (dst !== null && line.level === 'INFO' && spanField(line, ['server', 'proxy'], 'orig_dst') === undefined) spanRange = range(1000, NEWEST);
    }
    const client = parseAddr(spanField(line, ['accept'], 'client.addr'));
    return {
      kind: 'outbound-detect-timeout', direction: 'outbound', client: addrText(client), server: addrText(dst), port: dst?.port ?? null,
      releases: intersect(intersect(r, spanRange), crate),
    };
  }

  if (root === 'inbound' && msg.startsWith('Handling connection as ')) {
    // linkerd/app/inbound/src/detect.rs: `%timeout` (the DetectTimeout error) 2.11-2.17,
    // `?timeout` (a Duration) with "due to policy" on both branches from release/v2.294.0.
    const opaque = msg.startsWith('Handling connection as opaque');
    const http1 = msg.startsWith('Handling connection as HTTP/1 due to policy');
    if (!opaque && !http1) return null;
    const timeout = line.json ? (line.fields['timeout'] ?? '') : (/ timeout=(.*)$/.exec(msg)?.[1] ?? '');
    const old = timeout.includes('protocol detection timed out');
    const r = old ? range(1100, 1799) : msg.startsWith('Handling connection as opaque due to policy') ? range(1800, NEWEST) : range(1100, NEWEST);
    const port = Number(spanField(line, ['server'], 'port'));
    const client = parseAddr(spanField(line, ['accept'], 'client.addr'));
    const server = parseAddr(spanField(line, ['accept'], 'server.addr'));
    return {
      kind: 'inbound-detect-timeout', direction: 'inbound', client: addrText(client), server: addrText(server),
      port: port >= 1 && port <= 65535 ? port : (server?.port ?? null), releases: intersect(r, crate),
    };
  }

  if (msg.startsWith('Connection closed')) {
    const error = errorText(line);
    if (error === null) return null;
    const client = parseAddr(line.fields['client.addr'] ?? spanField(line, ['accept'], 'client.addr') ?? spanField(line, ['accept'], 'peer.addr'));
    const server = parseAddr(line.fields['server.addr'] ?? spanField(line, ['accept'], 'server.addr') ?? spanField(line, ['accept'], 'target.addr'));
    // linkerd/app/core/src/serve.rs: client.addr on the event from release/v2.161.2, server.addr from
    // v2.210.3 (2.14.4); non-I/O errors at DEBUG only from v2.340.0 (2.20).
    let fieldRange = range(800, NEWEST);
    if (line.fields['server.addr'] !== undefined) fieldRange = range(1404, NEWEST);
    else if (line.fields['client.addr'] !== undefined) fieldRange = range(1102, NEWEST);
    const levelRange = line.level === 'DEBUG' || line.level === 'TRACE' ? range(2000, NEWEST) : range(800, 1999);
    const common = intersect(intersect(fieldRange, levelRange), crate);
    const base = { client: addrText(client), server: addrText(server) };
    if (error.startsWith('Timed out while reading client stream prefix') || error.startsWith('Protocol detection timeout after')) {
      // linkerd/proxy/transport/src/prefix.rs@release/v2.118.0; linkerd/detect/src/timeout.rs@release/v2.128.0.
      const r = error.startsWith('Timed') ? range(900, 989) : range(990, 999);
      const kind: LogEventKind = root === 'outbound' ? 'outbound-detect-timeout' : 'inbound-detect-timeout';
      return { kind, direction: root, ...base, port: server?.port ?? null, releases: intersect(intersect(r, common), range(800, 999)) };
    }
    if (root !== 'inbound') return null;
    if (error.startsWith('TLS detection timeout') || error.startsWith('TLS detection timed out')) {
      // linkerd/proxy/transport/src/tls/accept.rs@release/v2.118.0 ... linkerd/tls/src/server/mod.rs@release/v2.141.0
      // say "timeout"; the thiserror text "timed out" from release/v2.141.1 (2.10.2).
      const r = error.startsWith('TLS detection timeout') ? range(900, 1001) : range(1002, NEWEST);
      return { kind: 'inbound-tls-detect-timeout', direction: 'inbound', ...base, port: server?.port ?? null, releases: intersect(r, common) };
    }
    const lower = error.toLowerCase();
    if (lower.startsWith('a named target must be provided on gateway connections') || error.startsWith('direct connections require transport header negotiation')) {
      // linkerd/app/inbound/src/direct.rs: capitalised at release/v2.138.0-v2.141.0, lower case from
      // v2.141.1, replaced by the transport-header wording at release/v2.286.0 (2.18).
      const r = error.startsWith('A named') ? range(1000, 1001) : error.startsWith('a named') ? range(1002, 1799) : range(1800, NEWEST);
      return { kind: 'gateway-target-missing', direction: 'inbound', ...base, port: server?.port ?? null, releases: intersect(r, common) };
    }
  }
  return null;
}

/** A line the contract's `unrecognized` counts: a proxy warning or error that is none of the kinds. */
export function isUnrecognized(line: ProxyLine): boolean {
  return line.level === 'WARN' || line.level === 'ERROR';
}
