/**
 * Which httparse request-line grammar each Linkerd release really ran, as data.
 *
 * The proxy validates an HTTP/1 first read with httparse's request parser and zero header slots
 * (docs/detection.md). httparse's character classes and stopping rules changed between 1.3 and
 * 1.10, so the grammar is chosen per release. Versions were read from the proxy's Cargo.lock at each
 * release tag (linkerd/linkerd2-proxy release/vX.Y.Z) and the proxy version of each Linkerd release
 * from linkerd/linkerd2:.proxy-version at its tag; docs/detection.md has the full table.
 */
import type { LinkerdVersion } from '../linkerd/version.js';

export type HttparseVersion = '1.3.4' | '1.3.5' | '1.4.1' | '1.5.1' | '1.6.0' | '1.7.0' | '1.7.1' | '1.8.0' | '1.9.3' | '1.9.4' | '1.9.5' | '1.10.0' | '1.10.1';

/** The parts of httparse's request parser (zero header slots, default config) that differ by version. */
export interface HttparseGrammar {
  readonly version: HttparseVersion;
  /** Method bytes: `visible` = 0x21-0x7E (`is_token`, before 1.10.0), `tchar` = RFC 7230 tchar (1.10.0+). */
  readonly method: 'visible' | 'tchar';
  /**
   * A space as the first method byte: `empty` = an empty method is accepted (before 1.7.0),
   * `joins` = the space is taken as the method's first byte (1.7.0-1.9.x, is_token accepted 0x20),
   * `error` (1.10.0+, httparse #190).
   */
  readonly leadingSpace: 'empty' | 'joins' | 'error';
  /** Request-target bytes: `strict` = 0x21-0x7E without `" < >` (1.3.4-1.3.5), `quote` = also `"` (1.3.6-1.9.x), `utf8` = 0x21-0x7E and 0x80-0xFF, valid UTF-8 (1.10.0+). */
  readonly target: 'strict' | 'quote' | 'utf8';
  /** An empty target (two spaces) is accepted (before 1.7.0, httparse #111). */
  readonly emptyTarget: boolean;
  /** The read ending right where the target starts is an error instead of partial (1.9.0-1.9.3 only). */
  readonly targetStartEndIsError: boolean;
  /** Bytes that must remain for the exact `HTTP/1.x` check; with fewer only `HTTP/1.` is checked. 9 in 1.3.4 (`next_8` off-by-one, fixed in 1.3.5). */
  readonly versionCheckNeeds: 8 | 9;
  /** When TooManyHeaders stops the parse: after the first header-name byte (before 1.8.0) or after one full header line (1.8.0+, "Simplify the main parse_headers loop"). */
  readonly headerStop: 'name-byte' | 'line';
  readonly note: string;
}

const G134: HttparseGrammar = {
  version: '1.3.4', method: 'visible', leadingSpace: 'empty', target: 'strict', emptyTarget: true, targetStartEndIsError: false,
  versionCheckNeeds: 9, headerStop: 'name-byte',
  note: 'seanmonstar/httparse:src/lib.rs@v1.3.4 (is_token 0x20-0x7E, URI_MAP without " < > DEL and >= 0x80) and src/iter.rs next_8 (needs > 8 bytes)',
};
const G135: HttparseGrammar = { ...G134, version: '1.3.5', versionCheckNeeds: 8, note: 'httparse v1.3.5: next_8 fixed to >= 8 bytes (src/iter.rs)' };
const G141: HttparseGrammar = { ...G135, version: '1.4.1', target: 'quote', note: 'httparse v1.3.6 d22959c "Allow double quotes in URIs"' };
const G151: HttparseGrammar = { ...G141, version: '1.5.1', note: 'same request grammar as 1.4.1' };
const G160: HttparseGrammar = { ...G141, version: '1.6.0', note: 'same request grammar as 1.4.1 (obs-fold is an option, off)' };
const G170: HttparseGrammar = {
  ...G141, version: '1.7.0', leadingSpace: 'joins', emptyTarget: false,
  note: 'httparse v1.7.0 5654959 "Fix token and uri parsers to disallow empty results" (the first method byte is still checked with is_token, which accepts a space)',
};
const G171: HttparseGrammar = { ...G170, version: '1.7.1', note: 'same request grammar as 1.7.0' };
const G180: HttparseGrammar = { ...G170, version: '1.8.0', headerStop: 'line', note: 'httparse v1.8.0 1f1cfce "Simplify the main parse_headers loop": a whole header line is parsed before TooManyHeaders' };
const G193: HttparseGrammar = { ...G180, version: '1.9.3', targetStartEndIsError: true, note: 'httparse v1.9.0-1.9.3 parse_uri: "URI must have at least one char" checked before reading the next byte (fixed in 1.9.4, 55933eb)' };
const G194: HttparseGrammar = { ...G180, version: '1.9.4', note: 'same request grammar as 1.8.0' };
const G195: HttparseGrammar = { ...G180, version: '1.9.5', note: 'same request grammar as 1.8.0' };
const G1101: HttparseGrammar = {
  version: '1.10.1', method: 'tchar', leadingSpace: 'error', target: 'utf8', emptyTarget: false, targetStartEndIsError: false,
  versionCheckNeeds: 8, headerStop: 'line',
  note: 'httparse v1.10.0 9f6702b (method = tchar, #190) and f1cbffc (UTF-8 paths, #178); v1.10.1 11a86d1 (SWAR UTF-8 fix)',
};
const G1100: HttparseGrammar = { ...G1101, version: '1.10.0', note: 'same request grammar as 1.10.1 (the SWAR bug fixed in 1.10.1 only slowed the scan; the byte-wise tail accepted the same bytes)' };

