/**
 * Debian's Chromium, driven by playwright-core, for the browser checks (`npm run
 * test:browser`; .ci/run installs the `chromium` package first). Nothing is downloaded: the
 * browser is the machine's (CHROMIUM_PATH, else /usr/bin/chromium), started headless with a
 * fresh profile and without its background connections, which a closed network refuses.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderGfm } from '../support/gfm.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
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
}

const require = createRequire(import.meta.url);
const MARKDOWN_CSS = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8');

/** GitHub's comment column: 836 px, of which 16 px padding on each side (804 px of text). */
export const COMMENT_WIDTH = 836;

/** A comment as GitHub shows it: the GFM rendered as cmark-gfm does, in github-markdown-css, 836 px wide. */
export function commentPage(markdown: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${MARKDOWN_CSS}
body { margin: 0; background: #fff; }
.markdown-body { box-sizing: border-box; width: ${COMMENT_WIDTH}px; padding: 16px; }
</style></head><body><article class="markdown-body">${renderGfm(markdown)}</article></body></html>`;
}

export interface CommentMeasures {
  /** Height of the comment with every <details> closed (as GitHub shows it first). */
  collapsedHeight: number;
  /** <li> a reader sees without opening anything. */
  openListItems: number;
  /** <table> a reader sees without opening anything. */
  openTables: number;
  /** The most lines any visible table cell takes, and the cell. */
  maxCellLines: { lines: number; text: string };
  /** Names (code spans, bold names) that the browser broke over two lines. */
  brokenNames: string[];
  /** Code blocks (with every fold opened) that scroll sideways: their text and widths. */
  overflowingBlocks: Array<{ text: string; scrollWidth: number; clientWidth: number }>;
}

/** Measures the page: heights with the folds closed, then code blocks with them open. */
export async function measureComment(page: Page): Promise<CommentMeasures> {
  return page.evaluate(() => {
    const body = document.querySelector('.markdown-body')!;
    const hidden = (element: Element) => element.closest('details:not([open])') !== null && !element.closest('summary');
    const linesOf = (element: Element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      const tops: number[] = [];
      for (const rect of range.getClientRects()) {
        if (rect.width === 0 || rect.height === 0) continue;
        if (!tops.some((top) => Math.abs(top - rect.top) < 6 || (rect.top > top && rect.bottom < top + 26))) tops.push(rect.top);
      }
      return tops.length;
    };
    const collapsedHeight = Math.round(body.getBoundingClientRect().height);
    const openListItems = [...body.querySelectorAll('li')].filter((li) => !hidden(li)).length;
    const openTables = [...body.querySelectorAll('table')].filter((table) => !hidden(table)).length;
    let maxCellLines = { lines: 0, text: '' };
    for (const cell of body.querySelectorAll('td, th')) {
      if (hidden(cell)) continue;
      const lines = linesOf(cell);
      if (lines > maxCellLines.lines) maxCellLines = { lines, text: (cell.textContent ?? '').trim() };
    }
    const brokenNames: string[] = [];
    for (const name of body.querySelectorAll('code, strong, .name')) {
      if (hidden(name) || name.closest('pre')) continue;
      const rects = [...name.getClientRects()].filter((rect) => rect.width > 0);
      if (rects.length > 1) brokenNames.push((name.textContent ?? '').trim());
    }
    for (const details of body.querySelectorAll('details')) details.open = true;
    const overflowingBlocks = [...body.querySelectorAll('pre')]
      .filter((pre) => pre.scrollWidth > pre.clientWidth + 1)
      .map((pre) => ({ text: (pre.textContent ?? '').slice(0, 80), scrollWidth: pre.scrollWidth, clientWidth: pre.clientWidth }));
    for (const details of body.querySelectorAll('details')) details.open = false;
    return { collapsedHeight, openListItems, openTables, maxCellLines, brokenNames, overflowingBlocks };
  });
}
