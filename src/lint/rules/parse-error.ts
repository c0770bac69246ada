/** `parse-error`: a YAML/JSON document that does not parse (the other documents are still linted). */
import type { Rule } from '../rule.js';

export const parseError: Rule = {
  meta: { id: 'parse-error', severity: 'error', summary: 'A document that does not parse as YAML or JSON.', fixable: false },
  check({ files }, report) {
    for (const f of files) {
      for (const p of f.problems) {
        const what = p.fatal ? 'document does not parse' : 'Kubernetes cannot read this document';
        report({ obj: null, file: f.file, at: p, message: `${what} (${p.code}): ${p.message}` });
      }
    }
  },
};
