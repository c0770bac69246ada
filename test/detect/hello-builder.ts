/** Builds TLS ClientHello records for tests (RFC 8446 4.1.2 layout), with knobs for every field the proxy reads. */
export interface HelloOptions {
  recordType?: number;
  recordVersion?: number;
  handshakeType?: number;
  helloVersion?: number;
  sessionId?: Uint8Array;
  cipherSuites?: Uint8Array;
  compression?: Uint8Array;
  /** Raw extensions (type, body); `null` = no extensions field at all. */
  extensions?: Array<{ type: number; body: Uint8Array }> | null;
  /** Bytes appended inside the handshake body, after the extensions. */
  trailingInHello?: Uint8Array;
  /** Bytes appended inside the record, after the handshake message. */
  trailingInRecord?: Uint8Array;
  /** Raw bytes of the extensions block instead of `extensions` (its u16 length is still computed). */
  rawExtensions?: Uint8Array;
}

export const bytes = (...parts: Array<Uint8Array | number[]>): Uint8Array => {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
};
const u16 = (n: number): number[] => [(n >> 8) & 0xff, n & 0xff];
const ascii = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

/** server_name extension body with the given (name_type, name) entries. */
export function sniBody(entries: Array<{ type?: number; name: string | Uint8Array }>): Uint8Array {
  const list = bytes(...entries.map((e) => {
    const n = typeof e.name === 'string' ? ascii(e.name) : e.name;
    return bytes([e.type ?? 0], u16(n.length), n);
  }));
  return bytes(u16(list.length), list);
}

export function sniExt(name: string | Uint8Array): { type: number; body: Uint8Array } {
  return { type: 0, body: sniBody([{ name }]) };
}

export function alpnExt(protocols: string[]): { type: number; body: Uint8Array } {
  const list = bytes(...protocols.map((p) => bytes([p.length], ascii(p))));
  return { type: 16, body: bytes(u16(list.length), list) };
}

export function supportedVersionsExt(versions: number[]): { type: number; body: Uint8Array } {
  return { type: 43, body: bytes([versions.length * 2], ...versions.map(u16)) };
}

export function encodeExtensions(exts: Array<{ type: number; body: Uint8Array }>): Uint8Array {
  return bytes(...exts.map((e) => bytes(u16(e.type), u16(e.body.length), e.body)));
}

export function buildHello(o: HelloOptions = {}): Uint8Array {
  const random = new Uint8Array(32).fill(0x42);
  const sid = o.sessionId ?? new Uint8Array(32).fill(0x07);
  const suites = o.cipherSuites ?? Uint8Array.from([0x13, 0x01, 0x13, 0x02, 0xc0, 0x2f]);
  const comp = o.compression ?? Uint8Array.from([0x00]);
  const exts = o.extensions === undefined ? [sniExt('example.com')] : o.extensions;
  const extBlock = o.rawExtensions !== undefined ? bytes(u16(o.rawExtensions.length), o.rawExtensions) : exts === null ? new Uint8Array(0) : (() => {
    const e = encodeExtensions(exts);
    return bytes(u16(e.length), e);
  })();
  const body = bytes(u16(o.helloVersion ?? 0x0303), random, [sid.length], sid, u16(suites.length), suites, [comp.length], comp, extBlock, o.trailingInHello ?? []);
  const handshake = bytes([o.handshakeType ?? 1, 0], u16(body.length), body, o.trailingInRecord ?? []);
  return bytes([o.recordType ?? 0x16], u16(o.recordVersion ?? 0x0301), u16(handshake.length), handshake);
}

export const text = (s: string): Uint8Array => ascii(s);
export const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
