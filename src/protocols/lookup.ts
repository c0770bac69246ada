/**
 * Evidence lookups for lint and probe: a port number, a port name or appProtocol value, a container
 * image. Each returns knowledge-base entries; none guesses from loose substrings.
 */
import type { ProtocolEntry } from './types.js';
import { BY_ID, PROTOCOLS } from './registry.js';

export function getProtocol(id: string): ProtocolEntry | undefined {
  return BY_ID.get(id);
}

/**
 * Protocols whose well-known ports include `port`, most likely first: an entry listing the port
 * earlier in `ports` ranks higher; implicit-TLS ports (`tlsPorts`) rank after plain ones.
 * 3306 => [mysql]; 443 => [tls, http]; 993 => [imap] (check `tlsPorts`: there it is TLS).
 */
export function protocolsForPort(port: number): ProtocolEntry[] {
  const scored: Array<{ p: ProtocolEntry; score: number; order: number }> = [];
  PROTOCOLS.forEach((p, order) => {
    const plain = p.ports.indexOf(port);
    const tls = p.tlsPorts.indexOf(port);
    if (plain !== -1) scored.push({ p, score: plain, order });
    else if (tls !== -1) scored.push({ p, score: 100 + tls, order });
  });
  return scored.sort((a, b) => a.score - b.score || a.order - b.order).map((s) => s.p);
}

/** True when `port` is one of the entry's implicit-TLS ports: on it the client speaks first (ClientHello). */
export function isImplicitTlsPort(entry: ProtocolEntry, port: number): boolean {
  return entry.tlsPorts.includes(port) && !entry.ports.includes(port);
}

/** Whether clients of `entry` on `port` wait for a server greeting (false on implicit-TLS ports). */
export function clientWaitsOnPort(entry: ProtocolEntry, port: number): boolean {
  return entry.clientWaitsForGreeting && !isImplicitTlsPort(entry, port);
}

/** Generic transport words: a leading `tcp-` says nothing about the protocol (Istio `tcp-mysql`). */
const TRANSPORT_PREFIXES = new Set(['tcp']);
/** Words that never identify a protocol on their own, however they are combined. */
const AMBIGUOUS = new Set([
  'client', 'server', 'tcp', 'udp', 'cluster', 'metrics', 'admin', 'api', 'db', 'data', 'web', 'main', 'default', 'peer',
  'internal', 'external', 'public', 'private', 'transport', 'native', 'service', 'port', 'primary', 'replica', 'node',
]);
const NAME_INDEX: ReadonlyMap<string, ProtocolEntry> = new Map(
  PROTOCOLS.flatMap((p) => p.portNames.map((n) => [n, p] as const)),
);

/**
 * A port name or appProtocol value to a protocol. Rules, in order (first hit wins):
 * 1. the whole name (lower-cased) is a known name or appProtocol value: `mysql`, `kubernetes.io/h2c`, `smtps` (=> tls);
 * 2. `udp-...`/`udp` names nothing (not TCP);
 * 3. a leading `tcp-` or `tcp_` is dropped and the rest is looked up whole: `tcp-mysql` => mysql;
 * 4. the first `-`/`_`-separated word is looked up: `mysql-primary` => mysql, `redis-tls` => redis,
 *    `tls-redis` => tls (Istio reads the first word as the protocol).
 * Words in a short ambiguous list (`client`, `cluster`, `metrics`, ...) and later words are never used:
 * `primary-mysql` and `metrics-redis` give undefined.
 */
export function protocolForPortName(name: string): ProtocolEntry | undefined {
  const n = name.trim().toLowerCase();
  if (n === '' || AMBIGUOUS.has(n)) return undefined;
  const whole = NAME_INDEX.get(n);
  if (whole) return whole;
  const words = n.split(/[-_]/);
  const first = words[0] ?? '';
  if (first === 'udp') return undefined;
  if (TRANSPORT_PREFIXES.has(first) && words.length > 1) {
    const rest = words.slice(1).join('-');
    if (!AMBIGUOUS.has(rest)) {
      const hit = NAME_INDEX.get(rest) ?? NAME_INDEX.get(words[1] ?? '');
      if (hit && !AMBIGUOUS.has(words[1] ?? '')) return hit;
    }
    return undefined;
  }
  if (words.length > 1 && !AMBIGUOUS.has(first)) return NAME_INDEX.get(first);
  return undefined;
}

export interface ImageRef {
  /** Registry host, when the reference names one (`docker.io`, `ghcr.io`, `localhost:5000`). */
  readonly registry: string | null;
  /** Repository path without registry, tag and digest (`bitnami/mysql`, `library/redis`). */
  readonly path: string;
  /** Last path segment (`mysql`). */
  readonly name: string;
  readonly tag: string | null;
}

/** Splits an image reference: `[registry/]path[:tag][@digest]` (Docker reference grammar). */
export function parseImageRef(image: string): ImageRef {
  let rest = image.trim().toLowerCase();
  const at = rest.indexOf('@');
  if (at !== -1) rest = rest.slice(0, at);
  let tag: string | null = null;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/').filter((s) => s !== '');
  let registry: string | null = null;
  const head = parts[0];
  if (parts.length > 1 && head !== undefined && (head.includes('.') || head.includes(':') || head === 'localhost')) {
    registry = head;
    parts.shift();
  }
  if (parts[0] === 'library' && parts.length === 2) parts.shift();
  return { registry, path: parts.join('/'), name: parts[parts.length - 1] ?? '', tag };
}

/**
 * A container image to a protocol: the repository path without registry (`mssql/server`) is looked
 * up first, then each trailing sub-path (`bitnami/postgresql` => `postgresql`), ending with the last
 * segment. Tags and digests are ignored: `docker.io/bitnami/mysql:8.0@sha256:...` => mysql.
 */
export function protocolForImage(image: string): ProtocolEntry | undefined {
  const ref = parseImageRef(image);
  if (ref.path === '') return undefined;
  const segments = ref.path.split('/');
  for (let i = 0; i < segments.length; i++) {
    const candidate = segments.slice(i).join('/');
    const hit = IMAGE_INDEX.get(candidate);
    if (hit) return hit;
  }
  return undefined;
}

const IMAGE_INDEX: ReadonlyMap<string, ProtocolEntry> = new Map(PROTOCOLS.flatMap((p) => p.images.map((i) => [i, p] as const)));
