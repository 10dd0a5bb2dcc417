import { NO_EDITS, type Design } from '../topology/design';
import { parseDesign } from '../topology/designSchema';
import {
  checkAddress,
  checkClusterName,
  checkDnsDomain,
  checkEndpoint,
  checkNodeIp,
  checkNodeName,
  checkPoolSize,
  checkServiceCidr,
  checkValidityDays,
  quoted,
  type FieldError,
} from '../topology/fieldRules';
import { PRESET_DEFAULTS } from '../topology/presets';
import { isPresetId, PRESET_IDS, type NodeParams } from '../topology/presetParams';
import { isKeyAlgorithm, KEY_ALGORITHMS } from '../pki/keyAlgorithm';
import { DESIGN_FLAGS, type DesignFlagValues } from './designFlags';
import { UsageError } from './io';
import { wholeNumber } from './wholeNumber';

/** A refusal that names the flag it came from, in the field rule's own words. */
function ruled(flag: string, error: FieldError): void {
  if (error) throw new UsageError(`--${flag}: ${error}`);
}

/** NAME=IP, each half through the node rules; `others` holds the names taken so far. */
function nodeOf(flag: string, value: string, others: readonly string[]): NodeParams {
  const at = value.indexOf('=');
  if (at < 0) throw new UsageError(`--${flag} is NAME=IP (for example node01=192.168.56.21), not ${quoted(value)}.`);
  const name = value.slice(0, at);
  const ip = value.slice(at + 1);
  ruled(flag, checkNodeName(name, others));
  ruled(flag, checkNodeIp(ip));
  return { name, ip };
}

/** NAME=IP:COUNT: COUNT workers NAME-1.. from IP up. */
function poolOf(value: string, others: readonly string[]): NodeParams {
  const at = value.lastIndexOf(':');
  if (at < 0 || !value.includes('='))
    throw new UsageError(`--pool is NAME=IP:COUNT (for example workers=10.0.1.1:50), not ${quoted(value)}.`);
  const node = nodeOf('pool', value.slice(0, at), others);
  const count = wholeNumber('pool', value.slice(at + 1), 1, 100_000);
  ruled('pool', checkPoolSize(count, node.ip));
  return { ...node, count };
}

/** Whether any design option was given (a design file takes none of them). */
export function hasDesignFlags(values: DesignFlagValues): boolean {
  return Object.keys(DESIGN_FLAGS).some((flag) => values[flag as keyof DesignFlagValues] !== undefined);
}

/**
 * A design from a preset and the design options, each value through the field rule the
 * inspector applies to it, refused with the flag named; then the whole design through the same
 * gate as a design file. Nodes are the ones given; with none, the preset's own.
 */
export function designFromFlags(values: DesignFlagValues): Design {
  const preset = values.preset;
  if (!isPresetId(preset)) throw new UsageError(`--preset is ${PRESET_IDS.join(', ')}, not ${quoted(preset ?? '')}.`);
  let params = PRESET_DEFAULTS[preset];
  const flag = <K extends keyof DesignFlagValues>(name: K) => values[name];
  const clusterName = flag('cluster-name');
  if (clusterName !== undefined) {
    ruled('cluster-name', checkClusterName(clusterName));
    params = { ...params, clusterName };
  }
  const cps = flag('control-plane') ?? [];
  const workers = flag('worker') ?? [];
  const pools = flag('pool') ?? [];
  if (cps.length + workers.length + pools.length > 0) {
    if (cps.length === 0) throw new UsageError('--worker and --pool need at least one --control-plane NAME=IP.');
    const names: string[] = [];
    const take = (node: NodeParams) => {
      names.push(node.name);
      return node;
    };
    const controlPlane = cps.map((v) => take(nodeOf('control-plane', v, names)));
    params = {
      ...params,
      controlPlane,
      workers: [...workers.map((v) => take(nodeOf('worker', v, names))), ...pools.map((v) => take(poolOf(v, names)))],
    };
  }
  const endpoint = flag('endpoint');
  if (endpoint !== undefined) {
    ruled('endpoint', checkEndpoint(endpoint));
    params = { ...params, controlPlaneEndpoint: endpoint };
  }
  const algorithm = flag('key-algorithm');
  if (algorithm !== undefined) {
    if (!isKeyAlgorithm(algorithm))
      throw new UsageError(`--key-algorithm is one of ${KEY_ALGORITHMS.join(', ')}, not ${quoted(algorithm)}.`);
    params = { ...params, keyAlgorithm: algorithm };
  }
  if (flag('separate-etcd-ca')) {
    if (preset === 'hardway')
      throw new UsageError(
        '--separate-etcd-ca: Kubernetes The Hard Way runs etcd without TLS, so there is no etcd CA to separate.',
      );
    params = { ...params, separateEtcdCa: true };
  }
  for (const [name, key] of [
    ['validity-days', 'leafValidityDays'],
    ['ca-validity-days', 'caValidityDays'],
  ] as const) {
    const days = flag(name);
    if (days === undefined) continue;
    const n = wholeNumber(name, days, 1, 36_500);
    ruled(name, checkValidityDays(n));
    params = { ...params, [key]: n };
  }
  const cidr = flag('service-cidr');
  if (cidr !== undefined) {
    ruled('service-cidr', checkServiceCidr(cidr));
    params = { ...params, serviceCidr: cidr };
  }
  const domain = flag('dns-domain');
  if (domain !== undefined) {
    ruled('dns-domain', checkDnsDomain(domain));
    params = { ...params, dnsDomain: domain };
  }
  const sans = flag('extra-san');
  if (sans !== undefined) {
    sans.forEach((san) => ruled('extra-san', checkAddress(san)));
    params = { ...params, extraSans: [...params.extraSans, ...sans] };
  }
  const parsed = parseDesign({ presetId: preset, params, edits: NO_EDITS });
  if (!parsed.ok) throw new UsageError(parsed.error);
  return parsed.design;
}
