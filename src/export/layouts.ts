export const LAYOUTS = ['design', 'per-host'] as const;
export type Layout = (typeof LAYOUTS)[number];

export interface BundleOptions {
  /** `design`: the preset's tree (kubeadm's pki/, flat names otherwise); `per-host`: a folder per machine. */
  readonly layout: Layout;
  /** Leave every CA private key out: kubeadm's external-CA mode. */
  readonly externalCa: boolean;
}

export const DEFAULT_BUNDLE_OPTIONS: BundleOptions = { layout: 'design', externalCa: false };
