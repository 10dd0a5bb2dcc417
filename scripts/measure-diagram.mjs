// How readable and how stable the diagram is, measured in the built app at 1280x720 with the side
// panel open (a projector): npm run measure:diagram. It prints figures; the promises are asserted by
// src/ui/canvas/view.test.ts from the layout. For each preset and for HA designs (3 control planes
// behind a load balancer with 50 workers, stacked and each drawn; 3+5 workers, a pool, a custom server):
//   - the level of detail and the smallest on-screen font of every canvas text, of component names and
//     of certificate (chip) names, fitted view; the smallest text with the control planes' stack opened;
//   - with kube-apiserver selected (the first control plane's): labels shown of lines emphasised, the
//     smallest label, labels farther than 24 px from their line, labels inside the view, and pairs of
//     overlapping text boxes (labels, chips, titles);
//   - line segments that cross a box that is neither of their ends nor an end's host, and line crossings;
//   - hosts moved by Add worker node and by a validity change; the latency of those edits;
//   - time from navigation to the first diagram.
// SCREENSHOTS=<dir> also writes each design's fitted and selected views there as PNG.
import { existsSync, mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { preview } from 'vite';

const PORT = Number(process.env.SCRIPT_PORT ?? 4175);
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
const server = await preview({ preview: { port: PORT, strictPort: true, host: '127.0.0.1' } });
const browser = await chromium.launch({
  executablePath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

/** Waits until the drawing stops changing (the layout is asynchronous). */
async function settled(page) {
  let last = '';
  for (let i = 0; i < 100; i++) {
    const now = await page.evaluate(
      () =>
        `${document.querySelectorAll('.react-flow__node').length}|${document.querySelectorAll('.react-flow__edge').length}|${document.querySelector('.react-flow__viewport')?.getAttribute('style')}|${[...document.querySelectorAll('.react-flow__node-host')].map((n) => n.getAttribute('style')).join()}`,
    );
    if (now === last) return;
    last = now;
    await page.waitForTimeout(150);
  }
}

/** Everything measured in the page: fonts, overlaps, crossings and host positions (flow coordinates). */
function measureInPage() {
  const viewport = document.querySelector('.react-flow__viewport');
  const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
  const screenFont = (selector) =>
    Math.min(...[...document.querySelectorAll(selector)].map((el) => parseFloat(getComputedStyle(el).fontSize) * zoom));
  const rect = (el) => el.getBoundingClientRect();
  const texts = [
    ...document.querySelectorAll('[data-edge-label], .chip, .component-header, .host-title, .ca-body'),
  ].map((el) => ({ el, r: rect(el) }));
  let overlaps = 0;
  const overlapping = [];
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i].r;
      const b = texts[j].r;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1 && !texts[i].el.contains(texts[j].el) && !texts[j].el.contains(texts[i].el)) {
        overlaps++;
        if (overlapping.length < 5)
          overlapping.push(`${texts[i].el.textContent.slice(0, 30)} / ${texts[j].el.textContent.slice(0, 30)}`);
      }
    }
  }
  // Boxes a line may not cross: every component, host and CA but its own ends and their hosts.
  const boxes = [...document.querySelectorAll('.react-flow__node:not(.react-flow__node-extent)')].map((n) => ({
    id: n.dataset.id,
    r: rect(n),
    host: n.querySelector('[data-host]')?.dataset.host ?? null,
  }));
  const hostOf = new Map(boxes.map((b) => [b.id, b.host]));
  const m = new DOMMatrix(getComputedStyle(viewport).transform);
  const origin = rect(viewport.parentElement);
  let crossings = 0;
  const crossed = [];
  for (const g of document.querySelectorAll('g[data-client]')) {
    const ends = new Set([
      g.dataset.client,
      g.dataset.server,
      hostOf.get(g.dataset.client),
      hostOf.get(g.dataset.server),
    ]);
    const d = g.querySelector('path.react-flow__edge-path')?.getAttribute('d') ?? '';
    const pts = [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,]+(-?[\d.]+)/g)].map(([, x, y]) => ({
      x: Number(x) * m.a + m.e + origin.left,
      y: Number(y) * m.d + m.f + origin.top,
    }));
    for (let i = 0; i + 1 < pts.length; i++) {
      const [p, q] = [pts[i], pts[i + 1]];
      for (const b of boxes) {
        if (ends.has(b.id)) continue;
        const r = { left: b.r.left + 2, right: b.r.right - 2, top: b.r.top + 2, bottom: b.r.bottom - 2 };
        const crossesBox =
          p.y === q.y
            ? p.y > r.top && p.y < r.bottom && Math.max(p.x, q.x) > r.left && Math.min(p.x, q.x) < r.right
            : p.x > r.left && p.x < r.right && Math.max(p.y, q.y) > r.top && Math.min(p.y, q.y) < r.bottom;
        if (crossesBox) {
          crossings++;
          if (crossed.length < 5) crossed.push(`${g.dataset.client}->${g.dataset.server} through ${b.id}`);
        }
      }
    }
  }
  // Where two lines cross: a horizontal run over another line's vertical run, strictly inside both.
  const segments = [...document.querySelectorAll('g[data-client]')]
    .map((g, id) => {
      const d = g.querySelector('path.react-flow__edge-path')?.getAttribute('d') ?? '';
      const pts = [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,]+(-?[\d.]+)/g)].map(([, x, y]) => ({
        x: Number(x),
        y: Number(y),
      }));
      return pts.slice(1).map((q, i) => ({ id, p: pts[i], q }));
    })
    .flat();
  const flat = segments.filter((s) => Math.abs(s.p.y - s.q.y) < 0.5);
  const upright = segments.filter((s) => Math.abs(s.p.x - s.q.x) < 0.5 && Math.abs(s.p.y - s.q.y) >= 0.5);
  let lineCrossings = 0;
  for (const h of flat) {
    for (const v of upright) {
      const [x1, x2, y1, y2] = [
        Math.min(h.p.x, h.q.x),
        Math.max(h.p.x, h.q.x),
        Math.min(v.p.y, v.q.y),
        Math.max(v.p.y, v.q.y),
      ];
      if (h.id !== v.id && v.p.x > x1 + 0.5 && v.p.x < x2 - 0.5 && h.p.y > y1 + 0.5 && h.p.y < y2 - 0.5)
        lineCrossings++;
    }
  }
  // Labels: their size, how far each is from its own line (screen px), and whether it is inside the view.
  const pane = viewport.parentElement.getBoundingClientRect();
  const labelEls = [...document.querySelectorAll('[data-edge-label]')].filter(
    (el) => getComputedStyle(el).display !== 'none' && el.textContent.trim().length > 2,
  );
  let far = 0;
  let inView = 0;
  for (const el of labelEls) {
    const r = el.getBoundingClientRect();
    if (r.left >= pane.left && r.top >= pane.top && r.right <= pane.right && r.bottom <= pane.bottom) inView++;
    const d =
      document
        .querySelector(`[data-testid="rf__edge-${CSS.escape(el.dataset.edgeLabel)}"] path.react-flow__edge-path`)
        ?.getAttribute('d') ?? '';
    const pts = [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,]+(-?[\d.]+)/g)].map(([, x, y]) => ({
      x: Number(x) * m.a + m.e + origin.left,
      y: Number(y) * m.d + m.f + origin.top,
    }));
    let best = Infinity;
    for (let i = 0; i + 1 < pts.length; i++) {
      const [l, rr, t, b] = [
        Math.min(pts[i].x, pts[i + 1].x),
        Math.max(pts[i].x, pts[i + 1].x),
        Math.min(pts[i].y, pts[i + 1].y),
        Math.max(pts[i].y, pts[i + 1].y),
      ];
      best = Math.min(best, Math.hypot(Math.max(0, l - r.right, r.left - rr), Math.max(0, t - r.bottom, r.top - b)));
    }
    if (best > 24) far++;
  }
  const emphasised = document.querySelectorAll('.react-flow__edge:not(.is-dimmed) g[data-client]').length;
  const allText = [
    ...document.querySelectorAll('.react-flow__node span, .react-flow__node .chip-label, [data-edge-label]'),
  ].filter((el) => el.textContent.trim() && getComputedStyle(el).display !== 'none');
  const hosts = Object.fromEntries(
    [...document.querySelectorAll('.react-flow__node-host')].map((n) => {
      const t = new DOMMatrix(getComputedStyle(n).transform);
      return [n.dataset.id, { x: t.e, y: t.f }];
    }),
  );
  return {
    zoom,
    componentFont: screenFont('.component-name'),
    chipFont: screenFont('.chip-label'),
    overlaps,
    overlapping,
    crossings,
    crossed,
    hosts,
    smallestText: Math.min(...allText.map((el) => parseFloat(getComputedStyle(el).fontSize) * zoom)),
    smallestLabel: Math.min(...labelEls.map((el) => parseFloat(getComputedStyle(el).fontSize) * zoom)),
    detail: document.querySelector('.detail-panel span')?.textContent ?? '',
    lineCrossings,
    far,
    inView,
    labels: labelEls.length,
    emphasised,
    edges: document.querySelectorAll('.react-flow__edge').length,
  };
}

