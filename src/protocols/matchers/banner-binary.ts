/** Server-first binary greetings: MySQL/MariaDB handshake and ERR, MySQL X hello, Telnet IAC, h2 SETTINGS. */
import type { Matcher } from '../types.js';
import { bytesAt, clean, indexOfByte, latin1, u16le, u24be, u24le, u32be, u8 } from '../bytes.js';

/** MySQL capability flags (include/mysql_com.h). */
const CLIENT_MYSQL = 0x1;
const CLIENT_SSL = 0x800;
/** A greeting is 70-120 bytes in practice; anything past 1 KiB is not a handshake. */
const MYSQL_GREETING_MAX = 1024;

export const MYSQL_HANDSHAKE: Matcher = {
  id: 'mysql-handshake-v10',
  protocol: 'mysql',
  hard: true,
  note: 'Initial Handshake packet: uint24 LE length, sequence 0, protocol 0a, NUL-terminated version starting with a digit. MariaDB from the version string (5.5.5- prefix on 10.x) or the cleared CLIENT_MYSQL bit.',
  source: 'MySQL Internals Protocol::HandshakeV10',
  test(b) {
    const len = u24le(b, 0);
    if (len === undefined || len < 10 || len > MYSQL_GREETING_MAX || b[3] !== 0x00 || b[4] !== 0x0a) return null;
    const end = Math.min(b.length, 4 + len);
    const nul = indexOfByte(b, 0x00, 5, Math.min(end, 5 + 81));
    if (nul === -1 || nul === 5) return null;
    const first = b[5] as number;
    if (first < 0x30 || first > 0x39) return null;
    for (let i = 5; i < nul; i++) {
      const c = b[i] as number;
      if (c < 0x20 || c >= 0x7f) return null;
    }
    const raw = latin1(b, 5, nul);
    // Fields after the version: connection id (4), salt part 1 (8), filler (1), capability low (2), collation (1), status (2), capability high (2).
    const capLow = u16le(b, nul + 1 + 4 + 8 + 1);
    const capHigh = u16le(b, nul + 1 + 4 + 8 + 1 + 2 + 1 + 2);
    const caps = capLow === undefined ? undefined : capLow | ((capHigh ?? 0) << 16);
    // Auth plugin name: after auth-data length (1), reserved (10), salt part 2 (max(13, len - 8)).
    let plugin: string | null = null;
    const authLenAt = nul + 1 + 4 + 8 + 1 + 2 + 1 + 2 + 2;
    const authLen = u8(b, authLenAt);
    if (authLen !== undefined && caps !== undefined && (caps & 0x80000) !== 0) {
      const pluginAt = authLenAt + 1 + 10 + Math.max(13, authLen - 8);
      const pluginEnd = indexOfByte(b, 0x00, pluginAt, end);
      if (pluginEnd > pluginAt) plugin = clean(latin1(b, pluginAt, pluginEnd), 40);
    }
    const maria = /^(?:5\.5\.5-)?(\d+\.\d+\.\d+)-MariaDB/i.exec(raw);
    const tidb = /TiDB-v?(\d[\w.-]*)/.exec(raw);
    const numeric = /^(\d+\.\d+(?:\.\d+)?)/.exec(raw)?.[1] ?? null;
    let product = 'MySQL';
    let version = numeric;
    if (maria) {
      product = 'MariaDB';
      version = maria[1] ?? numeric;
    } else if (tidb) {
      product = 'TiDB';
      version = tidb[1] ?? numeric;
    } else if (caps !== undefined && (caps & CLIENT_MYSQL) === 0 && len > 0) {
      product = 'MariaDB';
    }
    const parts = [`server version ${clean(raw, 80)}`];
    if (caps !== undefined) parts.push((caps & CLIENT_SSL) !== 0 ? 'TLS offered' : 'no TLS');
    if (plugin) parts.push(`auth ${plugin}`);
    return { product, version, info: parts.join(', ') };
  },
};

const MYSQL_ERR_TEXT: Readonly<Record<number, string>> = {
  1040: 'too many connections',
  1129: 'host blocked after too many connection errors (mysqladmin flush-hosts)',
  1130: 'host is not allowed to connect',
};

