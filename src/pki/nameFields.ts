import * as x509 from '@peculiar/x509';

/** The distinguished-name attributes x509-certificate-exporter labels its series with, in its order. */
export const NAME_FIELDS = ['C', 'ST', 'L', 'O', 'OU', 'CN'] as const;
export type NameField = (typeof NAME_FIELDS)[number];

export interface CertificateNames {
  readonly serialNumber: string;
  /** Each attribute's values joined by commas (a kubeadm admin may carry several O), empty when absent. */
  readonly subject: Readonly<Record<NameField, string>>;
  readonly issuer: Readonly<Record<NameField, string>>;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** A certificate's names and lifetime, as an expiry exporter labels them; the serial number in decimal, as that exporter writes it. */
export function certificateNames(pem: string): CertificateNames {
  const cert = new x509.X509Certificate(pem);
  const fields = (name: x509.Name) =>
    Object.fromEntries(NAME_FIELDS.map((f) => [f, name.getField(f).join(',')])) as Record<NameField, string>;
  return {
    serialNumber: BigInt(`0x${cert.serialNumber || '0'}`).toString(10),
    subject: fields(cert.subjectName),
    issuer: fields(cert.issuerName),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  };
}
