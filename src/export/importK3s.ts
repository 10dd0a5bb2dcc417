import type { FoundCert } from './importedFiles';

/**
 * k3s and RKE2 name their CAs `<program>-client-ca@<unix time>`, `<program>-server-ca@…`,
 * `<program>-request-header-ca@…`, `etcd-server-ca@…` and `etcd-peer-ca@…`
 * (k3s-io/k3s pkg/daemons/control/deps/deps.go, createSigningCertKey: CommonName
 * "%s-ca@%d"; RKE2 runs the same code with program "rke2"). Five CAs where kubeadm has three, and
 * clients of their own (system:k3s-supervisor, system:k3s-controller): this tool draws neither
 * yet, so such a tree is named and refused rather than read as a kubeadm tree with false failures.
 */
const K3S_CA = /^(k3s|rke2)-(client|server|request-header)-ca@\d+$/;

/** "k3s" or "RKE2" when the certificates are theirs, by their CAs' names; else null. */
export function k3sLayoutOf(certs: readonly FoundCert[]): string | null {
  const program = certs.map((c) => (c.facts.isCa ? K3S_CA.exec(c.facts.cn)?.[1] : undefined)).find((p) => p);
  return program === 'k3s' ? 'k3s' : program === 'rke2' ? 'RKE2' : null;
}

/** Why a k3s or RKE2 tree is not read, naming its CAs. */
export function k3sRefusal(layout: string, certs: readonly FoundCert[]): string {
  const cas = [
    ...new Set(
      certs.filter((c) => c.facts.isCa && /-ca@\d+$/.test(c.facts.cn)).map((c) => c.facts.cn.replace(/@\d+$/, '')),
    ),
  ].sort();
  return (
    `Import refused: a ${layout} PKI (its CAs: ${cas.join(', ')}). This tool does not draw ${layout}'s layout yet, so it does not judge it: ` +
    `read as a kubeadm tree it would report false failures. Check its expiry with \`${layout === 'k3s' ? 'k3s' : 'rke2'} certificate check\`.`
  );
}
