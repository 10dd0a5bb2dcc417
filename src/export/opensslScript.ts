import { describeProblem, topologyProblem } from '../topology/designRules';
import { caChain, intermediatesOf, parentsFirst } from '../topology/caChain';
import type { CaId, Credential, Topology } from '../topology/model';
import { bundlePlan as planOf, pkcs12Path, type BundlePlan } from './bundlePlan';
import { kubeconfigCas, kubeconfigYamlWith } from './kubeconfig';
import { DEFAULT_BUNDLE_OPTIONS, type BundleOptions } from './layouts';
import { caCommands, credentialCommands, credentialPaths, keyCommand } from './opensslCommands';
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

/** External-CA mode: the operator's CA pairs are checked and copied in to sign with; none is ever made. */
function externalCaCommands(topology: Topology): string[] {
  const lines = ['# Your certificate authorities: this bundle is in external-CA mode, so they are never made here.'];
  const signsLeaves = new Set<string>(topology.credentials.map((c) => c.caId));
  for (const ca of topology.cas) {
    const [crt, key] = [q(ca.certFile), q(ca.keyFile)];
    // A CA that signs only other CAs (an offline root) is needed for its certificate alone.
    if (!signsLeaves.has(ca.id)) {
      lines.push(`need_cert ${crt} ${q(ca.name)}`, `cp -- "$ca_dir"/${crt} ${crt}`);
      continue;
    }
    lines.push(
      `need_ca ${crt} ${key} ${q(ca.name)}`,
      `cp -- "$ca_dir"/${crt} ${crt} && cp -- "$ca_dir"/${key} ${key}`,
    );
  }
  return lines;
}

const EXTERNAL_CA_HELPERS = [
  'need_ca() {',
  '  for f in "$1" "$2"; do',
  '    if [ ! -f "$ca_dir/$f" ]; then',
  '      echo "make-certs.sh: $3: $ca_dir/$f is missing. In external-CA mode this script signs with your own CA and never makes one: put the CA\'s certificate and key there." >&2',
  '      exit 1',
  '    fi',
  '  done',
  '  if [ "$(openssl x509 -in "$ca_dir/$1" -noout -pubkey)" != "$(openssl pkey -in "$ca_dir/$2" -pubout)" ]; then',
  '    echo "make-certs.sh: $3: $ca_dir/$2 is not the key of $ca_dir/$1." >&2',
  '    exit 1',
  '  fi',
  '}',
  'need_cert() {',
  '  if [ ! -f "$ca_dir/$1" ]; then echo "make-certs.sh: $2: $ca_dir/$1 is missing: put the CA\'s certificate there (its key is not needed)." >&2; exit 1; fi',
  '}',
];

/**
 * A bash script that makes the same bundle with openssl where it runs, so keys never travel:
 * the same file list as the zip (from the same plan), with the same names, subjects, SANs,
 * usages and validity. It makes each file once in a work folder inside the output, then puts
 * every copy where the plan says; it never overwrites a file that is already there. In
 * external-CA mode it signs with the operator's CA files and stops when they are missing.
 * Every value it embeds is quoted by shellQuote; a design that breaks a field rule is refused
 * before a line is written.
 */
