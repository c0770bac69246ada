/** `parse-error`: a YAML/JSON document that does not parse (the other documents are still linted). */
import { defineRule } from '../rule.js';

export const parseError = defineRule({
  meta: {
    id: 'parse-error',
    severity: 'error',
    summary: 'A document that does not parse as YAML or JSON.',
    fixable: false,
    messages: {
      notParsed: 'document does not parse ({{code}}): {{detail}}',
      notReadable: 'Kubernetes cannot read this document ({{code}}): {{detail}}',
    },
  },
  check({ files }, report) {
    for (const f of files) {
      for (const p of f.problems) {
        report({ obj: null, file: f.file, at: p, messageId: p.fatal ? 'notParsed' : 'notReadable', data: { code: p.code, detail: p.message } });
      }
    }
  },
});
