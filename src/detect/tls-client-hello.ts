/**
 * Linkerd's inbound ClientHello/SNI step (docs/detection.md, "The inbound TLS step"), a line-by-line
 * port of linkerd/linkerd2-proxy:linkerd/tls/src/server/client_hello.rs `parse_sni` / `extract_sni`
 * @release/v2.366.0 over untrusted 0.9 semantics (cursor.ts). The same parser (512/8192 constants)
 * is in linkerd/proxy/transport/src/tls/accept.rs @release/v2.118.0, so one parser serves every family.
 *
 * `tlsStateCode` is the core (one small cursor object per call, no other allocation);
 * `parseClientHello` adds the name, ALPN and versions (read leniently for display, even where Linkerd
 * stops reading or ignores them).
 */
import { Cursor, EOI, NONE, SOME, type ReadStatus } from './cursor.js';
import { isValidDnsName, lowerAscii } from './dns-name.js';

/** Linkerd's inbound ClientHello step (docs/detection.md). */
export type TlsState = 'sni' | 'no-sni' | 'not-tls' | 'incomplete';

/** What the hello says besides Linkerd's verdict, read leniently for display (Linkerd ignores it). */
export interface HelloDetails {
  readonly alpn: readonly string[];
  /** Record-layer version (e.g. 0x0301), null when the bytes do not start like a TLS record. */
  readonly recordVersion: number | null;
  /** ClientHello legacy_version (e.g. 0x0303), null when not reached. */
  readonly helloVersion: number | null;
  /** supported_versions extension values, if present. */
  readonly supportedVersions: readonly number[];
}

/** The ClientHello step's answer: the server name exists only with `sni`, `stuck` only with `incomplete`. */
export type ClientHelloInfo =
  | (HelloDetails & { readonly state: 'sni'; /** Lower-cased; a trailing dot is kept. */ readonly sni: string })
  | (HelloDetails & { readonly state: 'no-sni' })
  | (HelloDetails & { readonly state: 'not-tls' })
  | (HelloDetails & {
      readonly state: 'incomplete';
      /** The first record is all there but can never satisfy the parser (more bytes never help). */
      readonly stuck: boolean;
    });

/** The server name of an answer, or null: for flat JSON shapes. */
export function sniOf(info: { readonly state: TlsState; readonly sni?: string }): string | null {
  return info.state === 'sni' ? (info.sni ?? null) : null;
}

/** Vectors longer than this make read_vector give up (Ok(None)) without reading them. */
export const MAX_VECTOR = 8192;

export const TLS_INCOMPLETE = 0;
export const TLS_NOT_TLS = 1;
export const TLS_NO_SNI = 2;
export const TLS_SNI = 3;
export const TLS_STATES: readonly TlsState[] = ['incomplete', 'not-tls', 'no-sni', 'sni'];

// Nested windows of the walk (read_vector closures), as ids instead of closures: no allocation.
const L_RECORD = 0;
const L_HELLO = 1;
const L_EXTENSIONS = 2;
const L_SNI_EXT = 3;
const L_SNI_LIST = 4;
const L_HOST_NAME = 5;
const L_SKIP = 6;

/** read_vector: u16 length (> 8192 => Ok(None)), then the closure over exactly that many bytes. */
function readVector(cur: Cursor, end: number, level: number): ReadStatus {
  const length = cur.readU16(end);
  if (length < 0) return EOI;
  if (length > MAX_VECTOR) return NONE;
  const inner = cur.pos + length;
  if (inner > end) return EOI;
  const r = walk(cur, inner, level);
  if (r === EOI) return EOI;
  if (cur.pos !== inner) return EOI; // read_all: the window was not consumed exactly
  return r;
}

