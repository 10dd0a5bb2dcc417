import { parse as parseYaml } from 'yaml';
import { checkClusterName, checkKubeconfigName, checkServerUrl } from '../topology/fieldRules';
import { certificateProblem, readCertificate, type CertificateFacts } from './importedCertificate';
import { IMPORT_LIMITS, sizeText } from './importLimits';
import type { FileEntry, Rejection } from './importPaths';
import { work } from '../topology/workMeter';
import { shown } from './reportText';
import { shellQuote } from './shell';

/** What a kubeconfig says about the cluster, for the design. */
export interface KubeconfigFacts {
  readonly server: string | null;
  readonly clusterName: string | null;
}

export interface FoundCert {
  readonly path: string;
  readonly pem: string;
  readonly facts: CertificateFacts;
  /** The kubeconfig it came from, if any. */
  readonly kubeconfig: KubeconfigFacts | null;
}
export interface FoundKey {
  readonly path: string;
  readonly pem: string;
  readonly label: string;
  /** The whole file, when it holds this key alone: what a re-issue writes back byte for byte. */
  readonly file: string | null;
}

/** Every file's contents, sorted: certificates (one per file, the leaf), private and public keys, and the rest with reasons. */
export interface FoundFiles {
  readonly certs: FoundCert[];
  readonly keys: FoundKey[];
  readonly publicKeys: Array<{ readonly path: string; readonly pem: string; readonly file: string | null }>;
  readonly rejected: Rejection[];
  /**
   * Kubeconfigs whose client certificate is a file they name (kubelet.conf after kubeadm's
   * kubelet-finalize: /var/lib/kubelet/pki/kubelet-client-current.pem), by the kubeconfig's path.
   */
  readonly fileRefs: Array<{ readonly path: string; readonly file: string }>;
}

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{1,64})-----\r?\n/;

interface PemBlock {
  readonly type: string;
  readonly text: string;
  readonly body: string;
}

/** A text's complete PEM blocks, or why they are not read. */
type PemScan = { readonly blocks: PemBlock[]; readonly cutShort: boolean } | { readonly problem: string };

/**
 * The PEM blocks of a text in one pass: each BEGIN line's END is looked for once, and a block
 * with none ends the reading (the file is cut short), so hostile text costs linear time.
 */
function pemBlocks(text: string): PemScan {
  const blocks: PemBlock[] = [];
  const begin = new RegExp(PEM_BEGIN.source, 'g');
  for (let m = begin.exec(text); m; m = begin.exec(text)) {
    if (blocks.length === IMPORT_LIMITS.pemBlocks) {
      return {
        problem: `more than ${IMPORT_LIMITS.pemBlocks} PEM blocks, more than a certificate, key or kubeconfig holds: not read.`,
      };
    }
    const endLine = `-----END ${m[1]}-----`;
    const end = text.indexOf(endLine, begin.lastIndex);
    if (end < 0) return { blocks, cutShort: true };
    blocks.push({
      type: m[1]!,
      text: text.slice(m.index, end + endLine.length),
      body: text.slice(begin.lastIndex, end),
    });
    begin.lastIndex = end + endLine.length;
  }
  return { blocks, cutShort: false };
}

/** Characters the YAML parser's work grows with: line breaks and marks of structure (base64 holds none of them). */
const YAML_MARKS = new Set([...'\n-:[]{},?&*!|>\'"#%@`'].map((c) => c.charCodeAt(0)));

function yamlMarks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (YAML_MARKS.has(text.charCodeAt(i))) count++;
  return count;
}

function base64Text(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return new TextDecoder().decode(Uint8Array.from(atob(value.replace(/\s+/g, '')), (c) => c.charCodeAt(0)));
}

const asRecord = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

const firstOf = (value: unknown): Record<string, unknown> | null => (Array.isArray(value) ? asRecord(value[0]) : null);

const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** What the rest of the import may still spend: see IMPORT_LIMITS. */
interface Budget {
  yamlMarks: number;
  certificates: number;
  keys: number;
}

function encryptedReason(path: string): string {
  const plain = `${path.replace(/^.*\//, '')}.plain`;
  return `encrypted key: decrypt it first, e.g. openssl pkey -in ${shellQuote(path)} -out ${shellQuote(plain)}`;
}

const PRIVATE_KEY_TYPES = new Set(['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY']);

