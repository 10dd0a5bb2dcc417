import type { Topology } from '../topology/model';
import { caCommands, credentialCommands, credentialPaths } from './opensslCommands';

function dirs(paths: readonly string[]): string[] {
  return [...new Set(paths.map((p) => p.replace(/\/?[^/]*$/, '')).filter(Boolean))].sort();
}

/** A kubeconfig written by the shell from the files the script made, certificates embedded. */
function kubeconfigHeredoc(file: string, k: NonNullable<Topology['credentials'][number]['kubeconfig']>, caCert: string, cert: string, key: string): string {
  return [
    `cat > ${file} <<EOF`,
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${k.clusterName}`,
    '  cluster:',
    `    server: ${k.server}`,
    `    certificate-authority-data: $(b64 ${caCert})`,
    'contexts:',
    `- name: ${k.contextName}`,
    '  context:',
    `    cluster: ${k.clusterName}`,
    `    user: ${k.userName}`,
    `current-context: ${k.contextName}`,
    'users:',
    `- name: ${k.userName}`,
    '  user:',
    `    client-certificate-data: $(b64 ${cert})`,
    `    client-key-data: $(b64 ${key})`,
    'EOF',
  ].join('\n');
}

/**
 * A bash script that makes the same design with openssl where it runs, so keys never travel:
 * the same file names, subjects, SANs, usages and validity as the browser's bundle.
 */
export function opensslScript(topology: Topology): string {
  const caById = new Map(topology.cas.map((ca) => [ca.id, ca]));
  const alg = topology.keyAlgorithm;
  const files = [
    ...topology.cas.flatMap((ca) => [ca.certFile, ca.keyFile]),
    ...topology.credentials.flatMap((c) => Object.values(credentialPaths(c, 'bundle'))),
    ...topology.credentials.flatMap((c) => (c.kubeconfig ? [c.kubeconfig.file] : [])),
    ...topology.keyPairs.flatMap((k) => [k.privateFile, k.publicFile]),
  ];
  const lines = [
    '#!/usr/bin/env bash',
    `# Makes the TLS design of cluster "${topology.clusterName}" with openssl (3.x), on the host itself.`,
    '# Usage: bash make-certs.sh [output folder]   (default: the current folder)',
    'set -euo pipefail',
    'umask 077',
    'mkdir -p "${1:-.}" && cd "${1:-.}"',
    'b64() { base64 < "$1" | tr -d "\\n"; }',
    ...dirs(files).map((d) => `mkdir -p ${d}`),
    '',
    '# Certificate authorities',
    ...topology.cas.flatMap((ca) => caCommands(ca, alg, 'bundle')),
    '',
    '# Certificates, each signed by its CA',
  ];
  for (const credential of topology.credentials) {
    const ca = caById.get(credential.caId);
    if (!ca) throw new Error(`${credential.label}: its CA is not in the design`);
    lines.push(`# ${credential.label}: ${credential.purpose}`, ...credentialCommands(credential, ca, alg, 'bundle'));
    if (credential.kubeconfig) {
      const dial = topology.connections.find((c) => c.clientCredentialId === credential.id && c.clientTrustsCaId);
      const trusted = caById.get(dial?.clientTrustsCaId ?? credential.caId) ?? ca;
      const { cert, key } = credentialPaths(credential, 'bundle');
      lines.push(kubeconfigHeredoc(credential.kubeconfig.file, credential.kubeconfig, trusted.certFile, cert, key));
      // The kubeconfig holds the pair: the separate files only existed to make it.
      if (!credential.files) lines.push(`rm -f ${cert} ${key}`);
    }
  }
  if (topology.keyPairs.length > 0) lines.push('', '# Bare key pairs');
  for (const pair of topology.keyPairs) {
    lines.push(
      alg === 'ECDSA-P256'
        ? `openssl ecparam -name prime256v1 -genkey -noout -out ${pair.privateFile}`
        : `openssl genrsa -traditional -out ${pair.privateFile} ${alg.slice('RSA-'.length)}`,
      `openssl pkey -in ${pair.privateFile} -pubout -out ${pair.publicFile}`,
    );
  }
  lines.push('', '# Serial files and CSRs are no longer needed; certificates are public.',
    `find . \\( -name '*.csr' -o -name '*.ext' -o -name '*.srl' \\) -delete`,
    `find . -name '*.crt' -exec chmod 0644 {} +`, 'echo "Done."', '');
  return lines.join('\n');
}
