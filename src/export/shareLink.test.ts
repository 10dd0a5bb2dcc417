import { expect, test } from 'vitest';
import { NO_EDITS, type Design } from '../topology/design';
import { addWorker, updateParams } from '../topology/edits';
import { PRESET_DEFAULTS } from '../topology/presets';
import { designFromFragment, designToFragment } from './shareLink';

test('a share link carries the whole design, URL-safe', () => {
  const design: Design = updateParams({ keyAlgorithm: 'RSA-3072' })(
    addWorker({ presetId: 'course', params: PRESET_DEFAULTS.course, edits: NO_EDITS }),
  );
  const fragment = designToFragment(design);
  expect(fragment).toMatch(/^#design=[A-Za-z0-9_-]+$/);
  expect(designFromFragment(fragment)).toEqual({ ok: true, design });
});

test('a link cut off in copying is refused with a reason; other fragments are not links', () => {
  const fragment = designToFragment({ presetId: 'kubeadm', params: PRESET_DEFAULTS.kubeadm, edits: NO_EDITS });
  const cut = designFromFragment(fragment.slice(0, fragment.length - 20));
  expect(cut?.ok).toBe(false);
  if (cut && !cut.ok) expect(cut.error).toMatch(/damaged|cannot/);
  expect(designFromFragment('#section-2')).toBeNull();
  expect(designFromFragment('')).toBeNull();
});
