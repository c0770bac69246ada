/** Shared scenario builders for the Linkerd model tests. */
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import type { PortConfig, Scenario } from '../../src/linkerd/model.js';
import type { ProtocolId } from '../../src/protocols/index.js';

/**
 * Who waits for a greeting, for the handful of protocols these tests use (docs/linkerd-model.md#version-families;
 * docs/protocols.md). Tests pass it explicitly so they do not depend on the knowledge base's progress;
 * kb-integration.test.ts checks that the knowledge base agrees.
 */
export const WAITS: Readonly<Partial<Record<ProtocolId, boolean>>> = {
  mysql: true,
  nats: true,
  smtp: true,
  postgresql: false,
  redis: false,
  http: false,
  ssh: false,
  rsync: false,
};

export const V = (s: string) => parseLinkerdVersion(s);

export function scenario(version: string, port: number, protocol: ProtocolId | null, over: Partial<Omit<Scenario, 'version' | 'config'>> & { config?: PortConfig } = {}): Scenario {
  const waits = protocol === null ? undefined : WAITS[protocol];
  return {
    version: V(version),
    port,
    protocol,
    ...(waits === undefined ? {} : { clientWaitsForGreeting: waits }),
    client: 'meshed',
    server: 'meshed',
    via: 'service',
    config: {},
    ...over,
  };
}
