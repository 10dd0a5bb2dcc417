import { scopeIndex, type CheckedPhase } from '../topology/rotation';
import type { CertificateAuthority, Component, Topology } from '../topology/model';
import type { BundleFile } from './bundleFile';
import { groupBy, onHost, WORKSTATION } from './bundlePlan';
import type { PhaseBundle, RotationBundles } from './rotationBundles';
import { visible } from '../topology/fieldRules';
import { shellQuote as q } from './shell';

/** kubeadm runs these as static Pods: they restart when their manifest leaves and comes back. */
const STATIC_PODS = new Set<Component['kind']>(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']);

/**
 * How to make one component read its files again: kubeadm's static Pods by moving their manifest
 * out and back, daemons with systemd; Pods (kube-proxy under kubeadm, an aggregated API server,
 * a custom component) by restarting their workload, once for the cluster. Null for a tool that
 * reads its files each time it runs (kubeadm's etcd healthcheck).
 */
function restartOf(
  component: Component,
  kubeadm: boolean,
): { readonly where: 'host' | 'cluster'; readonly command: string } | null {
  if (component.kind === 'etcd-healthcheck' || component.kind === 'admin') return null;
  if (kubeadm && STATIC_PODS.has(component.kind)) {
    const manifest = `/etc/kubernetes/manifests/${component.kind}.yaml`;
    return {
      where: 'host',
      command: `sudo mv ${manifest} /etc/kubernetes/ && sleep 20 && sudo mv /etc/kubernetes/${component.kind}.yaml ${manifest}`,
    };
  }
  if (component.kind === 'kube-proxy' && kubeadm)
    return { where: 'cluster', command: 'kubectl -n kube-system rollout restart daemonset/kube-proxy' };
  if (
    component.kind === 'custom-server' ||
    component.kind === 'custom-client' ||
    component.kind === 'extension-apiserver'
  ) {
    return { where: 'cluster', command: `restart ${q(component.name)} so that it reads its files again` };
  }
  return { where: 'host', command: `sudo systemctl restart ${component.kind}` };
}

/** The components whose own files (credentials, kubeconfigs, trusted CA files) are among `changed` design paths. */
function readersOf(topology: Topology, changed: ReadonlySet<string>): Set<string> {
  const caFile = new Map(topology.cas.map((ca) => [ca.id as string, ca.certFile]));
  const readers = new Set<string>();
  for (const cred of topology.credentials) {
    if ([cred.files?.cert, cred.files?.key, cred.kubeconfig?.file].some((f) => f !== undefined && changed.has(f)))
      readers.add(cred.ownerId);
  }
  for (const c of topology.connections) {
    if (c.clientTrustsCaId && changed.has(caFile.get(c.clientTrustsCaId)!)) readers.add(c.clientId);
    if (c.serverTrustsCaId && changed.has(caFile.get(c.serverTrustsCaId)!)) readers.add(c.serverId);
  }
  return readers;
}

/** Why a step is done, in the runbook's words. */
function why(phase: PhaseBundle, ca: CertificateAuthority): string[] {
  if (phase.step.action === 'trust-both') {
    return [
      `Each CA file and kubeconfig these hosts read now holds the old and the new ${ca.name}, so they accept`,
      'certificates of either while the others switch. Nothing they present changes yet.',
    ];
  }
  if (phase.step.action === 'present-new') {
    return [
      `Every certificate of ${ca.name} these hosts present is re-issued by the new CA (same names, SANs, usages and key).`,
      ...(phase.step.scope === 'control-planes'
        ? [
            `${ca.keyFile} becomes the new CA's key, and ${ca.certFile} lists the new CA first: the controller-manager signs`,
            'with the first certificate of --cluster-signing-cert-file. etcd reads its certificate files again for each new',
            'connection: it presents the new ones as soon as they are copied, so copy and restart one host at a time.',
          ]
        : []),
    ];
  }
  return [`The old ${ca.name} leaves every CA file and kubeconfig these hosts read: they accept the new CA alone.`];
}

/**
 * The ServiceAccount-token steps: pods trust the API server through kube-root-ca.crt, which the
 * controller-manager writes from its --root-ca-file, and legacy token Secrets carry a ca.crt the
 * tokens controller keeps equal to that file (pkg/controller/serviceaccount/tokens_controller.go,
 * secretUpdateNeeded: needsCA when the Secret's ca.crt differs from rootCA). Each check says the
 * result to expect.
 */
function serviceAccountSteps(
  topology: Topology,
  ca: CertificateAuthority,
  phase: PhaseBundle,
  kubeadm: boolean,
): string[] {
  if (phase.step.scope !== 'control-planes' || phase.step.action === 'present-new') return [];
  // Only the CA that API clients trust reaches pods through kube-root-ca.crt.
  const apiservers = new Set(topology.components.filter((c) => c.kind === 'kube-apiserver').map((c) => c.id as string));
  if (!topology.connections.some((c) => apiservers.has(c.serverId) && c.clientTrustsCaId === ca.id)) return [];
  const caFile = `/etc/kubernetes/${q(onHost(ca.certFile))}`;
  return [
    '  ServiceAccount tokens and pods:',
    `    The controller-manager writes its --root-ca-file (${visible(onHost(ca.certFile))}) into the kube-root-ca.crt ConfigMap of every`,
    '    namespace, which pods read as /var/run/secrets/kubernetes.io/serviceaccount/ca.crt. On a control plane, list the',
    "    namespaces whose ConfigMap does not hold this phase's file yet; wait until the list is empty (expect 0):",
    `      for ns in $(kubectl get namespaces -o jsonpath='{.items[*].metadata.name}'); do kubectl -n "$ns" get configmap kube-root-ca.crt -o jsonpath='{.data.ca\\.crt}' | cmp -s - ${caFile} || echo "$ns"; done | wc -l`,
    '    Then restart what calls the API with its token so that it reads the new ca.crt:',
    '      kubectl -n kube-system rollout restart daemonset/kube-proxy deployment/coredns',
    '      (and every other Deployment, DaemonSet and StatefulSet that talks to the API)',
    '    Legacy token Secrets (type kubernetes.io/service-account-token) carry a copy of ca.crt. Do not delete them: since',
    '    Kubernetes 1.24 a deleted one is not written again, and the token it held is gone for good. The controller-manager',
    '    rewrites each one\'s ca.crt from its --root-ca-file after its restart; the Kubernetes task "Manual rotation of CA',
    '    certificates" sets them by hand. Count those that do not hold this phase\'s file (expect 0):',
    `      want=$(base64 -w0 ${caFile}); kubectl get secrets -A --field-selector type=kubernetes.io/service-account-token -o jsonpath='{range .items[*]}{.data.ca\\.crt}{"\\n"}{end}' | grep -cvx "$want"`,
    '    To set them by hand, as the task does:',
    `      want=$(base64 -w0 ${caFile}); for s in $(kubectl get secrets -A --field-selector type=kubernetes.io/service-account-token -o jsonpath='{range .items[*]}{.metadata.namespace}/{.metadata.name}{" "}{end}'); do kubectl -n "\${s%%/*}" get secret "\${s#*/}" -o yaml | sed "s/^\\(  ca.crt:\\).*/\\1 $want/" | kubectl apply -f -; done`,
    '    The service-account signing key (sa.key) is not part of a CA rotation: tokens stay valid.',
    ...(kubeadm ? joinSteps(caFile) : []),
  ];
}

/** The command that prints kubeadm's --discovery-token-ca-cert-hash of a CA file: SHA-256 of its first certificate's public key (SubjectPublicKeyInfo, DER). */
export function joinHashCommand(caFile: string): string {
  return `openssl x509 -in ${caFile} -noout -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256 -hex | sed 's/^.* /sha256:/'`;
}

/**
 * kubeadm join finds the cluster through the cluster-info ConfigMap in kube-public: a kubeconfig
 * whose certificate-authority-data it checks against --discovery-token-ca-cert-hash. Both follow
 * the CA (the Kubernetes task "Manual rotation of CA certificates", its cluster-info step).
 */
function joinSteps(caFile: string): string[] {
  return [
    '  kubeadm join (bootstrap tokens):',
    "    The cluster-info ConfigMap in kube-public holds the CA that joining nodes trust. Write this phase's file into it:",
    `      kubectl -n kube-public get configmap cluster-info -o yaml | sed "s/^\\( *certificate-authority-data:\\).*/\\1 $(base64 -w0 ${caFile})/" | kubectl apply -f -`,
    "    Check: the CA it now holds is this phase's file (expect no output from diff):",
    `      kubectl -n kube-public get configmap cluster-info -o jsonpath='{.data.kubeconfig}' | sed -n 's/^ *certificate-authority-data: //p' | base64 -d | diff - ${caFile}`,
    '    kubeadm join checks its --discovery-token-ca-cert-hash against every CA in that data (discovery/token/token.go,',
    '    pubKeyPins.CheckAny): while it holds the old and the new CA, either hash joins; once the old CA leaves, only the',
    "    new one does. The hash of the first CA of this phase's file (kubeadm token create --print-join-command prints it too):",
    `      ${joinHashCommand(caFile)}`,
  ];
}

/** One phase of the runbook: why, the files each host receives, the restarts, the checks, and what the planner found. */
export function phaseSection(
  topology: Topology,
  ca: CertificateAuthority,
  phase: PhaseBundle,
  checked: CheckedPhase | undefined,
  total: number,
  presetId: string | null,
): string[] {
  const kubeadm = presetId === 'kubeadm';
  const lines = [
    `PHASE ${phase.number} OF ${total}: ${visible(phase.title)}`,
    ...why(phase, ca).map((l) => `  ${visible(l)}`),
  ];
  if (checked) {
    lines.push(
      checked.failing.length === 0
        ? `  The planner's checks: all ${checked.total} connections handshake at this phase.`
        : `  WARNING: the planner's checks find ${checked.total - checked.working} of ${checked.total} connections failing at this phase:`,
    );
    for (const f of checked.failing) lines.push(`    ${visible(f.subject)}: "${visible(f.quote)}"`);
  }
  if (phase.files.length === 0) return [...lines, '  No file changes on any host: nothing to copy.', ''];
  lines.push(
    "  Files (copy each host's folder over its /etc/kubernetes, keeping modes: sudo cp -a <host>/. /etc/kubernetes/):",
  );
  // Per host folder, each path as it is under that host's /etc/kubernetes.
  const byHost = new Map(
    [...groupBy(phase.files, (f) => [f.path.slice(0, f.path.indexOf('/'))])].map(
      ([host, files]) => [host, files.map((f) => f.path.slice(host.length + 1))] as const,
    ),
  );
  for (const [host, paths] of byHost) lines.push(`    ${visible(host)}: ${paths.map(visible).join(', ')}`);
  lines.push('  Then, one host at a time:');
  const cluster = new Set<string>();
  for (const [host, paths] of byHost) {
    if (host === WORKSTATION) {
      lines.push(
        `    ${WORKSTATION}: hand each person their new kubeconfig. Anyone with a kubeconfig of their own for this cluster:`,
        `      kubectl config set-cluster ${q(topology.clusterName)} --certificate-authority=<the ${visible(ca.name)} file of this phase> --embed-certs`,
      );
      continue;
    }
    const hostId = topology.hosts.find((h) => h.name === host)?.id;
    // A file a host holds is read by the components on it (and kube-proxy drawn outside the hosts).
    const readers = readersOf(topology, new Set(paths));
    const restarts = topology.components
      .filter((c) => readers.has(c.id) && (c.hostId === hostId || (c.hostId === null && c.kind === 'kube-proxy')))
      .flatMap((c) => restartOf(c, kubeadm) ?? []);
    restarts.filter((r) => r.where === 'cluster').forEach((r) => cluster.add(r.command));
    const here = restarts.filter((r) => r.where === 'host').map((r) => `      ${r.command}`);
    lines.push(
      `    ${visible(host)}:`,
      ...(here.length > 0 ? here : ['      nothing to restart: its tools read these files each time they run']),
    );
  }
  if (cluster.size > 0) lines.push('  Then, once for the cluster:', ...[...cluster].map((c) => `    ${c}`));
  lines.push(...serviceAccountSteps(topology, ca, phase, kubeadm));
  lines.push('  Check:', '    kubectl get nodes   (with admin.conf: the API server answers and every node is Ready)');
  // A certificate this CA signs on a control plane, to verify against the CA file the phase left there.
  const scopes = scopeIndex(topology);
  const leaf = topology.credentials.find(
    (c) => c.caId === ca.id && c.files && scopes.credential(c) === 'control-planes',
  );
  if (phase.step.scope === 'control-planes' && leaf?.files) {
    lines.push(
      `    openssl verify -CAfile /etc/kubernetes/${q(onHost(ca.certFile))} /etc/kubernetes/${q(onHost(leaf.files.cert))}   (on each control plane)`,
    );
  }
  return [...lines, ''];
}

/** The whole rotation as one runbook: the order, each phase's files, restarts and checks. */
export function rotationRunbook(
  topology: Topology,
  caId: string,
  bundles: RotationBundles,
  checked: readonly CheckedPhase[],
  presetId: string | null,
): string {
  const ca = topology.cas.find((c) => c.id === caId)!;
  const n = bundles.phases.length;
  return [
    `ROTATING ${visible(ca.name).toUpperCase()} OF CLUSTER ${visible(topology.clusterName)}`,
    '',
    'This follows the Kubernetes task "Manual rotation of CA certificates": a new CA; trust in the old and the new',
    'everywhere; certificates re-issued under the new CA; then the old CA removed. Do the phases in order, and do',
    "not start a phase until the last one checks out. Each phase's download holds only the files that change,",
    'in a folder per host. Keep a copy of /etc/kubernetes on every host before you start.',
    '',
    ...bundles.phases.flatMap((p) => phaseSection(topology, ca, p, checked[p.number - 1], n, presetId)),
  ].join('\n');
}

/** One phase's download: its files, and a README.txt with its part of the runbook. */
export function phaseZipFiles(
  topology: Topology,
  caId: string,
  phase: PhaseBundle,
  checked: CheckedPhase | undefined,
  total: number,
  presetId: string | null,
): BundleFile[] {
  const ca = topology.cas.find((c) => c.id === caId)!;
  const readme = [
    `Phase ${phase.number} of ${total} of the rotation of ${visible(ca.name)} (cluster ${visible(topology.clusterName)}).`,
    'Only the files that change at this phase are here, in a folder per host.',
    '',
    ...phaseSection(topology, ca, phase, checked, total, presetId),
  ].join('\n');
  return [...phase.files, { path: 'README.txt', content: readme, mode: 0o644 }];
}
