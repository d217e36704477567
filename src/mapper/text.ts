// **text** cleans card text (README, paper summary, collection description) for schema:description: YAML front matter
// removed, raw HTML removed by sanitize-html (script/style content included), javascript:/data: link targets
// neutralised, then capped. The result is Markdown that holds no raw `<` (it is written `&lt;`), so it is inert
// as HTML and still renders right as Markdown.

import sanitizeHtml from 'sanitize-html';
import { cut } from './values.js';

export interface CleanText {
  text: string;
  truncated: boolean;
  /** Something active (script, event handler, javascript: URL) was removed: worth a warning. */
  removedActive: boolean;
}

/** Default cap on schema:description, in UTF-16 code units. */
export const DEFAULT_DESCRIPTION_MAX_CHARS = 2000;

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
/** Raw HTML that would run or load something: worth a warning when removed (plain <p>, <img src=...> are not). */
const ACTIVE_HTML = new RegExp(
  String.raw`<\s*\/?\s*(?:script|style|iframe|object|embed|svg|math|form|` +
    String.raw`meta|link|base)\b|<[^>]*\son[a-z]+\s*=|<[^>]*(?:javascript|vbscript)` +
    String.raw`\s*:`,
  'i',
);
const UNSAFE_INLINE_LINK = /\]\(\s*<?\s*(?:javascript|vbscript|data)\s*:(?:[^()\n]|\([^()\n]*\))*\)/gi;
const UNSAFE_REF_LINK = /^(\s{0,3}\[[^\]\n]+\]:\s*)<?(?:javascript|vbscript|data)\s*:\S*/gim;
const SANITIZE: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {}, disallowedTagsMode: 'discard' };

/** Strips a leading YAML front matter block (`---` ... `---`), as the Hub does when it renders a card. */
export function stripFrontMatter(text: string): string {
  const m = FRONT_MATTER.exec(text);
  return m ? text.slice(m[0].length) : text;
}

export function cleanText(raw: string, maxChars: number, options: { frontMatter?: boolean } = {}): CleanText {
  let text = options.frontMatter ? stripFrontMatter(raw) : raw;
  let removedActive = false;
  if (text.includes('<')) {
    removedActive = ACTIVE_HTML.test(text);
    // sanitize-html escapes text as HTML; keep `&lt;` (no raw `<` may survive) and turn the rest back into plain text.
    text = sanitizeHtml(text, SANITIZE)
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  }
  const linked = text.replace(UNSAFE_INLINE_LINK, '](#)').replace(UNSAFE_REF_LINK, '$1#');
  if (linked !== text) {
    removedActive = true;
    text = linked;
  }
  text = text.replace(/\n{3,}/g, '\n\n').trim();
  const truncated = text.length > maxChars;
  if (truncated) text = cut(text, maxChars);
  return { text, truncated, removedActive };
}
