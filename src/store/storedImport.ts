import { z } from '../topology/zod';
import type { ImportReport } from '../export/importPki';
import { parseDesign } from '../topology/designSchema';

// The import report kept with the design across reloads: what was read, the certificates (public),
// never a private key. Stored text is untrusted on the way back in: it passes a schema, its
// design passes the same gate as any design, and every certificate must be PEM.

const text = (max: number) => z.string().max(max);
const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]{1,20000}-----END CERTIFICATE-----\r?\n?$/;
const MAX_ENTRIES = 5_000;

const stored = z.object({
  refused: text(2_000).nullable(),
  design: z.unknown(),
  certificates: z.record(text(300), text(30_000).regex(PEM_CERTIFICATE)),
  recognised: z.array(z.object({ path: text(1_000), role: text(300), elementId: text(300) })).max(MAX_ENTRIES),
  keys: z.array(z.object({ path: text(1_000), matches: text(1_300).nullable() })).max(MAX_ENTRIES),
  rejected: z.array(z.object({ path: text(1_000), reason: text(2_000) })).max(MAX_ENTRIES),
  unassigned: z.array(z.object({ path: text(1_000), subject: text(1_000) })).max(MAX_ENTRIES),
  notKept: z.object({ caKeys: z.array(text(300)).max(100), keyPairs: z.array(text(300)).max(100) }),
});

/** Plain JSON, as it is persisted. */
export type StoredImport = Readonly<Omit<ImportReport, 'caKeys' | 'keyPairs' | 'notKept' | 'leafKeys'>> & {
  readonly notKept: NonNullable<ImportReport['notKept']>;
};

/** What of a report is stored: everything but the private keys, which are named so the person is told they are gone. */
export function toStoredImport(report: ImportReport | null): StoredImport | null {
  if (!report) return null;
  const { caKeys, keyPairs, notKept, ...kept } = report;
  // Private keys stay in the page: a leaf's as much as a CA's.
  const rest = { ...kept };
  delete rest.leafKeys;
  return {
    ...rest,
    notKept: {
      caKeys: [...new Set([...Object.keys(caKeys), ...(notKept?.caKeys ?? [])])],
      keyPairs: [...new Set([...Object.keys(keyPairs), ...(notKept?.keyPairs ?? [])])],
    },
  };
}

/** A stored report read back, or null when it does not pass: then it is simply not shown. */
export function fromStoredImport(value: unknown): ImportReport | null {
  if (value === null || value === undefined) return null;
  const parsed = stored.safeParse(value);
  if (!parsed.success) return null;
  const design = parseDesign(parsed.data.design);
  if (!design.ok) return null;
  const { notKept, ...rest } = parsed.data;
  return { ...rest, design: design.design, caKeys: {}, keyPairs: {}, notKept };
}
