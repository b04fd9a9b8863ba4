// Opens a study's report.html in headless Chromium (Debian `chromium`, driven by playwright-core) and
// checks what a reader sees (docs/report.md, "Browser test"):
//  - no console errors, no page errors, no request leaving the file (the report is self-contained);
//  - every map has one <path> per cell of its case in cells.csv, each with a data-v attribute;
//  - every chart has data marks (class 'datum');
//  - a screenshot of the page and of the first map are saved in the given directory;
//  - a pixel check finds the map's colour classes on the first map's screenshot, and the same check
//    fails on that map with its cells removed (a blank map), so it cannot pass vacuously.
// Usage: node report_browser_check.js OUTDIR SHOTDIR [NPM_PREFIX] ; exit 0 = pass, 1 = fail.
'use strict';
const fs = require('fs');
const path = require('path');
const os = require('os');

const [outDir, shotDir, npmPrefix = '/usr/local/share/satcap/npm-browser'] = process.argv.slice(2);
const fail = (msg) => { console.error('report browser test: FAIL: ' + msg); process.exit(1); };
if (!outDir || !shotDir) fail('usage: node report_browser_check.js OUTDIR SHOTDIR [NPM_PREFIX]');
const chromiumPath = process.env.SATCAP_CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromiumPath)) fail(`${chromiumPath} is missing (scripts/install-deps.sh installs Debian's chromium)`);
let chromium, PNG;
try {
  ({ chromium } = require(path.join(npmPrefix, 'node_modules', 'playwright-core')));
  ({ PNG } = require(path.join(npmPrefix, 'node_modules', 'pngjs')));
} catch (e) {
  fail(`playwright-core / pngjs not found under ${npmPrefix} (scripts/install-deps.sh installs them): ${e.message}`);
}

// cells.csv: rows per case (the case is the first column; names may be quoted).
function cellsPerCase(file) {
  const counts = new Map();
  const lines = fs.readFileSync(file, 'utf8').split('\n').slice(1).filter((l) => l.length);
  for (const line of lines) {
    let name;
    if (line.startsWith('"')) {
      let i = 1; name = '';
      for (; i < line.length; ++i) {
        if (line[i] === '"' && line[i + 1] === '"') { name += '"'; ++i; } else if (line[i] === '"') break; else name += line[i];
      }
    } else {
      name = line.slice(0, line.indexOf(','));
    }
    counts.set(name, (counts.get(name) || 0) + 1);
  }
  return counts;
}

// Pixel check: the share of strongly coloured pixels (viridis classes; the ocean, the no-data grey,
// borders and text are grey or nearly so) and the number of distinct coloured tones.
function pixelCheck(pngFile) {
  const png = PNG.sync.read(fs.readFileSync(pngFile));
  let coloured = 0;
  const tones = new Set();
  for (let i = 0; i < png.data.length; i += 4) {
    const r = png.data[i], g = png.data[i + 1], b = png.data[i + 2];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 40) {
      ++coloured;
      tones.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
    }
  }
  const share = coloured / (png.width * png.height);
  return { share, tones: tones.size, ok: share > 0.01 && tones.size >= 3 };
}

(async () => {
  const t0 = Date.now();
  const report = path.resolve(outDir, 'report.html');
  if (!fs.existsSync(report)) fail(`${report} is missing`);
  const expected = cellsPerCase(path.resolve(outDir, 'cells.csv'));
  fs.mkdirSync(shotDir, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'satcap-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
    viewport: { width: 1500, height: 1000 },
  });
  const problems = [];
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
    page.on('pageerror', (e) => problems.push('page error: ' + e.message));
    page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push('external request: ' + r.url()); });
    await page.goto('file://' + report, { waitUntil: 'load' });

    // Maps: one element per cell with data.
    const maps = await page.$$eval('svg.map', (svgs) => svgs.map((s) => ({
      kase: s.getAttribute('data-case'), metric: s.getAttribute('data-metric'),
      cells: s.querySelectorAll('g.cells > path').length,
      withValue: s.querySelectorAll('g.cells > path[data-v]').length,
    })));
    if (maps.length < 8) problems.push(`only ${maps.length} maps (expected >= 8: four quantities for two systems)`);
    for (const m of maps) {
      const want = expected.get(m.kase);
      if (want === undefined) problems.push(`map of case '${m.kase}' has no rows in cells.csv`);
      else if (m.cells !== want || m.withValue !== want) problems.push(`map ${m.metric} of '${m.kase}': ${m.cells} cells (${m.withValue} with data-v), cells.csv has ${want}`);
      if (!(m.cells > 0)) problems.push(`map ${m.metric} of '${m.kase}' is empty`);
    }
    // Charts: data in every one.
    const charts = await page.$$eval('svg.chart', (svgs) => svgs.map((s) => ({ name: s.getAttribute('data-chart'), data: s.querySelectorAll('.datum').length })));
    if (charts.length < 4) problems.push(`only ${charts.length} charts`);
    for (const c of charts) if (c.data === 0) problems.push(`chart ${c.name} has no data`);

    // Screenshots and the pixel check.
    await page.screenshot({ path: path.join(shotDir, 'report_page.png'), fullPage: false });
    // The pixel check looks at the globe only (the sphere outline's box), not the legend.
    const globe = await page.$('svg.map > path.sphere');
    if (!globe) fail('the first map has no sphere outline (path.sphere)');
    const mapShot = path.join(shotDir, 'report_map.png');
    await globe.screenshot({ path: mapShot });
    await (await page.$('svg.map')).screenshot({ path: path.join(shotDir, 'report_map_with_legend.png') });
    const full = pixelCheck(mapShot);
    if (!full.ok) problems.push(`pixel check: the first map looks blank (${(100 * full.share).toFixed(2)} % coloured pixels, ${full.tones} tones)`);
    // Negative control: the same map without its cells must fail the check.
    await page.$eval('svg.map', (s) => s.querySelectorAll('g.cells > path').forEach((p) => p.remove()));
    const blankShot = path.join(shotDir, 'report_map_blank.png');
    await globe.screenshot({ path: blankShot });
    const blank = pixelCheck(blankShot);
    if (blank.ok) problems.push(`pixel check passes a blank map (${(100 * blank.share).toFixed(2)} % coloured, ${blank.tones} tones): it has no teeth`);
    console.log(`report browser test: ${maps.length} maps (${maps.map((m) => m.cells).reduce((a, b) => a + b, 0)} cell elements), ` +
                `${charts.length} charts (${charts.map((c) => c.data).join('/')} data marks); map pixels ${(100 * full.share).toFixed(1)} % coloured, ` +
                `${full.tones} tones; blank map ${(100 * blank.share).toFixed(2)} %; screenshots in ${shotDir}; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  if (problems.length) fail(problems.join('\n  '));
  console.log('report browser test: PASS');
})().catch((e) => fail(e.stack || String(e)));
