/**
 * One chalk instance per run, passed to renderers (never global state).
 * chalk itself does not honour NO_COLOR (chalk/chalk#547), so the level is decided here:
 * --no-color or NO_COLOR => none; FORCE_COLOR => as it says; otherwise colors only on a TTY.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Output } from '../io.js';

export type ColorLevel = 0 | 1 | 2 | 3;

export function colorLevel(env: Readonly<Record<string, string | undefined>>, out: Output, flag?: boolean): ColorLevel {
  if (flag === false) return 0;
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return 0;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2') return 2;
    if (force === '3') return 3;
    return 1;
  }
  if (flag !== true && !out.isTTY) return 0;
  if (env['TERM'] === 'dumb') return flag === true ? 1 : 0;
  const colorterm = env['COLORTERM'] ?? '';
  if (colorterm === 'truecolor' || colorterm === '24bit') return 3;
  if ((env['TERM'] ?? '').includes('256')) return 2;
  return 1;
}

export function makeChalk(env: Readonly<Record<string, string | undefined>>, out: Output, flag?: boolean): ChalkInstance {
  return new Chalk({ level: colorLevel(env, out, flag) });
}