export function opensslScript(topology: Topology, options: BundleOptions = DEFAULT_BUNDLE_OPTIONS, given?: BundlePlan): string {
  const problem = topologyProblem(topology);
  if (problem) throw new Error(`make-certs.sh was not written: ${describeProblem(problem)}`);
  const plan = given ?? planOf(topology, options);
  const caById = new Map(topology.cas.map((ca) => [ca.id as string, ca]));
  const alg = topology.keyAlgorithm;
  const work = [
    ...topology.cas.flatMap((ca) => [ca.certFile, ca.keyFile]),
    ...topology.credentials.flatMap((c) => Object.values(credentialPaths(c, 'bundle'))),
    ...topology.credentials.flatMap((c) => (c.kubeconfig ? [c.kubeconfig.file] : [])),
    ...topology.keyPairs.flatMap((k) => [k.privateFile, k.publicFile]),
  ];
  const external = options.externalCa;
  // People's PKCS#12 files, when the bundle has them.
  const personal = topology.credentials.filter((c) => plan.sources.has(pkcs12Path(c)) && plan.sources.get(pkcs12Path(c))!.kind === 'pkcs12');
  const lines = [
    '#!/usr/bin/env bash',
    shellComment(`Makes the TLS bundle of cluster "${topology.clusterName}" with openssl (3.x), on the host itself:`),
    '# the same files, in the same folders, as the zip this script came in, but for README.txt.',
    external
      ? '# Usage: bash make-certs.sh <output folder> <folder holding your CA files, as named in README.txt>'
      : '# Usage: bash make-certs.sh <output folder>',
    'set -euo pipefail',
    'umask 077',
    external
      ? 'if [ $# -ne 2 ]; then echo "Usage: bash make-certs.sh <output folder> <folder holding your CA files>. This bundle is in external-CA mode: the script signs with your CA and never makes one." >&2; exit 2; fi'
      : 'if [ $# -ne 1 ]; then echo "Usage: bash make-certs.sh <output folder>" >&2; exit 2; fi',
    ...(external ? ['ca_dir=$(cd -- "$2" && pwd)'] : []),
    ...(personal.length > 0
      ? ['if [ -z "${P12_PASSWORD:-}" ]; then echo "make-certs.sh: this bundle holds PKCS#12 files: set P12_PASSWORD to the password to make them with (it is never written to disk)." >&2; exit 2; fi']
      : []),
    'mkdir -p -- "$1" && out=$(cd -- "$1" && pwd)',
    // Every output is checked before anything is made: an existing cluster's files are never replaced.
    'for f in \\',
    ...plan.files.map((f) => `  ${q(f.path)} \\`),
    '  ; do',
    '  if [ -e "$out/$f" ]; then echo "make-certs.sh: $out/$f already exists; nothing was changed. Use an empty folder." >&2; exit 1; fi',
    'done',
    'work=$(mktemp -d "$out/.make-certs.XXXXXX")',
    'trap \'rm -rf -- "$work"\' EXIT',
    'cd -- "$work"',
    'b64() { base64 < "$1" | tr -d "\\n"; }',
    ...(external ? EXTERNAL_CA_HELPERS : []),
    ...dirs(work).map((d) => `mkdir -p ${q(d)}`),
    '',
    ...(external ? externalCaCommands(topology) : [
      '# Certificate authorities, each after the CA that signs it',
      ...parentsFirst(topology.cas).flatMap((ca) => caCommands(ca, alg, 'bundle', ca.parentCaId ? caById.get(ca.parentCaId) : undefined)),
    ]),
    '',
    '# Certificates, each signed by its CA',
  ];
  const kubeconfigCa = kubeconfigCas(topology);
  for (const credential of topology.credentials) {
    const ca = caById.get(credential.caId);
    if (!ca) throw new Error(`${credential.label}: its CA is not in the design`);
    lines.push(shellComment(`${credential.label}: ${credential.purpose}`), ...credentialCommands(credential, ca, alg, 'bundle'));
    // Sent with the intermediates above it, as the zip's copy is.
    const chain = intermediatesOf(ca.id, caById);
    if (chain.length > 0) lines.push(`cat ${chain.map((c) => q(c.certFile)).join(' ')} >> ${q(credentialPaths(credential, 'bundle').cert)}`);
    if (credential.kubeconfig) {
      const trusted = caById.get((kubeconfigCa.get(credential.id) ?? credential.caId) as CaId) ?? ca;
      const { cert, key } = credentialPaths(credential, 'bundle');
      lines.push(kubeconfigCommand(credential.kubeconfig.file, credential.kubeconfig, trusted.certFile, cert, key));
    }
  }
  if (personal.length > 0) lines.push('', '# PKCS#12 files of people\'s credentials (AES-256-CBC, PBKDF2-SHA256, SHA-256 MAC: OpenSSL 3\'s defaults)');
  for (const credential of personal) {
    const { cert, key } = credentialPaths(credential, 'bundle');
    // The certificate file holds the leaf and its intermediates; the root comes from its own file.
    const root = caChain(credential.caId, caById).at(-1)!;
    const name = credential.subject.find((a) => a.type === 'CN')?.value ?? credential.label;
    lines.push(`openssl pkcs12 -export -in ${q(cert)} -inkey ${q(key)} -certfile ${q(root.certFile)} -name ${q(name)} -passout env:P12_PASSWORD -out ${q(pkcs12Path(credential))}`);
  }
  if (topology.keyPairs.length > 0) lines.push('', '# Bare key pairs');
  for (const pair of topology.keyPairs) {
    lines.push(keyCommand(alg, pair.privateFile), `openssl pkey -in ${q(pair.privateFile)} -pubout -out ${q(pair.publicFile)}`);
  }
  lines.push('', '# Every file where the bundle has it: one copy per host that needs it.',
    'put() { mkdir -p -- "$(dirname -- "$out/$2")" && cp -- "$1" "$out/$2" && chmod "$3" "$out/$2"; }',
    ...plan.files.map((f) => `put ${q(f.source)} ${q(f.path)} ${f.mode.toString(8).padStart(4, '0')}`),
    `echo "Done: ${plan.files.length} files in $out."`, '');
  return lines.join('\n');
}
