/**
 * Reading cluster dumps: `kubectl get ... -o json` output (a List, streamed item by item), YAML
 * (`-o yaml`, several documents or Lists; read whole, so bounded), from files, stdin or kubectl's
 * stdout. Each object goes to the Inventory as it is read.
 */
import { createReadStream } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { InputError } from '../errors.js';
import { fsReason } from '../input-file.js';
import { escapeControls } from '../term/escape.js';
import { JsonItemSplitter } from './json-stream.js';
import type { Inventory } from './inventory.js';

/** A YAML dump is parsed whole; JSON (what kubectl -o json prints) has no total limit, only per object. */
export const MAX_YAML_BYTES = 256 << 20;

/** Reads one dump stream into the inventory; returns the number of objects read. */
export async function readDump(chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, source: string, inv: Inventory): Promise<number> {
  let count = 0;
  const add = (o: unknown): void => {
    count++;
    inv.add(o);
  };
  let mode: 'unknown' | 'json' | 'yaml' = 'unknown';
  const splitter = new JsonItemSplitter(source, add);
  const yamlParts: Buffer[] = [];
  let yamlBytes = 0;
  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    if (mode === 'unknown') {
      const first = chunk.findIndex((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf);
      if (first === -1) {
        yamlParts.push(chunk);
        continue;
      }
      mode = chunk[first] === 0x7b || chunk[first] === 0x5b ? 'json' : 'yaml';
      if (mode === 'json') {
        yamlParts.length = 0;
        splitter.push(chunk.subarray(first));
        continue;
      }
    }
    if (mode === 'json') splitter.push(chunk);
    else {
      yamlBytes += chunk.length;
      if (yamlBytes > MAX_YAML_BYTES) throw new InputError(`${source}: a YAML dump of more than ${MAX_YAML_BYTES >> 20} MiB (use kubectl get -o json, which is read as a stream)`);
      yamlParts.push(chunk);
    }
  }
  if (mode === 'json') splitter.end();
  else if (mode === 'yaml') {
    const docs = parseAllDocuments(Buffer.concat(yamlParts).toString('utf8'));
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      if (doc.errors.length > 0) throw new InputError(`${source}: not YAML or JSON (${(doc.errors[0]?.message ?? '').split('\n')[0] ?? ''})`);
      const js = doc.toJS({ maxAliasCount: 1000 }) as unknown;
      const items = typeof js === 'object' && js !== null && Array.isArray((js as Record<string, unknown>)['items']) ? ((js as Record<string, unknown>)['items'] as unknown[]) : [js];
      for (const item of items) add(item);
    }
  }
  return count;
}

/** `--from FILE` (or `-`: stdin). */
export async function readDumpFile(path: string, cwd: string, stdin: () => AsyncIterable<Buffer>, inv: Inventory): Promise<number> {
  if (path === '-') return readDump(stdin(), '<stdin>', inv);
  const shown = escapeControls(path);
  const stream = createReadStream(resolvePath(cwd, path), { highWaterMark: 1 << 20 });
  try {
    return await readDump(stream as AsyncIterable<Buffer>, shown, inv);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${shown}: ${fsReason(error)}`);
  } finally {
    stream.destroy();
  }
}
