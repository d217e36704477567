// **text-width** estimates how wide a label renders and breaks it into lines of a given width, so the lineage picture
// can size each box from its label on the server (SVG has no text wrapping and the page runs no script).

// Advance widths in em of DejaVu Sans, the widest of the common sans-serif fonts (Debian's default; Verdana and Arial
// are close or narrower), so a box sized from them holds its label in any of them.
const NARROW = new Map<string, number>(
  Object.entries({
    ' ': 0.318,
    '.': 0.318,
    ',': 0.318,
    ':': 0.337,
    ';': 0.337,
    '/': 0.337,
    '\\': 0.337,
    '|': 0.337,
    "'": 0.275,
    '"': 0.46,
    '!': 0.4,
    '(': 0.39,
    ')': 0.39,
    '[': 0.39,
    ']': 0.39,
    '-': 0.361,
    _: 0.5,
    i: 0.278,
    j: 0.278,
    l: 0.278,
    f: 0.352,
    t: 0.392,
    r: 0.411,
    I: 0.295,
    J: 0.295,
    s: 0.521,
    z: 0.525,
    c: 0.55,
    k: 0.579,
    v: 0.592,
    x: 0.592,
    y: 0.592,
    m: 0.974,
    w: 0.818,
    M: 0.863,
    W: 0.989,
    '@': 1.0,
    '%': 0.95,
  }),
);
const LOWER = 0.636;
const UPPER = 0.775;
const WIDE = 1.0;
/** Bold glyphs are wider; DejaVu Sans Bold runs about 10 % wider than Book. */
const BOLD = 1.12;

function charEm(ch: string): number {
  const known = NARROW.get(ch);
  if (known !== undefined) return known;
  const code = ch.codePointAt(0) ?? 0;
  // CJK, Hangul, full-width forms and emoji take a full em.
  if (code >= 0x2e80) return WIDE;
  if (ch >= 'A' && ch <= 'Z') return UPPER;
  return LOWER;
}

/** The estimated width in px of `text` at `fontPx`, bold or not. */
export function textWidth(text: string, fontPx: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += charEm(ch);
  return em * fontPx * (bold ? BOLD : 1);
}

/**
 * `text` in lines no wider than `maxPx`, broken after separators a Hub name has (`-`, `_`, `.`, `/`, space) where it
 * can, else inside a word; never loses a character.
 */
export function wrapText(text: string, maxPx: number, fontPx: number, bold = false): string[] {
  if (textWidth(text, fontPx, bold) <= maxPx) return [text];
  // Pieces end after a separator, so joining them gives the text back.
  const pieces = text.match(/[^-_./ ]+[-_./ ]*|[-_./ ]+/g) ?? [text];
  const lines: string[] = [];
  let line = '';
  const push = (piece: string) => {
    if (line !== '' && textWidth(line + piece, fontPx, bold) > maxPx) {
      lines.push(line);
      line = '';
    }
    line += piece;
  };
  for (const piece of pieces) {
    if (textWidth(piece, fontPx, bold) <= maxPx) push(piece);
    else for (const ch of piece) push(ch);
  }
  if (line !== '') lines.push(line);
  return lines;
}
