import type { Topology } from '../topology/model';
import { groupBy, offlineCas, type BundlePlan, type SourceFile } from './bundlePlan';
import type { BundleOptions } from './layouts';
import { wiringLines } from './wiring';
import { visible } from '../topology/fieldRules';

function subjectText(subject: readonly { type: string; value: string }[]): string {
  return subject.map((a) => `${a.type}=${a.value}`).join(', ');
}

/** What the README knows beyond the design: what a re-issue kept, and the files beside the plan's. */
export interface ReadmeContext {
  /** CAs and key pairs taken as imported rather than made. */
  readonly kept: ReadonlySet<string>;
  /** The bundle's own files at its root: make-certs.sh, kubeadm-config.yaml. */
  readonly extra: readonly string[];
}

/** The paths `list` names, shortened when a file is copied to many hosts. */
function pathList(paths: readonly string[]): string {
  return paths.length <= 4
    ? paths.join(', ')
    : `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more copies, one per host`;
}

function layoutLines(topology: Topology, plan: BundlePlan, options: BundleOptions): string[] {
  if (options.layout === 'per-host') {
    return [
      "Layout: one folder per host, each that host's /etc/kubernetes, complete: copy a folder to its host as it is.",
      'Control planes hold every CA and the service-account pair (as kubeadm join --control-plane needs them), their own',
      'certificates and kubeconfigs; workers their kubelet.conf and the CA certificates their components trust.',
      ...(plan.folders.some((f) => f.prefix === 'workstation/')
        ? ['workstation/ holds the kubeconfigs of people and tools outside the cluster (kubectl).']
        : []),
    ];
  }
  const nested = plan.folders.filter((f) => f.prefix.startsWith('nodes/'));
  if (nested.length === 0) return ["Layout: the design's own file names, all in one folder."];
  const root =
    plan.folders.find((f) => f.prefix === '')?.holds.filter((h) => topology.hosts.some((x) => x.name === h)) ?? [];
  return [
    `Layout: the bundle's root is the /etc/kubernetes of ${root.join(', ') || 'the first control plane'}; nodes/<name>/ is each other`,
    "host's /etc/kubernetes, complete: copy each folder to its host as it is.",
  ];
}

/** Elements by id, looked up once per file: a pool of thousands of workers stays linear. */
interface Index {
  readonly cas: ReadonlyMap<string, Topology['cas'][number]>;
  readonly credentials: ReadonlyMap<string, Topology['credentials'][number]>;
  readonly components: ReadonlyMap<string, Topology['components'][number]>;
  readonly hosts: ReadonlyMap<string, Topology['hosts'][number]>;
}

function indexOf(topology: Topology): Index {
  const by = <T extends { id: string }>(items: readonly T[]) => new Map<string, T>(items.map((x) => [x.id, x]));
  return {
    cas: by(topology.cas),
    credentials: by(topology.credentials),
    components: by(topology.components),
    hosts: by(topology.hosts),
  };
}

/** One line per file: what it is, named for the element it belongs to. */
function describeFile(index: Index, source: SourceFile): string {
  const ca = index.cas.get(source.elementId);
  const cred = index.credentials.get(source.elementId);
  const owner = cred && index.components.get(cred.ownerId)?.name;
  switch (source.kind) {
    case 'ca-cert':
      return `${ca?.name ?? source.elementId}: CA certificate`;
    case 'ca-key':
      return `${ca?.name ?? source.elementId}: CA private key`;
    case 'cert':
      return `${owner}: certificate ${cred?.label}`;
    case 'key':
      return `${owner}: private key of ${cred?.label}`;
    case 'kubeconfig':
      return `${owner}: kubeconfig, user ${cred?.kubeconfig?.userName}, certificate and key embedded`;
    case 'private-key':
      return 'service-account signing key (private)';
    case 'public-key':
      return 'service-account verification key (public)';
    case 'pkcs12':
      return `${owner}: PKCS#12 of ${cred?.label} with its CA, for browsers and OS keychains (the password you chose)`;
  }
}

