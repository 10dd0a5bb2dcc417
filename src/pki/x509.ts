// The single entry to @peculiar/x509: it needs a Reflect polyfill loaded before it, and
// a WebCrypto provider. Browsers, workers and Node 20 all expose globalThis.crypto.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
