import { existingCa, issueLeaf, type IssuedCredential } from '../pki/issue';
import type { KeyAlgorithm } from '../pki/keyAlgorithm';
import type { PemString } from '../pki/pem';
import type { CertProfile } from '../pki/profile';
import { importKeyBytes, type KeyBytes } from '../pki/keySource';
import { importPrivateKeyPem } from './importKeys';

/** What a leaf is once issued: the bundle needs its certificate and key as PEM, nothing more. */
export type IssuedPems = Pick<IssuedCredential, 'certPem' | 'keyPem'>;

/** A CA another thread signs with: its certificate and private key, as PEM. */
export interface SigningCa {
  readonly id: string;
  readonly certPem: string;
  readonly keyPem: string;
}

/** One leaf for another thread to issue, with a key it makes itself. */
export interface LeafJob {
  readonly caId: string;
  readonly profile: CertProfile;
  readonly algorithm: KeyAlgorithm;
  /** Start of validity, as milliseconds since the epoch. */
  readonly issuedAt: number;
  /** Its key, made earlier (an RSA pool's); without one the signer makes it. */
  readonly key?: KeyBytes;
}

/** Issues leaves somewhere else (another Worker), in order. */
export type LeafSigner = (cas: readonly SigningCa[], jobs: readonly LeafJob[]) => Promise<IssuedPems[]>;

/** Issues the jobs here: what a signing Worker runs. */
export async function signLeaves(cas: readonly SigningCa[], jobs: readonly LeafJob[]): Promise<IssuedPems[]> {
  const issuers = new Map<string, IssuedCredential>();
  for (const ca of cas)
    issuers.set(ca.id, await existingCa(ca.certPem, await importPrivateKeyPem(ca.keyPem), ca.keyPem));
  const out: IssuedPems[] = [];
  for (const job of jobs) {
    const issuer = issuers.get(job.caId);
    if (!issuer) throw new Error(`no CA ${job.caId} to sign with`);
    const keys = job.key ? await importKeyBytes(job.key) : undefined;
    const { certPem, keyPem } = await issueLeaf(job.profile, job.algorithm, issuer, new Date(job.issuedAt), keys);
    out.push({ certPem: certPem as PemString, keyPem: keyPem as PemString });
  }
  return out;
}
