import { expect, test } from 'vitest';
import { buildPreset } from '../topology/presets';
import { bundlePlan } from './bundlePlan';
import { DEFAULT_BUNDLE_OPTIONS } from './layouts';
import { wiringLines } from './wiring';

const wiringOf = (topology: ReturnType<typeof buildPreset>) =>
  wiringLines(topology, bundlePlan(topology, DEFAULT_BUNDLE_OPTIONS));

/** The block of lines under one component's heading. */
function block(lines: string[], heading: string): string[] {
  const at = lines.indexOf(`  ${heading}`);
  expect(at, heading).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > at && !l.startsWith('    '));
  return lines.slice(at + 1, end < 0 ? undefined : end);
}

test("kubeadm wiring names kubeadm's flags for each file (reference §3)", () => {
  const lines = wiringOf(buildPreset('kubeadm'));
  const apiserver = block(lines, 'kube-apiserver on controlplane');
  expect(apiserver).toContain(
    '    presents pki/apiserver.crt + pki/apiserver.key: kube-apiserver --tls-cert-file, --tls-private-key-file',
  );
  expect(apiserver).toContain('    trusts pki/ca.crt to verify clients: --client-ca-file');
  expect(apiserver).toContain('    trusts pki/etcd/ca.crt to verify servers: --etcd-cafile');
  expect(apiserver).toContain(
    '    presents pki/apiserver-etcd-client.crt + pki/apiserver-etcd-client.key: kube-apiserver --etcd-certfile, --etcd-keyfile',
  );
  const etcd = block(lines, 'etcd on controlplane');
  expect(etcd).toContain('    trusts pki/etcd/ca.crt to verify clients: --trusted-ca-file');
  const kubelet = block(lines, 'kubelet on node01');
  // A worker's files are in its own folder, as on the worker itself.
  expect(kubelet).toContain(
    '    trusts nodes/node01/pki/ca.crt to verify clients: KubeletConfiguration authentication.x509.clientCAFile',
  );
  expect(kubelet).toContain(
    '    trusts nodes/node01/pki/ca.crt to verify servers: kubeconfig certificate-authority-data',
  );
  expect(kubelet).toContain(
    '    presents nodes/node01/kubelet.conf: kubelet --kubeconfig /etc/kubernetes/kubelet.conf',
  );
  expect(block(lines, 'metrics-server (aggregated API) on node01')).toContain(
    '    trusts nodes/node01/pki/front-proxy-ca.crt to verify clients: --requestheader-client-ca-file',
  );
});

test("the Hard Way's apiserver verifies kubelets with --kubelet-certificate-authority", () => {
  const lines = wiringOf(buildPreset('hardway'));
  expect(block(lines, 'kube-apiserver on server')).toContain(
    '    trusts ca.crt to verify servers: --kubelet-certificate-authority',
  );
});
