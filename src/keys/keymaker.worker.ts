/// <reference lib="webworker" />
// Makes key pairs for the background pool, off the main thread: the page never waits for a key.
import { isKeyAlgorithm } from '../pki/keyAlgorithm';
import { makeKeyBytes } from '../pki/keySource';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = async (event: MessageEvent<{ id: number; algorithm: unknown }>) => {
  const { id, algorithm } = event.data;
  if (!isKeyAlgorithm(algorithm)) return;
  try {
    const key = await makeKeyBytes(algorithm);
    scope.postMessage({ id, key }, [key.pkcs8, key.spki]);
  } catch (error) {
    scope.postMessage({ id, error: String(error) });
  }
};
