import { updateConnection, updateCredential } from '../edits';
import type { Component, Credential, TlsConnection, Topology } from '../model';
import { isIpAddress } from '../network';
import type { Finding } from './finding';
import { sanError } from './sanCoverage';
import type { TopologyIndex } from './topologyIndex';

interface Context {
  readonly topology: Topology;
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
    if (server.caId !== c.clientTrustsCaId) {
      findings.push({
        ...base, id: `server-trust:${c.id}`, severity: 'error', check: 'server-trust', target: onConnection,
        quote: 'x509: certificate signed by unknown authority',
        explanation: `The client trusts ${ctx.caName(c.clientTrustsCaId)}, but ${server.label} is signed by ${ctx.caName(server.caId)}.`,
        fix: { label: `Trust ${ctx.caName(server.caId)} on this connection`, edit: updateConnection(c.id, { clientTrustsCaId: server.caId }) },
      });
    }
    const sans = sanError(server, c.address);
    if (sans) {
      const key = isIpAddress(c.address) ? 'ipAddresses' : 'dnsNames';
      findings.push({
        ...base, id: `san:${c.id}`, severity: 'error', check: 'san', target: onConnection, quote: sans,
        explanation: `The client dials ${c.address}, which ${server.label}'s subject alternative names do not cover.`,
        fix: { label: `Add ${c.address} to ${server.label}`, edit: updateCredential(server.id, { [key]: [...server[key], c.address] }) },
      });
    }
  }
  // A certificate without any extended key usage is valid for every purpose (Go, OpenSSL):
  // only one that names usages, but not this one, is refused.
  if (server && !server.serverAuth && server.clientAuth) {
    findings.push({
      ...base, id: `server-eku:${c.id}`, severity: 'error', check: 'server-eku', target: onConnection,
      quote: 'x509: certificate specifies an incompatible key usage',
      explanation: `${server.label} is presented as a server certificate but lacks the serverAuth extended key usage.`,
      fix: { label: `Add serverAuth to ${server.label}`, edit: updateCredential(server.id, { serverAuth: true }) },
    });
  }
  if (client && c.serverTrustsCaId !== null) {
    if (client.caId !== c.serverTrustsCaId) {
      findings.push({
        ...base, id: `client-trust:${c.id}`, severity: 'error', check: 'client-trust', target: onConnection,
        quote: refusedClientQuote(ctx.component(c.serverId), true),
        explanation: `${ctx.name(c.serverId)} trusts ${ctx.caName(c.serverTrustsCaId)} for client certificates, but ${client.label} is signed by ${ctx.caName(client.caId)}: the server logs "x509: certificate signed by unknown authority".`,
        fix: { label: `Re-sign ${client.label} with ${ctx.caName(c.serverTrustsCaId)}`, edit: updateCredential(client.id, { caId: c.serverTrustsCaId }) },
      });
    }
    if (!client.clientAuth && client.serverAuth) {
      findings.push({
        ...base, id: `client-eku:${c.id}`, severity: 'error', check: 'client-eku', target: onConnection,
        quote: refusedClientQuote(ctx.component(c.serverId), false),
        explanation: `${client.label} lacks the clientAuth extended key usage, so the server refuses it ("x509: certificate specifies an incompatible key usage").`,
        fix: { label: `Add clientAuth to ${client.label}`, edit: updateCredential(client.id, { clientAuth: true }) },
      });
    }
  }
  return findings;
}

export type { Context as CheckContext };
