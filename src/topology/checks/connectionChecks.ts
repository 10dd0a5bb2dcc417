import { updateCa, updateConnection, updateCredential } from '../edits';
import { pathLengthBreaker } from '../caChain';
import type { CertificateAuthority, Component, Credential, TlsConnection, Topology } from '../model';
import { isIpAddress } from '../network';
import type { Finding } from './finding';
import { sanError } from './sanCoverage';
import type { TopologyIndex } from './topologyIndex';

/** Which end of a connection verifies the other's certificate. */
export type Verifier = 'client' | 'server';

/** The CA the design says a side of a connection trusts. */
export const trustedCaOf = (c: TlsConnection, side: Verifier) =>
  side === 'client' ? c.clientTrustsCaId : c.serverTrustsCaId;

/** The component on a side of a connection: the one that verifies the other's certificate. */
export const verifierOf = (c: TlsConnection, side: Verifier) => (side === 'client' ? c.clientId : c.serverId);

interface Context {
  readonly topology: Topology;
  /** The CA of `caId` and those above it, up to its root. */
  readonly chain: (caId: string) => readonly CertificateAuthority[];
  /** The CAs a side of a connection trusts: the design's one, or more while a CA is being rotated. */
  readonly trusted: (c: TlsConnection, verifier: Verifier) => ReadonlySet<string>;
  /** What that side trusts, in words. */
  readonly trustName: (c: TlsConnection, verifier: Verifier) => string;
  /** The preset the design started from, where a check is specific to its tool. */
  readonly presetId: string | null;
  readonly name: (componentId: string) => string;
  readonly credential: (id: string | null) => Credential | undefined;
  readonly caName: (id: string | null) => string;
  readonly component: (id: string) => Component | undefined;
  readonly index: TopologyIndex;
}

/**
 * What a client is told when the server refuses its certificate. The API server accepts the
 * handshake and answers 401; other Go servers send a TLS alert: unknown_ca for an unknown
 * issuer, bad_certificate otherwise (crypto/tls processCertsFromClient).
 */
function refusedClientQuote(server: Component | undefined, unknownIssuer: boolean): string {
  if (server?.kind === 'kube-apiserver') return 'error: You must be logged in to the server (Unauthorized)';
  return unknownIssuer ? 'remote error: tls: unknown certificate authority' : 'remote error: tls: bad certificate';
}

/** How a side's verification of a certificate signed by `caId` fails: not at all, no trusted CA on its chain, or a path length it breaks. */
function verification(
  ctx: Context,
  c: TlsConnection,
  verifier: Verifier,
  caId: string,
):
  | { readonly fails: false; readonly anchor: CertificateAuthority; readonly root: CertificateAuthority }
  | { readonly fails: 'unknown-authority' }
  | { readonly fails: 'path-length'; readonly breaker: CertificateAuthority; readonly below: number } {
  const chain = ctx.chain(caId);
  const trusted = ctx.trusted(c, verifier);
  const anchor = chain.findIndex((ca) => trusted.has(ca.id));
  if (anchor < 0) return { fails: 'unknown-authority' };
  // The path ends at the CA the side trusts: a limit above it is never read.
  const breaker = pathLengthBreaker(chain.slice(0, anchor + 1));
  return breaker
    ? { fails: 'path-length', breaker, below: chain.indexOf(breaker) }
    : { fails: false, anchor: chain[anchor]!, root: chain.at(-1)! };
}

const PATH_LENGTH_QUOTE = 'x509: too many intermediates for path length constraint';

/** Components that may not be written in Go: the person's own, whose TLS library is unknown. */
const MAYBE_NOT_GO = new Set<Component['kind']>(['custom-server', 'custom-client']);

/**
 * A side that trusts an intermediate rather than its root: Go (every Kubernetes component) accepts
 * any certificate in its pool as the anchor, but OpenSSL-based software (nginx, curl, Python,
 * Node) does not unless told to accept a partial chain. Said for the person's own components.
 */
function intermediateAnchor(
  ctx: Context,
  c: TlsConnection,
  side: Verifier,
  anchor: CertificateAuthority,
  root: CertificateAuthority,
): Finding[] {
  const verifierId = verifierOf(c, side);
  if (anchor.id === root.id || !MAYBE_NOT_GO.has(ctx.component(verifierId)?.kind ?? 'admin')) return [];
  const field = side === 'client' ? 'clientTrustsCaId' : 'serverTrustsCaId';
  return [
    {
      id: `intermediate-anchor:${side}:${c.id}`,
      severity: 'warning',
      check: 'intermediate-anchor',
      target: { kind: 'connection', id: c.id },
      connectionIds: [c.id],
      subject: `${ctx.name(c.clientId)} → ${ctx.name(c.serverId)}`,
      quote: 'unable to get issuer certificate',
      explanation: `${ctx.name(verifierId)} trusts ${anchor.name}, an intermediate. Go accepts that, but software built on OpenSSL (nginx, curl, Python, Node) stops at the missing ${root.name} unless told to accept a partial chain.`,
      fix: {
        label: `Trust ${root.name} on this connection`,
        edit: updateConnection(c.id as TlsConnection['id'], { [field]: root.id }),
      },
    },
  ];
}

