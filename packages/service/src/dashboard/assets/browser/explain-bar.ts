import { js } from './js';

/**
 * Browser code: a small stacked bar of an ATP explanation. Top row: what there is (positive terms).
 * Bottom row: where it goes — the ATP, what freshness/eligibility steps withheld, then every
 * deduction. Geometry uses floats; every label shows the exact decimal string.
 */
export const explainBarJs = js`
function termClass(term) {
  const byLabel = {
    onHand: 'onhand',
    committed: 'committed',
    reserved: 'reserved',
    damaged: 'unsellable',
    qualityControl: 'unsellable',
  };
  return 'seg-' + (byLabel[term.label] || term.kind);
}

function explainBar(expl) {
  const width = 420;
  const rowH = 14;
  const terms = Array.isArray(expl.terms) ? expl.terms : [];
  const value = (t) => Number.parseFloat(t.qty) || 0;
  const plus = terms.filter((t) => value(t) > 0);
  const minus = terms.filter((t) => value(t) < 0);
  const sumPlus = plus.reduce((a, t) => a + value(t), 0);
  const sumMinus = minus.reduce((a, t) => a - value(t), 0);
  const atp = Math.max(0, Number.parseFloat(expl.atp) || 0);
  const preClamp = Number.parseFloat(expl.preClamp) || 0;
  const withheld = Math.max(0, preClamp - atp);
  const total = Math.max(sumPlus, sumMinus, atp + withheld + sumMinus, 1e-9);
  const scale = width / total;
  const parts = [];
  /** Draws one term; its label is the full one, else the quantity alone, else none (the tooltip has it). */
  const segment = (row, x, amount, cls, label, short, tip) => {
    const w = amount * scale;
    if (w <= 0) return x;
    const y = row * (rowH + 4);
    const shown = [label, short].find((text) => text.length * 6 + 8 <= w);
    parts.push(
      svg('g', { class: 'seg' }, [
        svg('title', null, tip),
        svg('rect', { x: x, y: y, width: Math.max(1, w - 1), height: rowH, class: cls }),
        shown ? svg('text', { x: x + 4, y: y + 11, class: 'seg-label' }, shown) : null,
      ]),
    );
    return x + w;
  };
  const scoped = (t) => (t.scope ? ' [' + t.scope + ']' : '');
  let x = 0;
  for (const t of plus) {
    x = segment(
      0,
      x,
      value(t),
      termClass(t),
      t.label + ' ' + qty(t.qty),
      qty(t.qty),
      t.label + ' ' + qty(t.qty),
    );
  }
  x = 0;
  x = segment(1, x, atp, 'seg-atp', 'ATP ' + qty(expl.atp), qty(expl.atp), 'ATP ' + qty(expl.atp));
  const held = qty(
    decSum([
      [1, expl.preClamp],
      [-1, expl.atp],
    ]) || String(withheld),
  );
  x = segment(
    1,
    x,
    withheld,
    'seg-withheld',
    'withheld ' + held,
    held,
    'withheld by steps (stale, eligibility): ' + held,
  );
  for (const t of minus) {
    const tip = t.label + ' ' + qty(t.qty) + scoped(t);
    x = segment(1, x, -value(t), termClass(t), t.label + ' ' + qty(t.qty), qty(t.qty), tip);
  }
  if (sumMinus > sumPlus) {
    const mx = sumPlus * scale;
    parts.push(svg('line', { x1: mx, x2: mx, y1: 0, y2: 2 * rowH + 4, class: 'seg-overrun' }));
  }
  return svg(
    'svg',
    {
      class: 'explain-bar',
      viewBox: '0 0 ' + width + ' ' + (2 * rowH + 4),
      width: width,
      height: 2 * rowH + 4,
      role: 'img',
      'aria-label': 'Terms of the ATP: ' + str(expl.text),
      'data-testid': 'explanation-bar',
    },
    parts,
  );
}
`;