export const MYSQL_ERR: Matcher = {
  id: 'mysql-err-greeting',
  protocol: 'mysql',
  hard: true,
  note: 'ERR packet instead of the greeting: sequence 0, ff, error code LE (1130 host not allowed, 1129 blocked, 1040 too many connections).',
  source: 'MySQL Internals ERR_Packet',
  test(b) {
    const len = u24le(b, 0);
    if (len === undefined || len < 3 || len > 512 || b[3] !== 0x00 || b[4] !== 0xff) return null;
    const code = u16le(b, 5);
    if (code === undefined || code < 1000 || code > 5000) return null;
    const end = Math.min(b.length, 4 + len);
    let at = 7;
    if (b[7] === 0x23) at = 13; // optional '#' + 5-char SQLSTATE
    const msg = latin1(b, at, end);
    for (let i = 0; i < msg.length; i++) {
      const c = msg.charCodeAt(i);
      if (c < 0x20 && c !== 0x0a && c !== 0x09) return null;
    }
    const product = /MariaDB/.test(msg) ? 'MariaDB' : /MySQL/.test(msg) ? 'MySQL' : null;
    return { product, version: null, info: clean(`ERR ${code} ${MYSQL_ERR_TEXT[code] ?? ''}: ${msg}`, 160) };
  },
};

export const MYSQLX_HELLO: Matcher = {
  id: 'mysqlx-hello-notice',
  protocol: 'mysql',
  first: '\x05',
  hard: true,
  note: 'X Protocol (33060) hello notice 05 00 00 00 0b 08 05 1a 00, sent at accept so classic clients fail fast; X clients do not wait for it.',
  source: 'docs/protocols.md',
  test(b) {
    return bytesAt(b, 0, [0x05, 0x00, 0x00, 0x00, 0x0b, 0x08, 0x05, 0x1a, 0x00])
      ? { product: 'MySQL X Protocol', info: 'X Protocol hello notice (client-first protocol; the notice is informational)' }
      : null;
  },
};

const TELNET_OPTIONS: Readonly<Record<number, string>> = {
  0x00: 'BINARY', 0x01: 'ECHO', 0x03: 'SGA', 0x05: 'STATUS', 0x18: 'TERMINAL-TYPE', 0x1f: 'NAWS', 0x20: 'TERMINAL-SPEED',
  0x21: 'FLOW-CONTROL', 0x22: 'LINEMODE', 0x23: 'X-DISPLAY', 0x24: 'OLD-ENVIRON', 0x25: 'AUTHENTICATION', 0x26: 'ENCRYPT', 0x27: 'NEW-ENVIRON', 0x2e: 'START_TLS',
};
const TELNET_VERBS: Readonly<Record<number, string>> = { 0xfb: 'WILL', 0xfc: 'WONT', 0xfd: 'DO', 0xfe: 'DONT' };

export const TELNET_IAC: Matcher = {
  id: 'telnet-iac',
  protocol: 'telnet',
  first: '\xff',
  hard: true,
  note: 'IAC option negotiation at byte 0: ff fb|fc|fd|fe <option>, every later IAC well formed.',
  source: 'RFC 854, RFC 855',
  test(b) {
    if (b.length < 3 || b[0] !== 0xff) return null;
    const verb0 = b[1] as number;
    if (verb0 < 0xfb || verb0 > 0xfe) return null;
    const seen: string[] = [];
    let i = 0;
    while (i < b.length && i < 512 && b[i] === 0xff) {
      const verb = u8(b, i + 1);
      if (verb === undefined) break;
      if (verb >= 0xfb && verb <= 0xfe) {
        const opt = u8(b, i + 2);
        if (opt === undefined) break;
        if (seen.length < 8) seen.push(`${TELNET_VERBS[verb]} ${TELNET_OPTIONS[opt] ?? String(opt)}`);
        i += 3;
      } else if (verb === 0xfa) {
        const se = indexOfByte(b, 0xf0, i + 2, i + 256);
        if (se === -1 || b[se - 1] !== 0xff) break;
        i = se + 1;
      } else if (verb >= 0xf1 && verb <= 0xf9) {
        i += 2;
      } else {
        return null;
      }
    }
    return { info: seen.join(', ') };
  },
};

/** Largest SETTINGS payload we accept unsolicited: 6 bytes per setting, a handful of settings. */
const H2_SETTINGS_MAX = 6 * 16;

export const H2_SERVER_SETTINGS: Matcher = {
  id: 'h2-server-settings',
  protocol: 'http2',
  first: '\x00',
  hard: true,
  note: 'An HTTP/2 SETTINGS frame on stream 0 sent at accept (grpc-go, Netty): 00 00 LL 04 00 00 00 00 00, LL a multiple of 6.',
  source: 'RFC 9113 section 6.5',
  test(b) {
    if (b.length < 9) return null;
    const len = u24be(b, 0);
    if (len === undefined || len % 6 !== 0 || len > H2_SETTINGS_MAX || b[3] !== 0x04 || b[4] !== 0x00 || u32be(b, 5) !== 0) return null;
    for (let at = 9; at + 6 <= Math.min(b.length, 9 + len); at += 6) {
      const id = ((b[at] as number) << 8) | (b[at + 1] as number);
      if (id === 0 || id > 0x10) return null;
    }
    return { product: null, info: 'server SETTINGS frame (h2c; sent unprompted by grpc-go and Netty servers, likely gRPC)' };
  },
};
