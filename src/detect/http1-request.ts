/**
 * httparse's request parser as the Linkerd proxy calls it: zero header slots, default config
 * (docs/detection.md, "Which httparse each release ran"; per-version differences in httparse-grammars.ts). Pure, no allocation per call.
 *
 * Outcome codes: the proxy counts Complete, Partial and TooManyHeaders as HTTP/1, any other error as not HTTP.
 */
import type { HttparseGrammar } from './httparse-grammars.js';

export const H1_ERROR = 0;
export const H1_COMPLETE = 1;
/** Ran out of bytes with everything valid so far. */
export const H1_PARTIAL = 2;
export const H1_TOO_MANY_HEADERS = 3;
/** Partial before the method ended (`AAAAAAAAAAAAAAAA`, or only empty lines): the all-token false positives (docs/detection.md). */
export const H1_PARTIAL_IN_METHOD = 4;
export type Http1Outcome = typeof H1_ERROR | typeof H1_COMPLETE | typeof H1_PARTIAL | typeof H1_TOO_MANY_HEADERS | typeof H1_PARTIAL_IN_METHOD;

/** A grammar with its byte classes as lookup tables (built once per grammar). */
export interface CompiledGrammar {
  readonly grammar: HttparseGrammar;
  /** 1 where the byte may appear in the method. */
  readonly method: Uint8Array;
  /** 1 where the byte may appear in the request target. */
  readonly target: Uint8Array;
}

/** RFC 7230 tchar: httparse's header-name class in every version, and its method class from 1.10.0. */
export const TCHAR: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let b = 0x30; b <= 0x39; b++) t[b] = 1;
  for (let b = 0x41; b <= 0x5a; b++) t[b] = 1;
  for (let b = 0x61; b <= 0x7a; b++) t[b] = 1;
  for (const c of "!#$%&'*+-.^_`|~") t[c.charCodeAt(0)] = 1;
  return t;
})();

/** Header value bytes: TAB, 0x20-0x7E, 0x80-0xFF (HEADER_VALUE_MAP, unchanged since 1.3). */
export const HEADER_VALUE: Uint8Array = (() => {
  const t = new Uint8Array(256);
  t[0x09] = 1;
  for (let b = 0x20; b <= 0x7e; b++) t[b] = 1;
  for (let b = 0x80; b <= 0xff; b++) t[b] = 1;
  return t;
})();

const compiled = new WeakMap<HttparseGrammar, CompiledGrammar>();

export function compileGrammar(grammar: HttparseGrammar): CompiledGrammar {
  const hit = compiled.get(grammar);
  if (hit !== undefined) return hit;
  const method = new Uint8Array(256);
  if (grammar.method === 'tchar') method.set(TCHAR);
  else for (let b = 0x21; b <= 0x7e; b++) method[b] = 1;
  const target = new Uint8Array(256);
  for (let b = 0x21; b <= 0x7e; b++) target[b] = 1;
  if (grammar.target === 'strict' || grammar.target === 'quote') {
    target[0x3c] = 0; // <
    target[0x3e] = 0; // >
    if (grammar.target === 'strict') target[0x22] = 0; // "
  } else {
    for (let b = 0x80; b <= 0xff; b++) target[b] = 1;
  }
  const c: CompiledGrammar = { grammar, method, target };
  compiled.set(grammar, c);
  return c;
}

/** Rust's str::from_utf8 on bytes[start, end): true when valid (no overlongs, surrogates or > U+10FFFF). */
export function isUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return false;
    if (i + need >= end) return false;
    const b1 = bytes[i + 1] as number;
    if (b1 < lo || b1 > hi) return false;
    for (let k = 2; k <= need; k++) {
      const bk = bytes[i + k] as number;
      if (bk < 0x80 || bk > 0xbf) return false;
    }
    i += need + 1;
  }
  return true;
}

/**
 * Runs the request parser over bytes[0, end). Mirrors httparse's Request::parse: skip empty lines,
 * method, target, version, line end, then the header section with zero slots.
 */
