/** One line of a chart. */
export interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
  /** Draw as a step function (values hold until the next point). */
  readonly step?: boolean;
  readonly dashed?: boolean;
  /** Draw dots at the points instead of a line. */
  readonly dots?: boolean;
}

/** A line chart's axes and data. */
export interface Chart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xMax: number;
  readonly xTicks: readonly { at: number; label: string }[];
  readonly series: readonly Series[];
  /** Shaded spans along x, e.g. an outage. */
  readonly bands?: readonly { from: number; to: number; label: string }[];
}

const W = 720;
const H = 300;
const M = { left: 56, right: 16, top: 36, bottom: 64 };

/**
 * Escapes text for HTML and SVG.
 * @example
 * esc('a < b'); // 'a &lt; b'
 */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function n(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

/**
 * Renders a self-contained inline SVG line chart (no scripts, no external assets).
 * @example
 * lineChart({ title: 'Oversells', xLabel: 'time', yLabel: 'orders', xMax: 60, xTicks: [], series: [] });
 */
export function lineChart(c: Chart): string {
  const yMax = niceMax(Math.max(0, ...c.series.flatMap((s) => s.points.map((p) => p[1]))));
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const x = (v: number) => M.left + (c.xMax <= 0 ? 0 : (v / c.xMax) * iw);
  const y = (v: number) => M.top + ih - (v / yMax) * ih;
  const out: string[] = [];
  out.push(
    `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(c.title)}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${esc(c.title)}</title>`,
    `<text x="${M.left}" y="20" font-size="14" font-weight="600">${esc(c.title)}</text>`,
  );
  for (const b of c.bands ?? []) {
    out.push(
      `<rect x="${n(x(b.from))}" y="${M.top}" width="${n(Math.max(1, x(b.to) - x(b.from)))}" height="${ih}" fill="#f2c94c" fill-opacity="0.18"/>`,
      `<text x="${n(x(b.from) + 4)}" y="${M.top + 14}" fill="#8a6d00">${esc(b.label)}</text>`,
    );
  }
  for (let i = 0; i <= 4; i++) {
    const v = (yMax / 4) * i;
    out.push(
      `<line x1="${M.left}" x2="${M.left + iw}" y1="${n(y(v))}" y2="${n(y(v))}" stroke="#e3e3e3"/>`,
      `<text x="${M.left - 6}" y="${n(y(v) + 4)}" text-anchor="end" fill="#555">${n(v)}</text>`,
    );
  }
  for (const t of c.xTicks) {
    out.push(
      `<line x1="${n(x(t.at))}" x2="${n(x(t.at))}" y1="${M.top + ih}" y2="${M.top + ih + 4}" stroke="#555"/>`,
      `<text x="${n(x(t.at))}" y="${M.top + ih + 16}" text-anchor="middle" fill="#555">${esc(t.label)}</text>`,
    );
  }
  out.push(
    `<line x1="${M.left}" x2="${M.left + iw}" y1="${M.top + ih}" y2="${M.top + ih}" stroke="#555"/>`,
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + ih}" stroke="#555"/>`,
    `<text x="${M.left + iw / 2}" y="${H - 30}" text-anchor="middle" fill="#333">${esc(c.xLabel)}</text>`,
    `<text transform="translate(14 ${M.top + ih / 2}) rotate(-90)" text-anchor="middle" fill="#333">${esc(c.yLabel)}</text>`,
  );
  for (const s of c.series) {
    if (s.points.length === 0) continue;
    if (s.dots) {
      out.push(
        `<g fill="${s.color}" class="series" data-series="${esc(s.name)}">${s.points
          .map((p) => `<circle cx="${n(x(p[0]))}" cy="${n(y(p[1]))}" r="2.5"/>`)
          .join('')}</g>`,
      );
      continue;
    }
    const pts: string[] = [];
    s.points.forEach((p, i) => {
      const prev = s.points[i - 1];
      if (s.step && prev) pts.push(`${n(x(p[0]))},${n(y(prev[1]))}`);
      pts.push(`${n(x(p[0]))},${n(y(p[1]))}`);
    });
    out.push(
      `<polyline class="series" data-series="${esc(s.name)}" fill="none" stroke="${s.color}" stroke-width="2.2"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${pts.join(' ')}"/>`,
    );
  }
  let lx = M.left;
  for (const s of c.series) {
    out.push(
      `<rect x="${lx}" y="${H - 16}" width="14" height="4" fill="${s.color}"/>`,
      `<text x="${lx + 18}" y="${H - 11}" fill="#333">${esc(s.name)}</text>`,
    );
    lx += 26 + s.name.length * 6.6;
  }
  out.push('</svg>');
  return out.join('\n');
}
