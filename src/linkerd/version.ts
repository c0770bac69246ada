/**
 * Linkerd version families: the releases whose detection and annotation behaviour is the same
 * (docs/linkerd-model.md). Edge releases map to the stable family whose behaviour they have.
 */
import { UsageError } from '../errors.js';
import { escapeText } from '../term/escape.js';

/** Family ids, oldest first. Each is the first stable release of the family. */
export const FAMILIES = ['2.8', '2.9.0', '2.9.3', '2.10', '2.11', '2.13', '2.18'] as const;
export type Family = (typeof FAMILIES)[number];

export const FAMILY_LABEL = {
  '2.8': 'Linkerd 2.8 and earlier',
  '2.9.0': 'Linkerd 2.9.0-2.9.2',
  '2.9.3': 'Linkerd 2.9.3-2.9.5',
  '2.10': 'Linkerd 2.10',
  '2.11': 'Linkerd 2.11-2.12',
  '2.13': 'Linkerd 2.13-2.17',
  '2.18': 'Linkerd 2.18 and later',
} as const satisfies Record<Family, string>;

export interface LinkerdVersion {
  /** What the user wrote (`latest` when defaulted). */
  readonly input: string;
  readonly family: Family;
  /** Stable minor as a number (2.14 => 14), for rules finer than a family (e.g. 2.14.4's detect-timeout annotations). */
  readonly minor: number;
  readonly patch: number;
  /** e.g. "Linkerd 2.18 and later (edge-25.3.2)". */
  readonly label: string;
  /** How the version was given: a stable release, an edge release, or latest (newest behaviour). */
  readonly channel: 'stable' | 'edge' | 'latest';
}

export const DEFAULT_VERSION_INPUT = 'latest';

/**
 * Edge releases (edge-YY.M.N) by the first edge that has a behaviour, read from linkerd/linkerd2 tags
 * (charts values.yaml and .proxy-version at each edge tag): the 2.9 skip lists from edge-20.10.4; opaque
 * ports and 10 s fail-open detection from edge-21.2.4; the 2.11 lists (4567/4568 skipped, 443 no longer
 * opaque) from edge-21.9.3; then the edge that shipped each stable's proxy (2.12 edge-22.8.2, 2.13
 * edge-23.4.2, ..., 2.17 edge-24.11.5); the 2.18 behaviour (transport header for all meshed traffic,
 * linkerd/linkerd2 #13715) from edge-25.3.2; 2.19 edge-25.10.7; 2.20 edge-26.6.3. `minor` is the stable
 * an edge corresponds to, for rules finer than a family.
 */
const EDGE_BOUNDARIES: ReadonlyArray<{ from: [number, number, number]; family: Family; minor: number }> = [
  { from: [20, 10, 4], family: '2.9.0', minor: 9 },
  { from: [21, 2, 4], family: '2.10', minor: 10 },
  { from: [21, 9, 3], family: '2.11', minor: 11 },
  { from: [21, 11, 4], family: '2.11', minor: 12 },
  { from: [23, 4, 2], family: '2.13', minor: 13 },
  { from: [23, 8, 1], family: '2.13', minor: 14 },
  { from: [24, 2, 4], family: '2.13', minor: 15 },
  { from: [24, 8, 1], family: '2.13', minor: 16 },
  { from: [24, 11, 5], family: '2.13', minor: 17 },
  { from: [25, 3, 2], family: '2.18', minor: 18 },
  { from: [25, 10, 7], family: '2.18', minor: 19 },
  { from: [26, 6, 3], family: '2.18', minor: 20 },
];

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function familyOfStable(minor: number, patch: number): Family {
  if (minor <= 8) return '2.8';
  if (minor === 9) return patch >= 3 ? '2.9.3' : '2.9.0';
  if (minor === 10) return '2.10';
  if (minor <= 12) return '2.11';
  if (minor <= 17) return '2.13';
  return '2.18';
}

