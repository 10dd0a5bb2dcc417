import type { Design } from '../topology/design';
import { parseDesignFile } from '../topology/designSchema';
import { kubeadmConfigDesign } from './kubeadmConfigDesign';

export type OpenedDesign =
  | {
      readonly ok: true;
      readonly design: Design;
      readonly notes: readonly string[];
      readonly source: 'design' | 'kubeadm';
    }
  | { readonly ok: false; readonly error: string };

/**
 * A file opened as a design, in the browser (Open design) or on the command line: a saved
 * design (JSON), or a kubeadm-config.yaml read as a design of the kubeadm preset, with the
 * notes that name what it could not honour. A .json name or a leading { is a saved design (so a
 * damaged one is told as such); anything else is read as a kubeadm configuration.
 */
export function openedDesign(fileText: string, fileName: string): OpenedDesign {
  const text = fileText.replace(/^\uFEFF/, '');
  if (text.trimStart().startsWith('{') || /\.json$/i.test(fileName)) {
    const parsed = parseDesignFile(text);
    return parsed.ok ? { ...parsed, notes: [], source: 'design' } : parsed;
  }
  const read = kubeadmConfigDesign(text);
  return read.ok ? { ...read, source: 'kubeadm' } : read;
}
