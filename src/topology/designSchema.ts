import { z } from './zod';
import { KEY_ALGORITHMS } from '../pki/keyAlgorithm';
import type { Design } from './design';
import { describeProblem, designProblem } from './designRules';
import { PRESET_IDS } from './presetParams';
import { work } from './workMeter';

/** What a saved design file says it is, so foreign JSON is told apart from a damaged design. */
export const DESIGN_FILE_KIND = 'k8s-tls-designer/design';
export const DESIGN_FILE_VERSION = 1;

// Shapes only (types, and a coarse bound on text); the field rules (designRules) say what each value
// may be, in the words the inspector uses.
const text = z.string().max(100_000);
const nameAttribute = z.object({ type: z.enum(['C', 'ST', 'L', 'O', 'OU', 'CN']), value: text });
const node = z.object({ name: text, ip: text, count: z.number().optional() });
const params = z.object({
  clusterName: text,
  controlPlane: z.array(node).min(1),
  workers: z.array(node),
  serviceCidr: text,
  dnsDomain: text,
  controlPlaneEndpoint: text,
  extraSans: z.array(text),
  keyAlgorithm: z.enum(KEY_ALGORITHMS),
  caValidityDays: z.number(),
  leafValidityDays: z.number(),
  apiserverReusesServingPair: z.boolean(),
  separateEtcdCa: z.boolean(),
});
const files = z.object({ cert: text, key: text });
const kubeconfig = z.object({ file: text, clusterName: text, contextName: text, userName: text, server: text });
const credentialFields = {
  label: text,
  files: files.nullable(),
  kubeconfig: kubeconfig.nullable(),
  caId: text,
  subject: z.array(nameAttribute),
  dnsNames: z.array(text),
  ipAddresses: z.array(text),
  validityDays: z.number(),
  serverAuth: z.boolean(),
  clientAuth: z.boolean(),
  keyAlgorithm: z.enum(KEY_ALGORITHMS).optional(),
  validFromDays: z.number().optional(),
};
const credential = z.object({
  ...credentialFields,
  id: text,
  ownerId: text,
  purpose: text,
  usedBy: z.array(text),
});
const connectionFields = {
  address: text,
  port: z.number(),
  clientTrustsCaId: text.nullable(),
  serverTrustsCaId: text.nullable(),
};
const connection = z.object({
  ...connectionFields,
  id: text,
  clientId: text,
  serverId: text,
  clientCredentialId: text.nullable(),
  serverCredentialId: text.nullable(),
  label: text,
});
const ca = z.object({
  id: text,
  name: text,
  certFile: text,
  keyFile: text,
  subject: z.array(nameAttribute),
  dnsNames: z.array(text),
  validityDays: z.number(),
  color: text,
  parentCaId: text.optional(),
  pathLength: z.number().optional(),
});
const component = z.object({
  id: text,
  name: text,
  hostId: text.nullable(),
  kind: z.enum([
    'kube-apiserver',
    'etcd',
    'kubelet',
    'kube-scheduler',
    'kube-controller-manager',
    'kube-proxy',
    'admin',
    'etcd-healthcheck',
    'extension-apiserver',
    'custom-server',
    'custom-client',
  ]),
});
const design = z.object({
  presetId: z.enum(PRESET_IDS),
  params,
  edits: z.object({
    credentials: z.record(z.string(), z.object(credentialFields).partial()),
    connections: z.record(z.string(), z.object(connectionFields).partial()),
    caPatches: z.record(
      z.string(),
      z
        .object({
          name: text,
          certFile: text,
          keyFile: text,
          subject: z.array(nameAttribute),
          validityDays: z.number(),
          parentCaId: text.nullable(),
          pathLength: z.number().nullable(),
        })
        .partial(),
    ),
    cas: z.array(ca),
    components: z.array(component),
    addedCredentials: z.array(credential),
    addedConnections: z.array(connection),
    removed: z.array(text),
    positions: z.record(z.string(), z.object({ x: z.number(), y: z.number() })).optional(),
  }),
});
const designFile = z.object({ kind: z.literal(DESIGN_FILE_KIND), version: z.literal(DESIGN_FILE_VERSION), design });

export type ParseResult =
  { readonly ok: true; readonly design: Design } | { readonly ok: false; readonly error: string };

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'it does not match the design format';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'the file';
  return `${where}: ${issue.message}`;
}

/** Checks a design's shape, then every value against the inspector's field rules, then that it builds. */
export function parseDesign(value: unknown): ParseResult {
  const parsed = design.safeParse(value);
  if (!parsed.success) return { ok: false, error: `This design is damaged (${firstIssue(parsed.error)}).` };
  const candidate = parsed.data as unknown as Design;
  const problem = designProblem(candidate);
  if (problem) return { ok: false, error: `This design holds a value the editor refuses: ${describeProblem(problem)}` };
  return { ok: true, design: candidate };
}

/** A saved design within the editor's limits is far smaller; a larger file is refused before it is read. */
export const MAX_DESIGN_FILE_BYTES = 8_000_000;

/** Reads a saved design file's text; foreign and damaged files get a reason, never a crash. */
export function parseDesignFile(fileText: string): ParseResult {
  if (fileText.length > MAX_DESIGN_FILE_BYTES)
    return { ok: false, error: 'This file is larger than any design the editor makes, so it is not a saved design.' };
  let json: unknown;
  try {
    work.charsParsed += fileText.length;
    json = JSON.parse(fileText);
  } catch {
    return { ok: false, error: 'This file is not JSON, so it is not a saved design.' };
  }
  const kind = (json as { kind?: unknown } | null)?.kind;
  if (kind !== DESIGN_FILE_KIND)
    return {
      ok: false,
      error: 'This JSON file is not a Kubernetes TLS Designer design (it has no "kind": "k8s-tls-designer/design").',
    };
  const file = designFile.safeParse(json);
  if (!file.success) {
    const version = (json as { version?: unknown }).version;
    if (version !== DESIGN_FILE_VERSION)
      return {
        ok: false,
        error: `This design was saved in format version ${String(version)}; this app reads version ${DESIGN_FILE_VERSION}.`,
      };
    return { ok: false, error: `This design file is damaged (${firstIssue(file.error)}).` };
  }
  return parseDesign(file.data.design);
}

/** The text of a saved design file. */
export function serializeDesign(value: Design): string {
  return designFileText(value);
}

/** Any stored design, loadable or not, as the text of a design file: what a person downloads to keep it. */
export function designFileText(design: unknown): string {
  return `${JSON.stringify({ kind: DESIGN_FILE_KIND, version: DESIGN_FILE_VERSION, design }, null, 2)}\n`;
}
