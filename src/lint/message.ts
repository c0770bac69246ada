/** Renders a rule's message template with its data (ESLint's `{{ name }}` placeholders). Pure. */
import type { MessageData } from './types.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g;

/** The placeholder names a template uses, in order of first use. */
export function placeholders(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}

/** Replaces each `{{name}}` by `data.name`; a placeholder without data stays as written (as in ESLint; test/lint/meta.test.ts checks none is left). */
export function renderMessage(template: string, data: MessageData = {}): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(data, name) ? String(data[name]) : whole));
}
