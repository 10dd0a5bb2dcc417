import { visible } from '../topology/fieldRules';

// Every value a generated script or command embeds goes through these functions: no value a
// design holds can end a quote, start a command, expand a variable or end a comment line.

/** Characters that need no quoting in any POSIX shell word (Python's shlex.quote keeps the same set). */
const SHELL_SAFE = /^[A-Za-z0-9@%+=:,./_-]+$/;

/** One shell word: bare when it holds only safe characters, otherwise single-quoted with `'` written as `'\''`. */
export function shellQuote(value: string): string {
  return SHELL_SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Text for one line of a comment or a README: every control character shown as its escape, so nothing ends the line. */
export function oneLine(text: string): string {
  return visible(text);
}

/** A `# comment` line of a script. */
export function shellComment(text: string): string {
  return `# ${oneLine(text)}`;
}

/**
 * A value inside an openssl config file or `-addext`: openssl expands `$var` and `${section::name}`
 * (its ENV section reads the environment), ends the value at `#`, and treats quotes and `\` as
 * escapes, so each of these is escaped with `\`.
 */
export function opensslConfigValue(value: string): string {
  return value.replace(/[\\$#"']/g, '\\$&');
}
