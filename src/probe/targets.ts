/**
 * Target syntax: `host:port`, `[ipv6]:port`, `host:P1-P2` (range), `host:P1,P2` (list; items may be
 * ranges). Pure: parses and expands, resolves nothing. Every malformed target is rejected by name.
 */
import { isIPv6 } from 'node:net';
import { UsageError } from '../errors.js';

export interface Target {
  /** As it will be shown: `host:port` or `[v6]:port`. */
  readonly label: string;
  /** Host name or address literal, without brackets. */
  readonly host: string;
  readonly port: number;
}

/** A single spec may expand to at most this many ports (the whole port space once). */
const MAX_PORTS_PER_SPEC = 65_535;

function bad(spec: string, why: string, hint?: string): UsageError {
  return new UsageError(`bad target "${spec}": ${why}`, hint === undefined ? {} : { hint });
}

function parsePort(text: string, spec: string): number {
  if (!/^\d{1,5}$/.test(text)) throw bad(spec, `"${text}" is not a port number`);
  const n = Number(text);
  if (n < 1 || n > 65_535) throw bad(spec, `port ${text} is outside 1-65535`);
  return n;
}

function parsePorts(text: string, spec: string): number[] {
  if (text === '') throw bad(spec, 'no port', 'write host:port, e.g. db:3306');
  const ports: number[] = [];
  for (const item of text.split(',')) {
    if (item === '') throw bad(spec, 'empty item in the port list');
    const dash = item.indexOf('-');
    if (dash < 0) {
      ports.push(parsePort(item, spec));
      continue;
    }
    const start = parsePort(item.slice(0, dash), spec);
    const end = parsePort(item.slice(dash + 1), spec);
    if (end < start) throw bad(spec, `range ${item} runs backwards`);
    if (ports.length + end - start + 1 > MAX_PORTS_PER_SPEC) throw bad(spec, 'too many ports');
    for (let p = start; p <= end; p++) ports.push(p);
  }
  return [...new Set(ports)];
}

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;

/** Parses one target spec into one target per port. */
export function parseTargetSpec(input: string): Target[] {
  const spec = input.trim();
  if (spec === '') throw bad(input, 'empty target');
  let host: string;
  let portText: string;
  if (spec.startsWith('[')) {
    const close = spec.indexOf(']');
    if (close < 0) throw bad(spec, 'missing "]" after the IPv6 address');
    host = spec.slice(1, close);
    if (!isIPv6(host)) throw bad(spec, `"${host}" is not an IPv6 address`);
    if (spec[close + 1] !== ':') throw bad(spec, 'missing ":port" after "]"');
    portText = spec.slice(close + 2);
  } else {
    const colon = spec.lastIndexOf(':');
    if (colon < 0) throw bad(spec, 'missing ":port"', 'write host:port, e.g. db:3306');
    host = spec.slice(0, colon);
    portText = spec.slice(colon + 1);
    if (host.includes(':')) throw bad(spec, 'an IPv6 address needs brackets', `write [${host}]:${portText}`);
    if (!HOST_NAME.test(host)) throw bad(spec, `"${host}" is not a host name or address`);
  }
  const ports = parsePorts(portText, spec);
  const shown = host.includes(':') ? `[${host}]` : host;
  return ports.map((port) => ({ label: `${shown}:${port}`, host, port }));
}

/** One run probes at most this many distinct targets (four full port ranges); more is one usage error. */
export const MAX_TARGETS = 4 * 65_535;

/** Parses every spec (all errors surface before any connection) and drops exact duplicates, keeping order. */
export function parseTargets(specs: readonly string[]): Target[] {
  const seen = new Set<string>();
  const out: Target[] = [];
  for (const spec of specs) {
    for (const t of parseTargetSpec(spec)) {
      if (seen.has(t.label)) continue;
      seen.add(t.label);
      out.push(t);
      if (out.length > MAX_TARGETS) throw new UsageError(`too many targets: more than ${MAX_TARGETS} distinct host:port pairs in one run`, { hint: 'split them into several runs' });
    }
  }
  return out;
}

/** Splits a targets file or stdin: one spec per line; blank lines and `#` comments are ignored. */
export function splitTargetLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter((l) => l !== '');
}
