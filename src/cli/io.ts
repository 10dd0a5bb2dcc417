/** Where a command writes: the process's streams, or a test's buffers. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Progress for long runs, on stderr; the same line is rewritten on a terminal. */
  readonly progress: (text: string) => void;
  /** Bytes to standard output (`-o -`), resolved once they are handed to the stream. */
  readonly outBytes: (bytes: Uint8Array) => Promise<void>;
  /** Whether standard output is a terminal, where a zip's bytes must never go. */
  readonly outIsTerminal: boolean;
}

/** Wrong arguments: exit 2, with the command's help, as the audit asks of every command. */
export class UsageError extends Error {}

/** Input that cannot be read or output that cannot be written: exit 2, the reason alone. */
export class InputError extends Error {}

export const EXIT = { ok: 0, failing: 1, badInput: 2 } as const;
