// **lineage-svg** lays out a planned family tree (lineage-plan.ts) with dagre: root bases at the top, derived models
// below, the leaves of one base in a grid, a base's many derived models with models of their own in tiers, so the
// picture fits the page; "+N more" boxes and notes stand for the models left out. It returns coordinates;
// views/partials/lineage.hbs draws the SVG (every label escaped there).

import dagre from '@dagrejs/dagre';
import { OBJ } from '../vocab.js';
import { type FamilyPlan, narrower } from './lineage-plan.js';
export { ALL_LIMITS, type FamilyLimits, type FamilyPlan, PAGE_LIMITS, planFamily } from './lineage-plan.js';
import { textWidth, wrapText } from './text-width.js';

export const RELATION_STYLE: Record<string, { label: string; color: string; dash: string }> = {
  // Okabe–Ito colours (distinguishable with colour-vision deficiency) plus a dash pattern each, so colour is not the
  // only cue.
  [OBJ.fineTunedFrom]: { label: 'fine-tuned from', color: '#0072B2', dash: '' },
  [OBJ.adapterOf]: { label: 'adapter of', color: '#009E73', dash: '6 3' },
  [OBJ.mergedFrom]: { label: 'merged from', color: '#D55E00', dash: '2 3' },
  [OBJ.quantizedFrom]: { label: 'quantized from', color: '#CC79A7', dash: '8 3 2 3' },
};
const OTHER = { label: 'derived from', color: '#555555', dash: '' };
/** The edge from a model to the "+N more" box of models below it that are not drawn. */
const MORE = { label: 'and more below', color: '#8a8a96', dash: '1 3' };

// Sizes in px; the page's stylesheet draws the labels at FONT px (views/partials/lineage.hbs, public/style.css).
const FONT = 13;
const LINE = 16;
const PAD_X = 8;
const PAD_Y = 6;
/** Labels wider than this wrap onto more lines. */
const MAX_TEXT = 150;
const MARGIN = 10;

export interface LineageLine {
  x: number;
  y: number;
  text: string;
  /** The "+N more below" line of a box, drawn muted. */
  note: boolean;
}

