import type { Topology } from '../topology/model';
import { DEFAULT_BUNDLE_OPTIONS, type BundleOptions } from './layouts';
import { oneLine } from './shell';
import { wiringLines } from './wiring';

function subjectText(subject: readonly { type: string; value: string }[]): string {
  return subject.map((a) => `${a.type}=${a.value}`).join(', ');
}

/** The bundle's README.txt: every file, its role, the CA that signed it and the flags that load it. */
export function bundleReadme(topology: Topology, paths: readonly string[], options: BundleOptions = DEFAULT_BUNDLE_OPTIONS): string {
  const caName = new Map(topology.cas.map((ca) => [ca.id, `${ca.name} (${ca.certFile})`]));
  const lines: string[] = [
    `Kubernetes TLS bundle for cluster "${topology.clusterName}"`,
    `Generated in the browser by Kubernetes TLS Designer. Key algorithm: ${topology.keyAlgorithm}.`,
    'Private keys (*.key, *.conf, *.kubeconfig) are mode 0600: keep them that way on the hosts.',
    'make-certs.sh makes the same design with openssl where it runs, so that keys need not travel:',
    '  bash make-certs.sh /etc/kubernetes   (same names, subjects, SANs, usages and validity).',
    ...(paths.includes('kubeadm-config.yaml')
      ? ['kubeadm-config.yaml is the ClusterConfiguration that matches: kubeadm init --config kubeadm-config.yaml',
        'uses these files where they exist and would make the same ones where not.']
      : []),
    '',
    ...(options.layout === 'per-host'
      ? ['Layout: one folder per host with only what its components present or trust; CA and service-account',
        'keys only on control-plane hosts; kubectl users\' kubeconfigs under workstation/.', '']
      : []),
    ...(options.externalCa
      ? ['EXTERNAL-CA MODE: no CA private key is in this bundle. They were made in the browser, used to sign,',
        'and discarded: nothing can sign for these CAs again. kubeadm runs without ca.key, but then the',
        'controller manager cannot sign CSRs (kubeadm sets --cluster-signing-cert-file and -key-file to ""),',
        'so kubelet certificate rotation and TLS bootstrap need an external signer, "kubeadm certs renew"',
        'cannot renew, and new nodes need certificates made where the CA is kept.', '']
      : []),
    ...topology.notes.map((n) => `Note: ${n}`),
    ...(topology.notes.length > 0 ? [''] : []),
    'CERTIFICATE AUTHORITIES',
  ];
  for (const ca of topology.cas) {
    lines.push(`  ${ca.certFile}${options.externalCa ? '' : `, ${ca.keyFile}`}`, `    ${ca.name}: self-signed root, ${subjectText(ca.subject)}, valid ${ca.validityDays} days.`);
  }
  lines.push('', 'CERTIFICATES AND KUBECONFIGS');
  for (const cred of topology.credentials) {
    const where = [cred.files?.cert, cred.files?.key, cred.kubeconfig?.file].filter(Boolean).join(', ');
    const usage = [cred.serverAuth && 'server', cred.clientAuth && 'client'].filter(Boolean).join(' + ');
    lines.push(
      `  ${where}`,
      `    ${cred.purpose}`,
      `    Subject ${subjectText(cred.subject)}; ${usage}; signed by ${caName.get(cred.caId) ?? cred.caId}.`,
    );
    if (cred.dnsNames.length + cred.ipAddresses.length > 0) {
      lines.push(`    SANs: ${[...cred.dnsNames.map((d) => `DNS:${d}`), ...cred.ipAddresses.map((i) => `IP:${i}`)].join(', ')}`);
    }
    if (cred.kubeconfig) lines.push(`    kubeconfig server ${cred.kubeconfig.server}, user ${cred.kubeconfig.userName}.`);
    for (const use of cred.usedBy) lines.push(`    Used by: ${use}`);
  }
  if (topology.keyPairs.length > 0) lines.push('', 'KEY PAIRS');
  for (const pair of topology.keyPairs) {
    lines.push(`  ${pair.privateFile}, ${pair.publicFile}`, `    ${pair.purpose}`, ...pair.usedBy.map((u) => `    Used by: ${u}`));
  }
  lines.push('', 'WIRING: what each component loads, and through which flag', ...wiringLines(topology));
  lines.push('', 'ALL FILES', ...paths.map((p) => `  ${p}`), '  README.txt', '');
  // Each entry is one line: a control character in a name is shown, never obeyed.
  return lines.map(oneLine).join('\n');
}