export const HTTPARSE_GRAMMARS: Readonly<Record<HttparseVersion, HttparseGrammar>> = {
  '1.3.4': G134, '1.3.5': G135, '1.4.1': G141, '1.5.1': G151, '1.6.0': G160, '1.7.0': G170, '1.7.1': G171,
  '1.8.0': G180, '1.9.3': G193, '1.9.4': G194, '1.9.5': G195, '1.10.0': G1100, '1.10.1': G1101,
};

/**
 * Stable releases: first release (minor, patch) from which a httparse version applies, oldest first.
 * From linkerd/linkerd2:.proxy-version at stable-2.x.y / version-2.x tags and the proxy's Cargo.lock.
 */
export const STABLE_HTTPARSE: ReadonlyArray<{ readonly from: readonly [number, number]; readonly httparse: HttparseVersion; readonly proxy: string }> = [
  { from: [0, 0], httparse: '1.3.4', proxy: 'v2.100.0 (2.8), v2.118.0-v2.124.2 (2.9.x)' },
  { from: [10, 0], httparse: '1.3.5', proxy: 'v2.138.0-v2.141.1 (2.10.x)' },
  { from: [11, 0], httparse: '1.5.1', proxy: 'v2.161.0-v2.161.1 (2.11.0-2.11.1)' },
  { from: [11, 2], httparse: '1.7.0', proxy: 'v2.161.3-v2.161.5 (2.11.2-2.11.5)' },
  { from: [12, 0], httparse: '1.7.1', proxy: 'v2.185.0 (2.12.0)' },
  { from: [12, 1], httparse: '1.8.0', proxy: 'v2.186.0-v2.221.0 (2.12.1-2.15)' },
  { from: [16, 0], httparse: '1.9.4', proxy: 'v2.246.0 (2.16)' },
  { from: [17, 0], httparse: '1.9.5', proxy: 'v2.268.0 (2.17)' },
  { from: [18, 0], httparse: '1.10.1', proxy: 'v2.294.0+ (2.18, 2.19 v2.326.0, 2.20 v2.359.0, edge-26.8.3 v2.366.0)' },
];

/** Edge releases: first edge (yy, m, n) from which a httparse version applies (linkerd/linkerd2 edge-* tags). */
export const EDGE_HTTPARSE: ReadonlyArray<{ readonly from: readonly [number, number, number]; readonly httparse: HttparseVersion; readonly proxy: string }> = [
  { from: [0, 0, 0], httparse: '1.3.4', proxy: 'up to v2.132' },
  { from: [21, 2, 3], httparse: '1.3.5', proxy: 'v2.133.0' },
  { from: [21, 6, 2], httparse: '1.4.1', proxy: 'v2.147.0' },
  { from: [21, 8, 3], httparse: '1.5.1', proxy: 'v2.153.0' },
  { from: [22, 2, 3], httparse: '1.6.0', proxy: 'v2.173.0' },
  { from: [22, 4, 1], httparse: '1.7.0', proxy: 'v2.176.0' },
  { from: [22, 5, 2], httparse: '1.7.1', proxy: 'v2.177.0' },
  { from: [22, 9, 1], httparse: '1.8.0', proxy: 'v2.186.0' },
  { from: [24, 6, 2], httparse: '1.9.3', proxy: 'v2.236.0' },
  { from: [24, 6, 3], httparse: '1.9.4', proxy: 'v2.237.0' },
  { from: [24, 10, 2], httparse: '1.9.5', proxy: 'v2.257.0' },
  { from: [25, 2, 1], httparse: '1.10.0', proxy: 'v2.280.0' },
  { from: [25, 3, 1], httparse: '1.10.1', proxy: 'v2.285.0' },
];

function notBefore(v: readonly number[], from: readonly number[]): boolean {
  for (let i = 0; i < from.length; i++) {
    const a = v[i] ?? 0;
    const b = from[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/** An edge release's (yy, m, n), or null for stables and `latest`. */
export function edgeNumbers(version: LinkerdVersion): number[] | null {
  const edge = /^\s*edge-(\d{1,2})\.(\d{1,2})\.(\d{1,3})\s*$/i.exec(version.input);
  return edge ? [Number(edge[1]), Number(edge[2]), Number(edge[3])] : null;
}

/** The value of the last row (oldest first) whose `from` is not after `v`. */
export function lastFrom<K extends string, T extends { readonly from: readonly number[] }>(rows: readonly T[], v: readonly number[], key: (row: T) => K, initial: K): K {
  let found = initial;
  for (const row of rows) if (notBefore(v, row.from)) found = key(row);
  return found;
}

/** The httparse version a Linkerd release ran (edge releases by their own table, stables by minor and patch). */
export function httparseFor(version: LinkerdVersion): HttparseVersion {
  const edge = edgeNumbers(version);
  if (edge) return lastFrom(EDGE_HTTPARSE, edge, (r) => r.httparse, '1.3.4');
  return lastFrom(STABLE_HTTPARSE, [version.minor, version.patch], (r) => r.httparse, '1.3.4');
}

export function grammarFor(version: LinkerdVersion): HttparseGrammar {
  return HTTPARSE_GRAMMARS[httparseFor(version)];
}
