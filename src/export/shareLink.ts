import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import type { Design } from '../topology/design';
import { parseDesign, type ParseResult } from '../topology/designSchema';
import { work } from '../topology/workMeter';

const PREFIX = '#design=';

/**
 * The largest link and design read. A design within the editor's limits deflates far below the
 * first and inflates far below the second; beyond them a link is refused before it is read.
 */
export const LINK_LIMITS = { fragmentChars: 2_000_000, designBytes: 8_000_000 } as const;

/** Inflates in small steps and stops as soon as the output passes `max`: a deflate bomb costs a few ms, not the tab. */
function inflateAtMost(bytes: Uint8Array, max: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflate = new Inflate((chunk) => {
    size += chunk.length;
    work.bytesInflated += chunk.length;
    if (size > max) throw new RangeError('too large');
    chunks.push(chunk);
  });
  const STEP = 4096;
  for (let i = 0; i < bytes.length; i += STEP) inflate.push(bytes.subarray(i, i + STEP), i + STEP >= bytes.length);
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A URL fragment that carries the whole design, deflated; fragments never reach a server. */
export function designToFragment(design: Design): string {
  return `${PREFIX}${toBase64Url(deflateSync(strToU8(JSON.stringify(design)), { level: 9 }))}`;
}

/** The design in a URL fragment, null when the fragment carries none. */
export function designFromFragment(fragment: string): ParseResult | null {
  if (!fragment.startsWith(PREFIX)) return null;
  const tooBig = {
    ok: false,
    error: 'The design in this link is larger than any design the editor makes, so it was not opened.',
  } as const;
  if (fragment.length > LINK_LIMITS.fragmentChars) return tooBig;
  let text: string;
  try {
    text = strFromU8(inflateAtMost(fromBase64Url(fragment.slice(PREFIX.length)), LINK_LIMITS.designBytes));
  } catch (error) {
    if (error instanceof RangeError) return tooBig;
    return { ok: false, error: 'The design in this link is damaged: it may have been cut off when copied.' };
  }
  try {
    work.charsParsed += text.length;
    return parseDesign(JSON.parse(text));
  } catch {
    return { ok: false, error: 'The design in this link is damaged: it may have been cut off when copied.' };
  }
}
