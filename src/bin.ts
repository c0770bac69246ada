/** Process entry: runs main() with the real streams and sets the exit code. Nothing else. */
import { main } from './main.js';
import { realIo } from './io.js';

process.exitCode = await main(process.argv.slice(2), realIo());
