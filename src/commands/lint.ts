/** `protocheck lint`: option wiring only; the work is in lint-run.ts (lazily imported). */
import { Option, type Command } from 'commander';
import type { CommandContext } from './context.js';
import { colorOption, linkerdOption } from './options.js';
import { UsageError } from '../errors.js';
import { parseSize } from './size.js';
import type { LinkerdVersion } from '../linkerd/version.js';
import { istioOption, meshOption, type MeshName } from '../mesh/options.js';
import type { IstioVersion } from '../istio/version.js';
import { LINT_FORMAT_NAMES, type LintFormat } from '../report/formats.js';

/** The --format choices (and the FORMAT of --output FORMAT=FILE): the registry's (report/formats.ts). */
export const LINT_FORMAT_CHOICES: readonly LintFormat[] = LINT_FORMAT_NAMES;
export type LintFormatChoice = LintFormat;

/** One --output FORMAT=FILE. */
export interface LintOutput {
  readonly format: LintFormatChoice;
  readonly file: string;
}

/** Parses and collects --output FORMAT=FILE (repeatable). */
function collectOutput(value: string, previous: LintOutput[] = []): LintOutput[] {
  const eq = value.indexOf('=');
  const format = eq === -1 ? '' : value.slice(0, eq);
  const file = eq === -1 ? '' : value.slice(eq + 1);
  if (!(LINT_FORMAT_CHOICES as readonly string[]).includes(format) || file === '') {
    throw new UsageError(`--output ${value}: write FORMAT=FILE with FORMAT one of ${LINT_FORMAT_CHOICES.join(', ')} (e.g. --output sarif=protocheck.sarif)`);
  }
  return [...previous, { format: format as LintFormatChoice, file }];
}

export interface LintCliOptions {
  readonly format: LintFormatChoice;
  /** --output FORMAT=FILE, in the order given: each format also written to its file. */
  readonly outputs: readonly LintOutput[];
  readonly failOn: 'error' | 'warning' | 'info' | 'never';
  readonly linkerd: LinkerdVersion;
  /** True when --linkerd was given (it then wins over the config file). */
  readonly linkerdGiven: boolean;
  /** --mesh (default linkerd) and --istio. */
  readonly mesh?: MeshName;
  readonly istio?: IstioVersion;
  readonly config?: string;
  readonly fix: boolean;
  readonly dryRun: boolean;
  /** --fix-read-only: --fix also replaces files without write permission (keeping their mode). */
  readonly fixReadOnly: boolean;
  /** --max-input-bytes: the bound on one input (a file or stdin). */
  readonly maxInputBytes: number;
  readonly color: boolean;
  /** --docs-url: base of SARIF helpUri (wins over the config file's docsUrl). */
  readonly docsUrl?: string;
}

export function defineLint(program: Command, ctx: CommandContext): void {
  program
    .command('lint')
    .description('lint Kubernetes manifests for ports the Linkerd proxy will mishandle (files, directories, - for stdin)')
    .argument('[paths...]', 'files and directories (.yaml, .yml, .json), or - for stdin')
    .addOption(new Option('--format <format>', 'output format').choices(LINT_FORMAT_NAMES).default('text'))
    .addOption(new Option('--json', 'same as --format json (the schema is in docs/commands/lint.md)'))
    .addOption(new Option('--fail-on <level>', 'exit 1 when a finding at or above this level exists').choices(['error', 'warning', 'info', 'never']).default('error'))
    .addOption(linkerdOption())
    .option('--output <format=file>', 'also write the report in FORMAT to FILE (repeatable; FILE is replaced atomically), e.g. sarif=protocheck.sarif', collectOutput)
    .addOption(meshOption())
    .addOption(istioOption())
    .option('--config <file>', 'config file (default: .protocheck.yaml found upward from the working directory)')
    .option('--docs-url <url>', 'base URL of the rule pages: SARIF helpUri and the docs link of text and JUnit findings = <url><rule-id>.md (default: docsUrl in the config; else SARIF uses a placeholder and text shows protocheck rules ID)')
    .option('--fix', 'apply the suggested annotation changes in place (stdin: print the fixed stream)')
    .option('--dry-run', 'with --fix: print a unified diff instead of writing')
    .option('--fix-read-only', 'with --fix: also replace files without write permission (their mode is kept; default: such a file is left untouched, with one line)')
    .option('--max-input-bytes <size>', 'largest input read, a file or stdin (e.g. 64M, 1G)', '64M')
    .addOption(colorOption())
    .addHelpText('after', `
Examples:
  protocheck lint k8s/
  helm template my-release ./chart | protocheck lint -
  protocheck lint --format sarif k8s/ > protocheck.sarif
  protocheck lint --output sarif=protocheck.sarif --output junit=protocheck.xml k8s/   text on the terminal too
  protocheck lint --json k8s/ | jq '.findings[].ruleId'
  protocheck lint --fix --dry-run k8s/
  protocheck lint --mesh istio k8s/                the istio-* rules instead of Linkerd's

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or no input could be read.
Rule documentation: protocheck rules [ID].`)
    .action(async (paths: string[], opts: Record<string, unknown>, command: Command) => {
      // --json is --format json; with another --format given on the command line it is a usage error.
      if (opts['json'] === true && command.getOptionValueSource('format') === 'cli' && opts['format'] !== 'json') {
        throw new UsageError(`--json conflicts with --format ${String(opts['format'])} (--json is --format json)`);
      }
      if (opts['fixReadOnly'] === true && opts['fix'] !== true) throw new UsageError('--fix-read-only only works with --fix');
      const maxInputBytes = parseSize(String(opts['maxInputBytes']));
      if (maxInputBytes === undefined) throw new UsageError(`--max-input-bytes ${String(opts['maxInputBytes'])}: not a size (a byte count, or a number with K, M or G, e.g. 64M)`);
      const { runLint } = await import('./lint-run.js');
      const options: LintCliOptions = {
        format: opts['json'] === true ? 'json' : (opts['format'] as LintCliOptions['format']),
        outputs: (opts['output'] as LintOutput[] | undefined) ?? [],
        failOn: opts['failOn'] as LintCliOptions['failOn'],
        linkerd: opts['linkerd'] as LinkerdVersion,
        linkerdGiven: command.getOptionValueSource('linkerd') === 'cli',
        ...(opts['mesh'] === undefined ? {} : { mesh: opts['mesh'] as MeshName }),
        ...(opts['istio'] === undefined ? {} : { istio: opts['istio'] as IstioVersion }),
        ...(typeof opts['config'] === 'string' ? { config: opts['config'] } : {}),
        fix: opts['fix'] === true,
        dryRun: opts['dryRun'] === true,
        fixReadOnly: opts['fixReadOnly'] === true,
        maxInputBytes,
        color: opts['color'] !== false,
        ...(typeof opts['docsUrl'] === 'string' ? { docsUrl: opts['docsUrl'] } : {}),
      };
      ctx.setExit(await runLint(paths, options, ctx.io));
    });
}
