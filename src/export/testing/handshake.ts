// Test helper: real mutual-TLS handshakes between a node:tls server and client on 127.0.0.1,
// loading the files of a bundle written to disk (testing/bundleOnDisk) as the real components
// would: their .crt/.key files, or the certs and CA embedded in a kubeconfig.
import net from 'node:net';
import tls from 'node:tls';
import { parse } from 'yaml';
import type { CaId, Credential, TlsConnection, Topology } from '../../topology/model';
import { openssl, read, type BundleOnDisk, type TempDir } from './bundleOnDisk';

// ---------------------------------------------------------------------------------------------
// Error codes and limits

/** How long the client waits for the handshake and the server's "ok". */
export const HANDSHAKE_TIMEOUT_MS = 8_000;

/** How long the result waits at most for the server's side of the handshake to be seen. */
const SERVER_SETTLE_MS = 500;

/** OpenSSL's verify codes (as Node reports them) for a cert no trusted CA signed. */
export const FOREIGN_CA_ERRORS: readonly string[] = [
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
];

/** OpenSSL's verify code for a cert whose extended key usage does not allow the purpose. */
export const BAD_PURPOSE_ERRORS: readonly string[] = ['INVALID_PURPOSE'];

// ---------------------------------------------------------------------------------------------
// Certificates that no bundle CA signed

export interface CertAndKey {
  readonly cert: string;
  readonly key: string;
}

export type ScratchKeyType = 'rsa:2048' | 'ec:P-256';

