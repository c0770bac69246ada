/**
 * The matcher engine: runs an ordered matcher table over a buffer and returns the first hit as an
 * Identification citing the matcher. Pure; a matcher that throws (a bug) is treated as no match.
 */
import type { Identification, Matcher } from './types.js';
import { bounded } from './bytes.js';

/** Matchers never look further than this; longer buffers are cut (bounded work per call). */
export const MATCH_WINDOW = 16 * 1024;

/** Per table, the matchers that can fire for each first byte (in table order), built once. */
const DISPATCH = new WeakMap<readonly Matcher[], ReadonlyArray<readonly Matcher[]>>();

function dispatch(table: readonly Matcher[]): ReadonlyArray<readonly Matcher[]> {
  let d = DISPATCH.get(table);
  if (d === undefined) {
    const rows: Matcher[][] = [];
    for (let c = 0; c < 256; c++) rows.push(table.filter((m) => m.first === undefined || m.first.includes(String.fromCharCode(c))));
    d = rows;
    DISPATCH.set(table, d);
  }
  return d;
}

export function runMatchers(table: readonly Matcher[], bytes: Uint8Array): Identification | null {
  if (bytes.length === 0) return null;
  const b = bytes.length > MATCH_WINDOW ? bytes.subarray(0, MATCH_WINDOW) : bytes;
  for (const m of dispatch(table)[b[0] as number] as readonly Matcher[]) {
    let d;
    try {
      d = m.test(b);
    } catch {
      d = null;
    }
    if (d === null) continue;
    const info = d.info == null ? '' : bounded(d.info, 200);
    const id: { -readonly [K in keyof Identification]: Identification[K] } = {
      protocol: d.protocol ?? m.protocol,
      product: d.product == null ? null : bounded(d.product, 60) || null,
      version: d.version == null ? null : bounded(d.version, 60) || null,
      signature: m.id,
      hard: d.hard ?? m.hard,
    };
    if (info !== '') id.info = info;
    if (d.candidates !== undefined && d.candidates.length > 0) id.candidates = d.candidates;
    return id;
  }
  return null;
}
