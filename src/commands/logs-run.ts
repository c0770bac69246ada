/**
 * The I/O shell of `protocheck logs`: reads each input in chunks through the pure LogAnalyzer
 * (memory stays flat for a day of logs or a `kubectl logs -f` that never ends), prints events as they
 * come when streaming, stops cleanly on Ctrl-C, then advises per port and prints. Exit code: 1 when a
 * port needs a change, 0 otherwise, 2 on a usage or input error.
 */
import { open } from 'node:fs/promises';
import type { Io } from '../io.js';
import { InputError } from '../errors.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { fsReason, readInputFile } from '../input-file.js';
import { makeChalk } from '../term/color.js';
import { escapeControls } from '../term/escape.js';
import { parseLinkerdVersion, type LinkerdVersion } from '../linkerd/version.js';
import { LogAnalyzer, MAX_EVENTS, MAX_LINE, releaseLabel, releaseVersionInput, type LogAnalysis } from '../logs/analyze.js';
import { advise } from '../logs/advice.js';
import { parseClusterDump, type ClusterIndex } from '../logs/cluster.js';
import { renderLogsJson } from '../report/logs-json.js';
import { eventLine, renderLogsText } from '../report/logs-text.js';
import type { LogsFlags } from './logs.js';

const CHUNK_BYTES = 1 << 20;
/** Largest --cluster dump read (a big cluster's pods, Services and EndpointSlices). */
export const MAX_CLUSTER_BYTES = 256 * 1024 * 1024;

/** Resolves once Ctrl-C is pressed; `dispose` removes the handler. */
function interrupt(): { promise: Promise<'interrupted'>; fired: () => boolean; dispose: () => void } {
  let fired = false;
  let resolve: (v: 'interrupted') => void = () => undefined;
  const promise = new Promise<'interrupted'>((r) => (resolve = r));
  const handler = () => {
    fired = true;
    resolve('interrupted');
  };
  process.once('SIGINT', handler);
  return { promise, fired: () => fired, dispose: () => process.removeListener('SIGINT', handler) };
}

async function readFile(path: string, analyzer: LogAnalyzer, stop: () => boolean): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new InputError(`cannot read ${escapeControls(path)}: ${fsReason(error)}`, { cause: error });
  }
  try {
    const buf = new Uint8Array(CHUNK_BYTES);
    while (!stop()) {
      let n: number;
      try {
        ({ bytesRead: n } = await handle.read(buf, 0, buf.length, null));
      } catch (error) {
        throw new InputError(`cannot read ${escapeControls(path)}: ${fsReason(error)}`, { cause: error });
      }
      if (n === 0) break;
      analyzer.push(buf.subarray(0, n));
    }
  } finally {
    await handle.close();
  }
}

async function readStdin(io: Io, analyzer: LogAnalyzer, stop: Promise<'interrupted'>): Promise<void> {
  const stream = io.stdinStream();
  const it = stream[Symbol.asyncIterator]();
  for (;;) {
    const r = await Promise.race([it.next(), stop]);
    if (r === 'interrupted') {
      // A `kubectl logs -f` pipe stays open: close our end (process.stdin is a Readable) so the
      // process can exit; awaiting the iterator's return() would wait for the writer instead.
      (stream as { destroy?: () => void }).destroy?.();
      void it.return?.()?.catch(() => undefined);
      break;
    }
    if (r.done === true) break;
    analyzer.push(r.value);
  }
}

function versionFor(flags: LogsFlags, a: LogAnalysis): { version: LinkerdVersion; label: string } {
  if (flags.linkerdGiven) return { version: flags.linkerd, label: flags.linkerd.label };
  if (a.releases !== null) {
    const version = parseLinkerdVersion(releaseVersionInput(a.releases));
    return { version, label: `lines from Linkerd ${releaseLabel(a.releases)}; fixes for ${version.label.replace(/ \(.*\)$/, '')} (--linkerd to set the release)` };
  }
  const version = parseLinkerdVersion('latest');
  return { version, label: `${version.label}${a.conflict ? '' : ''}` };
}

function notes(flags: LogsFlags, a: LogAnalysis, version: LinkerdVersion): string[] {
  const out: string[] = [];
  if (a.conflict) out.push('the events fit no single Linkerd release (proxies of several versions?): fixes are for the newest; pass --linkerd VERSION');
  if (version.family === '2.8' && flags.linkerdGiven) {
    out.push('Linkerd 2.8 logs no protocol-detection timeout at the default log level (only a generic DEBUG "Accept failed error=request timed out"): use `protocheck capture` or `protocheck probe` on the port instead');
  }
  const definite = (flags.linkerdGiven && version.minor >= 20) || (a.releases !== null && a.releases.lo >= 2000);
  const possible = !flags.linkerdGiven && (a.releases === null || a.releases.hi >= 2000);
  if (!a.sawDebug && (definite || possible)) {
    out.push(
      `${definite ? 'from' : 'if the proxy is'} Linkerd 2.20 or later, ${definite ? 'the proxy logs' : 'it logs'} closed connections at DEBUG only: inbound-tls-detect-timeout and gateway-target-missing cannot show at the default level; raise it (annotation config.linkerd.io/proxy-log-level: warn,linkerd=info,linkerd_app_core::serve=debug) or read the counters with \`protocheck metrics\``,
    );
  }
  if (a.eventsNotListed > 0) out.push(`${a.eventsNotListed} events after the first ${MAX_EVENTS} are counted per port but not listed`);
  if (a.longLines > 0) out.push(`${a.longLines} line${a.longLines === 1 ? '' : 's'} longer than ${MAX_LINE / 1024} KiB skipped`);
  return out;
}

export async function runLogsCommand(files: readonly string[], flags: LogsFlags, io: Io): Promise<number> {
  let cluster: ClusterIndex | undefined;
  if (flags.cluster !== undefined) {
    const bytes = await readInputFile(flags.cluster, flags.cluster, '--cluster', MAX_CLUSTER_BYTES);
    cluster = parseClusterDump(bytes.toString('utf8'), escapeControls(flags.cluster));
  }
  const inputs = files.length === 0 ? ['-'] : files;
  if (inputs.filter((f) => f === '-').length > 1) throw new InputError('standard input (-) can be read once');
  const streaming = flags.json !== true && (flags.stream === true || io.stdout.isTTY);
  const analyzer = new LogAnalyzer(streaming ? { onEvent: (e) => io.stdout.write(`${eventLine(e)}\n`) } : {});
  const ctrlC = interrupt();
  try {
    for (const file of inputs) {
      if (ctrlC.fired()) break;
      analyzer.begin(file);
      if (file === '-') await readStdin(io, analyzer, ctrlC.promise);
      else await readFile(file, analyzer, ctrlC.fired);
    }
  } finally {
    ctrlC.dispose();
  }
  const analysis = analyzer.finish();
  const { version, label } = versionFor(flags, analysis);
  const ports = advise(analysis.groups, { version, ...(cluster ? { cluster } : {}) });
  const allNotes = notes(flags, analysis, version);
  if (flags.json === true) {
    io.stdout.write(renderLogsJson(analysis, ports));
    for (const n of allNotes) io.stderr.write(`protocheck: note: ${n}\n`);
  } else {
    const chalk = makeChalk(io.env, io.stdout, flags.color === false ? false : undefined);
    if (streaming && analysis.events.length > 0) io.stdout.write('\n');
    io.stdout.write(renderLogsText(analysis, ports, { chalk, linkerd: label, sources: inputs.length, notes: allNotes, streamed: streaming }));
  }
  return ports.some((p) => p.needsAction) ? EXIT_FINDINGS : EXIT_OK;
}
