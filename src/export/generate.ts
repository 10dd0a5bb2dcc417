import { createCa, existingCa, issueLeaf, type IssuedCredential } from '../pki/issue';
import { DAY_MS } from '../pki/profile';
import { generateKeyPair } from '../pki/keyAlgorithm';
import { exportPrivateKeyPem, exportPublicKeyPem, type PemString } from '../pki/pem';
import type { CaId, CredentialId, KeyPairId, Topology } from '../topology/model';
import { importPrivateKeyPem } from './importPki';


export interface GeneratedKeyPair {
  readonly privatePem: PemString;
  readonly publicPem: PemString;
}

/** Every key and certificate of a design, freshly made. Lives in memory only. */
export interface GeneratedPki {
  readonly cas: ReadonlyMap<CaId, IssuedCredential>;
  readonly credentials: ReadonlyMap<CredentialId, IssuedCredential>;
  readonly keyPairs: ReadonlyMap<KeyPairId, GeneratedKeyPair>;
}

export interface GenerateOptions {
  /** Called after each key is made, with how many are done of how many. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Stops between keys when aborted; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  readonly now?: Date;
  /** CAs to keep rather than create, by CA id: an imported PKI re-signed by its own CAs. */
  readonly reuseCas?: Readonly<Record<string, { readonly certPem: string; readonly keyPem: string }>>;
  /** Bare key pairs to keep rather than make, by id: an imported service-account pair, as it was. */
  readonly keepKeyPairs?: Readonly<Record<string, { readonly privatePem: string; readonly publicPem: string }>>;
}

/** Issues every CA, credential and bare key pair of a topology; CAs first, since leaves need them. */
export async function generatePki(topology: Topology, options: GenerateOptions = {}): Promise<GeneratedPki> {
  const { onProgress, signal, now = new Date(), reuseCas = {}, keepKeyPairs = {} } = options;
  const alg = topology.keyAlgorithm;
  const total = topology.cas.length + topology.credentials.length + topology.keyPairs.length;
  let done = 0;
  const step = () => {
    signal?.throwIfAborted();
    onProgress?.(++done, total);
  };

  const cas = new Map<CaId, IssuedCredential>();
  for (const ca of topology.cas) {
    signal?.throwIfAborted();
    const kept = reuseCas[ca.id];
    if (kept) {
      cas.set(ca.id, await existingCa(kept.certPem, await importPrivateKeyPem(kept.keyPem), kept.keyPem));
      step();
      continue;
    }
    cas.set(ca.id, await createCa({
      subject: ca.subject, isCa: true, serverAuth: false, clientAuth: false, dnsNames: ca.dnsNames, ipAddresses: [],
      validityDays: ca.validityDays,
    }, alg, now));
    step();
  }
  const credentials = new Map<CredentialId, IssuedCredential>();
  for (const cred of topology.credentials) {
    signal?.throwIfAborted();
    const issuer = cas.get(cred.caId);
    if (!issuer) throw new Error(`${cred.label}: its CA ${cred.caId} is not in the design`);
    credentials.set(cred.id, await issueLeaf({
      subject: cred.subject, isCa: false, serverAuth: cred.serverAuth, clientAuth: cred.clientAuth,
      dnsNames: cred.dnsNames, ipAddresses: cred.ipAddresses, validityDays: cred.validityDays,
    }, cred.keyAlgorithm ?? alg, issuer, new Date(now.getTime() + (cred.validFromDays ?? 0) * DAY_MS)));
    step();
  }
  const keyPairs = new Map<KeyPairId, GeneratedKeyPair>();
  for (const pair of topology.keyPairs) {
    signal?.throwIfAborted();
    // A new service-account key would invalidate every token the cluster has issued: kept when given.
    const kept = keepKeyPairs[pair.id];
    if (kept) {
      // PEM text as the imported files held it, written back exactly.
      keyPairs.set(pair.id, { privatePem: kept.privatePem as PemString, publicPem: kept.publicPem as PemString });
      step();
      continue;
    }
    const keys = await generateKeyPair(alg);
    keyPairs.set(pair.id, { privatePem: await exportPrivateKeyPem(keys.privateKey), publicPem: await exportPublicKeyPem(keys.publicKey) });
    step();
  }
  return { cas, credentials, keyPairs };
}
