// The one gate every design passes, whichever way it comes in (inspector, share link, design
// file, stored state, scenario, imported PKI): the inspector's own field rules, applied to every
// value the design holds, plus the limits that keep a design drawable.
import { casById, checkPathLength, parentCaError } from './caChain';
import { topologyOf, type Design } from './design';
import {
  checkAddress,
  checkClusterName,
  checkColor,
  checkDisplayName,
  checkDnsDomain,
  checkDnsSan,
  checkEndpoint,
  checkIpSan,
  checkKubeconfigName,
  checkNodeIp,
  checkNodeName,
  checkPoolSize,
  checkPort,
  checkRelativePath,
  checkServerUrl,
  checkServiceCidr,
  checkSubjectAttribute,
  checkText,
  checkValidFromDays,
  checkValidityDays,
  TEXT_LIMITS,
  visible,
  type FieldError,
} from './fieldRules';
import type { NameAttribute } from '../pki/profile';
import type { Topology } from './model';
import { work } from './workMeter';

/** The field that breaks a rule, named as the inspector labels it, and the rule's sentence. */
export interface DesignProblem {
  readonly field: string;
  readonly error: string;
}

/**
 * What a design may hold at most. Nodes drawn one by one are capped because each is a box on
 * the canvas and its checks: more identical workers belong in a pool, which is drawn once.
 */
export const DESIGN_LIMITS = {
  drawnNodes: 100,
  poolMembers: 100_000,
  components: 1_000,
  cas: 20,
  credentials: 2_000,
  connections: 4_000,
  sansPerCertificate: 100,
  subjectAttributes: 16,
  usedBy: 20,
  removed: 10_000,
} as const;

/** How far from the origin a box may be placed: far beyond any drawing, short of numbers that break it. */
const CANVAS_EXTENT = 1_000_000;

/** Element ids: what the presets and edits make, and nothing that could break a selector or an attribute. */
const ID = /^[A-Za-z0-9:@._>/-]{1,300}$/;

/** Names every object inherits: as keys of an edit record they would reach the prototype, not an element. */
const INHERITED = new Set(['__proto__', 'constructor', 'prototype']);

function checkId(value: string): FieldError {
  return ID.test(value) && !INHERITED.has(value) ? null : `"${value.slice(0, 60)}" is not an element id.`;
}

function atMost(what: string, count: number, max: number): FieldError {
  return count > max
    ? `A design holds at most ${max.toLocaleString('en')} ${what} (this one has ${count.toLocaleString('en')}).`
    : null;
}

/** Collects the first problem: checks are listed in reading order, the first refusal is reported. */
class Gate {
  problem: DesignProblem | null = null;
  check(field: string, error: FieldError): void {
    work.itemsVisited++;
    if (!this.problem && error) this.problem = { field, error };
  }
  each<T>(field: string, values: readonly T[], rule: (value: T) => FieldError): void {
    for (const value of values) {
      if (this.problem) return;
      this.check(field, rule(value));
    }
  }
}

function checkSubject(gate: Gate, where: string, subject: readonly NameAttribute[]): void {
  gate.check(`${where}, subject`, atMost('subject attributes', subject.length, DESIGN_LIMITS.subjectAttributes));
  gate.check(
    `${where}, Common name (CN)`,
    subject.some((a) => a.type === 'CN') ? null : 'A certificate needs a common name (CN).',
  );
  gate.each(`${where}, subject`, subject, (a) => checkSubjectAttribute(a.type, a.value));
}

function checkSans(gate: Gate, where: string, dnsNames: readonly string[], ips: readonly string[]): void {
  gate.check(
    `${where}, SANs`,
    atMost('SANs per certificate', dnsNames.length + ips.length, DESIGN_LIMITS.sansPerCertificate),
  );
  gate.each(`${where}, DNS SANs`, dnsNames, checkDnsSan);
  gate.each(`${where}, IP SANs`, ips, checkIpSan);
}

/** How many elements a drawn design holds; a generated one (pools expanded) may hold many more. */
function sizeProblem(t: Topology): DesignProblem | null {
  const gate = new Gate();
  gate.check('Components', atMost('components', t.components.length, DESIGN_LIMITS.components));
  gate.check('CAs', atMost('CAs', t.cas.length, DESIGN_LIMITS.cas));
  gate.check('Credentials', atMost('credentials', t.credentials.length, DESIGN_LIMITS.credentials));
  gate.check('Connections', atMost('connections', t.connections.length, DESIGN_LIMITS.connections));
  return gate.problem;
}