export interface LineageNode {
  iri: string;
  x: number;
  y: number;
  w: number;
  h: number;
  lines: LineageLine[];
  fullLabel: string;
  href?: string;
  focus: boolean;
  /** A "+N more" box: how many models it stands for. */
  more?: number;
  /** In a grid of models derived from one base: the colour of its relation to that base. */
  stripe?: string;
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

export interface FamilyCounts {
  /** Models in the family as the lineage-tree rows list them (every base and derived model). */
  models: number;
  /** Distinct lineage steps (derived, relation, base) among the rows. */
  steps: number;
  /** Models drawn as boxes of their own. */
  drawn: number;
  /** Models counted in "+N more" boxes. */
  hidden: number;
  /** The query stopped at its row limit: the family is larger than counted. */
  cut: boolean;
}

export interface LineagePicture {
  width: number;
  height: number;
  /** Grids of models derived from one base (drawn behind them). */
  groups: Array<{ x: number; y: number; w: number; h: number; title: string }>;
  nodes: LineageNode[];
  edges: LineageEdge[];
  legend: Array<{ label: string; color: string; dash: string }>;
  counts: FamilyCounts;
  /** Where the whole family is drawn, when this picture leaves models out. */
  showAllHref?: string;
  description: string;
  /** Drawn with ids for names because the name lookup failed or ran out of time: not a page to keep in a cache. */
  namesMissing?: boolean;
}

interface Box {
  id: string;
  label: string;
  lines: string[];
  w: number;
  h: number;
  focus: boolean;
  /** A "+N more" box: how many models it stands for. */
  more?: number;
  /** A model with left-out models below it and none drawn: how many (a last line says so). */
  below?: number;
  /** Its derived models' tiers: the rank (from it) each tier starts at, when there are more than one. */
  tiers?: number[];
}

function box(id: string, label: string, focus: boolean, more?: number, below?: number): Box {
  const lines = wrapText(label, MAX_TEXT, FONT, focus);
  if (below !== undefined) lines.push(belowLine(below));
  const textW = Math.max(...lines.map((l) => textWidth(l, FONT, focus)));
  return {
    id,
    label,
    lines,
    w: Math.ceil(textW + 2 * PAD_X),
    h: lines.length * LINE + 2 * PAD_Y,
    focus,
    more,
    below,
  };
}

const belowLine = (n: number) => `+${n.toLocaleString('en-US')} more below`;

interface Link {
  base: string;
  derived: string;
  style: { label: string; color: string; dash: string };
  /** Ranks from base to derived (more than one for a model in a lower tier). */
  minlen?: number;
  /** Which of its base's tiers the derived model is in. */
  tier?: number;
}

/** Derived models of one base that have nothing drawn below them, drawn as a grid instead of one wide row. */
interface Pack {
  id: string;
  base: string;
  members: Box[];
  styles: Link['style'][];
  cellW: number;
  cellH: number;
  cols: number;
  w: number;
  h: number;
  /** Ranks between the base and the grid, and the grid's rank. */
  minlen: number;
  rank: number;
}

/** Fewer leaves than this under one base stay ordinary boxes in dagre's row. */
const PACK_MIN = 4;
const GAP = 10;
const PACK_PAD = 8;
const NODE_SEP = 16;

/** Groups each base's leaf models (one base only, nothing below them) into a grid, its rank and columns set. */
function packLeaves(boxes: Map<string, Box>, links: Link[], width: number): Pack[] {
  const below = new Set(links.map((l) => l.base));
  const basesOf = new Map<string, Link[]>();
  for (const l of links) basesOf.set(l.derived, [...(basesOf.get(l.derived) ?? []), l]);
  const groups = new Map<string, Box[]>();
  for (const b of boxes.values()) {
    const up = basesOf.get(b.id) ?? [];
    if (below.has(b.id) || up.length !== 1 || b.focus) continue;
    const base = up[0]!.base;
    groups.set(base, [...(groups.get(base) ?? []), b]);
  }
  const packs: Pack[] = [];
  for (const [base, members] of groups) {
    if (members.length < PACK_MIN) continue;
    // The "+N more" box last, after the models it follows.
    members.sort((a, b) => Number(a.more !== undefined) - Number(b.more !== undefined));
    packs.push({
      id: `pack\u0000${base}`,
      base,
      members,
      styles: [...new Set(members.map((m) => basesOf.get(m.id)![0]!.style))],
      cellW: Math.max(...members.map((m) => m.w)),
      cellH: Math.max(...members.map((m) => m.h)),
      cols: 1,
      w: 0,
      h: 0,
      minlen: 1,
      rank: 0,
    });
  }
  // Tiers leave a quarter of the width to the edges that pass them on the way to lower tiers and grids.
  const taken = rankPacks(boxes, links, packs, width * 0.75);
  // Grids on one rank share the width.
  const perRank = new Map<number, number>();
  for (const p of packs) perRank.set(p.rank, (perRank.get(p.rank) ?? 0) + 1);
  for (const p of packs) {
    const n = perRank.get(p.rank)!;
    // A grid leaves room beside it for the edges that pass its rank.
    // (at least half a fair share, so a crowded rank still gets grids, not columns)
    const fair = (width * 0.85 - (n - 1) * NODE_SEP) / n;
    const share = Math.max(fair / 2, fair - (taken.get(p.rank) ?? 0) / n);
    p.cols = Math.max(1, Math.min(p.members.length, Math.floor((share - 2 * PACK_PAD + GAP) / (p.cellW + GAP))));
    const rows = Math.ceil(p.members.length / p.cols);
    p.w = p.cols * p.cellW + (p.cols - 1) * GAP + 2 * PACK_PAD;
    p.h = rows * p.cellH + (rows - 1) * GAP + 2 * PACK_PAD;
  }
  return packs;
}

/**
 * Ranks before dagre runs, so grids and rows fit the width: a base's derived models with models of their own below
 * them go in tiers as wide as the picture, each tier below everything the one before has below it; a grid sits one
 * rank below its base's last tier, sharing the width with the grids there. Sets each link's and grid's edge length
 * (dagre's minlen) and each grid's rank.
 */
function rankPacks(boxes: Map<string, Box>, links: Link[], packs: Pack[], width: number): Map<number, number> {
  const packed = new Set(packs.flatMap((p) => p.members.map((m) => m.id)));
  const children = new Map<string, Link[]>();
  for (const l of links) if (!packed.has(l.derived)) children.set(l.base, [...(children.get(l.base) ?? []), l]);
  const packOf = new Map(packs.map((p) => [p.base, p]));
  // A model's height: the ranks below it that its derived models, their tiers and its grid take.
  const height = new Map<string, number>();
  const heightOf = (m: string, seen: Set<string>): number => {
    const known = height.get(m);
    if (known !== undefined) return known;
    if (seen.has(m)) return 0; // a (malformed) cycle
    seen.add(m);
    const below = children.get(m) ?? [];
    // Tiers: derived models side by side while their boxes (or narrowest grids) fit the width.
    let used = 0;
    let start = 1;
    let tierHeight = 0;
    const starts = [1];
    for (const l of below) {
      const b = boxes.get(l.derived)!;
      const pack = packOf.get(l.derived);
      const w = Math.max(b.w, pack ? pack.cellW + 2 * PACK_PAD : 0) + NODE_SEP;
      if (used > 0 && used + w > width) {
        start += 1 + tierHeight;
        starts.push(start);
        used = 0;
        tierHeight = 0;
      }
      used += w;
      l.minlen = start;
      l.tier = starts.length - 1;
      tierHeight = Math.max(tierHeight, heightOf(l.derived, seen));
    }
    const deepest = below.length > 0 ? start + tierHeight : 0;
    if (starts.length > 1) boxes.get(m)!.tiers = starts;
    const pack = packOf.get(m);
    // The grid goes one rank below the last tier, beside what that tier has below it (no edge then runs past it).
    if (pack) pack.minlen = below.length > 0 ? start + 1 : 1;
    const h = Math.max(deepest, pack ? pack.minlen : 0);
    height.set(m, h);
    return h;
  };
  for (const id of boxes.keys()) if (!packed.has(id)) heightOf(id, new Set());
  // Ranks as dagre will find them for a tree: the longest path from a top model (passes bounded against cycles).
  const rank = new Map<string, number>([...boxes.keys()].filter((id) => !packed.has(id)).map((id) => [id, 0]));
  for (let pass = 0, changed = true; changed && pass < rank.size; pass++) {
    changed = false;
    for (const l of links) {
      if (packed.has(l.derived)) continue;
      const r = rank.get(l.base)! + (l.minlen ?? 1);
      if (r > rank.get(l.derived)!) {
        rank.set(l.derived, r);
        changed = true;
      }
    }
  }
  for (const p of packs) p.rank = rank.get(p.base)! + p.minlen;
  // What the boxes on each rank take of the width, which the grids there share what is left of.
  const taken = new Map<number, number>();
  for (const [id, r] of rank) taken.set(r, (taken.get(r) ?? 0) + boxes.get(id)!.w + NODE_SEP);
  return taken;
}

const trunk = (base: string, tier: number) => `trunk\u0000${base}\u0000${tier}`;

/** dagre's layout of the boxes not in a grid and of the grids, bases above what derives from them. */
function runDagre(boxes: Map<string, Box>, links: Link[], packs: Pack[]) {
  const packed = new Set(packs.flatMap((p) => p.members.map((m) => m.id)));
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: NODE_SEP, ranksep: 40, edgesep: 8, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const b of boxes.values()) if (!packed.has(b.id)) g.setNode(b.id, { width: b.w, height: b.h });
  for (const p of packs) g.setNode(p.id, { width: p.w, height: p.h });
  // Lower tiers hang from a trunk: one invisible node per tier, one rank above it, so one line of edge runs down past
  // the tiers above (dagre would give each edge its own and set each tier beside the last, not below it).
  for (const b of boxes.values()) {
    const tiers = b.tiers;
    if (!tiers) continue;
    tiers.forEach((start, k) => {
      if (k === 0) return;
      g.setNode(trunk(b.id, k), { width: 0, height: 0 });
      const above = k === 1 ? b.id : trunk(b.id, k - 1);
      g.setEdge(above, trunk(b.id, k), { minlen: start - (k === 1 ? 1 : tiers[k - 1]!) }, trunk(b.id, k));
    });
  }
  const from = (base: string, tier: number | undefined) => (tier ? trunk(base, tier) : base);
  links.forEach((l, i) => {
    if (packed.has(l.derived)) return;
    g.setEdge(from(l.base, l.tier), l.derived, { minlen: l.tier ? 1 : (l.minlen ?? 1) }, String(i));
  });
  for (const p of packs) {
    const tiers = boxes.get(p.base)!.tiers;
    const last = tiers ? tiers.length - 1 : 0;
    const minlen = tiers ? p.minlen - (tiers[last]! - 1) : p.minlen;
    g.setEdge(from(p.base, last), p.id, { minlen }, p.id);
  }
  dagre.layout(g);
  return g;
}

