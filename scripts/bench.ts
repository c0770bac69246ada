/**
 * `npm run bench`: prints one line per figure, `name: value unit`. Each file in scripts/bench/
 * exports `run(): Promise<string[]>`; they run one after the other so figures do not disturb each other.
 * Arguments filter the benches by file name.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('./bench/', import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.js'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { run: () => Promise<string[]> };
  for (const line of await mod.run()) console.log(line);
}
