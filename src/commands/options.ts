/** Options several commands share, declared once so they read the same everywhere. */
import { Option } from 'commander';
import { isKnownError, UsageError } from '../errors.js';
import { DEFAULT_VERSION_INPUT, parseLinkerdVersion } from '../linkerd/version.js';

/** `--linkerd VERSION` (default latest), parsed into a LinkerdVersion. */
export function linkerdOption(): Option {
  return new Option('--linkerd <version>', 'Linkerd version to model: latest, 2.18, 2.14, 2.9.3, edge-25.3.2, ...')
    .default(parseLinkerdVersion(DEFAULT_VERSION_INPUT), DEFAULT_VERSION_INPUT)
    // A UsageError (not commander's InvalidArgumentError, whose text repeats the option syntax),
    // with the accepted forms on the same line.
    .argParser(withHintInMessage(parseLinkerdVersion));
}

/** An option parser whose UsageError carries its hint on the same line (commander prints only the message). */
export function withHintInMessage<T>(parse: (value: string) => T): (value: string) => T {
  return (value: string): T => {
    try {
      return parse(value);
    } catch (error) {
      if (isKnownError(error) && error.hint !== undefined) throw new UsageError(`${error.message}: ${error.hint}`);
      throw error;
    }
  };
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
