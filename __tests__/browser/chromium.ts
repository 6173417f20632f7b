/**
 * Debian's Chromium, driven by playwright-core, for the browser checks (`npm run
 * test:browser`; .ci/run installs the `chromium` package first). Nothing is downloaded: the
 * browser is the machine's (CHROMIUM_PATH, else /usr/bin/chromium), started headless with a
 * fresh profile and without its background connections, which a closed network refuses.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const IN_PAGE = readFileSync(new URL('./in-page.js', import.meta.url), 'utf8');

/** Calls a measure of in-page.js in the page (Playwright evaluates it through the DevTools protocol, past the page's CSP). */
export function inPage<T>(page: Page, name: string): Promise<T> {
  return page.evaluate(`(${IN_PAGE.replace(/^[\s\S]*?\n\(\{/, '({').replace(/\);\s*$/, ')')}).${name}()`) as Promise<T>;
}

export interface CommentMeasures {
  /** Height of the comment with every <details> closed (as GitHub shows it first). */
  collapsedHeight: number;
  /** Height with every <details> open. */
  openedHeight: number;
  /** <li> a reader sees without opening anything. */
  openListItems: number;
  /** <table> a reader sees without opening anything. */
  openTables: number;
  /** The most lines any visible table cell takes, and the cell. */
  maxCellLines: { lines: number; text: string };
  /** How many names (code spans, bold names) were looked at, and those the browser broke over two lines. */
  namesChecked: number;
  brokenNames: string[];
  /** Code blocks (with every fold opened) that scroll sideways: their text and widths. */
  overflowingBlocks: Array<{ text: string; scrollWidth: number; clientWidth: number }>;
}

export const measureComment = (page: Page) => inPage<CommentMeasures>(page, 'measureComment');

/** Where screenshots go for a person to look at: SCREENSHOTS_DIR, else a folder in the system's temp. */
export function screenshotPath(name: string): string {
  const dir = process.env.SCREENSHOTS_DIR ?? join(tmpdir(), 'promptgate-screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
