import { isKeyAlgorithm, type KeyAlgorithm } from '../pki/keyAlgorithm';
import type { KeyBytes } from '../pki/keySource';
import type { KeyMaker } from './keyMaker';
import { replies } from './replies';

/** How long the frame may take to say it can make keys before the page does without it. */
const READY_TIMEOUT_MS = 5_000;

/**
 * Makes keys in a sandboxed frame (keymaker.html, allow-scripts only): an opaque origin that
 * Chromium runs in a renderer process of its own, so RSA keys are made on a second core (see
 * docs/benchmarks.md). Resolves to null where the browser gives the frame no WebCrypto or no
 * answer: the page then makes every key itself.
 */
export function frameMaker(baseUrl: string): Promise<KeyMaker | null> {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.title = 'key maker';
  frame.style.display = 'none';
  frame.src = new URL('keymaker.html', baseUrl).href;
  const keys = replies<KeyBytes>();
  return new Promise((resolve) => {
    const close = () => {
      window.removeEventListener('message', onMessage);
      frame.remove();
      keys.failAll('closed');
    };
    const timer = window.setTimeout(() => {
      close();
      resolve(null);
    }, READY_TIMEOUT_MS);
    const maker: KeyMaker = {
      remote: true,
      make: (algorithm: KeyAlgorithm) =>
        keys.ask((id) => frame.contentWindow?.postMessage({ type: 'make', id, algorithm }, '*')),
      close,
    };
    // Only the frame this page made is listened to; what it sends is checked before it is used.
    function onMessage(event: MessageEvent) {
      if (event.source !== frame.contentWindow) return;
      const m = event.data as {
        type?: string;
        id?: number;
        algorithm?: unknown;
        pkcs8?: unknown;
        spki?: unknown;
        subtle?: unknown;
        message?: string;
      };
      if (m?.type === 'ready') {
        window.clearTimeout(timer);
        if (m.subtle === true) resolve(maker);
        else {
          close();
          resolve(null);
        }
        return;
      }
      if (typeof m?.id !== 'number') return;
      keys.settle(
        m.id,
        m.type === 'key' &&
          isKeyAlgorithm(m.algorithm) &&
          m.pkcs8 instanceof ArrayBuffer &&
          m.spki instanceof ArrayBuffer
          ? { algorithm: m.algorithm, pkcs8: m.pkcs8, spki: m.spki }
          : new Error(m.message ?? 'the key maker frame sent no key'),
      );
    }
    window.addEventListener('message', onMessage);
    document.body.append(frame);
  });
}
