// Properties: the same manifest written with an anchor and an alias, with a merge key, or with a BOM and
// CRLF line ends, gives the same findings as written out plainly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lintParsed } from '../../src/lint/engine.js';
import { parseSource } from '../../src/lint/parse.js';
import { options } from './helpers.js';

const spec = fc.record({
  image: fc.constantFrom('nats:2.10', 'mysql:8', 'nginx', 'dovecot/dovecot', 'redis:7'),
  port: fc.constantFrom(4222, 3306, 143, 8080, 6379, 11211, 7422),
  name: fc.constantFrom('client', 'mysql', 'imap', 'http', 'leafnodes'),
  opaque: fc.option(fc.constantFrom('4222', '3306,8080', '143', '')),
  service: fc.boolean(),
});

function variants(m: { image: string; port: number; name: string; opaque: string | null; service: boolean }): { plain: string } & Record<string, string> {
  const svc = m.service ? `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: a}\n  ports:\n  - {name: ${m.name}, port: ${m.port}}\n---\n` : '';
  const ann = m.opaque === null ? '' : `      annotations: {config.linkerd.io/opaque-ports: ${JSON.stringify(m.opaque)}}\n`;
  const head = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec:\n  template:\n    metadata:\n      labels: {app: a}\n${ann}    spec:\n      containers:\n`;
  const container = `name: c\nimage: ${m.image}\nports:\n- {name: ${m.name}, containerPort: ${m.port}}\n`;
  const indent = (s: string, n: number) => s.split('\n').map((l) => (l === '' ? l : ' '.repeat(n) + l)).join('\n');
  const plain = `${svc}${head}      - ${indent(container, 8).trimStart()}`;
  const defs = `x-defs:\n  container: &c\n${indent(container, 4)}`;
  return {
    plain,
    alias: `${svc}${defs}${head}      - *c\n`,
    merge: `${svc}${defs}${head}      - <<: *c\n        image: ${m.image}\n`,
    portsAlias: `${svc}x-ports: &p\n- {name: ${m.name}, containerPort: ${m.port}}\n${head}      - name: c\n        image: ${m.image}\n        ports: *p\n`,
    bomCrlf: '\ufeff' + plain.replace(/\n/g, '\r\n'),
  };
}

const summary = (text: string) =>
  lintParsed([parseSource({ file: 'g.yaml', text })], options())
    .findings.map((f) => `${f.ruleId} ${f.object?.kind}/${f.object?.name} ${f.port} ${f.message}`)
    .sort();

test('aliases, merge keys, BOM and CRLF: the same findings as the plain manifest', () => {
  let withFindings = 0;
  fc.assert(
    fc.property(spec, (m) => {
      const v = variants(m);
      const want = summary(v.plain);
      if (want.length > 0) withFindings++;
      for (const [name, text] of Object.entries(v)) assert.deepEqual(summary(text), want, `${name}:\n${text}`);
    }),
    { numRuns: 150 },
  );
  assert.ok(withFindings > 20, `the generator makes manifests with findings (${withFindings})`);
});