function walk(cur: Cursor, end: number, level: number): ReadStatus {
  switch (level) {
    case L_RECORD: {
      cur.insideRecord = true;
      const type = cur.readByte(end); // HandshakeType::client_hello
      if (type < 0) return EOI;
      if (type !== 1) return NONE;
      const high = cur.readByte(end); // most significant byte of the 24-bit length
      if (high < 0) return EOI;
      if (high !== 0) return NONE;
      return readVector(cur, end, L_HELLO);
    }
    case L_HELLO: {
      const major = cur.readByte(end); // legacy_version must be 03 03
      if (major < 0) return EOI;
      if (major !== 3) return NONE;
      const minor = cur.readByte(end);
      if (minor < 0) return EOI;
      if (minor !== 3) return NONE;
      if (!cur.skip(32, end)) return EOI; // random
      const sid = cur.readByte(end); // session_id
      if (sid < 0 || !cur.skip(sid, end)) return EOI;
      const suites = readVector(cur, end, L_SKIP); // cipher_suites
      if (suites === EOI) return EOI;
      if (suites === NONE) return NONE;
      const comp = cur.readByte(end); // compression_methods
      if (comp < 0 || !cur.skip(comp, end)) return EOI;
      return readVector(cur, end, L_EXTENSIONS);
    }
    case L_EXTENSIONS: {
      while (cur.pos < end) {
        const type = cur.readU16(end);
        if (type < 0) return EOI;
        if (type !== 0) {
          // skip_vector; a > 8192 length is not skipped: its body is walked as more extensions (docs/detection.md).
          if (readVector(cur, end, L_SKIP) === EOI) return EOI;
          continue;
        }
        const r = readVector(cur, end, L_SNI_EXT);
        cur.pos = end; // ignore whatever follows the first server_name extension (docs/detection.md)
        return r;
      }
      return NONE; // no server_name extension
    }
    case L_SNI_EXT:
      return readVector(cur, end, L_SNI_LIST); // server_name_list
    case L_SNI_LIST: {
      const nameType = cur.readByte(end);
      if (nameType < 0) return EOI;
      if (nameType !== 0) return NONE; // NameType::host_name
      return readVector(cur, end, L_HOST_NAME);
    }
    case L_HOST_NAME:
      cur.nameStart = cur.pos;
      cur.nameEnd = end;
      cur.pos = end;
      return SOME;
    default: // L_SKIP
      cur.pos = end;
      return SOME;
  }
}

/** extract_sni + parse_sni over a fresh cursor: the code, and the cursor (host_name at nameStart..nameEnd for TLS_SNI). */
function scan(bytes: Uint8Array): { code: number; cur: Cursor } {
  const cur = new Cursor(bytes);
  return { code: scanCode(cur), cur };
}

function scanCode(cur: Cursor): number {
  const bytes = cur.bytes;
  const end = bytes.length;
  const contentType = cur.readByte(end);
  if (contentType < 0) return TLS_INCOMPLETE;
  if (contentType !== 22) return TLS_NOT_TLS;
  const major = cur.readByte(end);
  if (major < 0) return TLS_INCOMPLETE;
  if (major !== 3) return TLS_NOT_TLS;
  const minor = cur.readByte(end);
  if (minor < 0) return TLS_INCOMPLETE;
  if (minor !== 1 && minor !== 3) return TLS_NOT_TLS;
  const r = readVector(cur, end, L_RECORD); // bytes after the first record are ignored
  if (r === EOI) return TLS_INCOMPLETE;
  if (r === NONE) return cur.insideRecord ? TLS_NO_SNI : TLS_NOT_TLS;
  // from_utf8 then dns::Name::from_str: invalid => Ok(None), the plaintext path.
  return isValidDnsName(bytes, cur.nameStart, cur.nameEnd) ? TLS_SNI : TLS_NO_SNI;
}

/** One of TLS_INCOMPLETE, TLS_NOT_TLS, TLS_NO_SNI, TLS_SNI. */
export function tlsStateCode(bytes: Uint8Array): number {
  return scanCode(new Cursor(bytes));
}

