/**
 * Characters no name of a design may hold: C0 and C1 controls (a newline ends a script comment
 * or a YAML line), line and paragraph separators, and the bidirectional overrides that make
 * text read differently from what it is (CVE-2021-42574).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;

const UNSAFE_EVERYWHERE = new RegExp(UNSAFE_CHARACTER.source, 'gu');

/**
 * Text with every unsafe character (see UNSAFE_CHARACTER) written as its escape, `\u001B` or
 * `\u202E`: quoted in a message, a value cannot clear a terminal, set its title, fake a line or
 * reverse the text around it.
 */
export function visible(text: string): string {
  return text.replace(UNSAFE_EVERYWHERE, (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}

/** A value as a message quotes it: in double quotes, escaped by `visible`, and cut to `max` characters. */
export function quoted(value: string, max = 120): string {
  return `"${visible(value.length > max ? `${value.slice(0, max)}…` : value)}"`;
}
