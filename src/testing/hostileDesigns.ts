// Every field a design carries, as an edit that sets it to any value: the hostile-input tests put
// payloads through these, once through the gate (as the inspector would) and once around it (as
// a crafted link, file or stored state would).
import { withCommonName, withOrganizations } from '../pki/profile';
import { NO_EDITS, topologyOf, type Design } from '../topology/design';
import {
  addCustomComponent,
  placeOnCanvas,
  updateCa,
  updateConnection,
  updateCredential,
  updateNode,
  updateParams,
} from '../topology/edits';
import type { CaId, ConnectionId, CredentialId } from '../topology/model';
import { PRESET_DEFAULTS } from '../topology/presets';

const ADMIN = 'cred:admin' as CredentialId;
const CA = 'ca:ca' as CaId;
const ADMIN_TO_API = 'conn:admin->kube-apiserver@controlplane' as ConnectionId;

/** The Course preset on one control-plane node, ECDSA: the smallest design with every kind of field. */
export const smallDesign = (): Design => ({
  presetId: 'course',
  params: { ...PRESET_DEFAULTS.course, workers: [], keyAlgorithm: 'ECDSA-P256' },
  edits: NO_EDITS,
});

export const adminOf = (d: Design) => topologyOf(d).credentials.find((c) => c.id === ADMIN)!;
const kubeconfigWith = (d: Design, patch: object) =>
  updateCredential(ADMIN, { kubeconfig: { ...adminOf(d).kubeconfig!, ...patch } })(d);

export interface FieldEdit {
  readonly field: string;
  /** What a refusal of this field names. */
  readonly names: RegExp;
  edit(design: Design, value: string): Design;
}

/** Text fields, each set on the admin credential, the cluster CA, the node or the cluster of smallDesign. */
export const TEXT_FIELDS: readonly FieldEdit[] = [
  {
    field: 'CN',
    names: /Common name|subject/,
    edit: (d, v) => updateCredential(ADMIN, { subject: withCommonName(adminOf(d).subject, v) })(d),
  },
  {
    field: 'O',
    names: /subject/,
    edit: (d, v) =>
      updateCredential(ADMIN, { subject: withOrganizations(adminOf(d).subject, ['system:masters', v]) })(d),
  },
  { field: 'DNS SAN', names: /DNS SANs|SANs/, edit: (d, v) => updateCredential(ADMIN, { dnsNames: [v] })(d) },
  { field: 'IP SAN', names: /IP SANs|SANs/, edit: (d, v) => updateCredential(ADMIN, { ipAddresses: [v] })(d) },
  {
    field: 'certificate file',
    names: /Certificate file/,
    edit: (d, v) => updateCredential(ADMIN, { files: { cert: v, key: 'admin.key' } })(d),
  },
  {
    field: 'key file',
    names: /Key file/,
    edit: (d, v) => updateCredential(ADMIN, { files: { cert: 'admin.crt', key: v } })(d),
  },
  { field: 'kubeconfig file', names: /kubeconfig file/, edit: (d, v) => kubeconfigWith(d, { file: v }) },
  { field: 'kubeconfig cluster', names: /kubeconfig names/, edit: (d, v) => kubeconfigWith(d, { clusterName: v }) },
  { field: 'kubeconfig context', names: /kubeconfig names/, edit: (d, v) => kubeconfigWith(d, { contextName: v }) },
  { field: 'kubeconfig user', names: /kubeconfig names/, edit: (d, v) => kubeconfigWith(d, { userName: v }) },
  { field: 'kubeconfig server', names: /kubeconfig server/, edit: (d, v) => kubeconfigWith(d, { server: v }) },
  { field: 'credential label', names: /label/, edit: (d, v) => updateCredential(ADMIN, { label: v })(d) },
  { field: 'CA name', names: /CA name/, edit: (d, v) => updateCa(CA, { name: v })(d) },
  {
    field: 'CA CN',
    names: /Common name|subject/,
    edit: (d, v) => updateCa(CA, { subject: withCommonName(topologyOf(d).cas[0]!.subject, v) })(d),
  },
  { field: 'CA file', names: /Certificate file/, edit: (d, v) => updateCa(CA, { certFile: v })(d) },
  { field: 'CA signed by', names: /Signed by/, edit: (d, v) => updateCa(CA, { parentCaId: v as CaId })(d) },
  {
    field: 'node name',
    names: /Node name/,
    edit: (d, v) => updateNode('controlplane', { name: v, ip: '192.168.56.10' })(d),
  },
  {
    field: 'node IP',
    names: /Node IP/,
    edit: (d, v) => updateNode('controlplane', { name: 'controlplane', ip: v })(d),
  },
  { field: 'cluster name', names: /Cluster name/, edit: (d, v) => updateParams({ clusterName: v })(d) },
  { field: 'service CIDR', names: /Service CIDR/, edit: (d, v) => updateParams({ serviceCidr: v })(d) },
  { field: 'DNS domain', names: /DNS domain/, edit: (d, v) => updateParams({ dnsDomain: v })(d) },
  {
    field: 'control-plane endpoint',
    names: /Control-plane endpoint/,
    edit: (d, v) => updateParams({ controlPlaneEndpoint: v })(d),
  },
  { field: 'extra SAN', names: /Extra apiserver SANs/, edit: (d, v) => updateParams({ extraSans: [v] })(d) },
  {
    field: 'connection address',
    names: /Address the client dials|kubeconfig server/,
    edit: (d, v) => updateConnection(ADMIN_TO_API, { address: v })(d),
  },
  { field: 'component name', names: /name/, edit: (d, v) => addCustomComponent('client', v, null)(d) },
];