/** Every value of a topology against the field rules: the second line of defence before anything is generated. */
export function topologyProblem(t: Topology): DesignProblem | null {
  const gate = new Gate();
  gate.check('Cluster name', checkClusterName(t.clusterName));
  const hostIds = new Set<string>(t.hosts.map((h) => h.id));
  const componentIds = new Set<string>(t.components.map((c) => c.id));
  const caIds = new Set<string>(t.cas.map((ca) => ca.id));
  const caById = casById(t.cas);
  for (const host of t.hosts) {
    gate.check(`Node ${host.name}, id`, checkId(host.id));
    gate.check(`Node ${host.name}, Node name`, checkNodeName(host.name, []));
    gate.check(`Node ${host.name}, Node IP`, checkNodeIp(host.ip));
  }
  for (const c of t.components) {
    const where = `Component ${c.name.slice(0, 60)}`;
    gate.check(`${where}, name`, checkDisplayName(c.name));
    gate.check(`${where}, id`, checkId(c.id));
    gate.check(
      `${where}, runs on`,
      c.hostId === null || hostIds.has(c.hostId) ? null : `it runs on ${c.hostId}, which is not a node of this design.`,
    );
  }
  for (const ca of t.cas) {
    const where = `CA ${ca.name.slice(0, 60)}`;
    gate.check(`${where}, CA name`, checkDisplayName(ca.name));
    gate.check(`${where}, id`, checkId(ca.id));
    gate.check(`${where}, Certificate file`, checkRelativePath(ca.certFile));
    gate.check(`${where}, Key file`, checkRelativePath(ca.keyFile));
    checkSubject(gate, where, ca.subject);
    checkSans(gate, where, ca.dnsNames, []);
    gate.check(`${where}, Validity (days)`, checkValidityDays(ca.validityDays));
    gate.check(`${where}, colour`, checkColor(ca.color));
    if (ca.parentCaId !== undefined) gate.check(`${where}, Signed by`, parentCaError(ca.id, ca.parentCaId, caById));
    if (ca.pathLength !== undefined) gate.check(`${where}, Path length`, checkPathLength(ca.pathLength));
  }
  for (const cred of t.credentials) {
    const where = `Credential ${cred.label.slice(0, 60)}`;
    gate.check(`${where}, label`, checkText('A label', cred.label, TEXT_LIMITS.label));
    gate.check(`${where}, id`, checkId(cred.id));
    gate.check(
      `${where}, owner`,
      componentIds.has(cred.ownerId) ? null : `its owner ${cred.ownerId} is not a component of this design.`,
    );
    gate.check(`${where}, Signed by`, caIds.has(cred.caId) ? null : `its CA ${cred.caId} is not in this design.`);
    if (cred.files) {
      gate.check(`${where}, Certificate file`, checkRelativePath(cred.files.cert));
      gate.check(`${where}, Key file`, checkRelativePath(cred.files.key));
    }
    if (cred.kubeconfig) {
      const k = cred.kubeconfig;
      gate.check(`${where}, kubeconfig file`, checkRelativePath(k.file));
      gate.each(`${where}, kubeconfig names`, [k.clusterName, k.contextName, k.userName], checkKubeconfigName);
      gate.check(`${where}, kubeconfig server`, checkServerUrl(k.server));
    }
    checkSubject(gate, where, cred.subject);
    checkSans(gate, where, cred.dnsNames, cred.ipAddresses);
    gate.check(`${where}, Validity (days)`, checkValidityDays(cred.validityDays));
    if (cred.validFromDays !== undefined) gate.check(`${where}, Valid from`, checkValidFromDays(cred.validFromDays));
    gate.check(`${where}, purpose`, checkText('A purpose', cred.purpose, TEXT_LIMITS.purpose, false));
    gate.check(`${where}, used by`, atMost('"used by" entries', cred.usedBy.length, DESIGN_LIMITS.usedBy));
    gate.each(`${where}, used by`, cred.usedBy, (u) => checkText('A "used by" entry', u, TEXT_LIMITS.usedBy));
  }
  for (const pair of t.keyPairs) {
    gate.check(`Key pair ${pair.id}, id`, checkId(pair.id));
    gate.each(`Key pair ${pair.id}, files`, [pair.privateFile, pair.publicFile], checkRelativePath);
    gate.check(`Key pair ${pair.id}, purpose`, checkText('A purpose', pair.purpose, TEXT_LIMITS.purpose, false));
    gate.each(`Key pair ${pair.id}, used by`, pair.usedBy, (u) =>
      checkText('A "used by" entry', u, TEXT_LIMITS.usedBy),
    );
  }
  for (const c of t.connections) {
    const where = `Connection ${c.label.slice(0, 60)}`;
    gate.check(`${where}, id`, checkId(c.id));
    gate.check(`${where}, label`, checkText('A label', c.label, TEXT_LIMITS.label));
    gate.check(
      `${where}, ends`,
      componentIds.has(c.clientId) && componentIds.has(c.serverId)
        ? null
        : 'it joins components that are not in this design.',
    );
    gate.check(`${where}, Address the client dials`, checkAddress(c.address));
    gate.check(`${where}, Port`, checkPort(c.port));
    gate.each(`${where}, trusted CA`, [c.clientTrustsCaId, c.serverTrustsCaId], (id) =>
      id === null || caIds.has(id) ? null : `it trusts ${id}, which is not a CA of this design.`,
    );
  }
  return gate.problem;
}

