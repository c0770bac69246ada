/**
 * Client-first prefixes and envelopes: PROXY protocol, TLS records, the HTTP/2 preface, HTTP/1
 * request lines (docs/protocols.md).
 */
import type { Matcher } from '../types.js';
import { bytesAt, clean, firstLine, prefixOfAscii, startsWithAscii, u16be, u8 } from '../bytes.js';
import { byteRange, UPPER } from './first-bytes.js';

const PROXY_V2_SIG = [0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a];
/** haproxy proxy-protocol.txt 2.1: a v1 header is at most 107 bytes including CR LF. */
const PROXY_V1_MAX = 107;

export const PROXY_V2: Matcher = {
  id: 'proxy-protocol-v2',
  protocol: 'proxy-protocol',
  first: '\r',
  hard: true,
  note: '12-byte signature 0d 0a 0d 0a 00 0d 0a 51 55 49 54 0a, then version/command 2x.',
  source: 'haproxy doc/proxy-protocol.txt 2.2',
  test(b) {
    if (!bytesAt(b, 0, PROXY_V2_SIG)) return null;
    const vc = u8(b, 12);
    if (vc !== undefined && (vc & 0xf0) !== 0x20) return null;
    const cmd = vc === undefined ? null : (vc & 0x0f) === 0 ? 'LOCAL' : 'PROXY';
    const fam = u8(b, 13);
    const families: Record<number, string> = { 0x00: 'UNSPEC', 0x11: 'TCP4', 0x12: 'UDP4', 0x21: 'TCP6', 0x22: 'UDP6', 0x31: 'UNIX stream', 0x32: 'UNIX dgram' };
    return { version: '2', info: [cmd, fam === undefined ? null : families[fam] ?? `family ${fam}`].filter((x) => x !== null).join(' ') || null };
  },
};

export const PROXY_V1: Matcher = {
  id: 'proxy-protocol-v1',
  protocol: 'proxy-protocol',
  first: 'P',
  hard: true,
  note: 'PROXY TCP4|TCP6|UNKNOWN ... CR LF, at most 107 bytes.',
  source: 'haproxy doc/proxy-protocol.txt 2.1',
  test(b) {
    if (!startsWithAscii(b, 'PROXY ')) return null;
    const line = firstLine(b, PROXY_V1_MAX);
    if (!line.complete) return null;
    const m = /^PROXY (TCP4 \d{1,3}(?:\.\d{1,3}){3} \d{1,3}(?:\.\d{1,3}){3} \d{1,5} \d{1,5}|TCP6 [0-9A-Fa-f:.]+ [0-9A-Fa-f:.]+ \d{1,5} \d{1,5}|UNKNOWN[^\r\n]*)$/.exec(line.text);
    if (!m) return null;
    return { version: '1', info: clean((m[1] ?? '').split(' ')[0] ?? '', 20) };
  },
};

const TLS_VERSIONS: Readonly<Record<number, string>> = { 0x0300: 'SSL 3.0', 0x0301: 'TLS 1.0', 0x0302: 'TLS 1.1', 0x0303: 'TLS 1.2', 0x0304: 'TLS 1.3' };
/** RFC 8446 5.1: a plaintext record is at most 2^14 bytes; allow the 2048 bytes of expansion some stacks use. */
const TLS_RECORD_MAX = 16384 + 2048;

export const TLS_CLIENT_HELLO: Matcher = {
  id: 'tls-client-hello',
  protocol: 'tls',
  first: '\x16',
  hard: true,
  note: 'Handshake record 16 03 00..04, length 1..18432, handshake type 01 ClientHello.',
  source: 'RFC 8446 section 5.1, 4.1.2',
  test(b) {
    if (b[0] !== 0x16 || b[1] !== 0x03) return null;
    const minor = u8(b, 2);
    if (minor === undefined || minor > 0x04) return null;
    const len = u16be(b, 3);
    if (len === undefined || len < 1 || len > TLS_RECORD_MAX || b[5] !== 0x01) return null;
    const hello = u16be(b, 9);
    return { info: hello === undefined ? null : `ClientHello legacy_version ${TLS_VERSIONS[hello] ?? hello.toString(16)}` };
  },
};

export const SSL2_CLIENT_HELLO: Matcher = {
  id: 'sslv2-client-hello',
  protocol: 'tls',
  first: byteRange(0x80, 0xff),
  hard: false,
  note: 'SSLv2-compatible ClientHello: 2-byte length with the high bit set, message type 01, version 00 02 or 03 0x.',
  source: 'RFC 6101 appendix E.2',
  test(b) {
    const b0 = u8(b, 0);
    if (b0 === undefined || (b0 & 0x80) === 0 || b[2] !== 0x01) return null;
    const len = (((b0 & 0x7f) << 8) | (b[1] ?? 0)) >>> 0;
    if (len < 9) return null;
    const ver = u16be(b, 3);
    if (ver === undefined || !(ver === 0x0002 || (ver >= 0x0300 && ver <= 0x0303))) return null;
    return { info: 'SSLv2-compatible ClientHello' };
  },
};

const H2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
/** Linkerd decides HTTP/2 on the first 14 bytes (`PRI * HTTP/2.0`), docs/detection.md. */
const H2_DECISIVE = 14;

export const H2_PREFACE_MATCHER: Matcher = {
  id: 'h2-preface',
  protocol: 'http2',
  first: 'P',
  hard: true,
  note: 'The HTTP/2 connection preface PRI * HTTP/2.0 CR LF CR LF SM CR LF CR LF (decisive from 14 bytes).',
  source: 'RFC 9113 section 3.4',
  test(b) {
    if (b.length < H2_DECISIVE || !prefixOfAscii(b, H2_PREFACE)) return null;
    return { info: b.length >= H2_PREFACE.length ? 'full preface' : 'preface prefix' };
  },
};

/** Methods the request line test accepts (RFC 9110 9.1, WebDAV, MS RPC over HTTP). */
const METHODS = new Set([
  'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY',
  'MOVE', 'LOCK', 'UNLOCK', 'REPORT', 'SEARCH', 'MKCALENDAR', 'PURGE', 'RPC_IN_DATA', 'RPC_OUT_DATA',
]);

export const HTTP_REQUEST: Matcher = {
  id: 'http1-request-line',
  protocol: 'http',
  first: UPPER,
  hard: true,
  note: 'METHOD SP target SP HTTP/1.x CR LF; an unfinished line with a known method and a / or * target is a soft match.',
  source: 'RFC 9112 section 3',
  test(b) {
    const line = firstLine(b, 8192);
    const full = /^([A-Z][A-Z_-]{1,19}) (\S+) HTTP\/(1\.[01])$/.exec(line.text);
    if (full && line.complete) {
      return { product: null, version: full[3] ?? null, info: clean(`${full[1]} ${full[2]}`, 80) };
    }
    if (line.complete) return null;
    const partial = /^([A-Z][A-Z_-]{1,19}) ([\/*]\S*|https?:\/\/\S*)(?: H(?:T(?:T(?:P(?:\/(?:1(?:\.[01]?)?)?)?)?)?)?)?$/.exec(line.text);
    if (partial && METHODS.has(partial[1] ?? '')) return { hard: false, info: clean(`${partial[1]} ${partial[2]} (request line not finished)`, 80) };
    return null;
  },
};
