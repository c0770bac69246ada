/**
 * The mesh as a parameter of the commands (docs/istio.md, docs/architecture.md "src/mesh"):
 * `--mesh linkerd|istio` (default linkerd, so every command behaves as before) and
 * `--istio VERSION` (default latest). Commands call `meshOf(flags)` once and branch to the
 * Linkerd or the Istio model; neither model knows about the other.
 */
import { Option } from 'commander';
import { UsageError } from '../errors.js';
import { withHintInMessage } from '../commands/options.js';
import { DEFAULT_ISTIO_INPUT, parseIstioVersion, type IstioVersion } from '../istio/version.js';
import type { LinkerdVersion } from '../linkerd/version.js';

export const MESHES = ['linkerd', 'istio'] as const;
export type MeshName = (typeof MESHES)[number];

export type MeshChoice =
  | { readonly mesh: 'linkerd'; readonly linkerd: LinkerdVersion }
  | { readonly mesh: 'istio'; readonly istio: IstioVersion };

export interface MeshFlags {
  readonly mesh?: MeshName;
  readonly istio?: IstioVersion;
  readonly linkerd: LinkerdVersion;
}

export function meshOption(): Option {
  return new Option('--mesh <mesh>', 'the service mesh to model (default: linkerd)').choices(MESHES);
}

/** `--istio VERSION`, parsed; no commander default so that `--istio` without `--mesh istio` can be refused. */
export function istioOption(): Option {
  return new Option('--istio <version>', 'with --mesh istio: the Istio release to model: latest (default), 1.22, 1.6.9, ...')
    .argParser(withHintInMessage(parseIstioVersion));
}

/**
 * The mesh the command models. `linkerdOnly` names the flags that only mean something for Linkerd
 * (with their values): any of them set with --mesh istio is a usage error, as is --istio without it.
 */
export function meshOf(flags: MeshFlags, linkerdOnly: Readonly<Record<string, unknown>> = {}): MeshChoice {
  if ((flags.mesh ?? 'linkerd') === 'linkerd') {
    if (flags.istio !== undefined) throw new UsageError('--istio applies to --mesh istio');
    return { mesh: 'linkerd', linkerd: flags.linkerd };
  }
  for (const [name, value] of Object.entries(linkerdOnly)) {
    if (value !== undefined && value !== false) throw new UsageError(`${name} is a Linkerd option; it does not apply to --mesh istio`);
  }
  return { mesh: 'istio', istio: flags.istio ?? parseIstioVersion(DEFAULT_ISTIO_INPUT) };
}
