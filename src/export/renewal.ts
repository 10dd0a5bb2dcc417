import { DAY_MS } from '../pki/profile';
import { caChain, casById } from '../topology/caChain';
import type { Topology } from '../topology/model';
import type { ImportReport } from './importPki';

/** One leaf of an imported PKI, as the renewal lists it. */
export interface RenewalRow {
  readonly id: string;
  readonly label: string;
  readonly notAfter: Date;
  readonly daysLeft: number;
  /** Expires within the chosen window: pre-selected. */
  readonly due: boolean;
  /** Its key came with the import: it can be written back as it is, or kept on renewal. */
  readonly hasKey: boolean;
}

/** The imported leaves with their expiry, those due within `windowDays` marked, soonest first. */
export async function renewalRows(
  topology: Topology,
  report: ImportReport,
  windowDays: number,
  now = new Date(),
): Promise<RenewalRow[]> {
  const { describeCertificate } = await import('../pki/inspect');
  const rows: RenewalRow[] = [];
  for (const credential of topology.credentials) {
    const pem = report.certificates[credential.id];
    if (!pem) continue;
    const { notAfter } = await describeCertificate(pem);
    const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
    const hostId = topology.components.find((c) => c.id === credential.ownerId)?.hostId;
    const host = hostId ? topology.hosts.find((h) => h.id === hostId)?.name : undefined;
    rows.push({
      id: credential.id,
      label: host ? `${credential.label} on ${host}` : credential.label,
      notAfter,
      daysLeft,
      due: daysLeft <= windowDays,
      hasKey: Boolean(report.leafKeys?.[credential.id]),
    });
  }
  return rows.sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime());
}

/** What a renewal hands the generator: the imported CAs to sign with, leaves kept as they are, keys kept. */
export interface RenewalPlan {
  /** CAs a renewal needs and whose keys did not come with the import: then there is no renewal. */
  readonly missingCaKeys: readonly string[];
  readonly reuseCas: Record<string, { certPem: string; keyPem: string }>;
  readonly keepLeaves: Record<string, { certPem: string; keyPem: string }>;
  readonly renewWithKeys: Record<string, string>;
}

/**
 * Renews the `selected` leaves under the imported CAs, as `kubeadm certs renew` does (new serial
 * and dates; names, SANs and usages as they were; a new key unless `keepKeys`), and writes every
 * other imported leaf back byte for byte. A leaf whose key was not imported cannot be written
 * back, so it is renewed too.
 */
export function renewalPlan(
  topology: Topology,
  report: ImportReport,
  selected: ReadonlySet<string>,
  keepKeys: boolean,
): RenewalPlan {
  const reuseCas = Object.fromEntries(
    Object.entries(report.caKeys).flatMap(([id, keyPem]) => {
      const certPem = report.certificates[id];
      return certPem ? [[id, { certPem, keyPem }]] : [];
    }),
  );
  const keepLeaves: Record<string, { certPem: string; keyPem: string }> = {};
  const renewWithKeys: Record<string, string> = {};
  for (const [id, keyPem] of Object.entries(report.leafKeys ?? {})) {
    const certPem = report.certificates[id];
    if (!certPem) continue;
    if (!selected.has(id)) keepLeaves[id] = { certPem, keyPem };
    else if (keepKeys) renewWithKeys[id] = keyPem;
  }
  // Every imported leaf stays under its CA, renewed or not: each such CA must sign (or stay) as it is.
  // So must every CA above them: one made anew would no longer be the issuer of the CA it signs.
  const caById = casById(topology.cas);
  const needed = new Set(
    topology.credentials
      .filter((c) => report.certificates[c.id])
      .flatMap((c) => caChain(c.caId, caById).map((ca) => ca.id as string)),
  );
  const missingCaKeys = topology.cas.filter((ca) => needed.has(ca.id) && !reuseCas[ca.id]).map((ca) => ca.name);
  return { missingCaKeys, reuseCas, keepLeaves, renewWithKeys };
}