function keptLines(topology: Topology, kept: ReadonlySet<string>): string[] {
  const cas = topology.cas.filter((ca) => kept.has(ca.id));
  if (cas.length === 0 && topology.keyPairs.every((k) => !kept.has(k.id))) return [];
  const lines =
    cas.length > 0
      ? [
          `RE-ISSUED under the imported CAs: ${cas.map((ca) => ca.name).join(', ')}. Their certificates and keys are the`,
          'imported ones, so everything that already trusts them trusts the new leaves.',
        ]
      : [];
  for (const pair of topology.keyPairs) {
    lines.push(
      kept.has(pair.id)
        ? `The service-account pair (${pair.privateFile}) is the imported one, byte for byte: existing ServiceAccount tokens stay valid.`
        : `The service-account pair (${pair.privateFile}) is NEW: once kube-apiserver loads it, every ServiceAccount token signed with the old key is rejected until pods get new ones.`,
    );
  }
  return [...lines, ''];
}

/**
 * The bundle's README.txt, written from the bundle plan: every folder and file the zip holds
 * (and nothing else), each file's role, the CA that signed it and the flags that load it.
 */
export function bundleReadme(
  topology: Topology,
  plan: BundlePlan,
  options: BundleOptions,
  context: ReadmeContext,
): string {
  const index = indexOf(topology);
  const copies = groupBy(plan.files, (f) => [f.source]);
  const inFolder = groupBy(plan.files, (f) => [f.folder]);
  const at = (source: string) => pathList((copies.get(source) ?? []).map((f) => f.path));
  const caName = new Map(topology.cas.map((ca) => [ca.id, ca.name]));
  const lines: string[] = [
    `Kubernetes TLS bundle for cluster "${topology.clusterName}"`,
    `Generated in the browser by Kubernetes TLS Designer. Key algorithm: ${topology.keyAlgorithm}.`,
    'Private keys and kubeconfigs (*.key, *.conf, *.kubeconfig) are mode 0600: keep them that way on the hosts.',
    'make-certs.sh makes the same files in the same folders with openssl where it runs, so that keys need not travel;',
    'it never overwrites a file that exists:',
    options.externalCa
      ? '  bash make-certs.sh <empty folder> <folder holding your CA files>   (the CA paths below, relative to it)'
      : '  bash make-certs.sh <empty folder>',
    ...(plan.files.some((f) => f.path.endsWith('.p12'))
      ? [
          "*.p12 are PKCS#12 files of people's client credentials, with the password you chose (AES-256-CBC, PBKDF2-SHA256,",
          'SHA-256 MAC, as OpenSSL 3 writes them). make-certs.sh needs it as P12_PASSWORD. An importer too old for that',
          'wants the legacy form (3DES, RC2), which only openssl makes: openssl pkcs12 -export -legacy -in <cert> -inkey <key> -out <file>.p12',
          '',
        ]
      : []),
    ...(context.extra.includes('k8s-tls-design.json')
      ? [
          'k8s-tls-design.json is the design this bundle was made from: Import PKI in Kubernetes TLS Designer reads',
          'the zip back as it was drawn (pools, custom components), and Open design opens the file alone.',
        ]
      : []),
    ...(context.extra.includes('kubeadm-config.yaml')
      ? [
          'kubeadm-config.yaml is the ClusterConfiguration that matches: kubeadm init --config kubeadm-config.yaml',
          'uses these files where they exist and would make the same ones where not.',
        ]
      : []),
    ...(context.extra.includes('manifests/cert-manager.yaml')
      ? [
          'manifests/ holds, for the servers that run in the cluster, a Secret of type kubernetes.io/tls each (tls.crt,',
          'tls.key and ca.crt: kubectl apply -f manifests/<name>-secret.yaml), and cert-manager.yaml, the cert-manager',
          'Issuer and Certificates that would issue the same certificates in the cluster. They name the namespace',
          '"default": change it to yours. They hold private keys.',
        ]
      : []),
    '',
    ...layoutLines(topology, plan, options),
    '',
    ...(options.externalCa
      ? [
          'EXTERNAL-CA MODE: no CA private key is in this bundle. They were made in the browser, used to sign,',
          'and discarded: nothing can sign for these CAs again. kubeadm runs without ca.key, but then the',
          'controller manager cannot sign CSRs (kubeadm sets --cluster-signing-cert-file and -key-file to ""),',
          'so kubelet certificate rotation and TLS bootstrap need an external signer, "kubeadm certs renew"',
          'cannot renew, and new nodes need certificates made where the CA is kept.',
          '',
        ]
      : []),
    ...keptLines(topology, context.kept),
    ...topology.notes.map((n) => `Note: ${n}`),
    ...(topology.notes.length > 0 ? [''] : []),
    'FOLDERS AND FILES',
  ];
  const hostNamed = new Map(topology.hosts.map((h) => [h.name, h]));
  for (const folder of plan.folders) {
    const hosts = folder.holds.map((name) => {
      const host = hostNamed.get(name);
      return host ? `${name} (${host.role}, ${host.ip})` : name;
    });
    lines.push(
      `  ${folder.prefix || '(bundle root)'}${hosts.length > 0 ? `  /etc/kubernetes of ${hosts.join(', ')}` : ''}`,
    );
    for (const f of inFolder.get(folder.prefix) ?? []) {
      lines.push(`    ${f.path}  ${describeFile(index, plan.sources.get(f.source)!)}`);
    }
    if (folder.prefix === '') lines.push(...context.extra.map((p) => `    ${p}`), '    README.txt');
  }
  if (!plan.folders.some((f) => f.prefix === ''))
    lines.push('  (bundle root)', ...context.extra.map((p) => `    ${p}`), '    README.txt');
  lines.push('', 'CERTIFICATE AUTHORITIES');
  const offline = offlineCas(topology);
  for (const ca of topology.cas) {
    const parent = ca.parentCaId ? (caName.get(ca.parentCaId) ?? ca.parentCaId) : null;
    const limit = ca.pathLength === undefined ? '' : `, pathlen:${ca.pathLength}`;
    lines.push(
      `  ${ca.name}: ${parent ? `intermediate signed by ${parent}` : 'self-signed root'}, ${subjectText(ca.subject)}, valid ${ca.validityDays} days${limit}.`,
      `    certificate: ${at(ca.certFile)}`,
      `    key: ${options.externalCa ? 'not in this bundle (external CA)' : at(ca.keyFile)}`,
    );
    if (parent)
      lines.push(
        '    Every certificate it signs is written with it (and any CA between it and the root) after the leaf, so a peer that trusts only the root can build the chain.',
      );
    if (offline.has(ca.id) && !options.externalCa)
      lines.push('    It signs only CAs, so no host needs its key: keep that key offline, off every node.');
  }
  lines.push('', 'CERTIFICATES AND KUBECONFIGS');
  for (const cred of topology.credentials) {
    const owner = index.components.get(cred.ownerId);
    const host = owner?.hostId ? index.hosts.get(owner.hostId) : undefined;
    const usage = [cred.serverAuth && 'server', cred.clientAuth && 'client'].filter(Boolean).join(' + ');
    lines.push(
      `  ${cred.label} of ${owner?.name ?? cred.ownerId}${host ? ` on ${host.name}` : ''}`,
      ...[cred.files?.cert, cred.files?.key, cred.kubeconfig?.file]
        .filter((p): p is string => !!p)
        .map((p) => `    file: ${at(p)}`),
      `    ${cred.purpose}`,
      `    Subject ${subjectText(cred.subject)}; ${usage}; signed by ${caName.get(cred.caId) ?? cred.caId}.`,
    );
    if (cred.dnsNames.length + cred.ipAddresses.length > 0) {
      lines.push(
        `    SANs: ${[...cred.dnsNames.map((d) => `DNS:${d}`), ...cred.ipAddresses.map((i) => `IP:${i}`)].join(', ')}`,
      );
    }
    if (cred.kubeconfig)
      lines.push(`    kubeconfig server ${cred.kubeconfig.server}, user ${cred.kubeconfig.userName}.`);
    for (const use of cred.usedBy) lines.push(`    Used by: ${use}`);
  }
  if (topology.keyPairs.length > 0) lines.push('', 'KEY PAIRS');
  for (const pair of topology.keyPairs) {
    lines.push(
      `  ${at(pair.privateFile)}; ${at(pair.publicFile)}`,
      `    ${pair.purpose}`,
      ...pair.usedBy.map((u) => `    Used by: ${u}`),
    );
  }
  // Concatenated, not spread into push: a pool of thousands of nodes has more lines than a call takes arguments.
  // Each entry is one line: a control character in a name is shown, never obeyed.
  return [...lines, '', 'WIRING: what each component loads, and through which flag', ...wiringLines(topology, plan), '']
    .map(visible)
    .join('\n');
}
