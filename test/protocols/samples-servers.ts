/**
 * The second corpus of real captures (fixtures/record-servers.sh, Debian 12 packages; versions in
 * fixtures/RECORD.md): greetings of server-first servers, replies of client-first servers to the
 * knowledge base's ACTIVE_PROBES (by probe id), real clients' first bytes, and the servers that
 * stayed silent on connect.
 */
import type { ProtocolId } from '../../src/protocols/index.js';
import { fixture, type Sample } from './samples.js';

const F = (name: string) => ({ bytes: fixture(name), source: `fixtures/${name}` });

/** Unsolicited greetings. */
/** `clientFirst`: the protocol is client-first although this server greets (IRC notices). */
export const SERVER_BANNERS: readonly (Sample & { readonly clientFirst?: true })[] = [
  { name: 'vsftpd 3.0.3 greeting', ...F('vsftpd-greeting.bin'), protocol: 'ftp', signature: 'smtp-ftp-reply', product: 'vsftpd', version: '3.0.3', info: '220 (vsFTPd 3.0.3)' },
  { name: 'vsftpd 500 OOPS greeting (no login allowed)', ...F('vsftpd-oops-greeting.bin'), protocol: 'ftp', signature: 'smtp-ftp-reply', product: 'vsftpd', version: null, info: '500 OOPS' },
  { name: 'vsftpd FEAT reply starts with the greeting', ...F('vsftpd-feat-reply.bin'), protocol: 'ftp', signature: 'smtp-ftp-reply', product: 'vsftpd', version: '3.0.3' },
  { name: 'ProFTPD 1.3.8 greeting (default ServerIdent hides the version)', ...F('proftpd-greeting.bin'), protocol: 'ftp', signature: 'smtp-ftp-reply', product: 'ProFTPD', version: null, info: '220 ProFTPD Server (ProFTPD) [127.0.0.1]' },
  { name: 'Pure-FTPd 1.0.50 multi-line 220- welcome', ...F('pureftpd-greeting.bin'), protocol: 'ftp', signature: 'smtp-ftp-reply', product: 'Pure-FTPd', version: null, info: 'Welcome to Pure-FTPd' },
  { name: 'Dovecot IMAP greeting with STARTTLS', ...F('dovecot-imap-greeting.bin'), protocol: 'imap', signature: 'imap-greeting', product: 'Dovecot', version: null, info: 'STARTTLS' },
  { name: 'Dovecot POP3 greeting', ...F('dovecot-pop3-greeting.bin'), protocol: 'pop3', signature: 'pop3-ok', product: 'Dovecot', info: 'Dovecot (Debian) ready.' },
  { name: 'nats-server 2.9.10 INFO', ...F('nats-info.bin'), protocol: 'nats', signature: 'nats-info', product: 'nats-server', version: '2.9.10' },
  { name: 'ngIRCd NOTICE * (NoticeBeforeRegistration = yes)', ...F('ngircd-greeting-notice.bin'), protocol: 'irc', signature: 'irc-server-notice', info: 'Looking up your hostname', clientFirst: true },
  { name: 'InspIRCd 3.15 NOTICE on accept (its default)', ...F('inspircd-greeting.bin'), protocol: 'irc', signature: 'irc-server-notice', info: 'server irc.protocheck.test', clientFirst: true },
  { name: 'inetutils telnetd 2.4 negotiation', ...F('inetutils-telnetd-greeting.bin'), protocol: 'telnet', signature: 'telnet-iac', info: 'WILL AUTHENTICATION, WILL ENCRYPT, DO TERMINAL-TYPE, DO TERMINAL-SPEED, DO X-DISPLAY, DO NEW-ENVIRON, DO OLD-ENVIRON' },
  { name: 'TigerVNC 1.12 RFB 3.8', ...F('tigervnc-greeting.bin'), protocol: 'vnc', signature: 'vnc-rfb-version', version: '3.8', info: 'RFB 003.008' },
];

