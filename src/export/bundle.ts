import { casById, intermediatesOf } from '../topology/caChain';
import type { CaId, Topology } from '../topology/model';
import type { BundleFile } from './bundleFile';
import { BUNDLE_DESIGN_FILE, bundlePlan } from './bundlePlan';
import type { GeneratedPki } from './generate';
import { kubeconfigCas, kubeconfigYaml } from './kubeconfig';
import type { Design } from '../topology/design';
import { designFileText } from '../topology/designSchema';
import { clusterConfigurationYaml } from './kubeadmConfig';
import { DEFAULT_BUNDLE_OPTIONS, type BundleOptions } from './layouts';
import { opensslScript } from './opensslScript';
import { manifestFiles } from './manifests';
import { bundleReadme } from './readme';

function required<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`${what} was not generated`);
  return value;
}

/** The content of every design file, by its design path. */
export function designContents(topology: Topology, pki: GeneratedPki): Map<string, string> {
  const contents = new Map<string, string>();
  const kubeconfigCa = kubeconfigCas(topology);
  const caById = casById(topology.cas);
  // A certificate under an intermediate is sent with it (the root aside), as TLS peers expect:
  // the far side holds only the CA it trusts.
  // Once per CA, not per leaf: a pool of thousands shares a handful of chains.
  const chains = new Map<CaId, string>();
  const chainPem = (caId: CaId) =>
    chains.get(caId) ??
    chains
      .set(
        caId,
        intermediatesOf(caId, caById)
          .map((ca) => required(pki.cas, ca.id, ca.name).certPem)
          .join(''),
      )
      .get(caId)!;
  for (const ca of topology.cas) {
    const issued = required(pki.cas, ca.id, ca.name);
    contents.set(ca.certFile, issued.certPem).set(ca.keyFile, issued.keyPem);
  }
  for (const cred of topology.credentials) {
    const issued = required(pki.credentials, cred.id, cred.label);
    const certPem = issued.certPem + chainPem(cred.caId);
    if (cred.files) contents.set(cred.files.cert, certPem).set(cred.files.key, issued.keyPem);
    if (cred.kubeconfig) {
      const caPem = required(pki.cas, kubeconfigCa.get(cred.id) ?? cred.caId, `CA trusted by ${cred.label}`).certPem;
      contents.set(cred.kubeconfig.file, kubeconfigYaml(cred.kubeconfig, caPem, certPem, issued.keyPem));
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
 * host, each that host's /etc/kubernetes), the make-certs.sh that makes the same files, and a
 * README.txt that lists and explains each one, all three written from the same plan. Given the
 * design, also the design itself and, for kubeadm, the ClusterConfiguration that matches it; given
 * PKCS#12 files (made with the person's password, pkcs12Files), those of people's credentials.
 */
export function buildBundleFiles(
  topology: Topology,
  pki: GeneratedPki,
  options: BundleOptions = DEFAULT_BUNDLE_OPTIONS,
  design: Design | null = null,
  pkcs12?: ReadonlyMap<string, Uint8Array>,
): BundleFile[] {
  const plan = bundlePlan(topology, options, pkcs12 !== undefined);
  const contents: Map<string, string | Uint8Array> = designContents(topology, pki);
  pkcs12?.forEach((bytes, path) => contents.set(path, bytes));
  const files: BundleFile[] = plan.files.map((f) => ({ path: f.path, content: contents.get(f.source)!, mode: f.mode }));
  files.push({ path: 'make-certs.sh', content: opensslScript(topology, options, plan), mode: 0o755 });
  if (design?.presetId === 'kubeadm')
    files.push({ path: 'kubeadm-config.yaml', content: clusterConfigurationYaml(design.params), mode: 0o644 });
  files.push(...manifestFiles(topology, pki, options.externalCa));
  if (design) files.push({ path: BUNDLE_DESIGN_FILE, content: designFileText(design), mode: 0o644 });
  files.push({
    path: 'README.txt',
    content: bundleReadme(topology, plan, options, {
      kept: pki.kept,
      extra: files.slice(plan.files.length).map((f) => f.path),
    }),
    mode: 0o644,
  });
  return files;
}
