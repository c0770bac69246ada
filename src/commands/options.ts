/** Options several commands share, declared once so they read the same everywhere. */
import { Option, InvalidArgumentError } from 'commander';
import { DEFAULT_VERSION_INPUT, parseLinkerdVersion, type LinkerdVersion } from '../linkerd/version.js';
import { isKnownError } from '../errors.js';

/** `--linkerd VERSION` (default latest), parsed into a LinkerdVersion. */
export function linkerdOption(): Option {
  return new Option('--linkerd <version>', 'Linkerd version to model: latest, 2.18, 2.14, 2.9.3, edge-25.3.2, ...')
    .default(parseLinkerdVersion(DEFAULT_VERSION_INPUT), DEFAULT_VERSION_INPUT)
    .argParser((value: string): LinkerdVersion => {
      try {
        return parseLinkerdVersion(value);
      } catch (error) {
        throw new InvalidArgumentError(isKnownError(error) ? `${error.message} (${error.hint ?? ''})` : String(error));
      }
    });
}

export function jsonOption(): Option {
  return new Option('--json', 'print machine-readable JSON (schema in README "JSON output")');
}

export function colorOption(): Option {
  return new Option('--no-color', 'never color the output (also: NO_COLOR=1)');
}

/** Writes a value as pretty JSON with a final newline. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
