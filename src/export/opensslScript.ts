import { describeProblem, topologyProblem } from '../topology/designRules';
import { caChain, intermediatesOf, parentsFirst } from '../topology/caChain';
import type { CaId, Credential, Topology } from '../topology/model';
import { bundlePlan as planOf, pkcs12Path, type BundlePlan } from './bundlePlan';
import { kubeconfigCas, kubeconfigChunks } from './kubeconfig';
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
function kubeconfigCommand(
  file: string,
  k: NonNullable<Credential['kubeconfig']>,
  caCert: string,
  cert: string,
  key: string,
): string {
  const source = { ca: caCert, cert, key };
  const steps = kubeconfigChunks(k).map((chunk) =>
    'data' in chunk ? `b64 ${q(source[chunk.data])}` : `printf '%s' ${q(chunk.text)}`,
  );
  return `{\n  ${steps.join('\n  ')}\n} > ${q(file)}`;
}

/**
 * External-CA mode: the operator's CA pairs are checked before anything is written, then copied
 * in to sign with; none is ever made. A CA that signs only other CAs (an offline root) is needed
 * for its certificate alone.
 */
function externalCaCommands(topology: Topology): { checks: string[]; copies: string[] } {
  const signsLeaves = new Set<string>(topology.credentials.map((c) => c.caId));
  const checks = ['# Your certificate authorities: this bundle is in external-CA mode, so they are never made here.'];
  const copies = ['# Your certificate authorities, copied in to sign with'];
  for (const ca of topology.cas) {
    const [crt, key] = [q(ca.certFile), q(ca.keyFile)];
    if (!signsLeaves.has(ca.id)) {
      checks.push(`need_cert ${crt} ${q(ca.name)}`);
      copies.push(`cp -- "$ca_dir"/${crt} ${crt}`);
      continue;
    }
    checks.push(`need_ca ${crt} ${key} ${q(ca.name)}`);
    copies.push(`cp -- "$ca_dir"/${crt} ${crt} && cp -- "$ca_dir"/${key} ${key}`);
  }
  return { checks, copies };
}

const EXTERNAL_CA_HELPERS = [
  'need_ca() {',
  '  for f in "$1" "$2"; do',
  '    if [ ! -f "$ca_dir/$f" ]; then',
  '      echo "make-certs.sh: $3: $(esc "$ca_dir/$f") is missing. In external-CA mode this script signs with your own CA and never makes one: put the CA\'s certificate and key there." >&2',
  '      exit 1',
  '    fi',
  '  done',
  '  if [ "$(openssl x509 -in "$ca_dir/$1" -noout -pubkey)" != "$(openssl pkey -in "$ca_dir/$2" -pubout)" ]; then',
  '    echo "make-certs.sh: $3: $(esc "$ca_dir/$2") is not the key of $(esc "$ca_dir/$1")." >&2',
  '    exit 1',
  '  fi',
  '}',
  'need_cert() {',
  '  if [ ! -f "$ca_dir/$1" ]; then echo "make-certs.sh: $2: $(esc "$ca_dir/$1") is missing: put the CA\'s certificate there (its key is not needed)." >&2; exit 1; fi',
  '}',
];

/**
 * The output folder: a new one, or an empty one, never a symbolic link; every refusal comes
 * before anything is written. Symbolic links above it are followed once, to the physical path
 * every later step uses; nothing can be linked inside it, as it holds nothing but what the script
 * makes there.
 */