/** Replies to ACTIVE_PROBES, recorded with the probe's own bytes (record.mjs probe). */
export const PROBE_REPLIES: readonly (Sample & { readonly probe: string })[] = [
  { name: 'Prosody 0.12 stream reply', probe: 'xmpp-stream', ...F('prosody-xmpp-stream-reply.bin'), protocol: 'xmpp', signature: 'xmpp-stream-reply', info: 'domain localhost, STARTTLS offered' },
  { name: 'ngIRCd 26.1 CAP LS reply', probe: 'irc-cap-ls', ...F('ngircd-cap-ls-reply.bin'), protocol: 'irc', signature: 'irc-server-notice', info: 'server irc.protocheck.test, CAP LS multi-prefix' },
  { name: 'InspIRCd 3.15 answers CAP LS after its hostname notice', probe: 'irc-cap-ls', ...F('inspircd-cap-ls-reply.bin'), protocol: 'irc', signature: 'irc-server-notice', info: 'server irc.protocheck.test' },
  { name: 'beanstalkd 1.12 stats', probe: 'beanstalkd-stats', ...F('beanstalkd-stats-reply.bin'), protocol: 'beanstalkd', signature: 'beanstalkd-reply', product: 'beanstalkd', version: '1.12' },
  { name: 'OpenLDAP slapd 2.5 root DSE (no vendorName)', probe: 'ldap-rootdse', ...F('slapd-rootdse-reply.bin'), protocol: 'ldap', signature: 'ldap-response', product: null, version: null, info: 'SearchResultEntry, naming context dc=example,dc=com, LDAPv3' },
  { name: 'Mosquitto 2.0 CONNACK, anonymous allowed', probe: 'mqtt-connect', ...F('mosquitto-connack-accepted.bin'), protocol: 'mqtt', signature: 'mqtt-connack', info: 'accepted' },
  { name: 'Mosquitto 2.0 CONNACK, allow_anonymous false', probe: 'mqtt-connect', ...F('mosquitto-connack-refused.bin'), protocol: 'mqtt', signature: 'mqtt-connack', info: 'not authorized' },
  { name: 'epmd NAMES with one node', probe: 'epmd-names', ...F('epmd-names-reply.bin'), protocol: 'epmd', signature: 'epmd-names-reply', info: 'probe:38370' },
  { name: 'dnsmasq 2.90 version.bind', probe: 'dns-version-bind', ...F('dnsmasq-version-bind-reply.bin'), protocol: 'dns', signature: 'dns-tcp-reply', product: 'dnsmasq', version: '2.90', info: 'NOERROR' },
  { name: 'BIND 9.18 version.bind', probe: 'dns-version-bind', ...F('bind9-version-bind-reply.bin'), protocol: 'dns', signature: 'dns-tcp-reply', product: 'BIND', version: '9.18.49-1~deb12u3-Debian', info: 'NOERROR' },
  { name: 'RabbitMQ 3.10 Connection.Start', probe: 'amqp-header', ...F('rabbitmq-amqp-connection-start.bin'), protocol: 'amqp', signature: 'amqp-connection-start', product: 'RabbitMQ', version: '3.10.8', info: 'protocheck@' },
  { name: 'RabbitMQ STOMP plugin CONNECTED', probe: 'stomp-connect', ...F('rabbitmq-stomp-connect-reply.bin'), protocol: 'stomp', signature: 'stomp-connected', product: 'RabbitMQ', version: '3.10.8', info: 'STOMP 1.2' },
  { name: 'RabbitMQ MQTT plugin CONNACK (anonymous off)', probe: 'mqtt-connect', ...F('rabbitmq-mqtt-connack.bin'), protocol: 'mqtt', signature: 'mqtt-connack', info: 'bad user name or password' },
  { name: 'epmd started by RabbitMQ lists its node', probe: 'epmd-names', ...F('rabbitmq-epmd-names-reply.bin'), protocol: 'epmd', signature: 'epmd-names-reply', info: 'protocheck:38673' },
  { name: 'ZooKeeper 3.8.0 (Debian build) srvr', probe: 'zookeeper-srvr', ...F('zookeeper-srvr-reply.bin'), protocol: 'zookeeper', signature: 'zookeeper-four-letter-reply', product: 'ZooKeeper', version: '3.8.0', info: 'mode standalone' },
  { name: 'Samba 4.17 SMB2 NEGOTIATE response', probe: 'smb2-negotiate', ...F('samba-smb2-negotiate-reply.bin'), protocol: 'smb', signature: 'smb2-negotiate-response', version: '2.1' },
];

