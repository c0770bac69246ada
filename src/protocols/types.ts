/**
 * Shapes of the protocol knowledge base: entries (facts per protocol), matchers (bytes to a
 * protocol, nmap-style: id, hard/soft, note) and active probes. The contract lives in index.ts.
 */

export const PROTOCOL_IDS = [
  'http', 'http2', 'tls', 'ssh', 'smtp', 'ftp', 'pop3', 'imap', 'telnet', 'mysql', 'postgresql', 'redis',
  'memcached', 'mongodb', 'nats', 'mqtt', 'amqp', 'kafka', 'cassandra', 'zookeeper', 'ldap', 'vnc', 'rsync',
  'git', 'beanstalkd', 'dns', 'irc', 'epmd', 'erlang-dist', 'elasticsearch', 'mssql', 'oracle', 'xmpp', 'rdp',
  'smb', 'socks', 'proxy-protocol', 'stomp', 'clickhouse',
  'echo', 'daytime', 'chargen', 'nntp', 'dict', 'lmtp', 'managesieve', 'mpd', 'svn', 'munin', 'gpsd', 'nbd', 'asterisk-ami',
  'freeswitch-esl', 'varnish-cli', 'tarantool', 'checkmk-agent', 'ganglia', 'hddtemp', 'java-rmi', 'ident', 'spamd', 'clamd',
  'zabbix-agent', 'nut', 'gearman', 'onc-rpc', 'tor-control', 'x11', 'rtsp', 'gopher',
  'unknown',
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
  /**
   * Ports some products use for this protocol but that are weak evidence on their own (TiDB 4000,
   * MailHog 1025): not returned by protocolsForPort, listed for reference and for probe hints.
   */
  readonly otherPorts?: readonly number[];
  readonly starttls: boolean;
  /** Container/Service port names and appProtocol values that name this protocol (lower-case). */
  readonly portNames: readonly string[];
  /**
   * Container images that usually serve this protocol: a bare name matches the repository's last
   * path segment (`mysql` matches `docker.io/bitnami/mysql:8.0`); a name with a slash matches the
   * repository path without the registry (`mssql/server`).
   */
  readonly images: readonly string[];
  readonly note: string;
  readonly source: string;
}

/** What a matcher concluded, citing the matcher (`signature`) that fired. */
export interface Identification {
  readonly protocol: ProtocolId;
  /** Product named by the bytes (`OpenSSH`, `MariaDB`, `Exim`), printable ASCII only. */
  readonly product: string | null;
  /** Version named by the bytes (`9.2p1`, `10.11.6`), printable ASCII only. */
  readonly version: string | null;
  /** Id of the banner/first-bytes/probe-response matcher that fired. */
  readonly signature: string;
  /** Hard: certain. Soft: likely (e.g. a generic text greeting). */
  readonly hard: boolean;
  /** Extra detail the bytes carry (host name, SSH comments, error code), printable ASCII only. */
  readonly info?: string;
  /**
   * For a soft match on a greeting several protocols share (a bare `220`, `+OK`, `* OK`): every
   * protocol it could be, `protocol` first. The probe names none of them without a confirmation.
   */
  readonly candidates?: readonly ProtocolId[];
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

/** What a matcher's test extracts; the engine turns it into an Identification. */
export interface MatchDetail {
  readonly product?: string | null;
  readonly version?: string | null;
  readonly info?: string | null;
  /** Overrides the matcher's `hard` (e.g. a bare `220` line is only a soft SMTP match). */
  readonly hard?: boolean;
  /** Overrides the matcher's protocol (SMTP-vs-FTP reply lines decide from the text). */
  readonly protocol?: ProtocolId;
  /** With `hard: false`: every protocol the shared greeting could be. */
  readonly candidates?: readonly ProtocolId[];
}

/**
 * One signature: a pure test over a byte buffer anchored at byte 0. `test` returns null when the
 * bytes are not this signature; it must never throw and never read outside the buffer.
 */
export interface Matcher {
  readonly id: string;
  readonly protocol: ProtocolId;
  readonly hard: boolean;
  readonly note: string;
  /** Where the rule comes from (docs/protocols.md section, RFC, server source). */
  readonly source: string;
  /**
   * The bytes the buffer can start with, as a latin-1 string (one char per byte value); the engine
   * skips the matcher for other first bytes. Undefined = any first byte. Only a speed hint: `test`
   * still checks everything.
   */
  readonly first?: string;
  /** Other protocols this matcher can conclude (through MatchDetail.protocol). */
  readonly others?: readonly ProtocolId[];
  test(bytes: Uint8Array): MatchDetail | null;
}
