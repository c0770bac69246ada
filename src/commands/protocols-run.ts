/** Body of `protocheck protocols`: validates ids, builds the catalog, renders text or JSON. */
import type { Io } from '../io.js';
import type { ProtocolsOptions } from './protocols.js';
import { toJson } from './options.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { UsageError } from '../errors.js';
import { PROTOCOL_IDS, protocolForImage, protocolForPortName, protocolsForPort, type ProtocolId } from '../protocols/index.js';
import { buildCatalog, type Catalog } from '../protocols/catalog.js';
import { renderProtocolsTable } from '../report/protocols-text.js';
import { defaultsFor } from '../linkerd/model.js';
import { makeChalk } from '../term/color.js';
import { escapeText } from '../term/escape.js';

export function runProtocols(ids: readonly string[], options: ProtocolsOptions, io: Io): number {
  const wanted: ProtocolId[] = [];
  for (const raw of ids) {
    const id = raw.trim().toLowerCase();
    if (!(PROTOCOL_IDS as readonly string[]).includes(id)) {
      throw new UsageError(`unknown protocol id "${escapeText(raw)}" (run protocheck protocols to list the ids)`);
    }
    if (!wanted.includes(id as ProtocolId)) wanted.push(id as ProtocolId);
  }
  wanted.sort((a, b) => PROTOCOL_IDS.indexOf(a) - PROTOCOL_IDS.indexOf(b));
  const lookup = lookupIds(options);
  let chosen = wanted;
  if (lookup !== null) chosen = wanted.length === 0 ? lookup : lookup.filter((id) => wanted.includes(id));
  const catalog = buildCatalog(options.linkerd, defaultsFor(options.linkerd), chosen);
  const empty = lookup !== null && chosen.length === 0;
  const shown: Catalog = empty ? { ...catalog, protocols: [] } : catalog;
  if (options.json === true) {
    io.stdout.write(toJson(shown));
  } else if (empty) {
    io.stdout.write('No protocol in the knowledge base matches.\n');
  } else {
    io.stdout.write(renderProtocolsTable(shown, makeChalk(io.env, io.stdout, options.color === false ? false : undefined)));
  }
  return empty ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * The ids --port, --name and --image select (each lookup narrows the previous one; null when none
 * was given). The order is the lookup's: --port gives the most likely protocol first.
 */
function lookupIds(options: ProtocolsOptions): ProtocolId[] | null {
  let ids: ProtocolId[] | null = null;
  const narrow = (found: ProtocolId[]) => {
    ids = ids === null ? found : ids.filter((id) => found.includes(id));
  };
  if (options.port !== undefined) {
    const port = Number(options.port);
    if (!/^\d{1,5}$/.test(options.port.trim()) || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new UsageError(`--port "${escapeText(options.port)}" is not a port number (1-65535)`);
    }
    narrow(protocolsForPort(port).map((p) => p.id));
  }
  for (const [flag, value] of [['--name', options.name], ['--image', options.image]] as const) {
    if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} needs a value (e.g. ${flag === '--name' ? 'tcp-mysql' : 'bitnami/mysql:8.0'})`);
  }
  if (options.name !== undefined) {
    const p = protocolForPortName(options.name);
    narrow(p === undefined ? [] : [p.id]);
  }
  if (options.image !== undefined) {
    const p = protocolForImage(options.image);
    narrow(p === undefined ? [] : [p.id]);
  }
  return ids;
}
