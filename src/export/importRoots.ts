import { topologyOf, type Design } from '../topology/design';
import { addCa, updateCa } from '../topology/edits';
import type { CaId } from '../topology/model';
import type { IssuerOf } from './importChain';
import type { FoundCert } from './importedFiles';

export interface ImportedRoot {
  readonly found: FoundCert;
  readonly elementId: string;
  readonly childId: string;
}

/**
 * The CAs above the imported ones: a cluster CA that is an intermediate (kubeadm's external-CA
 * mode, an organisation's root above it) is drawn under its root when the root's certificate is
 * among the files, by who really signed whom (issuerOf), not by file name. When the root is not
 * among the files, the intermediate is said to be one. Returns the design with each root added
 * and the child's parent set, the roots found, and a note per intermediate without its root.
 */
export async function withImportedRoots(
  design: Design,
  certificates: Readonly<Record<string, string>>,
  certs: readonly FoundCert[],
  unassigned: ReadonlyArray<{ readonly path: string }>,
  issuerOf: IssuerOf,
): Promise<{ design: Design; roots: ImportedRoot[]; notes: string[] }> {
  let next = design;
  const roots: ImportedRoot[] = [];
  const notes: string[] = [];
  const stray = new Set(unassigned.map((u) => u.path));
  for (const ca of topologyOf(design).cas) {
    const pem = certificates[ca.id];
    // The CA's own file, not a copy of it in a node's folder.
    const found = pem ? certs.filter((c) => c.pem === pem).sort((a, b) => a.path.length - b.path.length)[0] : undefined;
    if (!found) continue;
    const issuer = await issuerOf(found);
    // Self-signed: its issuer is itself, or a copy of it (ca.crt in each node's folder).
    if (issuer?.pem === found.pem) continue;
    if (!issuer || !stray.has(issuer.path)) {
      notes.push(
        `${ca.name} (${found.path}) is an intermediate, not a self-signed root: the CA that signed it is not among the files`,
      );
      continue;
    }
    const before = new Set(topologyOf(next).cas.map((c) => c.id as string));
    next = addCa(next);
    const id = topologyOf(next).cas.find((c) => !before.has(c.id))!.id;
    next = updateCa(id, {
      name: `Root above the ${ca.name}`,
      certFile: issuer.path,
      keyFile: issuer.path.replace(/(\.crt|\.pem)?$/, '.key'),
      subject: [...issuer.facts.subject],
      validityDays: issuer.facts.lifetimeDays,
    })(next);
    next = updateCa(ca.id as CaId, { parentCaId: id })(next);
    roots.push({ found: issuer, elementId: id, childId: ca.id });
    stray.delete(issuer.path);
  }
  return { design: next, roots, notes };
}