const moved = (before, after) =>
  Object.keys(before).filter(
    (id) => after[id] && Math.hypot(after[id].x - before[id].x, after[id].y - before[id].y) > 1,
  ).length;

/** Milliseconds from a click (in the page) until `done` holds in an animation frame: what the person waits for. */
async function latency(page, act, done) {
  const ms = await page.evaluate(
    async ([actSource, doneSource]) => {
      const act = new Function(actSource);
      const done = new Function(doneSource);
      const started = performance.now();
      act();
      for (;;) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        if (done()) return performance.now() - started;
        if (performance.now() - started > 60_000) return Infinity;
      }
    },
    [act, done],
  );
  await settled(page);
  return Math.round(ms);
}

async function haDesign(page) {
  const click = (name) => page.getByRole('button', { name, exact: true }).click();
  await click('Add control-plane node');
  await click('Add control-plane node');
  await page.getByRole('button', { name: /Put a load balancer at/ }).click();
  for (let i = 0; i < 3; i++) await click('Add worker node');
  await click('Add worker node');
  // Each worker drawn on its own while the pool is made (identical workers are stacked by default).
  await click('Stack workers');
  await page.getByTestId('rf__node-host:node06').locator('.host-title').click();
  const pool = page.getByLabel('Nodes in this pool');
  await pool.fill('20');
  await pool.press('Enter');
  await page
    .getByRole('region', { name: 'Topology' })
    .locator('.react-flow__pane')
    .click({ position: { x: 5, y: 5 } });
  await page.getByLabel('Component name').fill('ingress-nginx');
  await page.getByLabel('Runs on').selectOption({ label: 'node01' });
  await page.getByRole('button', { name: 'Add component', exact: true }).click();
  await click('Stack workers');
}

