/**
 * Active probes for the client-first services added in issue 11 (entries/services.ts). Each is one
 * read-only request that the service answers without authentication and without changing state.
 */
import type { ActiveProbe, Identification, Matcher, ProtocolId } from '../types.js';
import { ascii, concat, hex } from '../bytes.js';
import { runMatchers } from '../identify.js';
import { u32beBytes } from './encode.js';
import * as s from './replies-services.js';

function probe(p: { id: string; protocol: ProtocolId; send: Uint8Array; ports: readonly number[]; readMax: number; replies: readonly Matcher[]; note: string }): ActiveProbe {
  return { ...p, match: (response: Uint8Array): Identification | null => runMatchers(p.replies, response) };
}

/** Zabbix: ZBXD, flags 01, 8-byte little-endian length, then the item key. */
const ZABBIX_AGENT_VERSION = (() => {
  const key = ascii('agent.version');
  const len = new Uint8Array(8);
  len[0] = key.length;
  return concat(ascii('ZBXD'), hex('01'), len, key);
})();

/** ONC RPC NULL call to rpcbind (program 100000, version 2, procedure 0), AUTH_NONE, with a record mark. */
const RPC_NULL_CALL = (() => {
  const body = concat(u32beBytes(s.RPC_XID), u32beBytes(0), u32beBytes(2), u32beBytes(100000), u32beBytes(2), u32beBytes(0), new Uint8Array(16));
  return concat(u32beBytes(0x80000000 | body.length), body);
})();

/** Erlang distribution send_name (OTP 23+ N format) for node protocheck@localhost; the flags are those an OTP 25 node sends. */
const ERLANG_SEND_NAME = (() => {
  const name = ascii('protocheck@localhost');
  const body = concat(ascii('N'), hex('00 00 00 0d 07 df 7f bd'), hex('00 00 00 01'), Uint8Array.of(0, name.length), name);
  return concat(Uint8Array.of(body.length >> 8, body.length & 0xff), body);
})();

export const SERVICE_PROBES: readonly ActiveProbe[] = [
  probe({ id: 'erlang-dist-send-name', protocol: 'erlang-dist', send: ERLANG_SEND_NAME, ports: [25672, 4370], readMax: 64, replies: [s.ERLANG_DIST_STATUS], note: 'The first handshake message of a connecting node: the node answers its status (ok, not_allowed...) before any authentication; we close before the challenge is answered.' }),
  probe({ id: 'onc-rpc-null', protocol: 'onc-rpc', send: RPC_NULL_CALL, ports: [111, 2049], readMax: 256, replies: [s.RPC_REPLY], note: 'An ONC RPC NULL call to rpcbind (procedure 0 does nothing by definition); any RPC service answers with our xid.' }),
  probe({ id: 'x11-setup', protocol: 'x11', send: hex('6c 00 0b 00 00 00 00 00 00 00 00 00'), ports: [6000, 6001, 6002, 6003], readMax: 256, replies: [s.X11_SETUP_REPLY], note: 'X11 connection setup, little-endian, protocol 11.0, no authorization: the server refuses (with its reason) or accepts; we close at once.' }),
  probe({ id: 'rtsp-options', protocol: 'rtsp', send: ascii('OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n'), ports: [554, 8554], readMax: 2048, replies: [s.RTSP_RESPONSE], note: 'RTSP OPTIONS *: lists the methods; no stream is set up.' }),
  probe({ id: 'tor-protocolinfo', protocol: 'tor-control', send: ascii('PROTOCOLINFO 1\r\n'), ports: [9051, 9151], readMax: 1024, replies: [s.TOR_PROTOCOLINFO], note: 'PROTOCOLINFO is allowed before authentication and names the Tor version.' }),
  probe({ id: 'zabbix-agent-version', protocol: 'zabbix-agent', send: ZABBIX_AGENT_VERSION, ports: [10050], readMax: 256, replies: [s.ZABBIX_HEADER], note: 'Asks the passive agent for agent.version (read-only); agents that do not list us in Server= close without answering.' }),
  probe({ id: 'java-rmi-jrmi', protocol: 'java-rmi', send: hex('4a 52 4d 49 00 02 4b'), ports: [1099, 1098], readMax: 256, replies: [s.RMI_PROTOCOL_ACK], note: 'The JRMI header (version 2, stream protocol): the registry answers ProtocolAck; no object is looked up.' }),
  probe({ id: 'clamd-version', protocol: 'clamd', send: ascii('zVERSION\0'), ports: [3310], readMax: 256, replies: [s.CLAMD_VERSION], note: 'zVERSION answers the engine and signature versions; nothing is scanned.' }),
  probe({ id: 'spamd-ping', protocol: 'spamd', send: ascii('PING SPAMC/1.5\r\n\r\n'), ports: [783], readMax: 256, replies: [s.SPAMD_PONG], note: 'PING answers PONG; no message is checked.' }),
  probe({ id: 'nut-ver', protocol: 'nut', send: ascii('VER\n'), ports: [3493], readMax: 256, replies: [s.NUT_VER], note: 'VER answers the upsd version; needs no login.' }),
  probe({ id: 'gearman-version', protocol: 'gearman', send: ascii('version\n'), ports: [4730], readMax: 128, replies: [s.GEARMAN_VERSION], note: 'The admin protocol\'s version command; no job is submitted.' }),
  probe({ id: 'ident-query', protocol: 'ident', send: ascii('1, 1\r\n'), ports: [113], readMax: 256, replies: [s.IDENT_REPLY], note: 'Asks who owns a connection between ports 1 and 1, which does not exist: the answer is ERROR : NO-USER or INVALID-PORT.' }),
  probe({ id: 'gopher-root', protocol: 'gopher', send: ascii('\r\n'), ports: [70], readMax: 2048, replies: [s.GOPHER_MENU], note: 'An empty selector asks for the root menu.' }),
];