/** The certificate of a PEM block, or why the import does not use it. */
function certificateOf(block: PemBlock, budget: Budget): CertificateFacts | string {
  if (budget.certificates === 0) {
    return `a certificate beyond the ${IMPORT_LIMITS.certificates} an import decodes (a kubeadm node holds about 20): not read.`;
  }
  budget.certificates--;
  work.itemsVisited++;
  try {
    const facts = readCertificate(block.text);
    return certificateProblem(facts) ?? facts;
  } catch (error) {
    return `a CERTIFICATE block that does not decode (${error instanceof Error ? error.message : String(error)}).`;
  }
}

/** Sorts one file's PEM blocks: the first certificate (the leaf), the first private and public key. */
function classifyPem(
  path: string,
  blocks: readonly PemBlock[],
  out: FoundFiles,
  kubeconfig: KubeconfigFacts | null,
  budget: Budget,
  text: string | null,
): boolean {
  const file = blocks.length === 1 ? text : null;
  let used = false;
  const certBlock = blocks.find((b) => b.type === 'CERTIFICATE');
  if (certBlock) {
    used = true;
    const facts = certificateOf(certBlock, budget);
    if (typeof facts === 'string') out.rejected.push({ path, reason: facts });
    else out.certs.push({ path, pem: `${certBlock.text}\n`, facts, kubeconfig });
  }
  // One key of each kind per file: a file is one credential, and each key costs a WebCrypto import.
  const kinds = new Set<'private' | 'public'>();
  for (const block of blocks) {
    if (
      block.type === 'ENCRYPTED PRIVATE KEY' ||
      (/PRIVATE KEY$/.test(block.type) && /Proc-Type:\s*4,ENCRYPTED/.test(block.body))
    ) {
      out.rejected.push({ path, reason: encryptedReason(path) });
      return true;
    }
    const kind = PRIVATE_KEY_TYPES.has(block.type) ? 'private' : block.type === 'PUBLIC KEY' ? 'public' : null;
    if (kind) {
      used = true;
      if (kinds.has(kind)) continue;
      kinds.add(kind);
      if (budget.keys === 0) {
        out.rejected.push({ path, reason: `a key beyond the ${IMPORT_LIMITS.keys} an import compares: not read.` });
        continue;
      }
      budget.keys--;
      work.itemsVisited++;
      if (kind === 'private') out.keys.push({ path, pem: block.text, label: block.type, file });
      else out.publicKeys.push({ path, pem: block.text, file });
    } else if (/CERTIFICATE REQUEST$/.test(block.type) && !used) {
      out.rejected.push({ path, reason: 'a certificate signing request, not a certificate.' });
      return true;
    }
  }
  return used;
}

/** Why the design cannot hold a kubeconfig's names or server, or null: the inspector's rules for each. */
function kubeconfigProblem(doc: Record<string, unknown>, facts: KubeconfigFacts): string | null {
  const refused = (field: string, value: string, error: string) =>
    `a kubeconfig the design cannot hold: its ${field} "${shown(value, 80)}" is refused (${error})`;
  if (facts.clusterName !== null) {
    const error = checkClusterName(facts.clusterName);
    if (error) return refused('cluster name', facts.clusterName, error);
  }
  const names = [
    ['user name', textOrNull(firstOf(doc.users)?.name)],
    ['context name', textOrNull(firstOf(doc.contexts)?.name)],
  ] as const;
  for (const [field, value] of names) {
    const error = value === null ? null : checkKubeconfigName(value);
    if (error) return refused(field, value!, error);
  }
  if (facts.server !== null) {
    const error = checkServerUrl(facts.server);
    if (error) return refused('server', facts.server, error);
  }
  return null;
}

const NOT_READABLE = 'not a certificate, key or kubeconfig';
const KUBECONFIG_KEY = /^(apiVersion|kind|clusters|users|contexts)\s*:/m;