/** Every text field set to every value, on smallDesign and around the gate; values the model itself cannot hold are left out. */
export function* fieldDesigns(
  values: readonly string[],
): Generator<{ field: string; names: RegExp; value: string; design: Design }> {
  for (const { field, names, edit } of TEXT_FIELDS) {
    for (const value of values) {
      let design: Design;
      try {
        design = edit(smallDesign(), value);
      } catch {
        continue; // the edit itself refuses it (e.g. no such node): nothing can carry it in
      }
      yield { field, names, value, design };
    }
  }
}

/** Number fields, with the same edits. */
export const NUMBER_FIELDS: ReadonlyArray<{
  field: string;
  names: RegExp;
  edit(design: Design, value: number): Design;
}> = [
  { field: 'credential validity', names: /Validity/, edit: (d, v) => updateCredential(ADMIN, { validityDays: v })(d) },
  { field: 'valid from', names: /Valid from/, edit: (d, v) => updateCredential(ADMIN, { validFromDays: v })(d) },
  { field: 'CA validity', names: /Validity/, edit: (d, v) => updateCa(CA, { validityDays: v })(d) },
  { field: 'CA path length', names: /Path length/, edit: (d, v) => updateCa(CA, { pathLength: v })(d) },
  { field: 'leaf validity', names: /Leaf validity/, edit: (d, v) => updateParams({ leafValidityDays: v })(d) },
  { field: 'port', names: /Port|kubeconfig server/, edit: (d, v) => updateConnection(ADMIN_TO_API, { port: v })(d) },
  {
    field: 'canvas position',
    names: /Positions/,
    edit: (d, v) => placeOnCanvas('host:controlplane', { x: v, y: -v })(d),
  },
  {
    field: 'pool size',
    names: /Nodes/,
    edit: (d, v) => updateParams({ workers: [{ name: 'pool', ip: '192.168.56.30', count: v }] })(d),
  },
];

export const ODD_NUMBERS = [
  0,
  -1,
  1,
  1.5,
  36_500,
  36_501,
  65_535,
  65_536,
  100_000,
  100_001,
  -36_500,
  -36_501,
  1e21,
  Number.MAX_SAFE_INTEGER,
];

/** Values at each field's limits that the inspector accepts: these must survive every round trip unchanged. */
export const AT_THE_LIMITS: Readonly<Record<string, readonly string[]>> = {
  CN: ['x'.repeat(64), 'é'.repeat(64), `O'Brien "$(x)" \`y\` \\ #`, '<img src=x onerror=alert(1)>', 'ümlaut 漢字 🙂'],
  O: ['o'.repeat(64), 'system:masters;$(x)'],
  'DNS SAN': [
    `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`,
    '*.example.com',
    'xn--bcher-kva.example',
  ],
  'IP SAN': ['255.255.255.255', '::1', 'fd00:0:0:0:0:0:0:10', '0.0.0.0'],
  'certificate file': [`${'a/'.repeat(99)}x`, `${'f'.repeat(196)}.crt`, 'A_b-c.d/e.crt'],
  'kubeconfig user': ['u'.repeat(253), `it's "quoted" & <tagged>`],
  'credential label': ['l'.repeat(253)],
  'CA name': ['n'.repeat(100), 'Größe & <b>CA</b>'],
  'node name': [`${'n'.repeat(20)}.${'m'.repeat(24)}`, 'a'],
  'cluster name': ['c'.repeat(63)],
  'component name': ['c'.repeat(100), `it's <b>bold</b>`],
  'control-plane endpoint': ['https://[fd00::1]:443', 'lb.example.com:6443', ''],
};
