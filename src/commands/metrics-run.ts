/**
 * The I/O shell of `protocheck metrics`: reads each input (bounded), analyses the counters, advises per
 * port with the same model code as `logs`, prints. Exit code: 1 when a port needs a change, 0 otherwise,
 * 2 on a usage or input error (including input without any Prometheus sample).
 */
import type { Io } from '../io.js';
import { InputError } from '../errors.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { readInputFile } from '../input-file.js';
import { makeChalk } from '../term/color.js';
import { escapeControls } from '../term/escape.js';
import { analyzeMetrics, asEventGroup, atRisk } from '../metrics/analyze.js';
import { advise } from '../logs/advice.js';
import { renderMetricsJson, type MetricsPortReport } from '../report/metrics-json.js';
import { renderMetricsText } from '../report/metrics-text.js';
import type { MetricsFlags } from './metrics.js';

/** Largest metrics input read (all pods of a big namespace concatenated). */
export const MAX_METRICS_BYTES = 64 * 1024 * 1024;

async function readStdinBounded(io: Io): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of io.stdinStream()) {
    n += chunk.length;
    if (n > MAX_METRICS_BYTES) throw new InputError(`standard input is larger than ${MAX_METRICS_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function runMetricsCommand(files: readonly string[], flags: MetricsFlags, io: Io): Promise<number> {
  const inputs = files.length === 0 ? ['-'] : files;
  if (inputs.filter((f) => f === '-').length > 1) throw new InputError('standard input (-) can be read once');
  let text = '';
  for (const file of inputs) {
    const bytes = file === '-' ? await readStdinBounded(io) : await readInputFile(file, file, 'metrics', MAX_METRICS_BYTES);
    text += bytes.toString('utf8') + '\n';
  }
  const a = analyzeMetrics(text);
  const shown = inputs.map((f) => (f === '-' ? 'standard input' : escapeControls(f))).join(', ');
  if (a.samples === 0) throw new InputError(`${shown}: no Prometheus sample`, { hint: 'linkerd diagnostics proxy-metrics -n NAMESPACE po/NAME | protocheck metrics' });
  const notes: string[] = [];
  if (!a.hasDetectMetrics) {
    notes.push(
      `no outbound_tcp_detect_http_results_total or inbound_tcp_detect_http_results_total in the input: the proxy is older than Linkerd 2.18 (the detection counters came with proxy v2.286.0); use \`protocheck logs\` on its log instead${a.hasTcpErrors ? ' (TLS-detection timeouts below come from inbound_tcp_errors_total)' : ''}`,
    );
  }
  const reports: MetricsPortReport[] = [];
  for (const g of a.groups) {
    const eg = asEventGroup(g);
    const advice = eg === null ? undefined : advise([eg], { version: flags.linkerd })[0];
    const risky = atRisk(g);
    const hints = [...(advice?.hints ?? [])];
    if (g.port === null && g.detectTimeouts > 0) hints.push('the egress fallback carries no port: an EgressNetwork (Linkerd 2.17+) with opaque-ports, or the clients\' skip-outbound-ports, once the port is known (`protocheck logs` shows it)');
    const suggestions = advice?.suggestions ?? [];
    reports.push({
      group: g,
      atRisk: risky,
      protocol: advice?.protocol ?? null,
      suggestions,
      hints,
      // The same rule as `logs` (a client-first protocol's timeouts get a hint, not a change); the egress
      // fallback's timeouts need one even though no port is known.
      needsAction: advice !== undefined ? advice.needsAction : g.port === null && g.detectTimeouts > 0,
    });
  }
  reports.sort((x, y) => Number(y.needsAction) - Number(x.needsAction) || Number(x.group.direction > y.group.direction) - Number(x.group.direction < y.group.direction) || (x.group.port ?? 0) - (y.group.port ?? 0));
  if (flags.json === true) {
    io.stdout.write(renderMetricsJson(reports));
    for (const n of notes) io.stderr.write(`protocheck: note: ${n}\n`);
  } else {
    const chalk = makeChalk(io.env, io.stdout, flags.color === false ? false : undefined);
    io.stdout.write(renderMetricsText(reports, { chalk, linkerd: flags.linkerd.label, samples: a.samples, notes }));
  }
  return reports.some((r) => r.needsAction) ? EXIT_FINDINGS : EXIT_OK;
}