function classifyKubeconfig(path: string, text: string, out: FoundFiles, budget: Budget): void {
  const marks = yamlMarks(text);
  if (marks > budget.yamlMarks) {
    out.rejected.push({
      path,
      reason: `${NOT_READABLE}: ${marks.toLocaleString('en')} lines and YAML marks, more than the import still parses (${IMPORT_LIMITS.yamlMarks.toLocaleString('en')} in all; a kubeconfig has about 60).`,
    });
    return;
  }
  budget.yamlMarks -= marks;
  work.itemsVisited += marks;
  work.charsParsed += text.length;
  let doc: Record<string, unknown> | null;
  try {
    // kubectl writes no aliases: a few are tolerated, an alias bomb is refused, not expanded.
    // Duplicate keys are not looked for: that check is quadratic in a map's size.
    doc = asRecord(parseYaml(text, { maxAliasCount: IMPORT_LIMITS.yamlAliases, logLevel: 'error', uniqueKeys: false }));
  } catch (error) {
    // A README or a script is no YAML either: only a file that means to be a kubeconfig gets the parser's words.
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    out.rejected.push({
      path,
      reason: KUBECONFIG_KEY.test(text)
        ? `a kubeconfig that is not valid YAML (${shown(message, 200)}).`
        : `${NOT_READABLE}.`,
    });
    return;
  }
  if (doc?.kind !== 'Config') {
    out.rejected.push({ path, reason: `${NOT_READABLE}.` });
    return;
  }
  const cluster = firstOf(doc.clusters);
  const user = asRecord(firstOf(doc.users)?.user);
  const facts: KubeconfigFacts = {
    server: textOrNull(asRecord(cluster?.cluster)?.server),
    clusterName: textOrNull(cluster?.name),
  };
  const problem = kubeconfigProblem(doc, facts);
  if (problem) {
    out.rejected.push({ path, reason: problem });
    return;
  }
  let certText: string | null;
  let keyText: string | null;
  try {
    certText = base64Text(user?.['client-certificate-data']);
    keyText = base64Text(user?.['client-key-data']);
  } catch {
    out.rejected.push({ path, reason: 'a kubeconfig whose client-certificate-data or client-key-data is not base64.' });
    return;
  }
  if (!certText) {
    const file = user?.['client-certificate'];
    if (typeof file === 'string') out.fileRefs.push({ path, file });
    out.rejected.push({
      path,
      reason:
        typeof file === 'string'
          ? `a kubeconfig whose client certificate is the file ${shown(file, 200)}, not embedded: add that file instead.`
          : 'a kubeconfig without an embedded client certificate (client-certificate-data).',
    });
    return;
  }
  const scan = pemBlocks(`${certText}\n${keyText ?? ''}`);
  if ('problem' in scan) {
    out.rejected.push({ path, reason: `a kubeconfig whose embedded data holds ${scan.problem}` });
    return;
  }
  // Keys inside a kubeconfig are not files of their own: nothing to write back byte for byte.
  if (!classifyPem(path, scan.blocks, out, facts, budget, null)) {
    out.rejected.push({ path, reason: 'a kubeconfig whose client-certificate-data holds no PEM certificate.' });
  }
}

/** Reads each file as PEM (certificates, keys, CSRs) or a kubeconfig, within the import's limits. */
export function classify(files: readonly FileEntry[]): FoundFiles {
  const out: FoundFiles = { certs: [], keys: [], publicKeys: [], rejected: [], fileRefs: [] };
  const budget: Budget = {
    yamlMarks: IMPORT_LIMITS.yamlMarks,
    certificates: IMPORT_LIMITS.certificates,
    keys: IMPORT_LIMITS.keys,
  };
  for (const { path, bytes } of files) {
    if (bytes.length > IMPORT_LIMITS.fileBytes) {
      out.rejected.push({
        path,
        reason: `${sizeText(bytes.length)}, larger than any certificate, key or kubeconfig (at most ${sizeText(IMPORT_LIMITS.fileBytes)}): not read.`,
      });
      continue;
    }
    let text: string;
    let isText = true;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder('utf-8').decode(bytes);
      isText = false;
    }
    const scan = pemBlocks(text);
    if ('problem' in scan) {
      out.rejected.push({ path, reason: scan.problem });
    } else if (scan.blocks.length > 0) {
      if (!classifyPem(path, scan.blocks, out, null, budget, text))
        out.rejected.push({ path, reason: `${NOT_READABLE}.` });
    } else if (!isText || text.includes('\u0000')) {
      out.rejected.push({
        path,
        reason: `${NOT_READABLE}: a binary file, not UTF-8 text (a DER certificate? convert it to PEM with openssl x509 -inform der).`,
      });
    } else if (scan.cutShort) {
      out.rejected.push({ path, reason: 'a PEM block with no matching -----END line: the file is cut short.' });
    } else {
      classifyKubeconfig(path, text, out, budget);
    }
  }
  return out;
}
