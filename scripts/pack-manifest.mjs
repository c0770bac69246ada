// npm lifecycle helper for `npm pack` / `npm publish` (prepack and postpack in package.json).
//
// A git checkout builds on `npm ci` through the `prepare` script, but the published tarball must carry
// no install-time script: `strip` (run last in prepack, after the build) saves package.json and
// removes the scripts from it, so the tarball's package.json has none; `restore` (postpack) puts the
// saved file back. The same pattern as the `pinst` package, without the dependency.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const MANIFEST = 'package.json';
const SAVED = 'package.json.protocheck-pack';
const mode = process.argv[2];

if (mode === 'strip') {
  if (existsSync(SAVED)) {
    // A pack that died between strip and restore: the saved file is the real manifest.
    renameSync(SAVED, MANIFEST);
  }
  const text = readFileSync(MANIFEST, 'utf8');
  const manifest = JSON.parse(text);
  writeFileSync(SAVED, text);
  // The installed CLI needs no script at all; `devDependencies` are kept (metadata only).
  delete manifest.scripts;
  writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
} else if (mode === 'restore') {
  if (existsSync(SAVED)) renameSync(SAVED, MANIFEST);
} else {
  console.error('usage: node scripts/pack-manifest.mjs strip|restore');
  process.exit(2);
}
