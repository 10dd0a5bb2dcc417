// Test helper: one connection of a design, handshaken for real (node:tls) with the files each
// side finds in its own host's folder, as kubeadm's layout puts them: its certificate and key,
// or its kubeconfig's embedded ones, and the CA file it trusts (a kubeconfig's own CA).
import fs from 'node:fs';
import { parse } from 'yaml';
import type { Component, TlsConnection, Topology } from '../../topology/model';
import { read } from './bundleOnDisk';
import { handshake, type CertAndKey, type HandshakeResult } from './handshake';

/** A kubeconfig's embedded CA, client certificate and key, decoded to files beside it. */
export function embeddedIn(file: string): { server: string; ca: string; cert: string; key: string } {
  const doc = parse(read(file)) as {
    clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>;
    users: Array<{ user: { 'client-certificate-data': string; 'client-key-data': string } }>;
  };
  const out = (suffix: string, b64: string) => {
    fs.writeFileSync(`${file}.${suffix}`, Buffer.from(b64, 'base64'), { mode: 0o600 });
    return `${file}.${suffix}`;
  };
  return {
    server: doc.clusters[0]!.cluster.server,
    ca: out('ca.pem', doc.clusters[0]!.cluster['certificate-authority-data']),
    cert: out('crt.pem', doc.users[0]!.user['client-certificate-data']),
    key: out('key.pem', doc.users[0]!.user['client-key-data']),
  };
}

/** Where a host (null: the workstation) finds a design file. */
export type HostPath = (host: string | null, designPath: string) => string;

/** The files each side of a connection loads from its own host's folder. */
export function hostSides(topology: Topology, at: HostPath, conn: TlsConnection, throwaway: CertAndKey) {
  const component = (id: string) => topology.components.find((c) => c.id === id)!;
  const hostName = (c: Component) => topology.hosts.find((h) => h.id === c.hostId)?.name ?? null;
  const ca = (id: string) => topology.cas.find((x) => x.id === id)!;
  const [client, server] = [component(conn.clientId), component(conn.serverId)];
  const clientCred = topology.credentials.find((c) => c.id === conn.clientCredentialId);
  const serverCred = topology.credentials.find((c) => c.id === conn.serverCredentialId);
  const [clientHost, serverHost] = [hostName(client), hostName(server)];
  let clientPair: Partial<CertAndKey> = {};
  let clientCa = conn.clientTrustsCaId ? at(clientHost, ca(conn.clientTrustsCaId).certFile) : undefined;
  if (clientCred?.files)
    clientPair = { cert: at(clientHost, clientCred.files.cert), key: at(clientHost, clientCred.files.key) };
  else if (clientCred?.kubeconfig) {
    const k = embeddedIn(at(clientHost, clientCred.kubeconfig.file));
    clientPair = { cert: k.cert, key: k.key };
    clientCa = k.ca;
  }
  const serverPair = serverCred?.files
    ? { cert: at(serverHost, serverCred.files.cert), key: at(serverHost, serverCred.files.key) }
    : throwaway;
  const serverCa = conn.serverTrustsCaId ? at(serverHost, ca(conn.serverTrustsCaId).certFile) : undefined;
  return { server, serverPair, serverCa, clientPair, clientCa };
}

/** The handshake of one connection, each side with its own host's files, the server as the real component asks for client certs. */
export function hostHandshake(
  topology: Topology,
  at: HostPath,
  conn: TlsConnection,
  throwaway: CertAndKey,
): Promise<HandshakeResult> {
  const { server, serverPair, serverCa, clientPair, clientCa } = hostSides(topology, at, conn, throwaway);
  const trusts = conn.serverTrustsCaId !== null;
  return handshake({
    server: {
      ...serverPair,
      ca: serverCa,
      requestCert: trusts,
      rejectUnauthorized: false,
      verifyClient: !trusts ? 'none' : server.kind === 'kube-apiserver' ? 'if-given' : 'require',
    },
    client: { ...clientPair, ca: clientCa, rejectUnauthorized: conn.clientTrustsCaId !== null, address: conn.address },
  });
}
