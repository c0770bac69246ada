/**
 * clusterNetworks: the address ranges the Linkerd proxy treats as in-cluster (profile lookups, default
 * opaque ports). Shared by probe and capture: whether an observed server address can be an in-cluster
 * workload, and for `--server external`, whether the destination is inside clusterNetworks
 * (docs/linkerd-model.md#version-families). Pure (bad input throws UsageError).
 */
import { UsageError } from '../errors.js';

/** Helm default, linkerd/linkerd2:charts/linkerd-control-plane/values.yaml@edge-26.8.3 (`clusterNetworks`). */
export const DEFAULT_CLUSTER_NETWORKS = '10.0.0.0/8,100.64.0.0/10,172.16.0.0/12,192.168.0.0/16,fd00::/8';

export interface Cidr {
  readonly text: string;
  /** 4 or 16 bytes. */
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

function parseV4(s: string): Uint8Array | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] as string;
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    out[i] = Number(p);
  }
  return out;
}

function parseV6(s: string): Uint8Array | null {
  if (!/^[0-9a-fA-F:]+$/.test(s)) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === '' ? [] : (halves[0] as string).split(':');
  const tail = halves.length === 2 ? (halves[1] === '' ? [] : (halves[1] as string).split(':')) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && head.length !== 8)) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = groups[i] as string;
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    out[2 * i] = n >> 8;
    out[2 * i + 1] = n & 0xff;
  }
  return out;
}

/** An IPv4 or IPv6 address (text form) to bytes, or null. */
export function parseAddress(s: string): Uint8Array | null {
  return s.includes(':') ? parseV6(s) : parseV4(s);
}

/** Parses `10.0.0.0/8,fd00::/8`; throws UsageError on a bad entry. */
export function parseCidrList(list: string, option = '--cluster-networks'): Cidr[] {
  const out: Cidr[] = [];
  for (const raw of list.split(',')) {
    const text = raw.trim();
    if (text === '') continue;
    const [addr = '', len] = text.split('/');
    const bytes = parseAddress(addr);
    const max = bytes === null ? 0 : bytes.length * 8;
    const prefix = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
    if (bytes === null || !(prefix >= 0 && prefix <= max)) throw new UsageError(`${option}: "${text}" is not an IPv4 or IPv6 network (e.g. 10.0.0.0/8, fd00::/8)`);
    out.push({ text, bytes, prefix });
  }
  return out;
}

export function inNetworks(address: string, nets: readonly Cidr[]): boolean {
  const a = parseAddress(address);
  if (a === null) return false;
  return nets.some((n) => {
    if (n.bytes.length !== a.length) return false;
    let bits = n.prefix;
    for (let i = 0; bits > 0; i++, bits -= 8) {
      const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if (((a[i] as number) & mask) !== ((n.bytes[i] as number) & mask)) return false;
    }
    return true;
  });
}

/** 127.0.0.0/8 and ::1: a capture taken on one machine (kubectl debug, tests) talks to itself there. */
const LOOPBACK = parseCidrList('127.0.0.0/8,::1/128');

export function isLoopback(address: string): boolean {
  return inNetworks(address, LOOPBACK);
}
