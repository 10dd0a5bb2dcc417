import type { KeyAlgorithm } from '../pki/keyAlgorithm';
import type { KeyBytes } from '../pki/keySource';

/** Something that makes key pairs one at a time: a Worker of this page, or a frame in another renderer. */
export interface KeyMaker {
  /** Another renderer process than the page's: it adds a core for RSA while the page's own thread is busy. */
  readonly remote: boolean;
  make(algorithm: KeyAlgorithm): Promise<KeyBytes>;
  close(): void;
}
