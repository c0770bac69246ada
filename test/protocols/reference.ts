/** Renders docs/protocols.md, the reference of the knowledge base, from the data itself. */
import { ACTIVE_PROBES, BANNER_MATCHERS, CLIENT_MATCHERS, PROTOCOLS, REPLY_MATCHERS, type Matcher } from '../../src/protocols/index.js';
import { PRINTER_PORTS } from '../../src/protocols/probes/index.js';
import { toHex } from '../../src/term/escape.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const list = (xs: readonly (string | number)[]) => (xs.length === 0 ? '-' : xs.join(', '));

function matcherRows(kind: string, ms: readonly Matcher[]): string[] {
  return ms.map((m, i) => `| ${i + 1} | \`${m.id}\` | ${[m.protocol, ...(m.others ?? [])].join(', ')} | ${kind} | ${m.hard ? 'hard' : 'soft'} | ${cell(m.note)} | ${cell(m.source)} |`);
}

export function renderReference(): string {
  const out: string[] = [];
  out.push('# Protocol knowledge base');
  out.push('');
  out.push('Generated from `src/protocols/` by `test/protocols/reference.ts`; do not edit by hand (`UPDATE_GOLDEN=1 npm test` regenerates it, and the test suite fails when it is stale). `protocheck protocols` prints the same entries with the Linkerd default coverage of a version.');
  out.push('');
  out.push('"Clients wait" is the fact that matters behind a detecting proxy: such clients send nothing until the server greets, the proxy waits for client bytes, and the connection stalls until the detection timeout (Linkerd: 10 s) unless the port is opaque or skipped. SSH and rsync servers speak first too, but their clients send their own identification at once, so the proxy sees client bytes and does not stall. On implicit-TLS ports the client speaks first (ClientHello) whatever the protocol inside.');
  out.push('');
  out.push('## Entries');
  out.push('');
  out.push('| id | name | ports | TLS ports | other ports | first speaker | clients wait | STARTTLS | source |');
  out.push('|---|---|---|---|---|---|---|---|---|');
  for (const p of PROTOCOLS) {
    out.push(`| \`${p.id}\` | ${cell(p.name)} | ${list(p.ports)} | ${list(p.tlsPorts)} | ${list(p.otherPorts ?? [])} | ${p.firstSpeaker} | ${p.clientWaitsForGreeting ? '**yes**' : 'no'} | ${p.starttls ? 'yes' : 'no'} | ${cell(p.source)} |`);
  }
  out.push('');
  out.push('## Notes, port names and images');
  out.push('');
  for (const p of PROTOCOLS) {
    out.push(`- **\`${p.id}\`**: ${cell(p.note)} Port names / appProtocol: ${p.portNames.length === 0 ? 'none' : p.portNames.map((n) => `\`${n}\``).join(', ')}. Images: ${p.images.length === 0 ? 'none' : p.images.map((n) => `\`${n}\``).join(', ')}.`);
  }
  out.push('');
  out.push('## Lookup rules');
  out.push('');
  out.push('- `protocolsForPort(port)`: entries listing the port, an earlier position in `ports` first, implicit-TLS ports (`tlsPorts`) after plain ones (443 gives `tls`, then `http`); `otherPorts` (ports only some products use, such as the TiDB port 4000) are never used. `clientWaitsOnPort(entry, port)` is false on implicit-TLS ports.');
  out.push('- `protocolForPortName(name)` (also for appProtocol values): the whole lower-cased name; `udp-...` names nothing; a leading `tcp-`/`tcp_` is dropped (`tcp-mysql`); then the first `-`/`_` word (`mysql-primary`, `tls-redis` = TLS). Ambiguous words (`client`, `server`, `cluster`, `metrics`, `admin`, `api`, `db`, `data`, `web`, `peer`, `transport`, `native`, `primary`, ...) and later words are never used (`primary-mysql` names nothing). Names such as `smtps` and `imaps` name TLS, which is what a proxy sees.');
  out.push('- `protocolForImage(image)`: the registry (a first segment with `.` or `:` or `localhost`), `library/`, the tag and the digest are dropped; the repository path is looked up, then each shorter trailing sub-path, ending with the last segment (`ghcr.io/mailu/postfix:2024.06` matches `mailu/postfix`; `bitnami/redis-exporter` matches nothing). No substring guesses.');
  out.push('');
  out.push('## Matchers');
  out.push('');
  out.push('Each table runs in order and the first hit wins; every matcher is anchored at byte 0 and parses structure (lengths, fields) rather than searching the buffer. Hard = certain, soft = likely. Results name the matcher (`signature`).');
  out.push('');
  out.push('| # | id | protocols | kind | match | rule | source |');
  out.push('|---|---|---|---|---|---|---|');
  out.push(...matcherRows('server greeting', BANNER_MATCHERS));
  out.push(...matcherRows('client first bytes', CLIENT_MATCHERS));
  out.push(...matcherRows('reply', REPLY_MATCHERS));
  out.push('');
  out.push('## Active probes');
  out.push('');
  out.push(`Safe, bounded, read-only client probes for client-first servers. None is ever sent to printer ports ${PRINTER_PORTS[0]}-${PRINTER_PORTS[PRINTER_PORTS.length - 1]} (nmap \`Exclude T:9100-9107\`) unless the user forces it.`);
  out.push('');
  out.push('| id | protocol | ports | sends (hex, first 24 bytes) | read at most | note |');
  out.push('|---|---|---|---|---|---|');
  for (const p of ACTIVE_PROBES) {
    const h = toHex(p.send.subarray(0, 24)).replace(/(..)/g, '$1 ').trim();
    out.push(`| \`${p.id}\` | ${p.protocol} | ${p.ports === 'any' ? 'any' : list(p.ports)} | \`${h}${p.send.length > 24 ? ' ...' : ''}\` (${p.send.length} B) | ${p.readMax} B | ${cell(p.note)} |`);
  }
  out.push('');
  out.push('## Evidence recorded on real servers');
  out.push('');
  out.push('`test/protocols/fixtures/record.sh` starts Debian 12 servers on loopback high ports with temporary config and data (Redis 7.0.15, memcached 1.6.18, PostgreSQL 15, MariaDB 10.11.19, OpenSSH 9.2p1, Exim 4.96, rsync 3.5.0, nginx 1.22.1) and records greetings, probe replies and real clients\' first bytes (redis-cli, psql, mariadb, ssh, rsync, git, curl as an HTTP, h2c, LDAP, MQTT, SMTP, POP3, IMAP, FTP and telnet client, openssl). What they show:');
  out.push('');
  out.push('- The MariaDB client and the curl SMTP, POP3, IMAP, FTP and telnet clients sent **nothing** in 2.5 s before the greeting (their captures are empty): these clients wait. The curl LDAP and MQTT clients sent their bind and CONNECT at once.');
  out.push('- The OpenSSH client and the rsync client wrote their identification at once, byte-identical in format to the servers\' lines: they do not wait.');
  out.push('- PostgreSQL 15 answers SSLRequest with one byte (`N` without TLS) and a protocol-0.0 StartupMessage with `unsupported frontend protocol 0.0: server supports 3.0 to 3.0`; to `GET / HTTP/1.0` it answers **nothing** and closes (it only logs "invalid length of startup packet").');
  out.push('- memcached 1.6.18 closes a connection that starts with `GET / HTTP/1.0` without any reply; to unknown text commands it answers `ERROR`.');
  out.push('- Redis 7.0.15 answers `GET / HTTP/1.0` with `-ERR wrong number of arguments for \'get\' command` and INFO with `-NOAUTH` once a password is set.');
  out.push('- nginx 1.22 answers an h2c preface with SETTINGS `00 00 12 04 00 ...` and a plain GET on its TLS port with `400 The plain HTTP request was sent to HTTPS port`.');
  out.push('');
  out.push('`test/protocols/fixtures/record-servers.sh` adds vsftpd 3.0.3, ProFTPD 1.3.8, Dovecot 2.3.19 (IMAP, POP3), nats-server 2.9.10, Prosody 0.12.3, ngIRCd 26.1, InspIRCd 3.15, inetutils telnetd 2.4, beanstalkd 1.12, OpenLDAP slapd 2.5.13, Mosquitto 2.0.11, epmd and an Erlang/OTP 25 node, dnsmasq 2.90, BIND 9.18, TigerVNC 1.12, RabbitMQ 3.10.8 (AMQP, STOMP and MQTT plugins), ZooKeeper 3.8.0 and Samba 4.17, and the clients ldapsearch, mosquitto_pub, amqp-publish, zkCli, erl, irssi, lftp, fetchmail and the NATS C client; its reply fixtures are answers to the exact bytes of the probes above (`test/protocols/real-servers.test.ts`). What they show:');
  out.push('');
  out.push('- Server first, as the entries say: vsftpd (`220 (vsFTPd 3.0.3)`, or `500 OOPS: ...` and a close when misconfigured), ProFTPD (`220 ProFTPD Server (ProFTPD) [127.0.0.1]`: its default ServerIdent names **no version**), Dovecot IMAP (`* OK [CAPABILITY ... STARTTLS ...]`) and POP3 (`+OK Dovecot (Debian) ready.`), NATS INFO, telnetd (`ff fb 25 ff fb 26 ff fd 18 ff fd 20 ff fd 23 ff fd 27 ff fd 24`: WILL AUTHENTICATION first, unlike the netkit opening) and TigerVNC (`RFB 003.008`).');
  out.push('- Silent on connect (client first), as the entries say: Prosody on its c2s and s2s ports, beanstalkd, slapd, Mosquitto, RabbitMQ AMQP, ZooKeeper, smbd and an Erlang node\'s distribution port.');
  out.push('- IRC differs by server: **ngIRCd writes nothing before NICK/USER** by default (`NoticeBeforeRegistration = no`, with DNS lookups on or off), InspIRCd writes `:server NOTICE * :*** Looking up your hostname...` at once, and ngIRCd with notices on writes `NOTICE * :***` without a prefix. `CAP LS 302` (the `irc-cap-ls` probe) gets `:server CAP * LS :multi-prefix` from ngIRCd without registering.');
  out.push('- OpenLDAP publishes no `vendorName`/`vendorVersion` in its root DSE (only `namingContexts` and `supportedLDAPVersion`), so slapd is identified as LDAP without a product. Debian\'s ZooKeeper build answers `srvr` with `Zookeeper version: 3.8.0-${mvngit.commit.id}, built on ...` (an unexpanded Maven property where upstream puts the commit) and refuses `stat` (not whitelisted). BIND answers version.bind with `9.18.49-1~deb12u3-Debian`, dnsmasq with `dnsmasq-2.90`.');
  out.push('- Real clients of the server-first protocols wait: the NATS C client (libnats 3.4.1), lftp, and fetchmail (POP3 and IMAP) sent **nothing** in 2.5 s without a greeting, then `CONNECT`+`PING`, `FEAT`, `CAPA` and `A0001 STARTTLS` once a recorded greeting was written to them. irssi sent `CAP LS 302` at once, with no greeting, as the IRC entry says.');
  out.push('- MQTT brokers refuse an anonymous CONNECT differently: Mosquitto (`allow_anonymous false`) with CONNACK 5 (not authorized), RabbitMQ\'s MQTT plugin with CONNACK 4 (bad user name or password). RabbitMQ\'s STOMP plugin answers CONNECT without credentials with `CONNECTED` and `server:RabbitMQ/3.10.8` (the plugin logs such a client in as its default_user, guest).');
  out.push('');
  return out.join('\n') + '\n';
}
