// **lineage-svg** lays out a model's family tree for the entity page, from the root bases rightwards, one edge per
// lineage link coloured (and dashed) by relation. It returns
// coordinates; views/partials/lineage.hbs draws the SVG, so every label is escaped by the template engine.

import { OBJ } from '../vocab.js';
import type { LineageRow } from './describe.js';

export const RELATION_STYLE: Record<string, { label: string; color: string; dash: string }> = {
  // Okabe–Ito colours (distinguishable with colour-vision deficiency) plus a dash pattern each, so colour is not the
  // only cue.
  [OBJ.fineTunedFrom]: { label: 'fine-tuned from', color: '#0072B2', dash: '' },
  [OBJ.adapterOf]: { label: 'adapter of', color: '#009E73', dash: '6 3' },
  [OBJ.mergedFrom]: { label: 'merged from', color: '#D55E00', dash: '2 3' },
  [OBJ.quantizedFrom]: { label: 'quantized from', color: '#CC79A7', dash: '8 3 2 3' },
};
const OTHER = { label: 'derived from', color: '#555555', dash: '' };

const NODE_W = 190;
const NODE_H = 30;
const COL_GAP = 70;
const ROW_GAP = 12;
const PAD = 10;
const LABEL_CHARS = 26;

export interface LineageNode {
  iri: string;
  x: number;
  y: number;
  w: number;
  h: number;
  tx: number;
  ty: number;
  label: string;
  fullLabel: string;
  href?: string;
  focus: boolean;
}

export interface LineageEdge {
  path: string;
  color: string;
  dash: string;
  relation: string;
  /** id of the arrow-head marker in the relation's colour. */
  marker: string;
  from: string;
  to: string;
}

export interface LineagePicture {
  width: number;
  height: number;
  nodes: LineageNode[];
  edges: LineageEdge[];
  legend: Array<{ label: string; color: string; dash: string; y: number }>;
  ancestors: number;
  descendants: number;
  truncated: boolean;
  description: string;
}

/**
 * Lays out a whole family (the lineage-tree rows: every step below the root base models) with `current` highlighted.
 * Roots sit in column 0 and every model one column right of its furthest base, so each arrow points left even where a
 * merge joins branches of different lengths.
 */
export function layoutFamily(
  current: string,
  steps: LineageRow[],
  labelOf: (iri: string) => string,
  hrefOf: (iri: string) => string | undefined,
  truncated: boolean,
): LineagePicture | undefined {
  if (steps.length === 0) return undefined;
  const column = new Map<string, number>();
  for (const r of steps) {
    column.set(r.base, 0);
    column.set(r.derived, 0);
  }
  // Longest-path layering; at most one pass per model, so a (malformed) cycle cannot loop forever.
  for (let pass = 0, changed = true; changed && pass < column.size; pass++) {
    changed = false;
    for (const r of steps) {
      const c = column.get(r.base)! + 1;
      if (c > column.get(r.derived)!) {
        column.set(r.derived, c);
        changed = true;
      }
    }
  }
  if (!column.has(current)) column.set(current, 0);
  const picture = place(column, steps, current, labelOf, hrefOf, truncated);
  const derived = new Set(steps.map((r) => r.derived));
  const roots = [...new Set(steps.map((r) => r.base))].filter((m) => !derived.has(m));
  const rootNames = roots.map(labelOf).join(', ');
  return {
    ...picture,
    ancestors: roots.length,
    descendants: derived.size,
    description:
      `Family tree of ${labelOf(current)} (highlighted): ${column.size} ` +
      `model(s) descending from ${rootNames || 'its root'}, ` +
      `root bases to the left${truncated ? ' (more exist than are drawn)' : ''}.`,
  };
}

/** Coordinates for models in the given columns, edges for the steps between placed models, and the legend. */
function place(
  column: Map<string, number>,
  steps: LineageRow[],
  focus: string,
  labelOf: (iri: string) => string,
  hrefOf: (iri: string) => string | undefined,
  truncated: boolean,
): Omit<LineagePicture, 'ancestors' | 'descendants' | 'description'> {
  const cols = [...column.values()];
  const minCol = Math.min(...cols);
  const byCol = new Map<number, string[]>();
  for (const [iri, c] of column) byCol.set(c, [...(byCol.get(c) ?? []), iri]);
  const tallest = Math.max(...[...byCol.values()].map((l) => l.length));
  const height = PAD * 2 + tallest * (NODE_H + ROW_GAP) - ROW_GAP;

  const nodes = new Map<string, LineageNode>();
  for (const [c, iris] of byCol) {
    const colHeight = iris.length * (NODE_H + ROW_GAP) - ROW_GAP;
    iris.forEach((iri, i) => {
      const x = PAD + (c - minCol) * (NODE_W + COL_GAP);
      const y = PAD + (height - 2 * PAD - colHeight) / 2 + i * (NODE_H + ROW_GAP);
      const full = labelOf(iri);
      nodes.set(iri, {
        iri,
        x,
        y,
        w: NODE_W,
        h: NODE_H,
        tx: x + 8,
        ty: y + NODE_H / 2 + 4,
        label: full.length > LABEL_CHARS ? full.slice(0, LABEL_CHARS - 1) + '…' : full,
        fullLabel: full,
        href: iri === focus ? undefined : hrefOf(iri),
        focus: iri === focus,
      });
    });
  }

  const usedRelations = [...new Set(steps.map((r) => r.relation))];
  const edges: LineageEdge[] = [];
  const seen = new Set<string>();
  for (const r of steps) {
    const key = `${r.derived} ${r.relation} ${r.base}`;
    const from = nodes.get(r.derived);
    const to = nodes.get(r.base);
    if (seen.has(key) || !from || !to) continue;
    seen.add(key);
    const style = RELATION_STYLE[r.relation] ?? OTHER;
    // From the derived model's left side to the base's right side (bases sit to the left).
    const x1 = from.x;
    const y1 = from.y + NODE_H / 2;
    const x2 = to.x + NODE_W;
    const y2 = to.y + NODE_H / 2;
    const bend = Math.max(30, Math.abs(x1 - x2) / 2);
    edges.push({
      path: `M${x1},${y1} C${x1 - bend},${y1} ${x2 + bend},${y2} ${x2},${y2}`,
      color: style.color,
      dash: style.dash,
      relation: style.label,
      marker: `lineage-arrow-${usedRelations.indexOf(r.relation)}`,
      from: from.fullLabel,
      to: to.fullLabel,
    });
  }

  const legend = usedRelations.map((rel, i) => ({ ...(RELATION_STYLE[rel] ?? OTHER), y: 16 + i * 20 }));
  const width = PAD * 2 + (Math.max(...cols) - minCol + 1) * (NODE_W + COL_GAP) - COL_GAP;
  return {
    width,
    height: Math.max(height, PAD + legend.length * 20),
    nodes: [...nodes.values()],
    edges,
    legend,
    truncated,
  };
}
