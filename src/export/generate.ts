import { createCa, existingCa, issueIntermediateCa, issueLeaf, type IssuedCredential } from '../pki/issue';
import { parentsFirst } from '../topology/caChain';
import { DAY_MS, type CertProfile } from '../pki/profile';
import { isEcdsa } from '../pki/keyAlgorithm';
import { FRESH_KEYS, type KeySource } from '../pki/keySource';
import type { LeafSigner, IssuedPems } from './leafSigning';
import { exportPrivateKeyPem, exportPublicKeyPem, type PemString } from '../pki/pem';
import type { CaId, CredentialId, KeyPairId, Topology } from '../topology/model';
import { importPrivateKeyPem, publicKeyOfPrivate } from './importKeys';

export interface GeneratedKeyPair {
  readonly privatePem: PemString;
  readonly publicPem: PemString;
}

/** Every key and certificate of a design, freshly made. Lives in memory only. */
export interface GeneratedPki {
  readonly cas: ReadonlyMap<CaId, IssuedCredential>;
  readonly credentials: ReadonlyMap<CredentialId, IssuedPems>;
  readonly keyPairs: ReadonlyMap<KeyPairId, GeneratedKeyPair>;
  /** CAs and key pairs taken as given (an imported PKI's), not made: the README says so. */
  readonly kept: ReadonlySet<string>;
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
  /** Where new key pairs come from (made here by default); each pair it gives is used once. */
  readonly keys?: KeySource;
  /**
   * Other threads that issue a share of the leaves of a large ECDSA design, where building and
   * signing certificates in JavaScript is the cost (an RSA design waits on its keys instead).
   */
  readonly signers?: readonly LeafSigner[];
  /** Leaves written back as they are (an imported PKI's, not due for renewal), by credential id. */
  readonly keepLeaves?: Readonly<Record<string, { readonly certPem: string; readonly keyPem: string }>>;
  /** Leaves renewed with the key they already have (kubeadm makes a new one), by credential id: the key's PEM. */
  readonly renewWithKeys?: Readonly<Record<string, string>>;
}

/** Below this many leaves, handing some to another thread costs more than it saves. */
const SPLIT_FROM = 40;

