import { UsageError } from './io';

/** A number option: plain decimal digits only (no '', 1e3 or 0x10, which Number() would take), within its range. */
export function wholeNumber(option: string, value: string, min: number, max: number): number {
  const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max))
    throw new UsageError(
      `--${option} is a whole number from ${min} to ${max}, written in digits (not ${JSON.stringify(value)}).`,
    );
  return n;
}
