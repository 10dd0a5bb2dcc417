import { DAY_MS } from '../../pki/profile';
import type { Credential, Topology } from '../model';

/** What a generated or imported certificate actually says, as the checks need it. */
export interface ActualCertificate {
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly serverAuth: boolean;
  readonly clientAuth: boolean;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The CA whose key verifies its signature, if any CA of the design does. */
  readonly signedBy: string | null;
  readonly subject: Credential['subject'];
}

/**
 * The topology as the actual certificates have it: each credential's SANs, usages, subject,
 * signer and validity read from its certificate, so the plan's checks judge the real thing.
 * Validity becomes days relative to `now`, which is what the expiry check reads.
 */
export function topologyFromCertificates(
  topology: Topology,
  actual: ReadonlyMap<string, ActualCertificate>,
  now: Date,
): Topology {
  return {
    ...topology,
    credentials: topology.credentials.map((c) => {
      const cert = actual.get(c.id);
      if (!cert) return c;
      const lifetime = Math.max(1, Math.round((cert.notAfter.getTime() - cert.notBefore.getTime()) / DAY_MS));
      // Days since it was issued, so the checks see both whether it is valid now and how long it has left;
      // expired reads as issued a lifetime and a day ago.
      const from =
        now > cert.notAfter
          ? -lifetime - 1
          : now < cert.notBefore
            ? Math.max(1, Math.ceil((cert.notBefore.getTime() - now.getTime()) / DAY_MS))
            : Math.min(0, Math.max(-lifetime + 1, -Math.floor((now.getTime() - cert.notBefore.getTime()) / DAY_MS)));
      return {
        ...c,
        dnsNames: cert.dnsNames,
        ipAddresses: cert.ipAddresses,
        serverAuth: cert.serverAuth,
        clientAuth: cert.clientAuth,
        subject: cert.subject,
        caId: (cert.signedBy ?? 'ca:unknown') as Credential['caId'],
        validFromDays: from,
        validityDays: lifetime,
      };
    }),
  };
}
