import { describeProblem, topologyProblem } from '../topology/designRules';
import type { Credential, Topology } from '../topology/model';
import { kubeconfigYamlWith } from './kubeconfig';
import { caCommands, credentialCommands, credentialPaths } from './opensslCommands';
import { shellComment, shellQuote as q } from './shell';

function dirs(paths: readonly string[]): string[] {
  return [...new Set(paths.map((p) => p.replace(/\/?[^/]*$/, '')).filter(Boolean))].sort();
}

/**
 * A kubeconfig written by the shell from the files the script made, certificates embedded. The
 * YAML is the YAML library's, the same as the browser writes; the script only splices the three
 * base64 blocks in, between single-quoted literal chunks, so no value is ever read by the shell.
 */
function kubeconfigCommand(file: string, k: NonNullable<Credential['kubeconfig']>, caCert: string, cert: string, key: string): string {
  const marks = { ca: '@@K8S_TLS_CA_DATA@@', cert: '@@K8S_TLS_CERT_DATA@@', key: '@@K8S_TLS_KEY_DATA@@' };
  const yaml = kubeconfigYamlWith(k, marks);
  const parts = yaml.split(/"?(@@K8S_TLS_(?:CA|CERT|KEY)_DATA@@)"?/);
  // Odd parts are the marks: exactly three, in the order the document holds them.
  if (parts.length !== 7) throw new Error(`${file}: the kubeconfig could not be laid out for the script`);
  const source = { [marks.ca]: caCert, [marks.cert]: cert, [marks.key]: key };
  const steps = parts.map((part, i) => (i % 2 === 1 ? `b64 ${q(source[part]!)}` : `printf '%s' ${q(part)}`));
  return `{\n  ${steps.join('\n  ')}\n} > ${q(file)}`;
}

/**
 * A bash script that makes the same design with openssl where it runs, so keys never travel:
 * the same file names, subjects, SANs, usages and validity as the browser's bundle. Every value
 * it embeds is quoted by shellQuote; a design that breaks a field rule is refused before a line is written.
 */
export function opensslScript(topology: Topology): string {
  const problem = topologyProblem(topology);
  if (problem) throw new Error(`make-certs.sh was not written: ${describeProblem(problem)}`);
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
    shellComment(`Makes the TLS design of cluster "${topology.clusterName}" with openssl (3.x), on the host itself.`),
    '# Usage: bash make-certs.sh [output folder]   (default: the current folder)',
    'set -euo pipefail',
    'umask 077',
    'mkdir -p -- "${1:-.}" && cd -- "${1:-.}"',
    'b64() { base64 < "$1" | tr -d "\\n"; }',
    ...dirs(files).map((d) => `mkdir -p ${q(d)}`),
    '',
    '# Certificate authorities',
    ...topology.cas.flatMap((ca) => caCommands(ca, alg, 'bundle')),
    '',
    '# Certificates, each signed by its CA',
  ];
  for (const credential of topology.credentials) {
    const ca = caById.get(credential.caId);
    if (!ca) throw new Error(`${credential.label}: its CA is not in the design`);
    lines.push(shellComment(`${credential.label}: ${credential.purpose}`), ...credentialCommands(credential, ca, alg, 'bundle'));
    if (credential.kubeconfig) {
      const dial = topology.connections.find((c) => c.clientCredentialId === credential.id && c.clientTrustsCaId);
      const trusted = caById.get(dial?.clientTrustsCaId ?? credential.caId) ?? ca;
      const { cert, key } = credentialPaths(credential, 'bundle');
      lines.push(kubeconfigCommand(credential.kubeconfig.file, credential.kubeconfig, trusted.certFile, cert, key));
      // The kubeconfig holds the pair: the separate files only existed to make it.
      if (!credential.files) lines.push(`rm -f ${q(cert)} ${q(key)}`);
    }
  }
  if (topology.keyPairs.length > 0) lines.push('', '# Bare key pairs');
  for (const pair of topology.keyPairs) {
    lines.push(
      alg === 'ECDSA-P256'
        ? `openssl ecparam -name prime256v1 -genkey -noout -out ${q(pair.privateFile)}`
        : `openssl genrsa -traditional -out ${q(pair.privateFile)} ${alg.slice('RSA-'.length)}`,
      `openssl pkey -in ${q(pair.privateFile)} -pubout -out ${q(pair.publicFile)}`,
    );
  }
  lines.push('', '# Serial files and CSRs are no longer needed; certificates are public.',
    `find . \\( -name '*.csr' -o -name '*.ext' -o -name '*.srl' \\) -delete`,
    `find . -name '*.crt' -exec chmod 0644 {} +`, 'echo "Done."', '');
  return lines.join('\n');
}
