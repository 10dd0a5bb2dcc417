import type { BundleOptions } from '../export/layouts';
import type { LeafJob, SigningCa } from '../export/leafSigning';
import type { KeyBytes } from '../pki/keySource';
import type { Design } from '../topology/design';

/** Main thread -> worker: what to generate. */
export interface GenerateRequest {
  readonly type: 'generate';
  /** The design, not its topology: the worker expands pools, which the drawing keeps whole. */
  readonly design: Design;
  readonly options: BundleOptions;
  /** Imported CAs to re-sign with, by CA id (certificate and key PEM). */
  readonly reuseCas?: Readonly<Record<string, { readonly certPem: string; readonly keyPem: string }>>;
  /** Imported bare key pairs to write back unchanged, by id. */
  readonly keepKeyPairs?: Readonly<Record<string, { readonly privatePem: string; readonly publicPem: string }>>;
  /** Keys made in the background while the person designed, each used once. */
  readonly pooled?: readonly KeyBytes[];
  /** People's credentials also as PKCS#12 files, encrypted with this password. */
  readonly pkcs12Password?: string;
  /** A renewal: imported leaves written back as they are, and renewed leaves that keep their key. */
  readonly keepLeaves?: Readonly<Record<string, { readonly certPem: string; readonly keyPem: string }>>;
  readonly renewWithKeys?: Readonly<Record<string, string>>;
}

/** Main thread -> a worker prepared ahead of the click: make a throw-away bundle to warm its code. */
export interface WarmUpMessage {
  readonly type: 'warm-up';
}

/** Main thread -> worker, while it runs: keys another renderer made for this generation. */
export interface KeysMessage {
  readonly type: 'keys';
  readonly keys: readonly KeyBytes[];
}

/** Worker -> main thread. */
export type GenerateMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | {
      readonly type: 'done';
      readonly zip: Uint8Array;
      readonly fileName: string;
      readonly fileCount: number;
      /** Certificates only (never keys), by CA or credential id, for the viewer and the checks. */
      readonly certificates: Readonly<Record<string, string>>;
      /** CAs and key pairs written as imported rather than made. */
      readonly kept: readonly string[];
      /** Keys made or given but not used: back to the pool, never into another bundle. */
      readonly leftover: readonly KeyBytes[];
    }
  | { readonly type: 'error'; readonly message: string };

/** Generation worker -> its signing worker: a share of the leaves to issue. */
export interface SignRequest {
  readonly id: number;
  readonly cas: SigningCa[];
  readonly jobs: LeafJob[];
  /** A warm-up's share: it stops at its next leaf once a real request comes. */
  readonly warmUp?: boolean;
}