function pathLengthFinding(
  ctx: Context,
  c: TlsConnection,
  side: Verifier,
  cred: Credential,
  breaker: CertificateAuthority,
  below: number,
): Finding {
  const names = ctx
    .chain(cred.caId)
    .slice(0, below)
    .map((ca) => ca.name)
    .join(', ');
  return {
    id: `pathlen:${side}:${c.id}`,
    severity: 'error',
    check: 'pathlen',
    target: { kind: 'ca', id: breaker.id },
    connectionIds: [c.id],
    subject: `${ctx.name(c.clientId)} → ${ctx.name(c.serverId)}`,
    quote: side === 'client' ? PATH_LENGTH_QUOTE : refusedClientQuote(ctx.component(c.serverId), false),
    explanation: `${breaker.name} has pathlen:${breaker.pathLength}, so at most ${breaker.pathLength} CA${breaker.pathLength === 1 ? '' : 's'} may stand below it, but ${cred.label} comes through ${below} (${names}); the ${side} refuses the chain${side === 'server' ? ` ("${PATH_LENGTH_QUOTE}")` : ''}.`,
    fix: { label: `Set ${breaker.name}'s path length to ${below}`, edit: updateCa(breaker.id, { pathLength: below }) },
  };
}

/**
 * The handshake checks of one connection: each side's certificate chains to the CA the other
 * side trusts, the server certificate covers the address dialled, and the usages fit the roles.
 */
export function checkConnection(c: TlsConnection, ctx: Context): Finding[] {
  const findings: Finding[] = [];
  const subject = `${ctx.name(c.clientId)} → ${ctx.name(c.serverId)}`;
  const server = ctx.credential(c.serverCredentialId);
  const client = ctx.credential(c.clientCredentialId);
  const base = { connectionIds: [c.id], subject };
  const onConnection = { kind: 'connection' as const, id: c.id };

  if (server && c.clientTrustsCaId !== null) {
    const verified = verification(ctx, c, 'client', server.caId);
    if (verified.fails === 'path-length')
      findings.push(pathLengthFinding(ctx, c, 'client', server, verified.breaker, verified.below));
    if (verified.fails === false)
      findings.push(...intermediateAnchor(ctx, c, 'client', verified.anchor, verified.root));
    if (verified.fails === 'unknown-authority') {
      findings.push({
        ...base,
        id: `server-trust:${c.id}`,
        severity: 'error',
        check: 'server-trust',
        target: onConnection,
        quote: 'x509: certificate signed by unknown authority',
        explanation: `The client trusts ${ctx.trustName(c, 'client')}, but ${server.label} is signed by ${ctx.caName(server.caId)}.`,
        fix: {
          label: `Trust ${ctx.caName(server.caId)} on this connection`,
          edit: updateConnection(c.id, { clientTrustsCaId: server.caId }),
        },
      });
    }
    const sans = sanError(server, c.address);
    if (sans) {
      const key = isIpAddress(c.address) ? 'ipAddresses' : 'dnsNames';
      findings.push({
        ...base,
        id: `san:${c.id}`,
        severity: 'error',
        check: 'san',
        target: onConnection,
        quote: sans,
        explanation: `The client dials ${c.address}, which ${server.label}'s subject alternative names do not cover.`,
        fix: {
          label: `Add ${c.address} to ${server.label}`,
          edit: updateCredential(server.id, { [key]: [...server[key], c.address] }),
        },
      });
    }
  }
  // A certificate without any extended key usage is valid for every purpose (Go, OpenSSL):
  // only one that names usages, but not this one, is refused.
  if (server && !server.serverAuth && server.clientAuth) {
    findings.push({
      ...base,
      id: `server-eku:${c.id}`,
      severity: 'error',
      check: 'server-eku',
      target: onConnection,
      quote: 'x509: certificate specifies an incompatible key usage',
      explanation: `${server.label} is presented as a server certificate but lacks the serverAuth extended key usage.`,
      fix: { label: `Add serverAuth to ${server.label}`, edit: updateCredential(server.id, { serverAuth: true }) },
    });
  }
  if (client && c.serverTrustsCaId !== null) {
    const verified = verification(ctx, c, 'server', client.caId);
    if (verified.fails === 'path-length')
      findings.push(pathLengthFinding(ctx, c, 'server', client, verified.breaker, verified.below));
    if (verified.fails === false)
      findings.push(...intermediateAnchor(ctx, c, 'server', verified.anchor, verified.root));
    if (verified.fails === 'unknown-authority') {
      findings.push({
        ...base,
        id: `client-trust:${c.id}`,
        severity: 'error',
        check: 'client-trust',
        target: onConnection,
        quote: refusedClientQuote(ctx.component(c.serverId), true),
        explanation: `${ctx.name(c.serverId)} trusts ${ctx.trustName(c, 'server')} for client certificates, but ${client.label} is signed by ${ctx.caName(client.caId)}: the server logs "x509: certificate signed by unknown authority".`,
        fix: {
          label: `Re-sign ${client.label} with ${ctx.caName(c.serverTrustsCaId)}`,
          edit: updateCredential(client.id, { caId: c.serverTrustsCaId }),
        },
      });
    }
    if (!client.clientAuth && client.serverAuth) {
      findings.push({
        ...base,
        id: `client-eku:${c.id}`,
        severity: 'error',
        check: 'client-eku',
        target: onConnection,
        quote: refusedClientQuote(ctx.component(c.serverId), false),
        explanation: `${client.label} lacks the clientAuth extended key usage, so the server refuses it ("x509: certificate specifies an incompatible key usage").`,
        fix: { label: `Add clientAuth to ${client.label}`, edit: updateCredential(client.id, { clientAuth: true }) },
      });
    }
  }
  return findings;
}

export type { Context as CheckContext };
