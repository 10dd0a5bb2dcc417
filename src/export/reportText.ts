import { visible } from '../topology/fieldRules';

/**
 * A value read from an imported file, as the import report shows it: on one line with every
 * control or bidi character written as its code (a file name or CN cannot fake a line or
 * reverse the text around it), and cut to `max` characters (a 1 MiB SAN stays readable).
 */
export function shown(value: string, max: number): string {
  const line = visible(value);
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
