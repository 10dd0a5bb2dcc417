// The key-maker frame runs one inline script, allowed by its hash and nothing else: an edit to the
// script that forgets the hash would silently stop the second renderer, so this test says so.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

test('public/keymaker.html allows exactly its own script, by hash, and nothing else', () => {
  const html = readFileSync('public/keymaker.html', 'utf8');
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  expect(scripts).toHaveLength(1);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  const hash = createHash('sha256').update(scripts[0]!).digest('base64');
  expect(csp).toBe(`default-src 'none'; script-src 'sha256-${hash}'`);
  // It answers its parent only, and sends keys nowhere else.
  expect(scripts[0]).toContain('event.source !== parent');
  expect(scripts[0]).not.toMatch(/fetch|XMLHttpRequest|localStorage|indexedDB|WebSocket/);
});
