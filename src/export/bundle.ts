import type { Topology } from '../topology/model';
import type { BundleFile } from './bundleFile';
import { bundlePlan } from './bundlePlan';
import type { GeneratedPki } from './generate';
import { kubeconfigYaml } from './kubeconfig';
import type { PresetParams } from '../topology/presetParams';
import { clusterConfigurationYaml } from './kubeadmConfig';
import { DEFAULT_BUNDLE_OPTIONS, type BundleOptions } from './layouts';
import { opensslScript } from './opensslScript';
import { bundleReadme } from './readme';

function required<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`${what} was not generated`);
  return value;
}

/** The content of every design file, by its design path. */
function designContents(topology: Topology, pki: GeneratedPki): Map<string, string> {
  const contents = new Map<string, string>();
  for (const ca of topology.cas) {
    const issued = required(pki.cas, ca.id, ca.name);
    contents.set(ca.certFile, issued.certPem).set(ca.keyFile, issued.keyPem);
  }
  for (const cred of topology.credentials) {
    const issued = required(pki.credentials, cred.id, cred.label);
    if (cred.files) contents.set(cred.files.cert, issued.certPem).set(cred.files.key, issued.keyPem);
    if (cred.kubeconfig) {
      // The kubeconfig's CA verifies the API server, so it is the CA its connection trusts for the
      // server, which need not be the CA that signed the client's own certificate.
      const dial = topology.connections.find((c) => c.clientCredentialId === cred.id && c.clientTrustsCaId);
      const caPem = required(pki.cas, dial?.clientTrustsCaId ?? cred.caId, `CA trusted by ${cred.label}`).certPem;
      contents.set(cred.kubeconfig.file, kubeconfigYaml(cred.kubeconfig, caPem, issued.certPem, issued.keyPem));
    }
  }
  for (const keyPair of topology.keyPairs) {
    const generated = required(pki.keyPairs, keyPair.id, keyPair.privateFile);
    contents.set(keyPair.privateFile, generated.privatePem).set(keyPair.publicFile, generated.publicPem);
  }
  return contents;
}

/**
 * Every file of the bundle, laid out by the bundle plan (the design's tree, or a folder per
 * host, each that host's /etc/kubernetes), with kubeadm's parameters also the ClusterConfiguration
 * that matches it, the make-certs.sh that makes the same files, and a README.txt that lists and
 * explains each one. All three are written from the same plan as the files.
 */
export function buildBundleFiles(
  topology: Topology, pki: GeneratedPki, options: BundleOptions = DEFAULT_BUNDLE_OPTIONS, kubeadm: PresetParams | null = null,
): BundleFile[] {
  const plan = bundlePlan(topology, options);
  const contents = designContents(topology, pki);
  const files: BundleFile[] = plan.files.map((f) => ({ path: f.path, content: contents.get(f.source)!, mode: f.mode }));
  files.push({ path: 'make-certs.sh', content: opensslScript(topology, options, plan), mode: 0o755 });
  if (kubeadm) files.push({ path: 'kubeadm-config.yaml', content: clusterConfigurationYaml(kubeadm), mode: 0o644 });
  files.push({ path: 'README.txt', content: bundleReadme(topology, plan, options, { kept: pki.kept, extra: files.slice(plan.files.length).map((f) => f.path) }), mode: 0o644 });
  return files;
}