const OUTPUT_FOLDER_CHECKS = [
  '# The physical path of a folder; the "." after it keeps a name that ends in a newline whole.',
  'physical() { cd -P -- "$1" 2>/dev/null && pwd -P && echo .; }',
  'target=$1',
  'while [ "${#target}" -gt 1 ] && [ "${target%/}" != "$target" ]; do target=${target%/}; done',
  'name=${target##*/}',
  'case $target in */*) parent=${target%/*} ;; *) parent=. ;; esac',
  'case $name in \'\' | . | ..) refuse "$(esc "$1") names no folder to make: give the path of a new or empty folder." ;; esac',
  'from=${parent:-/}',
  'parent=$(physical "$from") || refuse "$(esc "$from"), the folder to make $(esc "$name") in, does not exist."',
  "parent=${parent%$'\\n.'}",
  'out=${parent%/}/$name',
  'if [ -L "$out" ]; then',
  '  refuse "$(esc "$out") is a symbolic link: give the path of a new or empty folder."',
  'elif [ -d "$out" ]; then',
  '  shopt -s nullglob dotglob; held=("$out"/*); shopt -u nullglob dotglob',
  '  if [ ${#held[@]} -gt 0 ]; then',
  '    list=',
  '    for f in "${held[@]:0:10}"; do',
  '      list+="${list:+, }$(esc "${f##*/}")"',
  '      [ ! -L "$f" ] || list+=" (a symbolic link)"',
  '    done',
  '    [ ${#held[@]} -le 10 ] || list+=", and $(( ${#held[@]} - 10 )) more"',
  '    refuse "$(esc "$out") is not empty: it holds $list. Give the path of a new or empty folder."',
  '  fi',
  'elif [ -e "$out" ]; then',
  '  refuse "$(esc "$out") exists and is not a folder: give the path of a new or empty folder."',
  'fi',
];

/**
 * Every file is made in a work folder inside the output folder and moved into place at the end,
 * so a run that fails or is stopped leaves no part of a bundle: the trap removes the work folder,
 * and the output folder too when the script made it and it is still empty.
 */
const OUTPUT_FOLDER_WORK = [
  'made_out=',
  'work=',
  'trap \'rm -rf -- ${work:+"$work"}; [ -z "$made_out" ] || rmdir -- "$out" 2>/dev/null || true\' EXIT',
  'if [ ! -d "$out" ]; then mkdir -- "$out" 2>/dev/null || refuse "$(esc "$out") could not be made."; made_out=1; fi',
  'work=$(mktemp -d "$out/.make-certs.XXXXXX")',
  'mkdir -- "$work/made" "$work/bundle"',
];

/** The bundle, made in the work folder, moved into place while the output folder holds nothing else. */
const INTO_PLACE = [
  'shopt -s nullglob dotglob',
  'for f in "$out"/*; do [ "$f" = "$work" ] || refuse "$(esc "$f") appeared while the files were made."; done',
  'for f in "$work/bundle"/*; do mv -- "$f" "$out/"; done',
];

/**
 * A bash script that makes the same bundle with openssl where it runs, so keys never travel:
 * the same file list as the zip (from the same plan), with the same names, subjects, SANs,
 * usages and validity. It writes only into a new or empty output folder, never through a
 * symbolic link: it makes each file once in a work folder inside it, puts every copy where the
 * plan says beside them, and moves the whole tree into place at the end. Every serial is random.
 * In external-CA mode it signs with the operator's CA files and stops when they are missing.
 * Every value it embeds is quoted by shellQuote; a design that breaks a field rule is refused
 * before a line is written.
 */
