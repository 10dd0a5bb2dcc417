import { NO_EDITS, topologyOf, type CredentialPatch, type Design } from '../topology/design';
import { nextIp, updateCa, updateCredential } from '../topology/edits';
import { checkDnsDomain, checkEndpoint, checkNodeName } from '../topology/fieldRules';
import type { CaId, CredentialId } from '../topology/model';
import { endpointHost, endpointPort, firstServiceIp, isIpv4 } from '../topology/network';
import type { NodeParams, PresetParams } from '../topology/presetParams';
import { HARDWAY_DEFAULTS } from '../topology/presets/hardway';
import type { FoundCert } from './importedFiles';
import type { IssuerOf } from './importChain';

/**
 * Kubernetes The Hard Way, read by what its certificates say (kelseyhightower/kubernetes-the-hard-way):
 * one self-signed CA signs everything; the API server's certificate has CN `kubernetes` with the
 * `kubernetes.default` names and the service IP (kubeadm's says CN `kube-apiserver`); the
 * clients are `admin` in `system:masters`, `system:kube-controller-manager`, `system:kube-scheduler`,
 * `system:kube-proxy` and one `system:node:<name>` per worker (its serving and client pair in one);
 * and `service-accounts` signs tokens. Both editions: cfssl (docs/04 before 2024: ca.pem,
 * <name>.pem, <name>-key.pem, kubernetes.pem for the API server, service-account.pem) and
 * openssl (ca.conf at 52eb26d: ca.crt, <name>.crt/.key, kube-api-server.crt, service-accounts.crt).
 * File names are never the rule: a file is placed by its subject, usages, SANs and issuer.
 */

export interface HardwayMatch {
  readonly found: FoundCert;
  readonly role: string;
  readonly node: null;
}

export interface HardwayImport {
  readonly layout: string;
  readonly design: Design;
  readonly certificates: Record<string, string>;
  readonly recognised: Array<{ path: string; role: string; elementId: string }>;
  readonly matches: HardwayMatch[];
  readonly unassigned: Array<{ path: string; subject: string; reason: string }>;
  /** What the files do not say and the design took from the Hard Way's defaults. */
  readonly filledIn: string[];
}

const hasO = (f: FoundCert, o: string) => f.facts.subject.some((a) => a.type === 'O' && a.value === o);
const isApiserverServing = (f: FoundCert) =>
  f.facts.serverAuth && !f.facts.isCa && f.facts.dns.includes('kubernetes.default');

/**
 * The Hard Way's role of a leaf (its preset credential key), from its subject and usages, or why
 * it has none. `worker` names the node of a kubelet pair.
 */
function roleOf(f: FoundCert): { key: string; worker?: string } | { reason: string } {
  const { cn, clientAuth } = f.facts;
  if (isApiserverServing(f)) return { key: 'kube-api-server' };
  if (cn === 'system:kube-controller-manager') return { key: 'kube-controller-manager' };
  if (cn === 'system:kube-scheduler') return { key: 'kube-scheduler' };
  if (cn === 'system:kube-proxy') return { key: 'kube-proxy' };
  if (cn.startsWith('system:node:') && hasO(f, 'system:nodes')) {
    const worker = cn.slice('system:node:'.length);
    return checkNodeName(worker, []) === null
      ? { key: worker, worker }
      : { reason: `a kubelet certificate whose node name "${worker}" the design cannot hold` };
  }
  if (hasO(f, 'system:masters') && clientAuth) return { key: 'admin' };
  // The key that signs ServiceAccount tokens, carried in a certificate: its CN is the Hard Way's only mark.
  if (/^service-accounts?$/.test(cn)) return { key: 'service-accounts' };
  return { reason: `its subject (CN=${cn}) and usages match no role of Kubernetes The Hard Way` };
}

/**
 * Whether the certificates are a Hard Way PKI: a self-signed CA that really signed an API server
 * certificate with CN `kubernetes`, and nothing of kubeadm's (no front-proxy or etcd CA, no
 * `kube-apiserver` CN).
 */
export async function hardwayCa(certs: readonly FoundCert[], issuerOf: IssuerOf): Promise<FoundCert | null> {
  const api = certs.find((f) => isApiserverServing(f) && f.facts.cn === 'kubernetes');
  if (!api) return null;
  if (certs.some((f) => ['kube-apiserver', 'front-proxy-ca', 'front-proxy-client', 'etcd-ca'].includes(f.facts.cn)))
    return null;
  const ca = await issuerOf(api);
  return ca && (await issuerOf(ca))?.pem === ca.pem ? ca : null;
}

