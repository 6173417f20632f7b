/* eslint-disable */
// Measures run inside the browser page (page.evaluate), kept as plain JavaScript: the tests
// type-check against Node's types, not the DOM's. chromium.ts reads this file and calls
// `(<this object>).<name>(...)` in the page.
({
  /** The comment as a reader first sees it (every <details> closed), then its code blocks opened. */
  measureComment() {
    const body = document.querySelector('.markdown-body');
    const hidden = (element) => element.closest('details:not([open])') !== null && !element.closest('summary');
    const linesOf = (element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      const tops = [];
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
      if (lines > maxCellLines.lines) maxCellLines = { lines, text: (cell.textContent || '').trim() };
    }
    // A name is a code span or a bold folder id: one box on one line, never split over two.
    const names = [...body.querySelectorAll('code, strong')].filter((name) => !hidden(name) && !name.closest('pre'));
    const brokenNames = names
      .filter((name) => [...name.getClientRects()].filter((rect) => rect.width > 0).length > 1)
      .map((name) => (name.textContent || '').trim());
    for (const details of body.querySelectorAll('details')) details.open = true;
    const overflowingBlocks = [...body.querySelectorAll('pre')]
      .filter((pre) => pre.scrollWidth > pre.clientWidth + 1)
      .map((pre) => ({ text: (pre.textContent || '').slice(0, 80), scrollWidth: pre.scrollWidth, clientWidth: pre.clientWidth }));
    const openedHeight = Math.round(body.getBoundingClientRect().height);
    for (const details of body.querySelectorAll('details')) details.open = false;
    return {
      collapsedHeight,
      openedHeight,
      openListItems,
      openTables,
      maxCellLines,
      namesChecked: names.length,
      brokenNames,
      overflowingBlocks,
    };
  },

  /** Opens every fold of the comment (for a screenshot of the evidence). */
  openFolds() {
    for (const details of document.querySelectorAll('details')) details.open = true;
    return document.querySelectorAll('details').length;
  },

  /** What the HTML report holds, and how its filters answer. */
  reportFacts() {
    const cards = [...document.querySelectorAll('.test')];
    const visible = () => cards.filter((card) => !card.hidden).length;
    const form = document.getElementById('filters');
    const set = (name, value) => {
      const field = form.elements.namedItem(name);
      if (field.type === 'checkbox') field.checked = value;
      else field.value = value;
      form.dispatchEvent(new Event('change'));
    };
    const counts = { all: visible() };
    for (const flag of ['failed', 'flipped', 'flaky', 'required']) {
      set(flag, true);
      counts[flag] = visible();
      set(flag, false);
    }
    const folderOptions = [...form.elements.namedItem('folder').options].map((option) => option.value).filter(Boolean);
    set('folder', folderOptions[0]);
    counts.firstFolder = visible();
    set('folder', '');
    const modelOptions = [...form.elements.namedItem('model').options].map((option) => option.value).filter(Boolean);
    set('model', modelOptions[0]);
    counts.firstModel = visible();
    set('model', '');
    return {
      counts,
      shownText: document.getElementById('shown').textContent,
      svgs: document.querySelectorAll('figure svg').length,
      figures: [...document.querySelectorAll('figcaption')].map((caption) => caption.textContent),
      scripts: document.scripts.length,
      images: document.images.length,
      widest: Math.max(...[...document.querySelectorAll('pre')].map((pre) => pre.scrollWidth - pre.clientWidth)),
    };
  },
});
