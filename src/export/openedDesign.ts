import type { Design } from '../topology/design';
import { parseDesignFile } from '../topology/designSchema';
import { kubeadmConfigDesign } from './kubeadmConfigDesign';

export type OpenedDesign =
  | { readonly ok: true; readonly design: Design; readonly notes: readonly string[]; readonly source: 'design' | 'kubeadm' }
  | { readonly ok: false; readonly error: string };

/**
 * A file opened as a design, in the browser (Open design) or on the command line: a saved
 * design (JSON), or a kubeadm-config.yaml read as a design of the kubeadm preset, with the
 * notes that name what it could not honour.
 */
export function openedDesign(fileText: string): OpenedDesign {
  const text = fileText.replace(/^\uFEFF/, '');
  if (text.trimStart().startsWith('{')) {
    const parsed = parseDesignFile(text);
    return parsed.ok ? { ...parsed, notes: [], source: 'design' } : parsed;
  }
  const read = kubeadmConfigDesign(text);
  return read.ok ? { ...read, source: 'kubeadm' } : read;
}
