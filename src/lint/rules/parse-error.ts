/** `parse-error`: a YAML/JSON document that does not parse (the other documents are still linted). */
import type { Rule } from '../rule.js';

export const parseError: Rule = {
  meta: { id: 'parse-error', severity: 'error', summary: 'A document that does not parse as YAML or JSON.', fixable: false },
  check({ files }, report) {
    for (const f of files) {
      for (const p of f.problems) {
        const what = p.code === 'NON_STRING_KEY' ? 'Kubernetes cannot read this document' : 'document does not parse';
        report({ obj: null, file: f.file, at: p, message: `${what} (${p.code}): ${p.message}` });
      }
    }
  },
};
