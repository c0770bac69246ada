/**
 * CONTRACT STUB (owned by the knowledge-base work): the public API of the protocol knowledge base.
 * The exported names and shapes below are what probe, lint, capture and detect import; the owner may
 * add fields and exports but must not remove or rename these.
 */

export const PROTOCOL_IDS = [
  'http', 'http2', 'tls', 'ssh', 'smtp', 'ftp', 'pop3', 'imap', 'telnet', 'mysql', 'postgresql', 'redis',
  'memcached', 'mongodb', 'nats', 'mqtt', 'amqp', 'kafka', 'cassandra', 'zookeeper', 'ldap', 'vnc', 'rsync',
  'git', 'beanstalkd', 'dns', 'irc', 'epmd', 'erlang-dist', 'elasticsearch', 'mssql', 'oracle', 'xmpp', 'rdp',
  'smb', 'socks', 'proxy-protocol', 'stomp', 'clickhouse', 'unknown',
] as const;
export type ProtocolId = (typeof PROTOCOL_IDS)[number];

export type FirstSpeaker = 'server' | 'client';

export interface ProtocolEntry {
  readonly id: ProtocolId;
  readonly name: string;
  /** Well-known server ports, most typical first. */
  readonly ports: readonly number[];
  readonly firstSpeaker: FirstSpeaker;
  /** True when clients send nothing until the server's greeting (these stall behind a detecting proxy). */
  readonly clientWaitsForGreeting: boolean;
  /** Implicit-TLS ports (e.g. 465, 993, 995). */
  readonly tlsPorts: readonly number[];
  readonly starttls: boolean;
  /** Container/Service port names and appProtocol values that name this protocol (lower-case). */
  readonly portNames: readonly string[];
  /** Container image name fragments (repository last path segment) that usually serve this protocol. */
  readonly images: readonly string[];
  readonly note: string;
  readonly source: string;
}

/** What a matcher concluded, citing the matcher (`signature`) that fired. */
export interface Identification {
  readonly protocol: ProtocolId;
  readonly product: string | null;
  readonly version: string | null;
  /** Id of the banner/first-bytes/probe-response matcher that fired. */
  readonly signature: string;
  /** Hard: certain. Soft: likely (e.g. a generic text greeting). */
  readonly hard: boolean;
}

/** A safe, bounded, read-only client probe (nmap-style Probe entry). */
export interface ActiveProbe {
  readonly id: string;
  readonly protocol: ProtocolId;
  /** Bytes sent right after connect. */
  readonly send: Uint8Array;
  /** Ports where this probe is run (with 'any', it is run on every port). */
  readonly ports: readonly number[] | 'any';
  /** Stop reading after this many bytes. */
  readonly readMax: number;
  /** Decides from the server's reply. */
  match(response: Uint8Array): Identification | null;
  readonly note: string;
}

export const PROTOCOLS: readonly ProtocolEntry[] = [];
export const ACTIVE_PROBES: readonly ActiveProbe[] = [];

export function getProtocol(id: string): ProtocolEntry | undefined {
  return PROTOCOLS.find((p) => p.id === id);
}
/** Protocols whose well-known ports include `port`, most likely first. */
export function protocolsForPort(port: number): ProtocolEntry[] {
  return PROTOCOLS.filter((p) => p.ports.includes(port) || p.tlsPorts.includes(port));
}
/** A port name or appProtocol value (`mysql`, `tcp-redis`, `smtp`, ...) to a protocol. */
export function protocolForPortName(name: string): ProtocolEntry | undefined {
  return PROTOCOLS.find((p) => p.portNames.includes(name.toLowerCase()));
}
/** A container image (`docker.io/bitnami/mysql:8.0`) to a protocol. */
export function protocolForImage(image: string): ProtocolEntry | undefined {
  const repo = image.split('@')[0]?.split(':')[0]?.split('/').pop() ?? '';
  return PROTOCOLS.find((p) => p.images.includes(repo));
}
/** Identifies a server's unsolicited greeting. */
export function identifyBanner(_bytes: Uint8Array): Identification | null {
  return null;
}
/** Identifies a client's first bytes (client-first protocols). */
export function identifyClientBytes(_bytes: Uint8Array): Identification | null {
  return null;
}
