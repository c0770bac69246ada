/**
 * `.protocheck.yaml`: Linkerd version, install mode, rule severities and ignored paths. Parsing is
 * pure; finding the file (upward from the cwd) is done by the command shell.
 *
 *   linkerd: "2.14"          # like --linkerd (the flag wins)
 *   cni: false               # linkerd-cni instead of proxy-init
 *   assumeMeshed: true       # workloads without linkerd.io/inject anywhere count as meshed
 *   rules:
 *     skip-subnets-inbound-only: off     # error | warning | info | off
 *   ignore:
 *     - vendor/**            # globs, relative to the config file's directory
 *   docsUrl: https://github.com/acme/protocheck/blob/main/docs/rules/   # base of SARIF helpUri (like --docs-url)
 */
import { parse } from 'yaml';
import { InputError } from '../errors.js';
import { SEVERITIES, type Severity } from './types.js';
import { escapeControls } from '../term/escape.js';

export const CONFIG_FILE = '.protocheck.yaml';

export interface LintConfig {
  readonly linkerd?: string;
  readonly cni?: boolean;
  readonly assumeMeshed?: boolean;
  readonly rules: Readonly<Record<string, Severity | 'off'>>;
  readonly ignore: readonly string[];
  /** Base URL of the rule pages in SARIF (`<docsUrl><rule-id>.md`), ending in `/`. */
  readonly docsUrl?: string;
}

export const EMPTY_CONFIG: LintConfig = { rules: {}, ignore: [] };

/** A docs base URL as given: absolute http(s), ending in `/`. Returns an error sentence, or the normalized URL. */
export function normalizeDocsUrl(raw: string): { url: string } | { error: string } {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { error: `not an absolute URL: "${escapeControls(raw)}"` };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { error: `must be an http(s) URL, not "${escapeControls(raw)}"` };
  return { url: raw.endsWith('/') ? raw : raw + '/' };
}

const KEYS = ['linkerd', 'cni', 'assumeMeshed', 'rules', 'ignore', 'docsUrl'];

export function parseConfig(text: string, file: string, knownRules: readonly string[]): LintConfig {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  if (raw === null || raw === undefined) return EMPTY_CONFIG;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(`${file}: expected a mapping`);
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    if (!KEYS.includes(k)) throw new InputError(`${file}: unknown key "${k}" (known: ${KEYS.join(', ')})`);
  }
  const out: { -readonly [K in keyof LintConfig]: LintConfig[K] } = { rules: {}, ignore: [] };
  if (r['linkerd'] !== undefined) {
    if (typeof r['linkerd'] !== 'string' && typeof r['linkerd'] !== 'number') throw new InputError(`${file}: "linkerd" must be a version string such as "2.14"`);
    out.linkerd = String(r['linkerd']);
  }
  for (const k of ['cni', 'assumeMeshed'] as const) {
    if (r[k] === undefined) continue;
    if (typeof r[k] !== 'boolean') throw new InputError(`${file}: "${k}" must be true or false`);
    out[k] = r[k];
  }
  if (r['rules'] !== undefined) {
    if (typeof r['rules'] !== 'object' || r['rules'] === null || Array.isArray(r['rules'])) throw new InputError(`${file}: "rules" must map rule ids to error, warning, info or off`);
    const rules: Record<string, Severity | 'off'> = {};
    for (const [id, level] of Object.entries(r['rules'] as Record<string, unknown>)) {
      if (!knownRules.includes(id)) throw new InputError(`${file}: unknown rule "${id}" (see protocheck rules)`);
      const l = level === false ? 'off' : String(level);
      if (l !== 'off' && !(SEVERITIES as readonly string[]).includes(l)) throw new InputError(`${file}: rule "${id}": level must be error, warning, info or off, not "${l}"`);
      rules[id] = l as Severity | 'off';
    }
    out.rules = rules;
  }
  if (r['ignore'] !== undefined) {
    if (!Array.isArray(r['ignore']) || !r['ignore'].every((x) => typeof x === 'string')) throw new InputError(`${file}: "ignore" must be a list of path globs`);
    out.ignore = r['ignore'] as string[];
  }
  if (r['docsUrl'] !== undefined) {
    const d = typeof r['docsUrl'] === 'string' ? normalizeDocsUrl(r['docsUrl']) : { error: 'must be a URL string' };
    if ('error' in d) throw new InputError(`${file}: "docsUrl" ${d.error}`);
    out.docsUrl = d.url;
  }
  return out;
}

/** `**` any depth, `*` within a segment, `?` one character; a glob without `/` matches a base name anywhere. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return glob.includes('/') ? new RegExp(`^${re}(/.*)?$`) : new RegExp(`(^|/)${re}(/.*)?$`);
}

export function isIgnoredPath(relativePath: string, globs: readonly string[]): boolean {
  const p = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
  return globs.some((g) => globToRegExp(g.replace(/^\.\//, '')).test(p));
}
