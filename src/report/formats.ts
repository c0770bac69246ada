/**
 * The output formats of `protocheck lint`, as data: the `--format` choices, their one-line descriptions
 * (the docs table in docs/commands/lint.md is generated from them) and the renderer registry in
 * report/index.ts (`satisfies Record<LintFormat, Renderer>`) all follow this list. Light on purpose:
 * command definitions import it at start-up. Adding a format: one entry here, one renderer there.
 */
export const LINT_FORMATS = {
  text: 'grouped by file, one line per finding and its fixes (colours on a terminal)',
  json: 'one JSON document, the schema below (`--json` is the same)',
  sarif: 'SARIF 2.1.0 for GitHub code scanning',
  github: 'GitHub Actions workflow commands (annotations on the pull request)',
  junit: 'JUnit XML for CI test reports: one test case per object and rule (below)',
} as const satisfies Record<string, string>;

export type LintFormat = keyof typeof LINT_FORMATS;

export const LINT_FORMAT_NAMES = Object.keys(LINT_FORMATS) as LintFormat[];

/** The Markdown table of formats in docs/commands/lint.md (checked by test/report/formats.test.ts). */
export function renderLintFormatsTable(): string {
  let out = '| `--format` | Output |\n|---|---|\n';
  for (const name of LINT_FORMAT_NAMES) out += `| \`${name}\` | ${LINT_FORMATS[name]} |\n`;
  return out;
}
