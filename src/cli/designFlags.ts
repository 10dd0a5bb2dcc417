// The options that describe a design without a file (generate, check and init share them). Only
// the table lives here, so that `--help` loads nothing more; flagDesign.ts reads the values.

export const DESIGN_FLAGS = {
  preset: { type: 'string' },
  'cluster-name': { type: 'string' },
  'control-plane': { type: 'string', multiple: true },
  worker: { type: 'string', multiple: true },
  pool: { type: 'string', multiple: true },
  endpoint: { type: 'string' },
  'key-algorithm': { type: 'string' },
  'separate-etcd-ca': { type: 'boolean' },
  'validity-days': { type: 'string' },
  'ca-validity-days': { type: 'string' },
  'service-cidr': { type: 'string' },
  'dns-domain': { type: 'string' },
  'extra-san': { type: 'string', multiple: true },
} as const;

/** The design options as parseArgs gives them. */
export interface DesignFlagValues {
  readonly preset?: string;
  readonly 'cluster-name'?: string;
  readonly 'control-plane'?: readonly string[];
  readonly worker?: readonly string[];
  readonly pool?: readonly string[];
  readonly endpoint?: string;
  readonly 'key-algorithm'?: string;
  readonly 'separate-etcd-ca'?: boolean;
  readonly 'validity-days'?: string;
  readonly 'ca-validity-days'?: string;
  readonly 'service-cidr'?: string;
  readonly 'dns-domain'?: string;
  readonly 'extra-san'?: readonly string[];
}
