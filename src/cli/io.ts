/** Where a command writes: the process's streams, or a test's buffers. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Progress for long runs, on stderr; the same line is rewritten on a terminal. */
  readonly progress: (text: string) => void;
}

/** Wrong arguments or unreadable input: exit 2, as the audit asks of every command. */
export class UsageError extends Error {}

export const EXIT = { ok: 0, failing: 1, badInput: 2 } as const;
