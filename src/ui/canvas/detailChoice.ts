/**
 * The person's level-of-detail choice (Show every certificate), kept for the tab's session so a
 * reload or a new design does not take it back. Storage is untrusted: only the exact word counts.
 */
const KEY = 'k8s-tls-designer:detail';

export type DetailChoice = 'auto' | 'full';

export function loadDetailChoice(): DetailChoice {
  try {
    return sessionStorage.getItem(KEY) === 'full' ? 'full' : 'auto';
  } catch {
    // Storage refused (a sandboxed frame, privacy settings): the default level.
    return 'auto';
  }
}

export function saveDetailChoice(choice: DetailChoice): void {
  try {
    sessionStorage.setItem(KEY, choice);
  } catch {
    // Not kept: the choice still holds until the page is left.
  }
}