/** Writes a self-signed certificate (valid one day) and its key to `<name>.crt` and `<name>.key` in dir. */
export function selfSignedCert(dir: TempDir, name: string, commonName: string, keyType: ScratchKeyType): CertAndKey {
  const cert = dir.path(`${name}.crt`);
  const key = dir.path(`${name}.key`);
  const newKey =
    keyType === 'rsa:2048' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  openssl([
    'req',
    '-x509',
    ...newKey,
    '-nodes',
    '-subj',
    `/CN=${commonName}`,
    '-days',
    '1',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return { cert, key };
}

/** A self-signed cert no bundle CA signed: the kubelet's / metrics-server's throw-away serving cert. */
export function throwawayServerCert(dir: TempDir, keyType: ScratchKeyType): CertAndKey {
  return selfSignedCert(dir, 'throwaway-server', 'throwaway', keyType);
}

/** The cert file of a CA that signed nothing of any bundle. */
export function foreignCaCert(dir: TempDir, keyType: ScratchKeyType): string {
  return selfSignedCert(dir, 'foreign-ca', 'foreign-ca', keyType).cert;
}

// ---------------------------------------------------------------------------------------------
// What a bundle holds for a credential

export function commonNameOf(subject: Credential['subject']): string | undefined {
  return subject.find((a) => a.type === 'CN')?.value;
}

export function credentialIn(t: Topology, id: string): Credential {
  const c = t.credentials.find((x) => x.id === id);
  if (!c) throw new Error(`no credential ${id}`);
  return c;
}

export function connectionIn(t: Topology, id: string): TlsConnection {
  const c = t.connections.find((x) => x.id === id);
  if (!c) throw new Error(`no connection ${id}`);
  return c;
}

/** The absolute path of a CA's cert file in the bundle. */
export function caFile(bundle: BundleOnDisk, id: CaId): string {
  const found = bundle.topology.cas.find((x) => x.id === id);
  if (!found) throw new Error(`CA ${id} is not in the design`);
  return bundle.path(found.certFile);
}

export interface KubeconfigDoc {
  apiVersion?: unknown;
  kind?: unknown;
  clusters?: Array<{ name?: string; cluster?: { server?: string; 'certificate-authority-data'?: string } }>;
  contexts?: Array<{ name?: string; context?: { cluster?: string; user?: string } }>;
  'current-context'?: unknown;
  users?: Array<{ name?: string; user?: { 'client-certificate-data'?: string; 'client-key-data'?: string } }>;
}

/** A kubeconfig of the bundle, parsed, with its embedded CA, cert and key decoded to files. */
export interface EmbeddedKubeconfig {
  readonly doc: KubeconfigDoc;
  /** The server URL of its (first) cluster. */
  readonly server: string | undefined;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

const embeddedCache = new WeakMap<BundleOnDisk, Map<string, EmbeddedKubeconfig>>();

/**
 * Decodes a kubeconfig's embedded CA, cert and key (base64 via Buffer, not the writer's btoa) to
 * files beside the bundle, once per bundle and file. `of` is the kubeconfig's bundle path or the
 * credential written as it.
 */
export function embeddedKubeconfig(bundle: BundleOnDisk, of: string | Credential): EmbeddedKubeconfig {
  const file = typeof of === 'string' ? of : of.kubeconfig?.file;
  if (!file) throw new Error(`${typeof of === 'string' ? of : of.label} has no kubeconfig`);
  let cache = embeddedCache.get(bundle);
  if (!cache) embeddedCache.set(bundle, (cache = new Map()));
  let e = cache.get(file);
  if (!e) {
    e = extractKubeconfig(bundle, file);
    cache.set(file, e);
  }
  return e;
}

function extractKubeconfig(bundle: BundleOnDisk, file: string): EmbeddedKubeconfig {
  const doc = parse(read(bundle.path(file))) as KubeconfigDoc;
  const decode = (b64: string | undefined, what: string) => {
    if (typeof b64 !== 'string' || b64.length === 0) throw new Error(`${file}: no ${what}`);
    return Buffer.from(b64, 'base64');
  };
  const dir = `embedded/${file}`;
  return {
    doc,
    server: doc.clusters?.[0]?.cluster?.server,
    caFile: bundle.write(
      `${dir}/ca.crt`,
      decode(doc.clusters?.[0]?.cluster?.['certificate-authority-data'], 'certificate-authority-data'),
    ),
    certFile: bundle.write(
      `${dir}/client.crt`,
      decode(doc.users?.[0]?.user?.['client-certificate-data'], 'client-certificate-data'),
    ),
    keyFile: bundle.write(`${dir}/client.key`, decode(doc.users?.[0]?.user?.['client-key-data'], 'client-key-data')),
  };
}

/** Where the credential's cert and key can be read: its files, else its kubeconfig. */
export function pairOf(bundle: BundleOnDisk, cred: Credential): CertAndKey {
  if (cred.files) return { cert: bundle.path(cred.files.cert), key: bundle.path(cred.files.key) };
  if (!cred.kubeconfig) throw new Error(`${cred.label} is written nowhere`);
  const e = embeddedKubeconfig(bundle, cred);
  return { cert: e.certFile, key: e.keyFile };
}

/** Whether a server URL (a kubeconfig's) is the address and port the connection dials. */
export function serverUrlDials(server: string, conn: TlsConnection): boolean {
  const url = new URL(server);
  return url.hostname.replace(/^\[|\]$/g, '') === conn.address && (Number(url.port) || 443) === conn.port;
}

/** Whether the connection dials the server URL written in the credential's kubeconfig in the bundle. */
export function dialsKubeconfigServer(bundle: BundleOnDisk, cred: Credential, conn: TlsConnection): boolean {
  const { server } = embeddedKubeconfig(bundle, cred);
  return typeof server === 'string' && serverUrlDials(server, conn);
}

// ---------------------------------------------------------------------------------------------
// One real handshake

/**
 * What a server does with the client cert once the handshake is through, like the real
 * component: 'none' takes any; 'if-given' refuses a presented cert that did not verify (Go's
 * VerifyClientCertIfGiven: kube-apiserver, whose x509 authenticator refuses it); 'require' also
 * refuses a missing one (Go's RequireAndVerifyClientCert: etcd).
 */
export type ClientCertCheck = 'none' | 'if-given' | 'require';

export interface HandshakeOptions {
  readonly server: {
    readonly cert: string;
    readonly key: string;
    readonly ca?: string | undefined;
    /** Whether the server asks for a client cert at all (default true). */
    readonly requestCert?: boolean;
    /** Node rejects an unverified (or missing) client cert during the handshake (default false). */
    readonly rejectUnauthorized?: boolean;
    readonly verifyClient: ClientCertCheck;
  };
  readonly client: {
    readonly cert?: string | undefined;
    readonly key?: string | undefined;
    readonly ca?: string | undefined;
    /** The client verifies the server cert (against ca and address) and aborts when it does not. */
    readonly rejectUnauthorized: boolean;
    /** The host name or IP the real client dials; the server cert must cover it. */
    readonly address: string;
  };
}

export interface ClientView {
  secureConnect: boolean;
  authorized?: boolean;
  /** The first error: Node's code and message. */
  error?: string;
  /** Node's error code (OpenSSL verify code or ERR_TLS_*). */
  code?: string;
  message?: string;
}

export interface ServerView {
  secure: boolean;
  authorized?: boolean;
  /** Why the client cert did not verify (OpenSSL's code), when it did not. */
  authorizationError?: string;
  peerCn?: string;
  presented?: boolean;
  error?: string;
  /** Why the server refused the client cert after the handshake (verifyClient): OpenSSL's verify code. */
  refused?: string;
}

export interface HandshakeResult {
  readonly ok: boolean;
  /** When not ok: the client's and the server's errors. */
  readonly error?: string;
  /** What both sides saw, ok or not: for assertion messages. */
  readonly summary: string;
  /** What the client saw. */
  readonly client: ClientView;
  /** What the server saw; undefined fields when its 'secureConnection' never fired. */
  readonly server: ServerView;
}

function errorText(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(': ') || String(err);
}

/**
 * One TLS connection between a node:tls server and client on 127.0.0.1. It is ok only when the
 * client completed the handshake and then received the server's "ok", which the server sends
 * after it has accepted the client (TLS 1.3 rejects client certs after the client's Finished).
 */
export async function handshake(opts: HandshakeOptions): Promise<HandshakeResult> {
  const client: ClientView = { secureConnect: false };
  const server: ServerView = { secure: false };
  const sockets = new Set<net.Socket>();
  const srv = tls.createServer({
    cert: read(opts.server.cert),
    key: read(opts.server.key),
    ...(opts.server.ca ? { ca: read(opts.server.ca) } : {}),
    requestCert: opts.server.requestCert ?? true,
    rejectUnauthorized: opts.server.rejectUnauthorized ?? false,
  });
  srv.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  let serverSettled: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => {
    serverSettled = resolve;
  });
  srv.on('tlsClientError', (err) => {
    server.error ??= errorText(err);
    serverSettled();
  });
  srv.on('secureConnection', (socket: tls.TLSSocket) => {
    const peer = socket.getPeerCertificate();
    server.secure = true;
    server.authorized = socket.authorized;
    if (socket.authorizationError) server.authorizationError = String(socket.authorizationError);
    server.presented = peer !== null && Object.keys(peer).length > 0;
    const cn = peer?.subject?.CN;
    server.peerCn = Array.isArray(cn) ? cn.join(',') : cn;
    serverSettled();
    socket.on('error', (err) => {
      server.error ??= errorText(err);
    });
    const check = opts.server.verifyClient;
    if (
      (check === 'require' && !socket.authorized) ||
      (check === 'if-given' && server.presented && !socket.authorized)
    ) {
      server.refused = String(socket.authorizationError ?? 'no client certificate');
      server.error ??= `client cert refused: ${server.refused}`;
      socket.destroy();
      return;
    }
    socket.end('ok\n');
  });
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = srv.address() as net.AddressInfo;
  try {
    const received = await new Promise<string>((resolve) => {
      const { address } = opts.client;
      const socket = tls.connect({
        host: '127.0.0.1',
        port,
        ...(net.isIP(address) === 0 ? { servername: address } : {}),
        ...(opts.client.cert && opts.client.key ? { cert: read(opts.client.cert), key: read(opts.client.key) } : {}),
        ...(opts.client.ca ? { ca: read(opts.client.ca) } : {}),
        rejectUnauthorized: opts.client.rejectUnauthorized,
        // The real client dials the address, not 127.0.0.1: check the cert against that.
        checkServerIdentity: (_host, cert) => tls.checkServerIdentity(address, cert),
      });
      let data = '';
      const timer = setTimeout(() => {
        const timeout = `timeout after ${HANDSHAKE_TIMEOUT_MS} ms`;
        client.error ??= timeout;
        client.message ??= timeout;
        socket.destroy();
      }, HANDSHAKE_TIMEOUT_MS);
      socket.setEncoding('utf8');
      socket.on('secureConnect', () => {
        client.secureConnect = true;
        client.authorized = socket.authorized;
      });
      socket.on('data', (chunk: string) => {
        data += chunk;
      });
      socket.on('error', (err: Error & { code?: string }) => {
        client.error ??= errorText(err);
        if (err.code) client.code ??= err.code;
        client.message ??= err.message;
      });
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(data);
      });
    });
    // Let the server's side of a failed handshake (tlsClientError) arrive before reporting.
    let settleTimer: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise((r) => (settleTimer = setTimeout(r, SERVER_SETTLE_MS)))]);
    clearTimeout(settleTimer);
    const ok = client.secureConnect && received === 'ok\n' && client.error === undefined;
    const error = ok
      ? undefined
      : [client.error && `client: ${client.error}`, server.error && `server: ${server.error}`]
          .filter(Boolean)
          .join('; ') || `no "ok" from the server (got ${JSON.stringify(received)})`;
    const summary = [
      `client: ${client.code ?? '-'} ${client.message ?? ''}`.trim(),
      `server refused client cert: ${server.refused ?? '-'}`,
      ...(server.error ? [`server: ${server.error}`] : []),
      `received ${JSON.stringify(received)}`,
    ].join('; ');
    return { ok, ...(error ? { error } : {}), summary, client, server };
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  }
}

