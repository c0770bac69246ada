/** Command-line durations: `3s`, `500ms`, `1m` or a bare number of seconds (`--wait 3`, `--wait 0.5`). */
import { UsageError } from '../errors.js';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000 } as const;
/** Longer than any sensible probe window; protects setTimeout (which overflows past 2^31-1 ms). */
const MAX_DURATION_MS = 3_600_000;

/** Parses a duration into milliseconds; throws UsageError naming the option and the value. */
export function parseDuration(text: string, option: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(text);
  if (m === null) {
    throw new UsageError(`${option}: "${text}" is not a duration`, { hint: 'write e.g. 3s, 500ms or a number of seconds' });
  }
  const unit = (m[2] ?? 's') as keyof typeof UNIT_MS;
  const ms = Math.round(Number(m[1]) * UNIT_MS[unit]);
  if (ms > MAX_DURATION_MS) throw new UsageError(`${option}: "${text}" is longer than one hour`);
  return ms;
}

/** Formats milliseconds for people: `12ms`, `1.50s`. */
export function formatMs(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)}ms` : `${(ms / 1_000).toFixed(2)}s`;
}
