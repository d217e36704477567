// **markdown** turns card text (schema:description, written by anyone on the Hub) into safe HTML: marked renders it,
// sanitize-html keeps an allowlist of tags and attributes, so no script, event handler, style or javascript: URL
// survives.

import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const ALLOWED_TAGS = [
  'p',
  'br',
  'hr',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'code',
  'em',
  'strong',
  'del',
  's',
  'sup',
  'sub',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'a',
  'img',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'details',
  'summary',
  'kbd',
];

/** Card links are relative to the repo on the Hub; resolve them there (never against this server). */
function resolveUrl(url: string | undefined, repoBase: string | undefined): string | undefined {
  if (!url) return undefined;
  if (url.startsWith('#')) return url;
  try {
    const resolved = repoBase ? new URL(url, repoBase) : new URL(url);
    return ['http:', 'https:', 'mailto:'].includes(resolved.protocol) ? resolved.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Renders card markdown to sanitized HTML. `repoBase` (e.g. https://huggingface.co/org/model/blob/main/) resolves
 * relative links and images. Headings move one level down, because the page's own h1 names the entity.
 */
export function renderCard(markdown: string, repoBase?: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true }) as string;
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
      td: ['align'],
      th: ['align'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    transformTags: {
      h1: 'h2',
      h2: 'h3',
      h3: 'h4',
      h4: 'h5',
      h5: 'h6',
      a: (tagName, attribs) => {
        const href = resolveUrl(attribs.href, repoBase);
        const { href: _drop, ...rest } = attribs;
        return { tagName, attribs: { ...rest, ...(href ? { href } : {}), rel: 'nofollow noopener noreferrer' } };
      },
      img: (tagName, attribs) => {
        const src = resolveUrl(attribs.src, repoBase?.replace('/blob/', '/resolve/'));
        const { src: _drop, ...rest } = attribs;
        return { tagName, attribs: { ...rest, ...(src ? { src } : {}), loading: 'lazy' } };
      },
    },
  });
}
