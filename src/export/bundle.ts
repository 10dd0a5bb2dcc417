import type { Topology } from '../topology/model';
import type { BundleFile } from './bundleFile';
import type { GeneratedPki } from './generate';
import { kubeconfigYaml } from './kubeconfig';
import type { PresetParams } from '../topology/presetParams';
import { clusterConfigurationYaml } from './kubeadmConfig';
import { DEFAULT_BUNDLE_OPTIONS, perHostFiles, type BundleOptions } from './layouts';
import { opensslScript } from './opensslScript';
import { bundleReadme } from './readme';

function required<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`${what} was not generated`);
  return value;
}

/**
 * Every file of the bundle, at the path the design gives it or in a folder per host (with
 * kubeadm's parameters, also the ClusterConfiguration that matches it): CA pairs, leaf pairs, bare key
 * pairs, kubeconfigs with embedded certs, and a README.txt that explains each one.
 */
export function buildBundleFiles(
  topology: Topology, pki: GeneratedPki, options: BundleOptions = DEFAULT_BUNDLE_OPTIONS, kubeadm: PresetParams | null = null,
): BundleFile[] {
  const files: BundleFile[] = [];
  const pair = (certPath: string, certPem: string, keyPath: string, keyPem: string) => {
    files.push({ path: certPath, content: certPem, mode: 0o644 }, { path: keyPath, content: keyPem, mode: 0o600 });
  };
  for (const ca of topology.cas) {
    const issued = required(pki.cas, ca.id, ca.name);
    if (options.externalCa) files.push({ path: ca.certFile, content: issued.certPem, mode: 0o644 });
    else pair(ca.certFile, issued.certPem, ca.keyFile, issued.keyPem);
  }
  for (const cred of topology.credentials) {
    const issued = required(pki.credentials, cred.id, cred.label);
    if (cred.files) pair(cred.files.cert, issued.certPem, cred.files.key, issued.keyPem);
    if (cred.kubeconfig) {
      // The kubeconfig's CA verifies the API server, so it is the CA its connection trusts for the
      // server, which need not be the CA that signed the client's own certificate.
      const dial = topology.connections.find((c) => c.clientCredentialId === cred.id && c.clientTrustsCaId);
      const caPem = required(pki.cas, dial?.clientTrustsCaId ?? cred.caId, `CA trusted by ${cred.label}`).certPem;
      files.push({ path: cred.kubeconfig.file, content: kubeconfigYaml(cred.kubeconfig, caPem, issued.certPem, issued.keyPem), mode: 0o600 });
    }
  }
  for (const keyPair of topology.keyPairs) {
    const generated = required(pki.keyPairs, keyPair.id, keyPair.privateFile);
    files.push({ path: keyPair.privateFile, content: generated.privatePem, mode: 0o600 });
    files.push({ path: keyPair.publicFile, content: generated.publicPem, mode: 0o644 });
  }
  const laidOut = options.layout === 'per-host' ? perHostFiles(topology, files) : files;
  laidOut.push({ path: 'make-certs.sh', content: opensslScript(topology), mode: 0o755 });
  if (kubeadm) laidOut.push({ path: 'kubeadm-config.yaml', content: clusterConfigurationYaml(kubeadm), mode: 0o644 });
  laidOut.push({ path: 'README.txt', content: bundleReadme(topology, laidOut.map((f) => f.path), options), mode: 0o644 });
  return laidOut;
}