export function opensslScript(
  topology: Topology,
  options: BundleOptions = DEFAULT_BUNDLE_OPTIONS,
  given?: BundlePlan,
): string {
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
  const externalCas = external ? externalCaCommands(topology) : { checks: [], copies: [] };
  // People's PKCS#12 files, when the bundle has them.
  const personal = topology.credentials.filter(
    (c) => plan.sources.has(pkcs12Path(c)) && plan.sources.get(pkcs12Path(c))!.kind === 'pkcs12',
  );
  const lines = [
    '#!/usr/bin/env bash',
    shellComment(`Makes the TLS bundle of cluster "${topology.clusterName}" with openssl (3.x), on the host itself:`),
    '# the same files, in the same folders, as the zip this script came in, but for README.txt.',
    external
      ? '# Usage: bash make-certs.sh <output folder> <folder holding your CA files, as named in README.txt>'
      : '# Usage: bash make-certs.sh <output folder>',
    'set -euo pipefail',
    'umask 077',
    'unset CDPATH',
    external
      ? 'if [ $# -ne 2 ]; then echo "Usage: bash make-certs.sh <output folder> <folder holding your CA files>. This bundle is in external-CA mode: the script signs with your CA and never makes one." >&2; exit 2; fi'
      : 'if [ $# -ne 1 ]; then echo "Usage: bash make-certs.sh <output folder>" >&2; exit 2; fi',
    '# Paths and names in messages as bash quotes them: control characters and every non-ASCII byte escaped.',
    'esc() { LC_ALL=C printf \'%q\' "$1"; }',
    'refuse() { echo "make-certs.sh: $1 Nothing was changed." >&2; exit 1; }',
    ...(personal.length > 0
      ? [
          'if [ -z "${P12_PASSWORD:-}" ]; then echo "make-certs.sh: this bundle holds PKCS#12 files: set P12_PASSWORD to the password to make them with (it is never written to disk)." >&2; exit 2; fi',
        ]
      : []),
    ...OUTPUT_FOLDER_CHECKS,
    ...(external
      ? [
          'ca_dir=$(physical "$2") || refuse "$(esc "$2") is not a folder."',
          "ca_dir=${ca_dir%$'\\n.'}",
          ...EXTERNAL_CA_HELPERS,
          ...externalCas.checks,
        ]
      : []),
    ...OUTPUT_FOLDER_WORK,
    'cd -- "$work/made"',
    'b64() { base64 < "$1" | tr -d "\\n"; }',
    ...dirs(work).map((d) => `mkdir -p ${q(d)}`),
    '',
    ...(external
      ? externalCas.copies
      : [
          '# Certificate authorities, each after the CA that signs it',
          ...parentsFirst(topology.cas).flatMap((ca) =>
            caCommands(ca, alg, 'bundle', ca.parentCaId ? caById.get(ca.parentCaId) : undefined),
          ),
        ]),
    '',
    '# Certificates, each signed by its CA',
  ];
  const kubeconfigCa = kubeconfigCas(topology);
  for (const credential of topology.credentials) {
    const ca = caById.get(credential.caId);
    if (!ca) throw new Error(`${credential.label}: its CA is not in the design`);
    lines.push(
      shellComment(`${credential.label}: ${credential.purpose}`),
      ...credentialCommands(credential, ca, alg, 'bundle'),
    );
    // Sent with the intermediates above it, as the zip's copy is.
    const chain = intermediatesOf(ca.id, caById);
    if (chain.length > 0)
      lines.push(
        `cat ${chain.map((c) => q(c.certFile)).join(' ')} >> ${q(credentialPaths(credential, 'bundle').cert)}`,
      );
    if (credential.kubeconfig) {
      const trusted = caById.get((kubeconfigCa.get(credential.id) ?? credential.caId) as CaId) ?? ca;
      const { cert, key } = credentialPaths(credential, 'bundle');
      lines.push(kubeconfigCommand(credential.kubeconfig.file, credential.kubeconfig, trusted.certFile, cert, key));
    }
  }
  if (personal.length > 0)
    lines.push(
      '',
      "# PKCS#12 files of people's credentials (AES-256-CBC, PBKDF2-SHA256, SHA-256 MAC: OpenSSL 3's defaults)",
    );
  for (const credential of personal) {
    const { cert, key } = credentialPaths(credential, 'bundle');
    // The certificate file holds the leaf and its intermediates; the root comes from its own file.
    const root = caChain(credential.caId, caById).at(-1)!;
    const name = credential.subject.find((a) => a.type === 'CN')?.value ?? credential.label;
    lines.push(
      `openssl pkcs12 -export -in ${q(cert)} -inkey ${q(key)} -certfile ${q(root.certFile)} -name ${q(name)} -passout env:P12_PASSWORD -out ${q(pkcs12Path(credential))}`,
    );
  }
  if (topology.keyPairs.length > 0) lines.push('', '# Bare key pairs');
  for (const pair of topology.keyPairs) {
    lines.push(
      keyCommand(alg, pair.privateFile),
      `openssl pkey -in ${q(pair.privateFile)} -pubout -out ${q(pair.publicFile)}`,
    );
  }
  lines.push(
    '',
    '# Every file where the bundle has it, still in the work folder: one copy per host that needs it.',
    'put() { mkdir -p -- "$(dirname -- "$work/bundle/$2")" && cp -- "$1" "$work/bundle/$2" && chmod "$3" "$work/bundle/$2"; }',
  );
  // One line per file, pushed one at a time: a pool of 36,500 nodes has more files than a call takes arguments.
  for (const f of plan.files) lines.push(`put ${q(f.source)} ${q(f.path)} ${f.mode.toString(8).padStart(4, '0')}`);
  lines.push('', '# Into place', ...INTO_PLACE, `echo "Done: ${plan.files.length} files in $(esc "$out")."`, '');
  return lines.join('\n');
}