/** A smooth path through dagre's points: straight ends (so the arrow meets the box border squarely), curves between. */
function pathThrough(points: Array<{ x: number; y: number }>): string {
  const f = (n: number) => Math.round(n * 10) / 10;
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M${f(first.x)},${f(first.y)}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i]!;
    const q = rest[i + 1]!;
    d += ` Q${f(p.x)},${f(p.y)} ${f((p.x + q.x) / 2)},${f((p.y + q.y) / 2)}`;
  }
  const last = rest[rest.length - 1];
  if (last) d += ` L${f(last.x)},${f(last.y)}`;
  return d;
}

/** Boxes and links of a plan: the drawn models and one "+N more" box per drawn model with left-out models below. */
function boxesOf(plan: FamilyPlan, labelOf: (iri: string) => string) {
  const { current, family, drawn, hidden } = plan;
  const boxes = new Map<string, Box>();
  const links: Link[] = [];
  for (const s of family.steps) {
    if (!drawn.has(s.base) || !drawn.has(s.derived) || s.base === s.derived) continue;
    links.push({ base: s.base, derived: s.derived, style: RELATION_STYLE[s.relation] ?? OTHER });
  }
  // A model with nothing drawn below it says in its own box how many models are left out below it; one with some
  // derived models drawn gets a "+N more" box beside them.
  const hasDrawnBelow = new Set(links.map((l) => l.base));
  const inBox = (m: string) => hidden.get(m) !== undefined && !hasDrawnBelow.has(m);
  for (const m of family.models)
    if (drawn.has(m)) boxes.set(m, box(m, labelOf(m), m === current, undefined, inBox(m) ? hidden.get(m) : undefined));
  for (const [anchor, n] of hidden) {
    if (anchor && inBox(anchor)) continue;
    const id = `more\u0000${anchor}`;
    boxes.set(id, box(id, `+${n.toLocaleString('en-US')} more`, false, n));
    if (anchor) links.push({ base: anchor, derived: id, style: MORE });
  }
  return { boxes, links };
}

