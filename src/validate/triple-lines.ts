// **triple-lines** finds, in one N-Triples line, the two things validation's second pass needs to route the line to
// its batch: the subject IRI and, when the object is an IRI, the object IRI. The line itself is passed on as bytes and
// parsed (by N3) only in the worker that validates it, so the main thread does not parse every triple a second time.
//
// It relies only on facts of the N-Triples grammar: one triple per line; an IRI is `<...>` with no space, `<` or `>`
// inside; a literal ends with `"`, a language tag or `^^<datatype>`; the line ends with `.` (and optional white
// space). Anything it is not sure of — blank nodes (their labels are scoped per file), escapes in an IRI, a comment
// after the dot — it leaves to the parser: the caller parses that line with N3 instead.

const LT = 60; // <
const GT = 62; // >
const SPACE = 32;
const TAB = 9;
const CR = 13;
const HASH = 35;
const DOT = 46;
const CARET = 94;
const BACKSLASH = 92;

export type LineKind = 'skip' | 'triple' | 'parse';

/** A reusable cursor over the lines of one piece of N-Triples text (whole lines, as rdf-input.ts's linePieces cuts). */
export class TripleLines {
  /** The current line: bytes [lineStart, lineEnd) without its '\n', and its number in the file. */
  lineStart = 0;
  lineEnd = -1;
  lineNumber = 0;
  /** Byte ranges of the subject IRI and of the object IRI (objectStart = -1 for a literal object). */
  subjectStart = 0;
  subjectEnd = 0;
  objectStart = -1;
  objectEnd = -1;
  private piece: Buffer = Buffer.alloc(0);
  /** Next position of `_:` and of a backslash in the piece (at or after the current line), -1 when none. */
  private nextBlank = -1;
  private nextEscape = -1;

  /** Starts on `piece`, whose first line is line `firstLine` of its file; next() then gives that line. */
  reset(piece: Buffer, firstLine = 1): void {
    this.piece = piece;
    this.lineStart = 0;
    this.lineEnd = -1;
    this.lineNumber = firstLine - 1;
    this.nextBlank = piece.indexOf('_:');
    this.nextEscape = piece.indexOf(BACKSLASH);
  }

  /** Moves to the next line and classifies it (for 'triple' the IRI ranges are set); undefined after the last line. */
  next(): LineKind | undefined {
    const start = this.lineEnd + 1;
    if (start >= this.piece.length) return undefined;
    const nl = this.piece.indexOf(10, start);
    this.lineStart = start;
    this.lineEnd = nl < 0 ? this.piece.length : nl;
    this.lineNumber++;
    return this.locate(start, this.lineEnd);
  }

  /** The current line's bytes with its '\n' (a view of the piece, not a copy). */
  line(): Buffer {
    return this.piece.subarray(this.lineStart, this.lineEnd + 1);
  }

  /** The current line's text, without its '\n'. */
  text(): string {
    return this.piece.toString('utf8', this.lineStart, this.lineEnd);
  }

  /** Classifies the line [start, end) (end at its '\n' or the piece's end) and, for 'triple', sets the ranges. */
  private locate(start: number, end: number): LineKind {
    const b = this.piece;
    let i = start;
    while (i < end && (b[i] === SPACE || b[i] === TAB)) i++;
    let j = end;
    while (j > i && (b[j - 1] === SPACE || b[j - 1] === TAB || b[j - 1] === CR)) j--;
    if (i === j || b[i] === HASH) return 'skip';
    if (b[i] !== LT || b[j - 1] !== DOT) return 'parse';
    if (this.following('nextBlank', '_:', start) < end) return 'parse';
    const subjectEnd = b.indexOf(GT, i);
    if (subjectEnd < 0 || subjectEnd >= j) return 'parse';
    this.subjectStart = i + 1;
    this.subjectEnd = subjectEnd;
    let k = j - 1; // the dot
    while (k > subjectEnd && (b[k - 1] === SPACE || b[k - 1] === TAB)) k--;
    this.objectStart = this.objectEnd = -1;
    if (b[k - 1] === GT) {
      const open = b.lastIndexOf(LT, k - 1);
      if (open <= subjectEnd) return 'parse';
      if (b[open - 1] !== CARET) {
        this.objectStart = open + 1;
        this.objectEnd = k - 1;
      }
    }
    // An escape inside an IRI would make its bytes differ from its value. With an IRI object the line has no literal,
    // so any backslash is in an IRI; with a literal object, only one before the subject's end matters.
    const backslash = this.following('nextEscape', BACKSLASH, start);
    if (backslash < end && (backslash < this.subjectEnd || this.objectStart >= 0)) return 'parse';
    return 'triple';
  }

  /** The next occurrence of `needle` at or after `from` (cached: lines are visited in order). */
  private following(field: 'nextBlank' | 'nextEscape', needle: string | number, from: number): number {
    let at = this[field];
    if (at >= 0 && at < from) this[field] = at = this.piece.indexOf(needle, from);
    return at < 0 ? Infinity : at;
  }
}
