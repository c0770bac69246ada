/** `detect --json` output always matches its documented JSON Schema (src/detect/json.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { detect } from '../../src/detect/detect.js';
import { detectJson, DETECT_JSON_SCHEMA } from '../../src/detect/json.js';
import { parseLinkerdVersion } from '../../src/linkerd/version.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { text } from './hello-builder.js';

const ajv = new Ajv.default({ allErrors: true, strict: false });
const validate = ajv.compile(DETECT_JSON_SCHEMA);
const check = (value: unknown) => assert.ok(validate(JSON.parse(JSON.stringify(value))), JSON.stringify(validate.errors));

test('recorded hellos and typical first reads give schema-valid JSON', () => {
  const dir = join(REPO_ROOT, 'test', 'detect', 'fixtures');
  const inputs: Uint8Array[] = readdirSync(dir).filter((f) => f.endsWith('.bin')).map((f) => Uint8Array.from(readFileSync(join(dir, f))));
  inputs.push(text('GET / HTTP/1.1\r\n'), text('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), text('AAAAAAAAAAAAAAAA'), new Uint8Array(0));
  for (const v of ['latest', '2.9', '2.12.0', 'edge-24.6.2']) for (const b of inputs) check(detectJson(detect(b, parseLinkerdVersion(v))));
});

test('the schema rejects what it should (sni without state sni, unknown verdicts)', () => {
  const good = detectJson(detect(text('GET / HTTP/1.1\r\n'), parseLinkerdVersion('latest'))) as { tls: { sni: string | null }; http: string };
  const badSni = structuredClone(good);
  badSni.tls.sni = 'example.com';
  assert.equal(validate(badSni), false);
  const badHttp = structuredClone(good);
  badHttp.http = 'http3';
  assert.equal(validate(badHttp), false);
});

test('random first reads give schema-valid JSON', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom('latest', '2.9', '2.14'), (b, v) => {
      check(detectJson(detect(b, parseLinkerdVersion(v))));
    }),
    { numRuns: 500 },
  );
});

test('identification: the optional info is documented in the schema, a stray key is not', () => {
  const good = JSON.parse(JSON.stringify(detectJson(detect(text('GET /x HTTP/1.1\r\n'), parseLinkerdVersion('latest'))))) as { identification: Record<string, unknown> | null };
  assert.equal(typeof good.identification?.['info'], 'string', 'an HTTP request line carries info');
  assert.ok(validate(good), JSON.stringify(validate.errors));
  const stray = structuredClone(good);
  (stray.identification as Record<string, unknown>)['banner'] = 'x';
  assert.equal(validate(stray), false);
});