/** The service CIDR whose first address is the API server's service IP: a /24 as the Hard Way's 10.32.0.0/24. */
function serviceCidrOf(api: FoundCert | undefined): string | null {
  const ip = api?.facts.ips.find((a) => isIpv4(a) && a !== '127.0.0.1' && a.endsWith('.1'));
  if (!ip) return null;
  const cidr = `${ip.replace(/\.1$/, '.0')}/24`;
  return firstServiceIp(cidr) === ip ? cidr : null;
}

/**
 * The design of a Hard Way PKI: the hardway preset with the workers the kubelet certificates name,
 * every certificate's subject, SANs, lifetime and file name as the files have them.
 */
export function importHardway(certs: readonly FoundCert[], ca: FoundCert): HardwayImport {
  const filledIn: string[] = [];
  const unassigned: HardwayImport['unassigned'] = [];
  const roles: Array<{ found: FoundCert; key: string; worker?: string }> = [{ found: ca, key: 'ca' }];
  const taken = new Map<string, FoundCert>([['ca', ca]]);
  for (const found of certs) {
    if (found === ca) continue;
    if (found.facts.isCa) {
      // The same CA again (ca.pem beside a kubeconfig's copy) has its role; another CA has none in the Hard Way.
      if (found.pem === ca.pem) roles.push({ found, key: 'ca' });
      else
        unassigned.push({
          path: found.path,
          subject: found.facts.subjectText,
          reason: 'a second CA: the Hard Way has one CA, which signs everything',
        });
      continue;
    }
    const role = roleOf(found);
    if ('reason' in role) {
      unassigned.push({ path: found.path, subject: found.facts.subjectText, reason: role.reason });
      continue;
    }
    const first = taken.get(role.key);
    // A kubeconfig carries the same certificate as the .pem beside it: both files have the role.
    if (first && first.pem !== found.pem) {
      unassigned.push({
        path: found.path,
        subject: found.facts.subjectText,
        reason: `a second certificate for ${role.key} (${first.path} has the role)`,
      });
      continue;
    }
    taken.set(role.key, found);
    roles.push({ found, ...role });
  }
  const cert = (key: string) => taken.get(key);
  const api = cert('kube-api-server');
  const serviceCidr =
    serviceCidrOf(api) ??
    (filledIn.push(`service CIDR ${HARDWAY_DEFAULTS.serviceCidr}: the API server certificate names no service IP`),
    HARDWAY_DEFAULTS.serviceCidr);
  const serviceIp = firstServiceIp(serviceCidr);
  const apiIps = (api?.facts.ips ?? []).filter((ip) => isIpv4(ip) && ip !== '127.0.0.1' && ip !== serviceIp);
  const dnsDomain =
    (api?.facts.dns ?? [])
      .map((d) => /^kubernetes\.default\.svc\.(.+\..+)$/.exec(d)?.[1])
      .find((d) => d && checkDnsDomain(d) === null) ?? HARDWAY_DEFAULTS.dnsDomain;

  // Where the clients dial the API server: a kubeconfig's server, else a name the API certificate holds
  // beyond the kubernetes.* ones (server.kubernetes.local), else its last address (the cfssl edition's public one).
  const kubeconfigServer = roles
    .map((r) => r.found.kubeconfig?.server)
    .find((s) => s && !/\/\/(127\.0\.0\.1|localhost)[:/]/.test(s));
  // Only an endpoint the inspector's field rule accepts (no wildcard name, no odd port).
  const usable = (endpoint: string | null) => (endpoint && checkEndpoint(endpoint) === null ? endpoint : null);
  const apiName = usable(
    (api?.facts.dns ?? [])
      .filter((d) => !/^kubernetes(\.|$)/.test(d))
      .map((d) => `${d}:6443`)
      .find((e) => usable(e)) ?? null,
  );
  const fromServer = usable(
    kubeconfigServer ? `${endpointHost(kubeconfigServer)}:${endpointPort(kubeconfigServer)}` : null,
  );
  const fromIp = usable(apiIps.length > 0 ? `${apiIps[apiIps.length - 1]}:6443` : null);
  const controlPlaneEndpoint = fromServer ?? apiName ?? fromIp ?? HARDWAY_DEFAULTS.controlPlaneEndpoint;
  if (!fromServer) {
    filledIn.push(
      `API server address ${controlPlaneEndpoint}: no kubeconfig among the files names it; ${(apiName ?? fromIp) ? 'taken from the API server certificate' : "the Hard Way's default"}`,
    );
  }
  const serverIp = apiIps[0] ?? HARDWAY_DEFAULTS.controlPlane[0]!.ip;
  if (!apiIps[0]) filledIn.push(`server address ${serverIp}: the API server certificate names none`);
  filledIn.push(`control-plane host name "${HARDWAY_DEFAULTS.controlPlane[0]!.name}": no certificate names it`);
  const controlPlane: NodeParams[] = [{ name: HARDWAY_DEFAULTS.controlPlane[0]!.name, ip: serverIp }];
  const workers: NodeParams[] = [];
  for (const r of roles) {
    if (!r.worker || workers.some((w) => w.name === r.worker)) continue;
    const ip =
      r.found.facts.ips.filter((a) => isIpv4(a) && a !== '127.0.0.1').at(-1) ??
      nextIp([...controlPlane, ...workers].map((n) => n.ip));
    workers.push({ name: r.worker, ip });
  }
  const lifetimes = roles.filter((r) => r.key !== 'ca').map((r) => r.found.facts.lifetimeDays);
  const clusterName = roles.map((r) => r.found.kubeconfig?.clusterName).find((n) => n) ?? HARDWAY_DEFAULTS.clusterName;
  const params: PresetParams = {
    ...HARDWAY_DEFAULTS,
    clusterName,
    controlPlane,
    workers,
    serviceCidr,
    dnsDomain,
    controlPlaneEndpoint,
    keyAlgorithm: ca.facts.keyAlgorithm ?? HARDWAY_DEFAULTS.keyAlgorithm,
    caValidityDays: ca.facts.lifetimeDays,
    leafValidityDays: lifetimes.length > 0 ? Math.max(...lifetimes) : HARDWAY_DEFAULTS.leafValidityDays,
  };

  let design: Design = { presetId: 'hardway', params, edits: NO_EDITS };
  const base = topologyOf(design);
  const certificates: Record<string, string> = {};
  const recognised: HardwayImport['recognised'] = [];
  const matches: HardwayMatch[] = [];
  for (const r of roles) {
    const elementId = r.key === 'ca' ? 'ca:ca' : `cred:${r.key}`;
    certificates[elementId] = r.found.pem;
    const role = r.key === 'ca' ? 'the cluster CA' : r.key;
    recognised.push({ path: r.found.path, role, elementId });
    matches.push({ found: r.found, role, node: null });
    if (r.found.kubeconfig) continue;
    const { subject, lifetimeDays: validityDays, dns, ips, keyAlgorithm } = r.found.facts;
    if (r.key === 'ca') {
      design = updateCa('ca:ca' as CaId, { certFile: r.found.path, subject: [...subject], validityDays })(design);
      continue;
    }
    const credential = base.credentials.find((c) => c.id === elementId);
    if (!credential) continue;
    const patch: CredentialPatch = {
      label: r.found.path,
      subject: [...subject],
      dnsNames: [...dns],
      ipAddresses: [...ips],
      validityDays,
      ...(credential.files ? { files: { ...credential.files, cert: r.found.path } } : {}),
      ...(keyAlgorithm && keyAlgorithm !== params.keyAlgorithm ? { keyAlgorithm } : {}),
    };
    design = updateCredential(credential.id as CredentialId, patch)(design);
  }
  const edition =
    ca.facts.subject.some((a) => a.type === 'L' && a.value === 'Seattle') || certs.some((f) => f.path.endsWith('.crt'))
      ? 'openssl edition'
      : 'cfssl edition';
  return {
    layout: `Kubernetes The Hard Way (${edition})`,
    design,
    certificates,
    recognised,
    matches,
    unassigned,
    filledIn,
  };
}

/** Sets each credential's key file to the key file that matched it, so a renewal writes the names the folder has. */
export function withKeyFiles(
  design: Design,
  keys: ReadonlyArray<{ readonly path: string; readonly matches: string | null }>,
  kubeconfigs: ReadonlySet<string>,
): Design {
  let next = design;
  const topology = topologyOf(design);
  for (const k of keys) {
    // A key inside a kubeconfig is no key file of its own.
    if (!k.matches || kubeconfigs.has(k.path)) continue;
    if (k.matches === 'ca:ca') next = updateCa('ca:ca' as CaId, { keyFile: k.path })(next);
    const credential = topology.credentials.find((c) => c.id === k.matches);
    if (credential?.files)
      next = updateCredential(credential.id, { files: { ...credential.files, key: k.path } })(next);
  }
  return next;
}
