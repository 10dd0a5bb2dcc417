import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { Design } from '../topology/design';
import { parseDesign, type ParseResult } from '../topology/designSchema';

const PREFIX = '#design=';

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
  try {
    return parseDesign(JSON.parse(strFromU8(inflateSync(fromBase64Url(fragment.slice(PREFIX.length))))));
  } catch {
    return { ok: false, error: 'The design in this link is damaged: it may have been cut off when copied.' };
  }
}
