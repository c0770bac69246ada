/**
 * Process entry: runs main() with the real streams and sets the exit code. Nothing else.
 * `--version` alone is answered before the command table is built: it is the start-up figure
 * (README "Start-up"), and loading commander plus every command definition would double it.
 */
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { packageVersion } = await import('./version.js');
  process.stdout.write(`${packageVersion()}\n`);
} else {
  const [{ main }, { realIo }] = await Promise.all([import('./main.js'), import('./io.js')]);
  process.exitCode = await main(argv, realIo());
}
