import { topologyOf } from '../topology/design';
import { parseDesignFile } from '../topology/designSchema';
import type { Topology } from '../topology/model';
import { expandDesign } from '../topology/pools';
import { x509 } from '../pki/x509';
import { bundlePlan, isBundleOnly, onHost, pkcs12Path, type BundlePlan, type SourceKind } from './bundlePlan';
import { classify } from './importedFiles';
import { matchKeys, publicKeyIdentity } from './importKeys';
import type { ImportReport } from './importPki';
import type { FileEntry, Rejection } from './importPaths';
import type { BundleOptions } from './layouts';

/** The bundle's own files beside the PKI: read for the design, never as certificates. */

const ROLE: Record<SourceKind, string> = {
  'ca-cert': 'CA certificate',
  'ca-key': 'CA key',
  cert: 'certificate',
  key: 'key',
  kubeconfig: 'kubeconfig',
  'public-key': 'public key',
  'private-key': 'private key',
  pkcs12: 'PKCS#12 (password-protected: not opened)',
};

/** The layout the bundle was made in: of the four, the plan that leaves fewest of the zip's files out. */
function layoutOf(topology: Topology, paths: ReadonlySet<string>): BundlePlan | null {
  let best: { plan: BundlePlan; missing: number; hits: number } | null = null;
  for (const layout of ['design', 'per-host'] as const) {
    for (const externalCa of [false, true]) {
      const options: BundleOptions = { layout, externalCa };
      let plan: BundlePlan;
      try {
        plan = bundlePlan(topology, options);
      } catch {
        continue;
      }
      const hits = plan.files.filter((f) => paths.has(f.path)).length;
      const missing = plan.files.length - hits;
      if (hits > 0 && (!best || missing < best.missing || (missing === best.missing && hits > best.hits)))
        best = { plan, missing, hits };
    }
  }
  return best?.plan ?? null;
}

/**
 * Reads back a bundle this app made: the design saved in it opens as it was drawn (pools stay
 * pools, custom components stay), and every certificate, key and bare key pair is matched to its
 * element by the bundle's own plan. The design passes the same gate as any design file. Returns
 * null, with the reason among the rejections, when the design file does not open or does not
 * describe these files: the files are then read as any kubeadm tree.
 */
export async function importOwnBundle(
  entries: readonly FileEntry[],
  designEntry: FileEntry,
  rejected: Rejection[],
): Promise<ImportReport | null> {
  const fallBack = (why: string) => {
    rejected.push({ path: designEntry.path, reason: `${why} The files are read as a kubeadm tree instead.` });
    return null;
  };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(designEntry.bytes);
  } catch {
    return fallBack('the design file is not UTF-8 text.');
  }
  const parsed = parseDesignFile(text);
  if (!parsed.ok) return fallBack(parsed.error);
  const { design } = parsed;
  let topology: Topology;
  try {
    topology = topologyOf(expandDesign(design));
  } catch (error) {
    return fallBack(`the design file does not build (${error instanceof Error ? error.message : String(error)}).`);
  }
  const plan = layoutOf(topology, new Set(entries.map((e) => e.path)));
  if (!plan) return fallBack('the design file names none of these files.');
  // A person's PKCS#12 is password-protected: it is named, never opened; its certificate and key are in the kubeconfig beside it.
  const pkcs12 = entries.filter((e) => /\.p12$/.test(e.path) && !isBundleOnly(e.path));
  const pkiEntries = entries.filter((e) => !isBundleOnly(e.path) && !pkcs12.includes(e));

  const found = classify(pkiEntries);
  rejected.push(...found.rejected);
  const planned = new Map(plan.files.map((f) => [f.path, f]));
  const certificates: Record<string, string> = {};
  const recognised: Array<{ path: string; role: string; elementId: string }> = [];
  const unassigned: Array<{ path: string; subject: string }> = [];
  const publics = new Map<string, string>();
  for (const cert of found.certs) {
    const file = planned.get(cert.path);
    const source = file ? plan.sources.get(file.source) : undefined;
    if (!source || !['ca-cert', 'cert', 'kubeconfig'].includes(source.kind)) {
      unassigned.push({ path: cert.path, subject: cert.facts.subjectText });
      continue;
    }
    const first = certificates[source.elementId];
    if (first !== undefined && first !== cert.pem) {
      rejected.push({
        path: cert.path,
        reason: `a different certificate from the other copies of ${source.path}: the first copy read is kept.`,
      });
      continue;
    }
    certificates[source.elementId] = cert.pem;
    recognised.push({ path: cert.path, role: ROLE[source.kind], elementId: source.elementId });
    const identity = await publicKeyIdentity(cert.facts.publicKey);
    if (identity) publics.set(identity, source.elementId);
  }
  const pairPublics = new Map<string, string>();
  for (const pub of found.publicKeys) {
    const file = planned.get(pub.path);
    const source = file ? plan.sources.get(file.source) : undefined;
    if (source?.kind !== 'public-key') continue;
    const identity = await publicKeyIdentity(new x509.PublicKey(pub.pem)).catch(() => null);
    if (!identity) continue;
    publics.set(identity, source.elementId);
    if (!pairPublics.has(source.elementId)) pairPublics.set(source.elementId, pub.file ?? `${pub.pem}\n`);
    recognised.push({ path: pub.path, role: ROLE[source.kind], elementId: source.elementId });
  }
  for (const p of pkcs12) {
    const owner = topology.credentials.find((c) => pkcs12Path(c) === onHost(p.path));
    recognised.push({ path: p.path, role: ROLE.pkcs12, elementId: owner?.id ?? '' });
  }
  const caIds = new Set<string>(topology.cas.map((ca) => ca.id));
  const { keys, caKeys, leafKeys, keyPairs } = await matchKeys(found.keys, publics, caIds, pairPublics, rejected);
  return { refused: null, design, certificates, recognised, keys, caKeys, leafKeys, keyPairs, rejected, unassigned };
}
