/** One file of the downloaded bundle. */
export interface BundleFile {
  readonly path: string;
  /** Text, or bytes for a binary file (PKCS#12). */
  readonly content: string | Uint8Array;
  /** Unix mode recorded in the zip: keys and kubeconfigs 0600, certificates 0644 (as kubeadm writes them), scripts 0755. */
  readonly mode: 0o600 | 0o644 | 0o755;
}
