import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { ImportInput, ImportReport } from '../export/importPki';
import { certificateNames, NAME_FIELDS } from '../pki/nameFields';
import { visible } from '../topology/visibleText';

/** One certificate an audit found, as a monitoring system wants it: where, which role, whose, until when. */
export interface CertificateSeries {
  /** The file on disk it was read from (a zip's member as zip:member). */
  readonly filepath: string;
  readonly role: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly notBefore: string;
  readonly notAfter: string;
}

/**
 * The path on disk of a file an import named (named from inside its folder, or from the folder's
 * own name, as a browser's folder import names them); a zip's member as zip:member.
 */
async function diskPaths(inputs: readonly string[]): Promise<(name: string) => string> {
  const roots = await Promise.all(
    inputs.map(async (input) => ({ input, isDir: (await stat(input).catch(() => null))?.isDirectory() ?? false })),
  );
  return (name) => {
    for (const { input, isDir } of roots) {
      if (!isDir) continue;
      const found = [resolve(input, name), resolve(dirname(input), name)].find((p) => existsSync(p));
      if (found) return found;
    }
    const file = roots.find((r) => !r.isDir && basename(r.input) === name);
    if (file) return resolve(file.input);
    const zip = roots.find((r) => !r.isDir);
    return zip ? `${resolve(zip.input)}:${name}` : name;
  };
}

/** One certificate's series: its file, its role ('' when it has none here) and its names. */
function seriesOf(pem: string, filepath: string, role: string): CertificateSeries {
  const names = certificateNames(pem);
  const labels: Record<string, string> = {
    filename: basename(filepath),
    filepath,
    role,
    serial_number: names.serialNumber,
    ...Object.fromEntries(NAME_FIELDS.map((f) => [`subject_${f}`, names.subject[f]])),
    ...Object.fromEntries(NAME_FIELDS.map((f) => [`issuer_${f}`, names.issuer[f]])),
  };
  return { filepath, role, labels, notBefore: names.notBefore.toISOString(), notAfter: names.notAfter.toISOString() };
}

/** The first certificate a PEM file holds (its armour only; the DER inside is read by the x509 library). */
const firstCertificate = (bytes: Uint8Array) =>
  /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----/.exec(new TextDecoder().decode(bytes))?.[0] ??
  null;

/**
 * Every certificate an import found, with the labels x509-certificate-exporter gives its series,
 * and `role`: each recognised one, and each one with no role here (role "", read again from its
 * file; one inside a zip is listed among the unused files only), so nothing found goes unwatched.
 */
export async function certificateSeries(
  report: ImportReport,
  inputs: readonly string[],
  files: readonly ImportInput[],
): Promise<CertificateSeries[]> {
  const onDisk = await diskPaths(inputs);
  // The role as kubeadm's tree has it, by the design's element (apiserver@cp1, kubelet-client@node01,
  // etcd-ca): stable names to route alerts by, where the importer's kind of file ("certificate") is not.
  const roleOf = (id: string) => id.replace(/^(cred|ca|keypair):/, '');
  const recognised = report.recognised.flatMap((r) => {
    const pem = report.certificates[r.elementId];
    return pem ? [seriesOf(pem, onDisk(r.path), roleOf(r.elementId))] : [];
  });
  const unassigned = report.unassigned.flatMap((u) => {
    const bytes = files.find((f) => f.name === u.path)?.bytes;
    const pem = bytes ? firstCertificate(bytes) : null;
    return pem ? [seriesOf(pem, onDisk(u.path), '')] : [];
  });
  return [...recognised, ...unassigned];
}

/**
 * A label value in the text exposition format: backslash, double quote and line feed escaped,
 * as the format requires. A control or bidi override from a certificate is first written as its
 * code (visible(): \u001B, the line feed too), so no value reaches a terminal or a log as
 * the character itself, and the code's backslash is escaped like any other.
 */
export function labelValue(value: string): string {
  return visible(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

const METRICS = [
  {
    name: 'x509_cert_not_after',
    help: "Unix timestamp of the certificate's NotAfter.",
    value: (s: CertificateSeries) => Date.parse(s.notAfter) / 1000,
  },
  {
    name: 'x509_cert_not_before',
    help: "Unix timestamp of the certificate's NotBefore.",
    value: (s: CertificateSeries) => Date.parse(s.notBefore) / 1000,
  },
] as const;

/**
 * The series in the text format a node-exporter textfile collector reads (a `.prom` file):
 * x509_cert_not_after and x509_cert_not_before per certificate, and x509_cert_expired, named
 * and labelled as x509-certificate-exporter does, so its dashboards and alerts apply.
 */
export function prometheusText(series: readonly CertificateSeries[], now: Date): string {
  const labels = (s: CertificateSeries) =>
    `{${Object.entries(s.labels)
      .map(([k, v]) => `${k}="${labelValue(v)}"`)
      .join(',')}}`;
  const lines: string[] = [];
  for (const metric of METRICS) {
    lines.push(`# HELP ${metric.name} ${metric.help}`, `# TYPE ${metric.name} gauge`);
    lines.push(...series.map((s) => `${metric.name}${labels(s)} ${metric.value(s)}`));
  }
  lines.push(
    '# HELP x509_cert_expired 1 if the certificate has expired, 0 otherwise.',
    '# TYPE x509_cert_expired gauge',
  );
  lines.push(...series.map((s) => `x509_cert_expired${labels(s)} ${Date.parse(s.notAfter) < now.getTime() ? 1 : 0}`));
  return `${lines.join('\n')}\n`;
}