/** 3 control planes and 50 workers drawn one by one (no pool): the speed target. */
async function ha50(page, { unstacked = false } = {}) {
  const click = (name) => page.getByRole('button', { name, exact: true }).click();
  await click('Add control-plane node');
  await click('Add control-plane node');
  await page.getByRole('button', { name: /Put a load balancer at/ }).click();
  for (let i = 0; i < 48; i++) await click('Add worker node');
  if (unstacked) await click('Stack workers');
}

const designs = [
  { name: 'Course', preset: 'course' },
  { name: 'kubeadm', preset: 'kubeadm' },
  { name: 'Hard Way', preset: 'hardway' },
  { name: 'HA 3+50, stacked', preset: 'kubeadm', build: (page) => ha50(page) },
  { name: 'HA 3+50, each drawn', preset: 'kubeadm', build: (page) => ha50(page, { unstacked: true }) },
  { name: 'HA 3+5+pool+custom', preset: 'kubeadm', build: haDesign },
];
const shots = process.env.SCREENSHOTS;
if (shots) mkdirSync(shots, { recursive: true });
const slug = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

const rows = [];
try {
  for (const design of designs) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`http://127.0.0.1:${PORT}/?preset=${design.preset}`);
    const firstDiagram = await page
      .waitForFunction(() => document.querySelector('.react-flow__node-component') && performance.now())
      .then((h) => h.jsonValue());
    await settled(page);
    if (design.build) await design.build(page);
    await settled(page);
    const fitted = await page.evaluate(measureInPage);
    if (shots) await page.screenshot({ path: `${shots}/${slug(design.name)}-fitted.png` });
    // The first control plane's API server selected: its lines emphasised and labelled.
    await page
      .locator('.react-flow__node-component', { has: page.locator('.component-name', { hasText: /^kube-apiserver$/ }) })
      .first()
      .locator('.component-header')
      .click();
    await settled(page);
    const selected = await page.evaluate(measureInPage);
    if (shots) await page.screenshot({ path: `${shots}/${slug(design.name)}-selected.png` });
    await page
      .getByRole('region', { name: 'Topology' })
      .locator('.react-flow__pane')
      .click({ position: { x: 5, y: 5 } });
    await settled(page);
    // Every control plane drawn, where they are stacked.
    const drawAll = page.getByTestId('rf__node-host:controlplane').getByRole('button', { name: /^Draw all/ });
    let expanded = null;
    if (await drawAll.count()) {
      await drawAll.click();
      await settled(page);
      expanded = await page.evaluate(measureInPage);
      if (shots) await page.screenshot({ path: `${shots}/${slug(design.name)}-expanded.png` });
      await page.getByRole('button', { name: /^Stack controlplane/ }).click();
      await settled(page);
    }
    // Every label shown: zoomed in past the threshold, where labels are drawn for all connections.
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Zoom In' }).click();
    await settled(page);
    const zoomedIn = await page.evaluate(measureInPage);
    await page.getByRole('button', { name: 'Fit View' }).click();
    const before = (await page.evaluate(measureInPage)).hosts;
    // Done when the hosts drawn change: one more, or a stack that counts one more.
    const hosts = await page.evaluate(() =>
      [...document.querySelectorAll('.react-flow__node-host')].map((n) => n.textContent).join('|'),
    );
    const addLatency = await latency(
      page,
      `[...document.querySelectorAll('button')].find((b) => b.textContent === 'Add worker node').click()`,
      `return [...document.querySelectorAll('.react-flow__node-host')].map((n) => n.textContent).join('|') !== ${JSON.stringify(hosts)}`,
    );
    const afterAdd = (await page.evaluate(measureInPage)).hosts;
    await page
      .getByRole('region', { name: 'Topology' })
      .locator('.react-flow__pane')
      .click({ position: { x: 5, y: 5 } });
    await page.getByLabel('Leaf validity (days)').fill('300');
    // The edit commits on Enter; the page has answered when the field no longer differs from the design.
    const validityLatency = await latency(
      page,
      `document.getElementById([...document.querySelectorAll('label')].find((l) => l.textContent === 'Leaf validity (days)').htmlFor).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))`,
      `return true`,
    );
    const afterValidity = (await page.evaluate(measureInPage)).hosts;
    rows.push({
      design: design.name,
      'first diagram ms': Math.round(firstDiagram),
      detail: fitted.detail.split(':')[0],
      'text px': fitted.smallestText.toFixed(1),
      'expanded px': expanded ? expanded.smallestText.toFixed(1) : '-',
      'component px': fitted.componentFont.toFixed(1),
      'chip px': Number.isFinite(fitted.chipFont) ? fitted.chipFont.toFixed(1) : '-',
      'sel labels': `${selected.labels}/${selected.emphasised}`,
      'sel label px': selected.smallestLabel.toFixed(1),
      'sel far': selected.far,
      'sel in view': selected.inView,
      'sel overlaps': selected.overlaps,
      'zoomed labels': `${zoomedIn.labels}/${zoomedIn.edges}`,
      'zoomed overlaps': zoomedIn.overlaps,
      'through boxes': fitted.crossings,
      crossings: fitted.lineCrossings,
      'moved by add': moved(before, afterAdd),
      'moved by validity': moved(afterAdd, afterValidity),
      'add ms': addLatency,
      'validity ms': validityLatency,
    });
    if (selected.overlapping.length)
      console.log(`${design.name}, selected: overlaps such as ${selected.overlapping.join('; ')}`);
    if (zoomedIn.overlapping.length)
      console.log(`${design.name}, zoomed in: overlaps such as ${zoomedIn.overlapping.join('; ')}`);
    if (fitted.crossed.length) console.log(`${design.name}: lines through boxes such as ${fitted.crossed.join('; ')}`);
    await page.close();
  }
  console.table(rows);
  console.log(
    "Targets (issue 19): text px >= 12 at the default level of detail; with kube-apiserver selected every emphasised line labelled (sel labels n/n), label px >= 12, 0 far (> 24 px from its line), all in view, 0 overlaps; 0 lines through boxes; crossings not above view.test.ts's figures; 0 moved hosts; edits <= 100 ms (HA 3+50); first diagram <= 1500 ms.",
  );
  console.log(
    'Edit latency: from the click to the first frame that shows its result (for the validity change, the next frame).',
  );
} finally {
  await browser.close();
  server.httpServer.close();
}