export function tlsState(bytes: Uint8Array): TlsState {
  return TLS_STATES[tlsStateCode(bytes)] as TlsState;
}

/**
 * True when the first record is all there and the parser still says incomplete: a hello shaped so
 * that it can never become definite (TLS 1.0/1.1 hello, trailing bytes, two names, ...).
 */
export function isStuckIncomplete(bytes: Uint8Array): boolean {
  return tlsStateCode(bytes) === TLS_INCOMPLETE && wholeRecord(bytes);
}

function wholeRecord(bytes: Uint8Array): boolean {
  if (bytes.length < 5) return false;
  const recordLength = ((bytes[3] as number) << 8) | (bytes[4] as number);
  return bytes.length >= 5 + recordLength;
}

const EXT_ALPN = 16;
const EXT_SUPPORTED_VERSIONS = 43;

function u16(b: Uint8Array, i: number): number {
  return ((b[i] as number) << 8) | (b[i + 1] as number);
}

/** Best-effort display details (ALPN, versions) from whatever part of the first record is present. */
function details(bytes: Uint8Array): { recordVersion: number | null; helloVersion: number | null; alpn: string[]; supportedVersions: number[] } {
  const out = { recordVersion: null as number | null, helloVersion: null as number | null, alpn: [] as string[], supportedVersions: [] as number[] };
  if (bytes.length < 3 || bytes[0] !== 22 || bytes[1] !== 3) return out;
  out.recordVersion = u16(bytes, 1);
  if (bytes.length < 5) return out;
  const recordEnd = Math.min(bytes.length, 5 + u16(bytes, 3));
  if (recordEnd < 11 || bytes[5] !== 1) return out;
  out.helloVersion = u16(bytes, 9);
  const helloEnd = Math.min(recordEnd, 9 + ((bytes[6] as number) << 16 | u16(bytes, 7)));
  let i = 11 + 32;
  if (i >= helloEnd) return out;
  i += 1 + (bytes[i] as number); // session_id
  if (i + 2 > helloEnd) return out;
  i += 2 + u16(bytes, i); // cipher_suites
  if (i >= helloEnd) return out;
  i += 1 + (bytes[i] as number); // compression_methods
  if (i + 2 > helloEnd) return out;
  const extEnd = Math.min(helloEnd, i + 2 + u16(bytes, i));
  i += 2;
  while (i + 4 <= extEnd) {
    const type = u16(bytes, i);
    const len = u16(bytes, i + 2);
    const body = i + 4;
    const bodyEnd = Math.min(extEnd, body + len);
    if (type === EXT_ALPN && body + 2 <= bodyEnd) {
      let j = body + 2;
      const listEnd = Math.min(bodyEnd, j + u16(bytes, body));
      while (j < listEnd) {
        const n = bytes[j] as number;
        if (j + 1 + n > listEnd) break;
        out.alpn.push(Buffer.from(bytes.buffer, bytes.byteOffset + j + 1, n).toString('latin1'));
        j += 1 + n;
      }
    } else if (type === EXT_SUPPORTED_VERSIONS && body < bodyEnd) {
      const listEnd = Math.min(bodyEnd, body + 1 + (bytes[body] as number));
      for (let j = body + 1; j + 2 <= listEnd; j += 2) out.supportedVersions.push(u16(bytes, j));
    }
    i = body + len;
  }
  return out;
}

export function parseClientHello(bytes: Uint8Array): ClientHelloInfo {
  const { code, cur } = scan(bytes);
  const d = details(bytes);
  switch (code) {
    case TLS_SNI:
      return { state: 'sni', sni: lowerAscii(bytes, cur.nameStart, cur.nameEnd), ...d };
    case TLS_NO_SNI:
      return { state: 'no-sni', ...d };
    case TLS_NOT_TLS:
      return { state: 'not-tls', ...d };
    default:
      return { state: 'incomplete', stuck: wholeRecord(bytes), ...d };
  }
}
