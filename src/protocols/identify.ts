/**
 * The matcher engine: runs an ordered matcher table over a buffer and returns the first hit as an
 * Identification citing the matcher. Pure; a matcher that throws (a bug) is treated as no match.
 */
import type { Identification, Matcher } from './types.js';
import { clean } from './bytes.js';

/** Matchers never look further than this; longer buffers are cut (bounded work per call). */
export const MATCH_WINDOW = 16 * 1024;

export function runMatchers(table: readonly Matcher[], bytes: Uint8Array): Identification | null {
  if (bytes.length === 0) return null;
  const b = bytes.length > MATCH_WINDOW ? bytes.subarray(0, MATCH_WINDOW) : bytes;
  for (const m of table) {
    let d;
    try {
      d = m.test(b);
    } catch {
      d = null;
    }
    if (d === null) continue;
    const id: Identification = {
      protocol: d.protocol ?? m.protocol,
      product: d.product == null ? null : clean(d.product, 60) || null,
      version: d.version == null ? null : clean(d.version, 60) || null,
      signature: m.id,
      hard: d.hard ?? m.hard,
      ...(d.info == null || clean(d.info, 200) === '' ? {} : { info: clean(d.info, 200) }),
    };
    return id;
  }
  return null;
}
