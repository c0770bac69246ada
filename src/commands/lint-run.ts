/**
 * The CLI glue of `protocheck lint`: options to a lint run, the chosen format to stdout, notes to
 * stderr. Reading is in src/lint/load.ts, --fix rounds and safe writes in src/lint/fix-rounds.ts.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import type { Io } from '../io.js';
import type { LintCliOptions, LintFormatChoice } from './lint.js';
import { InputError, UsageError } from '../errors.js';
import { EXIT_USAGE } from '../exit-codes.js';
import { parseLinkerdVersion } from '../linkerd/version.js';
import { makeChalk } from '../term/color.js';
import { escapeControls } from '../term/escape.js';
import { packageVersion } from '../version.js';
import { normalizeDocsUrl, type LintConfig } from '../lint/config.js';
import { exitCodeFor, lintParsed } from '../lint/engine.js';
import { isKubernetesObject, parseSource, type ParsedFile } from '../lint/parse.js';
import { RULES, rulesForMesh } from '../lint/rules/index.js';
import { meshOf } from '../mesh/options.js';
import { FixRefused, fixRounds, writeAtomic } from '../lint/fix-rounds.js';
import { loadConfig, readInputs } from '../lint/load.js';
import { unifiedDiff } from '../lint/diff.js';
import type { LintOptions } from '../lint/context.js';
import type { LintResult } from '../lint/types.js';
import type { SarifOptions } from '../report/lint-sarif.js';
import { renderLint } from '../report/index.js';
import { writeOutputFile } from './lint-output.js';

export async function runLint(paths: readonly string[], opts: LintCliOptions, io: Io): Promise<number> {
  if (paths.length === 0) throw new UsageError('lint needs files, directories or - for stdin', { hint: 'e.g. protocheck lint k8s/ or helm template . | protocheck lint -' });
  if (opts.dryRun && !opts.fix) throw new UsageError('--dry-run only works with --fix');
  let cliDocsUrl: string | undefined;
  if (opts.docsUrl !== undefined) {
    const d = normalizeDocsUrl(opts.docsUrl);
    if ('error' in d) throw new UsageError(`--docs-url ${d.error}`);
    cliDocsUrl = d.url;
  }
  const { config, dir } = await loadConfig(io, opts.config);
  const docsUrl = cliDocsUrl ?? config.docsUrl;
  const wantsSarif = opts.format === 'sarif' || opts.outputs.some((o) => o.format === 'sarif');
  const sarif: SarifOptions | undefined = wantsSarif ? { ...(docsUrl !== undefined ? { docsUrl } : {}), ruleDocs: await readRuleDocs() } : undefined;
  const version = opts.linkerdGiven || config.linkerd === undefined ? opts.linkerd : parseLinkerdVersion(config.linkerd);
  const mesh = meshOf({ linkerd: version, ...(opts.mesh === undefined ? {} : { mesh: opts.mesh }), ...(opts.istio === undefined ? {} : { istio: opts.istio }) });
  if (mesh.mesh === 'istio' && opts.fix) throw new UsageError('--fix: the istio-* rules have no automatic fixes yet (their findings carry the suggested change)');
  const rules = rulesForMesh(mesh.mesh);
  const options: LintOptions = { version, assumeMeshed: config.assumeMeshed ?? true, cni: config.cni ?? false, ...(mesh.mesh === 'istio' ? { istio: mesh.istio } : {}) };
  const { inputs, failed, notes } = await readInputs(paths, io, config, dir, opts.maxInputBytes, { renderKustomize: !opts.fix });
  for (const n of notes) io.stderr.write(`protocheck: note: ${escapeControls(n)}\n`);
  if (inputs.length === 0) {
    if (failed === 0) io.stderr.write('protocheck: no input could be read (no .yaml, .yml or .json files found)\n');
    return EXIT_USAGE;
  }
  let result: LintResult;
  let parsed: readonly ParsedFile[];
  if (opts.fix) {
    const fixed = fixRounds(inputs, options, config);
    parsed = fixed.files;
    for (const e of fixed.errors) io.stderr.write(e + '\n');
    result = fixed.result;
    const untouched = new Set<string>();
    for (const input of inputs) {
      const next = fixed.texts.get(input.file) ?? input.text;
      if (opts.dryRun) {
        io.stdout.write(unifiedDiff(input.text, next, `a/${input.file}`, `b/${input.file}`));
      } else if (input.abs === null) {
        io.stdout.write(next);
      } else if (next !== input.text) {
        try {
          writeAtomic(input.abs, next, input.encoding, { ...(input.stamp !== undefined ? { expect: input.stamp } : {}), allowReadOnly: opts.fixReadOnly });
          io.stderr.write(`protocheck: fixed ${escapeControls(input.file)}\n`);
        } catch (error) {
          if (!(error instanceof FixRefused) && !(error instanceof InputError)) throw error;
          untouched.add(input.file);
          io.stderr.write(error instanceof FixRefused ? `protocheck: not fixed ${escapeControls(input.file)}: ${error.message}; left untouched\n` : `protocheck: ${error.message}\n`);
        }
      }
    }
    if (untouched.size > 0) {
      // The report says what is left: a file left untouched keeps its findings.
      parsed = inputs.map((i) => (untouched.has(i.file) ? parseSource(i) : (fixed.files.find((f) => f.file === i.file) ?? parseSource(i))));
      result = lintParsed(parsed, options, config);
    }
    // The report of what is left goes to stderr when stdout carries the diff or the fixed stream.
    const toStderr = opts.dryRun || inputs.some((i) => i.abs === null);
    const r = { result, parsed, config, docsUrl, sarif };
    writeOutputs(r, opts, io);
    (toStderr ? io.stderr : io.stdout).write(render(opts.format, r, opts, io, toStderr ? 'stderr' : 'stdout'));
  } else {
    parsed = inputs.map((i) => parseSource(i));
    result = lintParsed(parsed, options, config, rules);
    const r = { result, parsed, config, docsUrl, sarif };
    writeOutputs(r, opts, io);
    io.stdout.write(render(opts.format, r, opts, io, 'stdout'));
  }
  for (const n of result.notes ?? []) io.stderr.write(`protocheck: note: ${escapeControls(n)}\n`);
  // Text that holds no Kubernetes object (an empty helm template, a values file, a README.json) is not an
  // error, but a CI job that lints nothing should not pass silently.
  if (!parsed.some((f) => f.objects.some(isKubernetesObject) || f.problems.some((p) => p.fatal))) io.stderr.write(`protocheck: note: no Kubernetes objects in the input (no document has both apiVersion and kind), nothing was linted\n`);
  return exitCodeFor(result.findings, opts.failOn);
}

/** docs/rules/<id>.md of the package (it ships docs/), for SARIF `help`; a missing page falls back to the summary. */
async function readRuleDocs(): Promise<Map<string, string>> {
  const { RULE_DOCS_DIR } = await import('./rules-run.js');
  const out = new Map<string, string>();
  for (const r of RULES) {
    try {
      out.set(r.meta.id, readFileSync(`${RULE_DOCS_DIR}${r.meta.id}.md`, 'utf8'));
    } catch {
      // not shipped: the rule's summary and helpUri are used
    }
  }
  return out;
}