/** Other replies: to bytes that are not an active probe. */
export const OTHER_REPLIES: readonly Sample[] = [
  { name: 'Dovecot POP3 CAPA reply (greeting first)', ...F('dovecot-pop3-capa-reply.bin'), protocol: 'pop3', signature: 'pop3-ok', product: 'Dovecot' },
  { name: 'ngIRCd registration numerics name the ircd', ...F('ngircd-registration-reply.bin'), protocol: 'irc', signature: 'irc-server-notice', product: 'ngircd', version: '26.1', info: 'server irc.protocheck.test' },
  { name: 'ZooKeeper stat refused (not whitelisted)', ...F('zookeeper-stat-refused.bin'), protocol: 'zookeeper', signature: 'zookeeper-four-letter-reply', product: 'ZooKeeper', info: 'not whitelisted' },
];

/** Real clients' first bytes (they did not wait for the server). */
export const REAL_CLIENTS: readonly Sample[] = [
  { name: 'irssi 1.4.3 CAP LS at once (no greeting)', ...F('irssi-first-bytes.bin'), protocol: 'irc', signature: 'irc-client-registration', info: 'CAP LS' },
  { name: 'ldapsearch -x anonymous bind', ...F('ldapsearch-first-bytes.bin'), protocol: 'ldap', signature: 'ldap-request', info: 'BindRequest' },
  { name: 'mosquitto_pub CONNECT', ...F('mosquitto-pub-connect.bin'), protocol: 'mqtt', signature: 'mqtt-connect', version: '3.1.1' },
  { name: 'amqp-publish (rabbitmq-c) protocol header', ...F('amqp-publish-first-bytes.bin'), protocol: 'amqp', signature: 'amqp-protocol-header', version: '0-9-1' },
  { name: 'Erlang/OTP 25 node send_name (connecting to another node)', ...F('erlang-dist-send-name.bin'), protocol: 'erlang-dist', signature: 'erlang-dist-send-name', version: 'handshake N (OTP 23+)', info: 'node client@localhost' },
  { name: 'zkCli ConnectRequest', ...F('zkcli-first-bytes.bin'), protocol: 'zookeeper', signature: 'zookeeper-connect-request', info: 'ConnectRequest' },
];

/** Servers that wrote nothing in 1.5-2.5 s after accept: the client speaks first. */
export const SILENT_SERVERS: readonly (readonly [string, ProtocolId])[] = [
  ['prosody-c2s-silence.bin', 'xmpp'],
  ['prosody-s2s-silence.bin', 'xmpp'],
  ['ngircd-greeting-default.bin', 'irc'],
  ['ngircd-greeting-nodns.bin', 'irc'],
  ['beanstalkd-silence.bin', 'beanstalkd'],
  ['slapd-silence.bin', 'ldap'],
  ['mosquitto-silence.bin', 'mqtt'],
  ['rabbitmq-amqp-silence.bin', 'amqp'],
  ['zookeeper-silence.bin', 'zookeeper'],
  ['samba-silence.bin', 'smb'],
  ['erlang-dist-silence.bin', 'erlang-dist'],
];

/**
 * Real clients of server-first protocols: the capture with no greeting (empty: they waited) and what
 * they sent once a recorded greeting was written to them (`record.mjs client-greeted`).
 */
export const GREETED_CLIENTS: readonly (Sample & { readonly before: string; readonly greeting: string })[] = [
  { name: 'NATS C client 3.4.1 CONNECT after INFO', before: 'nats-c-client-first-bytes.bin', greeting: 'nats-info.bin', ...F('nats-c-client-after-info.bin'), protocol: 'nats', signature: 'nats-client-connect', info: 'client C 3.4.1' },
  { name: 'lftp 4.9.2 FEAT after the FTP greeting', before: 'lftp-first-bytes.bin', greeting: 'vsftpd-greeting.bin', ...F('lftp-after-greeting.bin'), protocol: 'ftp', signature: 'ftp-client-command', info: 'FEAT' },
  { name: 'fetchmail 6.4.37 CAPA after the POP3 greeting', before: 'fetchmail-pop3-first-bytes.bin', greeting: 'dovecot-pop3-greeting.bin', ...F('fetchmail-pop3-after-greeting.bin'), protocol: 'pop3', signature: 'pop3-client-command', info: 'CAPA' },
  { name: 'fetchmail 6.4.37 STARTTLS after the IMAP greeting', before: 'fetchmail-imap-first-bytes.bin', greeting: 'dovecot-imap-greeting.bin', ...F('fetchmail-imap-after-greeting.bin'), protocol: 'imap', signature: 'imap-client-command', info: 'STARTTLS' },
];
