/** One file of the downloaded bundle. */
export interface BundleFile {
  readonly path: string;
  readonly content: string;
  /** Unix mode recorded in the zip: keys and kubeconfigs 0600, certificates 0644 (as kubeadm writes them), scripts 0755. */
  readonly mode: 0o600 | 0o644 | 0o755;
}