/** What every format renders from. */
interface Rendered {
  readonly result: LintResult;
  readonly parsed: readonly ParsedFile[];
  readonly config: LintConfig;
  readonly docsUrl: string | undefined;
  readonly sarif: SarifOptions | undefined;
}

/** Where a finding's rule is documented: the configured docs URL, else the command that prints the page. */
export function docsFor(docsUrl: string | undefined): (ruleId: string) => string {
  return (ruleId) => (docsUrl !== undefined ? `${docsUrl}${ruleId}.md` : `protocheck rules ${ruleId}`);
}

function render(format: LintFormatChoice, r: Rendered, opts: LintCliOptions, io: Io, to: 'stdout' | 'stderr' | 'file'): string {
  // SARIF wants URIs relative to the checkout; the other formats show paths as given.
  const shown = format === 'sarif' ? relativeFiles(r.result, io.cwd) : r.result;
  return renderLint(format, shown, {
    // Text in a file has no colours.
    chalk: makeChalk(io.env, to === 'stderr' ? io.stderr : io.stdout, opts.color && to !== 'file' ? undefined : false),
    rules: rulesForMesh(opts.mesh ?? 'linkerd').map((x) => x.meta),
    toolVersion: packageVersion(),
    ...(r.sarif ? { sarif: r.sarif } : {}),
    docsFor: docsFor(r.docsUrl),
    junit: {
      objects: r.parsed.flatMap((f) => f.objects.filter(isKubernetesObject).map((o) => ({ file: o.displayFile, kind: o.kind ?? '', namespace: o.namespace, name: o.name }))),
      ruleIds: rulesForMesh(opts.mesh ?? 'linkerd').map((x) => x.meta.id).filter((id) => r.config.rules[id] !== 'off'),
      failOn: opts.failOn,
    },
  });
}

/** --output FORMAT=FILE: each file replaced atomically (a write that fails leaves the old file and is exit 2). */
function writeOutputs(r: Rendered, opts: LintCliOptions, io: Io): void {
  for (const o of opts.outputs) writeOutputFile(io.cwd, o.file, render(o.format, r, opts, io, 'file'));
}

/** SARIF wants URIs relative to the checkout: absolute paths are made relative to the working directory. */
function relativeFiles(result: LintResult, cwd: string): LintResult {
  return { ...result, findings: result.findings.map((f) => (isAbsolute(f.file) ? { ...f, file: relative(cwd, f.file) } : f)) };
}