/** Issues every CA, credential and bare key pair of a topology; CAs first, since leaves need them. */
export async function generatePki(topology: Topology, options: GenerateOptions = {}): Promise<GeneratedPki> {
  const { onProgress, signal, now = new Date(), reuseCas = {}, keepKeyPairs = {}, keys: source = FRESH_KEYS } = options;
  const alg = topology.keyAlgorithm;
  const total = topology.cas.length + topology.credentials.length + topology.keyPairs.length;
  let done = 0;
  const step = () => {
    signal?.throwIfAborted();
    onProgress?.(++done, total);
  };

  const kept = new Set<string>();
  const cas = new Map<CaId, IssuedCredential>();
  // A CA made anew above one that is kept would not be its issuer: the chain would break.
  const keptBelow = (id: string) => topology.cas.find((c) => reuseCas[c.id] && c.parentCaId === id);
  for (const ca of parentsFirst(topology.cas)) {
    signal?.throwIfAborted();
    const given = reuseCas[ca.id];
    const below = given ? undefined : keptBelow(ca.id);
    if (below)
      throw new Error(
        `${ca.name} would be made anew, but ${below.name}, which it signs, is kept: its key (${ca.keyFile}) is needed too.`,
      );
    if (given) {
      cas.set(ca.id, await existingCa(given.certPem, await importPrivateKeyPem(given.keyPem), given.keyPem));
      kept.add(ca.id);
      step();
      continue;
    }
    const profile = {
      subject: ca.subject,
      isCa: true,
      serverAuth: false,
      clientAuth: false,
      dnsNames: ca.dnsNames,
      ipAddresses: [],
      validityDays: ca.validityDays,
      ...(ca.pathLength !== undefined ? { pathLength: ca.pathLength } : {}),
    };
    const parent = ca.parentCaId ? cas.get(ca.parentCaId) : undefined;
    if (ca.parentCaId && !parent) throw new Error(`${ca.name}: its signing CA ${ca.parentCaId} is not in the design`);
    cas.set(
      ca.id,
      parent
        ? await issueIntermediateCa(profile, alg, parent, now, await source.next(alg))
        : await createCa(profile, alg, now, await source.next(alg)),
    );
    step();
  }
  const issuedAt = (days: number | undefined) => new Date(now.getTime() + (days ?? 0) * DAY_MS);
  const profileOf = leafProfile;
  const issuerOf = (cred: Topology['credentials'][number]) => {
    const issuer = cas.get(cred.caId);
    if (!issuer) throw new Error(`${cred.label}: its CA ${cred.caId} is not in the design`);
    return issuer;
  };
  const all = topology.credentials;
  const signers = options.signers ?? [];
  // This thread issues the first share; each signer one of the rest, side by side. ECDSA signers
  // make their own keys; RSA ones only take keys already made (a filled pool), never wait for one.
  // A renewal keeps or re-signs chosen leaves here, one by one.
  const { keepLeaves = {}, renewWithKeys = {} } = options;
  const renewing = Object.keys(keepLeaves).length + Object.keys(renewWithKeys).length > 0;
  const canSplit =
    !renewing && signers.length > 0 && all.length >= SPLIT_FROM && all.every((c) => (c.keyAlgorithm ?? alg) === alg);
  const shareOf = Math.ceil(all.length / (signers.length + 1));
  const rest = all.length - shareOf;
  const ready = canSplit && !isEcdsa(alg) ? (source.takeReady?.(alg, rest) ?? []) : [];
  const split = canSplit && (isEcdsa(alg) || ready.length === rest);
  const share = split ? shareOf : all.length;
  const signingCas = split ? [...cas].map(([id, ca]) => ({ id, certPem: ca.certPem, keyPem: ca.keyPem })) : [];
  const elsewhere = split
    ? signers.map((sign, k) => {
        const part = all.slice(share * (k + 1), share * (k + 2));
        part.forEach(issuerOf);
        const offset = share * k;
        return sign(
          signingCas,
          part.map((cred, i) => ({
            caId: cred.caId,
            profile: profileOf(cred),
            algorithm: alg,
            issuedAt: issuedAt(cred.validFromDays).getTime(),
            ...(ready.length > 0 ? { key: ready[offset + i]! } : {}),
          })),
        ).then((issued) => {
          issued.forEach(() => step());
          return issued;
        });
      })
    : [];
  const here: IssuedPems[] = [];
  for (const cred of all.slice(0, share)) {
    signal?.throwIfAborted();
    const issuer = issuerOf(cred);
    const algorithm = cred.keyAlgorithm ?? alg;
    const kept = keepLeaves[cred.id];
    const ownKey = renewWithKeys[cred.id];
    if (kept) here.push({ certPem: kept.certPem as PemString, keyPem: kept.keyPem as PemString });
    else if (ownKey)
      here.push(
        await issueLeaf(profileOf(cred), algorithm, issuer, issuedAt(cred.validFromDays), await keyPairOfPem(ownKey)),
      );
    else
      here.push(
        await issueLeaf(profileOf(cred), algorithm, issuer, issuedAt(cred.validFromDays), await source.next(algorithm)),
      );
    step();
  }
  const issued = [...here, ...(await Promise.all(elsewhere)).flat()];
  const credentials = new Map<CredentialId, IssuedPems>(all.map((c, i) => [c.id, issued[i]!]));
  const keyPairs = new Map<KeyPairId, GeneratedKeyPair>();
  for (const pair of topology.keyPairs) {
    signal?.throwIfAborted();
    // A new service-account key would invalidate every token the cluster has issued: kept when given.
    const given = keepKeyPairs[pair.id];
    if (given) {
      // PEM text as the imported files held it, written back exactly.
      keyPairs.set(pair.id, { privatePem: given.privatePem as PemString, publicPem: given.publicPem as PemString });
      kept.add(pair.id);
      step();
      continue;
    }
    const keys = await source.next(alg);
    keyPairs.set(pair.id, {
      privatePem: await exportPrivateKeyPem(keys.privateKey),
      publicPem: await exportPublicKeyPem(keys.publicKey),
    });
    step();
  }
  return { cas, credentials, keyPairs, kept };
}

/** What decides a leaf's certificate, from its credential. */
export function leafProfile(cred: Topology['credentials'][number]): CertProfile {
  return {
    subject: cred.subject,
    isCa: false,
    serverAuth: cred.serverAuth,
    clientAuth: cred.clientAuth,
    dnsNames: cred.dnsNames,
    ipAddresses: cred.ipAddresses,
    validityDays: cred.validityDays,
  };
}

/** A key pair from a private key's PEM (its public half derived): a renewal that keeps the key. */
export async function keyPairOfPem(pem: string): Promise<CryptoKeyPair> {
  const privateKey = await importPrivateKeyPem(pem);
  return { privateKey, publicKey: await publicKeyOfPrivate(privateKey) };
}