/** Parses `latest`, `2.14`, `2.9.3`, `stable-2.14.10`, `version-2.18`, `edge-25.3.2`. Throws UsageError otherwise. */
export function parseLinkerdVersion(input: string): LinkerdVersion {
  const text = input.trim().toLowerCase();
  if (text === 'latest' || text === 'stable' || text === 'edge') {
    return { input, family: '2.18', minor: 99, patch: 0, label: `${FAMILY_LABEL['2.18']} (${text})`, channel: 'latest' };
  }
  const stable = /^(?:stable-|version-|v)?2\.(\d{1,2})(?:\.(\d{1,3}))?$/.exec(text);
  if (stable) {
    const minor = Number(stable[1]);
    const patch = stable[2] === undefined ? 0 : Number(stable[2]);
    const family = familyOfStable(minor, patch);
    return { input, family, minor, patch, label: `${FAMILY_LABEL[family]} (${input.trim()})`, channel: 'stable' };
  }
  const edge = /^edge-(\d{2})\.(\d{1,2})\.(\d{1,3})$/.exec(text);
  if (edge) {
    const v = [Number(edge[1]), Number(edge[2]), Number(edge[3])];
    let family: Family = '2.8';
    let minor = 8;
    for (const b of EDGE_BOUNDARIES) {
      if (compare(v, b.from) >= 0) {
        family = b.family;
        minor = b.minor;
      }
    }
    return { input, family, minor, patch: 0, label: `${FAMILY_LABEL[family]} (${input.trim()})`, channel: 'edge' };
  }
  throw new UsageError(`unknown Linkerd version "${escapeText(input)}"`, {
    hint: 'use latest, a stable version such as 2.14 or 2.9.3, or an edge release such as edge-25.3.2',
  });
}

/**
 * Behaviour that depends on the version, by name: feature -> the first release that has it (the family's
 * first release, or a stable x.y.z inside a family). Read with `has(v, 'feature')`, never with
 * `v.minor >= n` in the code that uses it. Sources per feature in docs/linkerd-model.md ("Versions").
 */
export const FEATURES = {
  /** `config.linkerd.io/opaque-ports` exists; detection fails open after 10 s. */
  opaquePorts: { first: '2.10' },
  /** The injector writes the default opaque ports onto pods and Services at admission; Server resources are read; the policy controller reads opaque-ports. */
  injectorWritesOpaquePorts: { first: '2.11' },
  serverResource: { first: '2.11' },
  /** The policy controller decides the inbound protocol from the pod's opaque-ports annotation (no default list, no names). */
  policyController: { first: '2.11' },
  /** A Server with `proxyProtocol: opaque` makes meshed clients treat the pod port as opaque too. */
  serverOpaqueForClients: { first: '2.12' },
  /** The policy controller decides the outbound protocol of a Service port (from its opaque-ports). */
  outboundPolicy: { first: '2.13' },
  /** `proxy-disable-{in,out}bound-protocol-detect-timeout` exist (stable 2.14.4; they arrived mid-family in edge-23.11, linkerd/linkerd2 commit 774eb067b, and edge releases map to a minor only, so edges are not judged). */
  detectTimeoutAnnotations: { first: '2.14.4', edges: true },
  /** EgressNetwork resources (policy.linkerd.io) exist. */
  egressNetwork: { first: '2.17' },
  /** A Service port's appProtocol is honoured; meshed clients use the transport header to 4143 for all traffic. */
  appProtocol: { first: '2.18' },
  transportHeaderAlways: { first: '2.18' },
} as const satisfies Record<string, { readonly first: string; readonly edges?: boolean }>;
export type Feature = keyof typeof FEATURES;

function releaseOf(first: string): [number, number] {
  const m = /^2\.(\d+)(?:\.(\d+))?$/.exec(first);
  if (!m) throw new Error(`bad feature release ${first}`);
  return [Number(m[1]), Number(m[2] ?? 0)];
}

/** True when `v` has `feature` (FEATURES). */
export function has(v: LinkerdVersion, feature: Feature): boolean {
  const f: { readonly first: string; readonly edges?: boolean } = FEATURES[feature];
  if (f.edges === true && v.channel === 'edge') return true;
  return compare([v.minor, v.patch], releaseOf(f.first)) >= 0;
}

/** True when `v`'s family is `family` or newer. */
export function atLeast(v: LinkerdVersion, family: Family): boolean {
  return FAMILIES.indexOf(v.family) >= FAMILIES.indexOf(family);
}

/**
 * The newest releases the model knows: the stable minor and the first edge release of the newest
 * EDGE_BOUNDARIES entry (shown by `protocheck version`). A newer release parses too, with the newest
 * family's behaviour.
 */
export function newestKnownRelease(): { readonly stable: string; readonly edge: string } {
  const last = EDGE_BOUNDARIES[EDGE_BOUNDARIES.length - 1]!;
  return { stable: `2.${last.minor}`, edge: `edge-${last.from.join('.')}` };
}