export function parseRequestHead(bytes: Uint8Array, end: number, g: CompiledGrammar): Http1Outcome {
  const grammar = g.grammar;
  let i = 0;
  // skip_empty_lines: CR LF or bare LF; CR + other => NewLine error.
  for (;;) {
    if (i >= end) return H1_PARTIAL_IN_METHOD;
    const b = bytes[i] as number;
    if (b === 0x0d) {
      if (i + 1 >= end) return H1_PARTIAL_IN_METHOD;
      if (bytes[i + 1] !== 0x0a) return H1_ERROR;
      i += 2;
    } else if (b === 0x0a) i++;
    else break;
  }

  // Method (the GET / POST fast paths of 1.8+ accept exactly what the token loop accepts).
  const method = g.method;
  {
    const first = bytes[i] as number;
    if (first === 0x20) {
      if (grammar.leadingSpace === 'error') return H1_ERROR;
      i++;
      if (grammar.leadingSpace === 'empty') {
        // Empty method, complete.
      } else {
        // 'joins': the space counts as the method's first byte; the token continues to the next space.
        for (;;) {
          if (i >= end) return H1_PARTIAL_IN_METHOD;
          const b = bytes[i++] as number;
          if (b === 0x20) break;
          if (method[b] !== 1) return H1_ERROR;
        }
      }
    } else {
      if (method[first] !== 1) return H1_ERROR;
      i++;
      for (;;) {
        if (i >= end) return H1_PARTIAL_IN_METHOD;
        const b = bytes[i++] as number;
        if (b === 0x20) break;
        if (method[b] !== 1) return H1_ERROR;
      }
    }
  }

  // Request target.
  {
    const target = g.target;
    const start = i;
    if (i >= end) return grammar.targetStartEndIsError ? H1_ERROR : H1_PARTIAL;
    if (bytes[i] === 0x20 && !grammar.emptyTarget) return H1_ERROR;
    let high = false;
    for (;;) {
      if (i >= end) return H1_PARTIAL;
      const b = bytes[i++] as number;
      if (b === 0x20) break;
      if (target[b] !== 1) return H1_ERROR;
      if (b >= 0x80) high = true;
    }
    if (high && !isUtf8(bytes, start, i - 1)) return H1_ERROR;
  }

  // Version: the exact 8-byte check when enough bytes remain, else a prefix of "HTTP/1." (partial).
  {
    const left = end - i;
    if (left >= grammar.versionCheckNeeds) {
      if (
        bytes[i] !== 0x48 || bytes[i + 1] !== 0x54 || bytes[i + 2] !== 0x54 || bytes[i + 3] !== 0x50 ||
        bytes[i + 4] !== 0x2f || bytes[i + 5] !== 0x31 || bytes[i + 6] !== 0x2e
      ) return H1_ERROR;
      const minor = bytes[i + 7];
      if (minor !== 0x30 && minor !== 0x31) return H1_ERROR;
      i += 8;
    } else {
      // "HTTP/1." checked byte by byte; running out is partial; all 7 present is partial too.
      const n = left < 7 ? left : 7;
      for (let k = 0; k < n; k++) if (bytes[i + k] !== VERSION_PREFIX[k]) return H1_ERROR;
      return H1_PARTIAL;
    }
  }

  // Line end after the version.
  if (i >= end) return H1_PARTIAL;
  {
    const b = bytes[i++] as number;
    if (b === 0x0d) {
      if (i >= end) return H1_PARTIAL;
      if (bytes[i++] !== 0x0a) return H1_ERROR;
    } else if (b !== 0x0a) return H1_ERROR;
  }

  // Header section with zero header slots.
  if (i >= end) return H1_PARTIAL;
  {
    const b = bytes[i++] as number;
    if (b === 0x0d) {
      if (i >= end) return H1_PARTIAL;
      return bytes[i] === 0x0a ? H1_COMPLETE : H1_ERROR;
    }
    if (b === 0x0a) return H1_COMPLETE;
    if (TCHAR[b] !== 1) return H1_ERROR;
    if (grammar.headerStop === 'name-byte') return H1_TOO_MANY_HEADERS;
  }
  // Rest of the header name, immediately followed by ':'.
  for (;;) {
    if (i >= end) return H1_PARTIAL;
    const b = bytes[i++] as number;
    if (b === 0x3a) break;
    if (TCHAR[b] !== 1) return H1_ERROR;
  }
  // Whitespace after the colon, then the value up to CR LF or LF.
  for (;;) {
    if (i >= end) return H1_PARTIAL;
    const b = bytes[i++] as number;
    if (b === 0x20 || b === 0x09) continue;
    if (HEADER_VALUE[b] === 1) break;
    if (b === 0x0d) {
      if (i >= end) return H1_PARTIAL;
      return bytes[i] === 0x0a ? H1_TOO_MANY_HEADERS : H1_ERROR;
    }
    return b === 0x0a ? H1_TOO_MANY_HEADERS : H1_ERROR;
  }
  for (;;) {
    if (i >= end) return H1_PARTIAL;
    const b = bytes[i++] as number;
    if (HEADER_VALUE[b] === 1) continue;
    if (b === 0x0d) {
      if (i >= end) return H1_PARTIAL;
      return bytes[i] === 0x0a ? H1_TOO_MANY_HEADERS : H1_ERROR;
    }
    return b === 0x0a ? H1_TOO_MANY_HEADERS : H1_ERROR;
  }
}

const VERSION_PREFIX = [0x48, 0x54, 0x54, 0x50, 0x2f, 0x31, 0x2e];