/** Every value of a design, whichever way it came in; null when the inspector would have accepted all of it. */
export function designProblem(design: Design): DesignProblem | null {
  const gate = new Gate();
  const p = design.params;
  const nodes = [...p.controlPlane, ...p.workers];
  gate.check('Cluster name', checkClusterName(p.clusterName));
  gate.check(
    'Nodes',
    nodes.length > DESIGN_LIMITS.drawnNodes
      ? `A design draws at most ${DESIGN_LIMITS.drawnNodes} nodes one by one (this one has ${nodes.length.toLocaleString('en')}): make identical workers a pool, which is drawn once.`
      : null,
  );
  gate.check(
    'Nodes',
    atMost(
      'pool members in all',
      nodes.reduce((sum, n) => sum + (n.count ?? 1), 0),
      DESIGN_LIMITS.poolMembers,
    ),
  );
  gate.check(
    'Extra apiserver SANs',
    atMost('extra apiserver SANs', p.extraSans.length, DESIGN_LIMITS.sansPerCertificate),
  );
  gate.check('Removed elements', atMost('removed elements', design.edits.removed.length, DESIGN_LIMITS.removed));
  // Past a size limit nothing else is read: checking a design far too big would freeze the page.
  if (gate.problem) return gate.problem;
  const seen = new Set<string>();
  nodes.forEach((n) => {
    gate.check(`Node ${n.name.slice(0, 60)}, Node name`, checkNodeName(n.name, seen.has(n.name) ? [n.name] : []));
    seen.add(n.name);
    gate.check(`Node ${n.name.slice(0, 60)}, Node IP`, checkNodeIp(n.ip));
    if (n.count !== undefined)
      gate.check(`Node ${n.name.slice(0, 60)}, Nodes in this pool`, checkPoolSize(n.count, n.ip));
  });
  gate.check('Service CIDR', checkServiceCidr(p.serviceCidr));
  gate.check('DNS domain', checkDnsDomain(p.dnsDomain));
  gate.check('Control-plane endpoint', checkEndpoint(p.controlPlaneEndpoint));
  gate.each('Extra apiserver SANs', p.extraSans, checkAddress);
  gate.check('CA validity (days)', checkValidityDays(p.caValidityDays));
  gate.check('Leaf validity (days)', checkValidityDays(p.leafValidityDays));
  const e = design.edits;
  gate.each('Removed elements', e.removed, checkId);
  gate.each(
    'Edited elements',
    [...Object.keys(e.credentials), ...Object.keys(e.connections), ...Object.keys(e.caPatches)],
    checkId,
  );
  const positions = Object.entries(e.positions ?? {});
  gate.check('Positions', atMost('placed boxes', positions.length, DESIGN_LIMITS.components));
  gate.each(
    'Positions',
    positions,
    ([id, p]) =>
      checkId(id) ??
      (Number.isFinite(p.x) && Number.isFinite(p.y) && Math.abs(p.x) <= CANVAS_EXTENT && Math.abs(p.y) <= CANVAS_EXTENT
        ? null
        : `${id} is placed outside the canvas (${p.x}, ${p.y}).`),
  );
  if (gate.problem) return gate.problem;
  let topology: Topology;
  try {
    topology = topologyOf(design);
  } catch (error) {
    return { field: 'Design', error: `it cannot be drawn: ${error instanceof Error ? error.message : String(error)}` };
  }
  return sizeProblem(topology) ?? topologyProblem(topology);
}

/** A problem as one sentence for a notice; the field may quote a name from the design, so it is escaped too. */
export function describeProblem(problem: DesignProblem): string {
  return visible(`${problem.field}: ${problem.error}`);
}