// ---------------------------------------------------------------------------------------------
// The handshake of one connection of a design, from its written bundle

export interface ConnectionHandshakeOptions {
  /**
   * How the server treats client certs.
   * 'node': it asks every client for a cert; when it trusts a CA, Node itself rejects an
   *   unverified cert of a client that has one, and a presented cert that did not verify is
   *   refused ('if-given'; a token client sends none and is accepted).
   * 'component': as the real component: no client cert asked for when it trusts no CA, else
   *   kube-apiserver 'if-given' and every other server 'require', judged after the handshake.
   */
  readonly server: 'node' | 'component';
  /**
   * When a client written as a kubeconfig loads its cert, key and CA from the kubeconfig (else
   * from its files and the CA file the connection trusts): 'never'; 'if-dialled', when the
   * kubeconfig's server URL is the connection's address and port; 'always'.
   */
  readonly kubeconfig: 'never' | 'if-dialled' | 'always';
  /** What a server that makes its own cert serves; without it, such a connection throws. */
  readonly throwawayServer?: CertAndKey;
  /** The CA file the server trusts for client certs instead of the design's. */
  readonly serverCa?: string;
  /** The CA file the client verifies the server cert with instead of the design's. */
  readonly clientCa?: string;
}

/** The handshake of one connection of the design, with the files its client and server load. */
export function connectionHandshake(
  bundle: BundleOnDisk,
  conn: TlsConnection,
  opts: ConnectionHandshakeOptions,
): HandshakeOptions {
  const t = bundle.topology;
  const serverCred = conn.serverCredentialId ? credentialIn(t, conn.serverCredentialId) : null;
  const clientCred = conn.clientCredentialId ? credentialIn(t, conn.clientCredentialId) : null;
  const serverPair = serverCred ? pairOf(bundle, serverCred) : opts.throwawayServer;
  if (!serverPair) throw new Error(`${conn.id}: the server makes its own cert`);
  const kubeconfig =
    clientCred?.kubeconfig &&
    (opts.kubeconfig === 'always' ||
      (opts.kubeconfig === 'if-dialled' && dialsKubeconfigServer(bundle, clientCred, conn)))
      ? embeddedKubeconfig(bundle, clientCred)
      : null;
  const serverCa =
    opts.serverCa ?? (conn.serverTrustsCaId === null ? undefined : caFile(bundle, conn.serverTrustsCaId));
  const clientCa =
    opts.clientCa ??
    (conn.clientTrustsCaId === null ? undefined : (kubeconfig?.caFile ?? caFile(bundle, conn.clientTrustsCaId)));
  const trusts = conn.serverTrustsCaId !== null;
  const serverKind = t.components.find((x) => x.id === conn.serverId)?.kind;
  const clientCheck: Pick<HandshakeOptions['server'], 'requestCert' | 'rejectUnauthorized' | 'verifyClient'> =
    opts.server === 'node'
      ? // A token client sends no cert; the apiserver (Go VerifyClientCertIfGiven) still accepts it.
        {
          requestCert: true,
          rejectUnauthorized: trusts && clientCred !== null,
          verifyClient: trusts ? 'if-given' : 'none',
        }
      : {
          requestCert: trusts,
          rejectUnauthorized: false,
          verifyClient: !trusts ? 'none' : serverKind === 'kube-apiserver' ? 'if-given' : 'require',
        };
  return {
    server: { ...serverPair, ca: serverCa, ...clientCheck },
    client: {
      ...(kubeconfig
        ? { cert: kubeconfig.certFile, key: kubeconfig.keyFile }
        : clientCred
          ? pairOf(bundle, clientCred)
          : {}),
      ca: clientCa,
      rejectUnauthorized: conn.clientTrustsCaId !== null,
      address: conn.address,
    },
  };
}