/**
 * Lays out a planned family, the drawn models named by `labelOf` and linked by `hrefOf`, "+N more" boxes linked to
 * `showAllHref`. Counts are those of the rows, so the picture and the lineage-tree query agree. A picture wider than
 * `limits.width` packs leaves in fewer columns and, on the entity page, draws fewer models, until it fits (a family
 * drawn whole may still be wider when one layer holds more models with derived models of their own than fit a row).
 */
export function layoutFamily(
  first: FamilyPlan,
  labelOf: (iri: string) => string,
  hrefOf: (iri: string) => string | undefined,
  showAllHref?: string,
): LineagePicture {
  const fits = (g: ReturnType<typeof runDagre>) => (g.graph().width ?? 0) <= first.limits.width - 2 * MARGIN;
  let plan = first;
  let { boxes, links } = boxesOf(plan, labelOf);
  const inner = first.limits.width - 2 * MARGIN;
  let packs = packLeaves(boxes, links, inner);
  let g = runDagre(boxes, links, packs);
  // Too wide with every grid within the width: a row of models with derived models of their own is. On the entity
  // page fewer are drawn; the whole family is drawn as it is.
  for (let tries = 0; tries < 16 && !fits(g); tries++) {
    const next = Number.isFinite(plan.limits.siblings) ? narrower(plan) : undefined;
    if (!next) break;
    plan = next;
    ({ boxes, links } = boxesOf(plan, labelOf));
    packs = packLeaves(boxes, links, inner);
    g = runDagre(boxes, links, packs);
  }
  const { family, drawn, hidden, current } = plan;

  // dagre gives centres; the picture is shifted to start at the margin.
  const placed = new Map<string, { x: number; y: number; w: number; h: number }>();
  for (const b of boxes.values()) {
    const n = g.node(b.id);
    if (n) placed.set(b.id, { x: n.x! - b.w / 2, y: n.y! - b.h / 2, w: b.w, h: b.h });
  }
  const groups: Array<{ x: number; y: number; w: number; h: number; title: string }> = [];
  for (const p of packs) {
    const n = g.node(p.id)!;
    const x0 = n.x! - p.w / 2;
    const y0 = n.y! - p.h / 2;
    groups.push({ x: x0, y: y0, w: p.w, h: p.h, title: `${p.members.length} derived from ${labelOf(p.base)}` });
    p.members.forEach((m, i) => {
      const x = x0 + PACK_PAD + (i % p.cols) * (p.cellW + GAP);
      const y = y0 + PACK_PAD + Math.floor(i / p.cols) * (p.cellH + GAP);
      placed.set(m.id, { x, y, w: p.cellW, h: p.cellH });
    });
  }
  const all = [...placed.values()];
  const dx = MARGIN - Math.min(...all.map((r) => r.x));
  const dy = MARGIN - Math.min(...all.map((r) => r.y));

  const styleOf = new Map(links.map((l) => [l.derived, l.style]));
  const nodes: LineageNode[] = [...boxes.values()].map((b) => {
    const r = placed.get(b.id)!;
    const x = r.x + dx;
    const y = r.y + dy;
    const full = b.more === undefined ? b.label : `${b.label}: models of this family not drawn here`;
    return {
      iri: b.more === undefined ? b.id : '',
      x,
      y,
      w: r.w,
      h: r.h,
      lines: b.lines.map((text, i) => ({
        x: x + PAD_X,
        y: y + PAD_Y + i * LINE + LINE * 0.75,
        text,
        note: b.below !== undefined && i === b.lines.length - 1,
      })),
      fullLabel: full,
      href: b.focus ? undefined : b.more === undefined ? hrefOf(b.id) : showAllHref,
      focus: b.focus,
      more: b.more,
      stripe: packs.some((p) => p.members.includes(b)) ? styleOf.get(b.id)?.color : undefined,
    };
  });

  const usedStyles = [...new Set(links.map((l) => l.style))];
  const edges: LineageEdge[] = [];
  const leg = (v: string, w: string, name: string): Array<{ x: number; y: number }> =>
    (g.edge({ v, w, name }).points ?? []).map((p: { x: number; y: number }) => ({ x: p.x + dx, y: p.y + dy }));
  // dagre runs base to derived, down the base's trunk to the tier; the arrow points from the derived model to its base.
  const route = (base: string, tier: number, last: string, name: string) => {
    const points: Array<{ x: number; y: number }> = [];
    for (let k = 1; k <= tier; k++)
      points.push(...leg(k === 1 ? base : trunk(base, k - 1), trunk(base, k), trunk(base, k)));
    points.push(...leg(tier ? trunk(base, tier) : base, last, name));
    return points.reverse();
  };
  const packed = new Set(packs.flatMap((p) => p.members.map((m) => m.id)));
  links.forEach((l, i) => {
    if (packed.has(l.derived)) return;
    edges.push({
      path: pathThrough(route(l.base, l.tier ?? 0, l.derived, String(i))),
      color: l.style.color,
      dash: l.style.dash,
      relation: l.style.label,
      marker: `lineage-arrow-${usedStyles.indexOf(l.style)}`,
      from: boxes.get(l.derived)!.label,
      to: boxes.get(l.base)!.label,
    });
  });
  for (const p of packs) {
    const tiers = boxes.get(p.base)!.tiers;
    const points = route(p.base, tiers ? tiers.length - 1 : 0, p.id, p.id);
    // One arrow per relation in the pack, side by side; each member's stripe says which is its own.
    p.styles.forEach((s, k) => {
      const shift = (k - (p.styles.length - 1) / 2) * 6;
      edges.push({
        path: pathThrough(points.map((q) => ({ x: q.x + shift, y: q.y }))),
        color: s.color,
        dash: s.dash,
        relation: s.label,
        marker: `lineage-arrow-${usedStyles.indexOf(s)}`,
        from: `${p.members.length} models`,
        to: labelOf(p.base),
      });
    });
  }

  const width = Math.ceil(Math.max(...nodes.map((n) => n.x + n.w), ...groups.map((r) => r.x + dx + r.w)) + MARGIN);
  const height = Math.ceil(Math.max(...nodes.map((n) => n.y + n.h), ...groups.map((r) => r.y + dy + r.h)) + MARGIN);
  const hiddenCount = [...hidden.values()].reduce((a, b) => a + b, 0);
  const counts: FamilyCounts = {
    models: family.models.length,
    steps: family.steps.length,
    drawn: drawn.size,
    hidden: hiddenCount,
    cut: plan.cut,
  };
  const roots = family.models.filter((m) => !family.bases.has(m) && family.children.has(m));
  return {
    width,
    height,
    groups: groups.map((r) => ({ ...r, x: r.x + dx, y: r.y + dy })),
    nodes,
    edges,
    legend: usedStyles.map((s) => ({ label: s.label, color: s.color, dash: s.dash })),
    counts,
    showAllHref: hiddenCount > 0 || plan.cut ? showAllHref : undefined,
    description:
      `Family tree of ${labelOf(current)} (highlighted): ${counts.models}${plan.cut ? ' or more' : ''} models ` +
      `descending from ${roots.map(labelOf).join(', ') || 'its root'}, root bases at the top; ${counts.drawn} drawn` +
      (hiddenCount > 0 ? `, ${hiddenCount} more counted in "+N more" boxes.` : '.'),
  };
}
