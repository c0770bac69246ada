/** JSON Schema of `protocheck protocols --json` (copied verbatim into docs/commands/protocols.md; a test keeps them equal). */
const ports = { type: 'array', items: { type: 'integer', minimum: 1, maximum: 65535 } };
const strings = { type: 'array', items: { type: 'string' } };

export const CATALOG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'protocheck protocols --json',
  type: 'object',
  additionalProperties: false,
  required: ['linkerd', 'protocols'],
  properties: {
    linkerd: {
      type: 'object',
      additionalProperties: false,
      required: ['version', 'label', 'defaultOpaquePorts', 'defaultSkipInboundPorts', 'defaultSkipOutboundPorts', 'builtinNoDetectPorts', 'opaqueSupported'],
      properties: {
        version: { type: 'string', description: 'the --linkerd value as given (latest by default)' },
        label: { type: 'string', description: 'the version family, e.g. "Linkerd 2.18 and later (latest)"' },
        defaultOpaquePorts: { type: 'string', description: 'Helm proxy.opaquePorts of that version ("" when none)' },
        defaultSkipInboundPorts: { type: 'string' },
        defaultSkipOutboundPorts: { type: 'string' },
        builtinNoDetectPorts: { type: 'string', description: 'ports the proxy itself never detects on (2.8 and earlier)' },
        opaqueSupported: { type: 'boolean', description: 'config.linkerd.io/opaque-ports exists (2.10+)' },
      },
    },
    protocols: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'ports', 'firstSpeaker', 'clientWaitsForGreeting', 'tlsPorts', 'otherPorts', 'starttls', 'portNames', 'images', 'note', 'source', 'linkerd', 'matchers', 'probes'],
        properties: {
          id: { type: 'string', description: 'stable knowledge-base id (the same ids as every other --json output)' },
          name: { type: 'string' },
          ports: { ...ports, description: 'well-known plain ports, most typical first' },
          firstSpeaker: { enum: ['server', 'client'] },
          clientWaitsForGreeting: { type: 'boolean', description: 'clients send nothing before the greeting: a detecting proxy stalls them' },
          tlsPorts: { ...ports, description: 'implicit-TLS ports (the client speaks first there)' },
          otherPorts: { ...ports, description: 'ports some products use, weak evidence on their own (not used by port lookups)' },
          starttls: { type: 'boolean' },
          portNames: { ...strings, description: 'container/Service port names and appProtocol values that name the protocol' },
          images: { ...strings, description: 'container images that usually serve it (last path segment, or a path)' },
          note: { type: 'string' },
          source: { type: 'string' },
          linkerd: {
            type: 'object',
            additionalProperties: false,
            required: ['defaultOpaque', 'defaultSkipInbound', 'defaultSkipOutbound', 'builtinNoDetect', 'needsConfig'],
            properties: {
              defaultOpaque: { ...ports, description: 'this protocol\'s ports in the default opaque list' },
              defaultSkipInbound: ports,
              defaultSkipOutbound: ports,
              builtinNoDetect: ports,
              needsConfig: { ...ports, description: 'ports where clients wait and no default covers them' },
            },
          },
          matchers: {
            type: 'object',
            additionalProperties: false,
            required: ['banner', 'clientBytes', 'reply'],
            properties: { banner: strings, clientBytes: strings, reply: strings },
          },
          probes: { ...strings, description: 'ids of the active probes for this protocol' },
        },
      },
    },
  },
} as const;
