/**
 * The knowledge base as data for `protocheck protocols`: each entry with the matchers and probes
 * that name it, and how its ports fare under a Linkerd version's install defaults (docs/linkerd-model.md).
 * Pure: the version's defaults come in as an argument.
 */
import type { ProtocolEntry, ProtocolId } from './types.js';
import { PROTOCOLS } from './registry.js';
import { BANNER_MATCHERS, CLIENT_MATCHERS } from './matchers/order.js';
import { REPLY_MATCHERS } from './probes/replies.js';
import { ACTIVE_PROBES } from './probes/index.js';
import { ECHO_SIGNATURE } from './echo.js';
import { clientWaitsOnPort } from './lookup.js';
import { parsePortList, portListIncludes, type Defaults } from '../linkerd/model.js';
import type { LinkerdVersion } from '../linkerd/version.js';

export interface CatalogLinkerd {
  /** This protocol's ports in the version's default opaque list. */
  readonly defaultOpaque: readonly number[];
  readonly defaultSkipInbound: readonly number[];
  readonly defaultSkipOutbound: readonly number[];
  /** Ports on which the proxy itself never detects (Linkerd 2.8 and earlier). */
  readonly builtinNoDetect: readonly number[];
  /** Ports where clients wait for the greeting and no default covers them: these need configuration. */
  readonly needsConfig: readonly number[];
}

export interface CatalogEntry extends ProtocolEntry {
  readonly otherPorts: readonly number[];
  readonly linkerd: CatalogLinkerd;
  readonly matchers: { readonly banner: readonly string[]; readonly clientBytes: readonly string[]; readonly reply: readonly string[] };
  readonly probes: readonly string[];
}

export interface Catalog {
  readonly linkerd: {
    readonly version: string;
    readonly label: string;
    readonly defaultOpaquePorts: string;
    readonly defaultSkipInboundPorts: string;
    readonly defaultSkipOutboundPorts: string;
    readonly builtinNoDetectPorts: string;
    /** Whether this version has `config.linkerd.io/opaque-ports` (2.10+); before it, only skip ports help. */
    readonly opaqueSupported: boolean;
  };
  readonly protocols: readonly CatalogEntry[];
}

function ofProtocol(list: ReadonlyArray<{ id: string; protocol: ProtocolId; others?: readonly ProtocolId[] }>, id: ProtocolId): string[] {
  return list.filter((m) => m.protocol === id || (m.others?.includes(id) ?? false)).map((m) => m.id);
}

/** Builds the catalog for `ids` in their order (all entries, in knowledge-base order, when empty). */
export function buildCatalog(version: LinkerdVersion, defaults: Defaults, ids: readonly ProtocolId[] = []): Catalog {
  const opaque = parsePortList(defaults.opaquePorts);
  const skipIn = parsePortList(defaults.skipInboundPorts);
  const skipOut = parsePortList(defaults.skipOutboundPorts);
  const builtin = parsePortList(defaults.builtinNoDetectPorts);
  const chosen = ids.length === 0 ? PROTOCOLS : ids.map((id) => PROTOCOLS.find((p) => p.id === id)).filter((p) => p !== undefined);
  const protocols = chosen.map((p): CatalogEntry => {
    const all = [...p.ports, ...p.tlsPorts];
    // The install defaults are plain port lists, which every consumer reads alike; the injector's reading is used.
    const inList = (list: typeof opaque) => all.filter((port) => portListIncludes(list, 'injector', port));
    const defaultOpaque = inList(opaque);
    const defaultSkipInbound = inList(skipIn);
    const defaultSkipOutbound = inList(skipOut);
    const builtinNoDetect = inList(builtin);
    const covered = new Set([...defaultOpaque, ...builtinNoDetect, ...defaultSkipInbound.filter((x) => defaultSkipOutbound.includes(x))]);
    return {
      ...p,
      otherPorts: p.otherPorts ?? [],
      linkerd: {
        defaultOpaque,
        defaultSkipInbound,
        defaultSkipOutbound,
        builtinNoDetect,
        needsConfig: all.filter((port) => clientWaitsOnPort(p, port) && !covered.has(port)),
      },
      matchers: { banner: ofProtocol(BANNER_MATCHERS, p.id), clientBytes: ofProtocol(CLIENT_MATCHERS, p.id), reply: p.id === 'echo' ? [ECHO_SIGNATURE] : ofProtocol(REPLY_MATCHERS, p.id) },
      probes: ofProtocol(ACTIVE_PROBES, p.id),
    };
  });
  return {
    linkerd: {
      version: version.input,
      label: version.label,
      defaultOpaquePorts: defaults.opaquePorts,
      defaultSkipInboundPorts: defaults.skipInboundPorts,
      defaultSkipOutboundPorts: defaults.skipOutboundPorts,
      builtinNoDetectPorts: defaults.builtinNoDetectPorts,
      opaqueSupported: defaults.opaqueSupported,
    },
    protocols,
  };
}
