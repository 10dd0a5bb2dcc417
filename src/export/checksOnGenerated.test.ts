// Every check that reads what a certificate says is run on real generated material: the
// faulty design is generated, its certificates read back from DER, and the same checks must
// find the fault there; generated again after the one-click fix, they must not.
import { describe, expect, test } from 'vitest';
import { subjectOf } from '../pki/profile';
import { topologyFromCertificates } from '../topology/checks/actualCertificates';
import { validateTopology } from '../topology/checks/validateTopology';
import { NO_EDITS, topologyOf, type Design } from '../topology/design';
import { updateConnection, updateCredential, type DesignEdit } from '../topology/edits';
import type { CaId, ConnectionId, CredentialId } from '../topology/model';
import { PRESET_DEFAULTS } from '../topology/presets';
import { readActualCertificates } from './actualCertificates';
import { generatePki } from './generate';

const base: Design = {
  presetId: 'kubeadm',
  params: { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: 'ECDSA-P256' },
  edits: NO_EDITS,
};
const cred = (id: string) => id as CredentialId;

/** Each check, a fault it finds, and (where the Problems panel offers no fix) the edit a person would make. */
const FAULTS: ReadonlyArray<{ check: string; quote: RegExp; fault: DesignEdit; manual?: DesignEdit }> = [
  {
    check: 'server-trust',
    quote: /signed by unknown authority/,
    fault: updateConnection('conn:admin->kube-apiserver@controlplane' as ConnectionId, {
      clientTrustsCaId: 'ca:etcd-ca' as CaId,
    }),
  },
  {
    check: 'san',
    quote: /is valid for 10\.96\.0\.1, not 192\.168\.56\.10/,
    fault: updateCredential(cred('cred:apiserver@controlplane'), { ipAddresses: ['10.96.0.1'] }),
  },
  {
    check: 'server-eku',
    quote: /incompatible key usage/,
    fault: updateCredential(cred('cred:apiserver@controlplane'), { serverAuth: false, clientAuth: true }),
  },
  {
    check: 'client-trust',
    quote: /unknown certificate authority/,
    fault: updateCredential(cred('cred:apiserver-etcd-client@controlplane'), { caId: 'ca:ca' as CaId }),
  },
  {
    check: 'client-eku',
    quote: /bad certificate/,
    fault: updateCredential(cred('cred:apiserver-etcd-client@controlplane'), { clientAuth: false, serverAuth: true }),
  },
  {
    check: 'etcd-eku',
    quote: /incompatible key usage/,
    fault: updateCredential(cred('cred:etcd-peer@controlplane'), { clientAuth: false }),
  },
  {
    check: 'validity',
    quote: /expired or is not yet valid/,
    fault: updateCredential(cred('cred:admin.conf'), { validFromDays: -400 }),
  },
  {
    check: 'outlives-ca',
    quote: /expired or is not yet valid/,
    fault: updateCredential(cred('cred:admin.conf'), { validityDays: 4000 }),
  },
  {
    check: 'kubelet-name',
    quote: /node "node02" is not allowed to modify node "node01"/,
    fault: updateCredential(cred('cred:kubelet.conf@node01'), {
      subject: subjectOf('system:node:node02', ['system:nodes']),
    }),
  },
  {
    check: 'kubelet-group',
    quote: /Forbidden/,
    fault: updateCredential(cred('cred:kubelet.conf@node01'), { subject: subjectOf('system:node:node01') }),
  },
  {
    check: 'rbac-user',
    quote: /User "scheduler" cannot list/,
    fault: updateCredential(cred('cred:scheduler.conf@controlplane'), { subject: subjectOf('scheduler') }),
  },
  {
    check: 'masters',
    quote: /system:masters bypasses RBAC/,
    fault: updateCredential(cred('cred:admin.conf'), { subject: subjectOf('kubernetes-admin', ['system:masters']) }),
    manual: updateCredential(cred('cred:admin.conf'), {
      subject: subjectOf('kubernetes-admin', ['kubeadm:cluster-admins']),
    }),
  },
  {
    check: 'admin-rbac',
    quote: /Forbidden/,
    fault: updateCredential(cred('cred:admin.conf'), { subject: subjectOf('kubernetes-admin', ['ops']) }),
  },
  {
    check: 'front-proxy-ca',
    quote: /signed by the cluster CA/,
    fault: updateCredential(cred('cred:front-proxy-client@controlplane'), { caId: 'ca:ca' as CaId }),
    manual: updateCredential(cred('cred:front-proxy-client@controlplane'), { caId: 'ca:front-proxy-ca' as CaId }),
  },
];

async function findingsOnGenerated(design: Design) {
  const topology = topologyOf(design);
  const pki = await generatePki(topology);
  const pems = Object.fromEntries([...pki.cas, ...pki.credentials].map(([id, issued]) => [id, issued.certPem]));
  const actual = await readActualCertificates(topology, pems);
  // The CA lifetimes are read from the CA certificates too, for outlives-ca.
  const cas = topology.cas.map((ca) => ({
    ...ca,
    validityDays: Math.round(
      (pki.cas.get(ca.id)!.cert.notAfter.getTime() - pki.cas.get(ca.id)!.cert.notBefore.getTime()) / 86_400_000,
    ),
  }));
  return validateTopology(topologyFromCertificates({ ...topology, cas }, actual, new Date()), design.presetId);
}

describe.each(FAULTS.map((f) => [f.check, f] as const))(
  '%s on generated certificates',
  (check, { quote, fault, manual }) => {
    test('found in the faulty bundle with its quote, gone after the fix', async () => {
      const faulty = fault(base);
      const found = (await findingsOnGenerated(faulty)).find((f) => f.check === check);
      expect(found, `${check} is found in the generated certificates`).toBeDefined();
      expect(found!.quote).toMatch(quote);
      const planned = validateTopology(topologyOf(faulty), faulty.presetId).find((f) => f.check === check);
      expect(planned?.quote).toBe(found!.quote);
      // A check without a one-click fix says so in FAULTS, and the person's own mend is generated instead.
      expect(planned?.fix === undefined, `${check}: one-click fix offered`).toBe(manual !== undefined);
      const mended = manual ? manual(faulty) : planned!.fix!.edit(faulty);
      const after = await findingsOnGenerated(mended);
      expect(after.filter((f) => f.check === check)).toEqual([]);
    });
  },
);
