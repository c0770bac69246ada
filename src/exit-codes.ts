/** The documented exit codes (README "Exit codes"). */
export const EXIT_OK = 0;
/** Findings at or above the threshold, or a port that needs action. */
export const EXIT_FINDINGS = 1;
/** Usage or input error, or nothing could be read or reached. */
export const EXIT_USAGE = 2;

export type ExitCode = typeof EXIT_OK | typeof EXIT_FINDINGS | typeof EXIT_USAGE;
