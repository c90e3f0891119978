/**
 * Measurements of what a page shows, through shadow roots, for the projector's layout tests:
 * every visible text run with its rendered font size (SVG text scaled by its transform), and the
 * boxes of the elements a test names. Run in the page as a string, so the bundler adds nothing.
 */
import type { Page } from 'playwright-core';

export interface TextRun {
  readonly text: string;
  /** Rendered size in CSS px: the computed font-size, times the SVG transform's scale for SVG text. */
  readonly size: number;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  /** Its line boxes (one per line it wraps onto). */
  readonly rects: ReadonlyArray<{ left: number; top: number; right: number; bottom: number }>;
  /** Inside a KaTeX formula (its glyphs may touch by design: compared as one box, see `boxes`). */
  readonly math: boolean;
  /** A short path of the element: host tags and the element's tag and class. */
  readonly where: string;
}

export interface Box {
  readonly name: string;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * Every visible text node on the page (not in KaTeX's MathML copy, not visually hidden, not in a
 * hidden element), one rectangle per text node (the union of its line boxes).
 */
export function visibleText(page: Page): Promise<TextRun[]> {
  return page.evaluate(`(() => {
    const out = [];
    const hiddenEl = (el) => {
      const cls = typeof el.className === 'string' ? el.className : (el.className && el.className.baseVal) || '';
      if (cls.includes('katex-mathml') || cls.includes('visually-hidden')) return true;
      const st = getComputedStyle(el);
      return st.display === 'none' || st.visibility === 'hidden' || st.opacity === '0';
    };
    const walk = (node, path, math, hidden) => {
      for (const child of node.childNodes) {
        if (child.nodeType === 3) {
          if (hidden || !child.textContent.trim()) continue;
          const el = child.parentElement;
          const range = document.createRange();
          range.selectNodeContents(child);
          const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
          if (!rects.length) continue;
          let size = parseFloat(getComputedStyle(el).fontSize);
          if (el instanceof SVGElement) {
            const m = el.getScreenCTM();
            if (m) size *= Math.hypot(m.a, m.b);
          }
          const cls = typeof el.className === 'string' ? el.className : (el.className && el.className.baseVal) || '';
          out.push({
            text: child.textContent.trim().slice(0, 60),
            size: Math.round(size * 100) / 100,
            left: Math.min(...rects.map((r) => r.left)),
            top: Math.min(...rects.map((r) => r.top)),
            right: Math.max(...rects.map((r) => r.right)),
            bottom: Math.max(...rects.map((r) => r.bottom)),
            rects: rects.map((r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom })),
            math,
            where: path + ' > ' + el.tagName.toLowerCase() + (cls ? '.' + cls.trim().split(/\\s+/).join('.') : ''),
          });
        } else if (child.nodeType === 1) {
          const h = hidden || hiddenEl(child);
          const cls = typeof child.className === 'string' ? child.className : '';
          const m = math || cls.split(/\\s+/).includes('katex');
          if (child.shadowRoot) walk(child.shadowRoot, path + ' ' + child.tagName.toLowerCase(), m, h);
          if (!['STYLE', 'SCRIPT', 'TEMPLATE', 'TITLE'].includes(child.tagName)) walk(child, path, m, h);
        }
      }
    };
    walk(document.body, '', false, false);
    return out;
  })()`);
}

/**
 * The boxes of the elements matched by each selector path. A path is a list of selectors: the
 * first matched in the document or any shadow root, each next one inside the shadow roots of the
 * previous one's matches:
 * ['bp-present-view', '.main > .panel'] is every panel in the present view's shadow root.
 */
export function boxesOf(page: Page, paths: ReadonlyArray<readonly string[]>): Promise<Box[][]> {
  return page.evaluate(`((paths) => paths.map((path) => {
    // The first selector anywhere (any shadow root), the next ones inside the matches' shadow roots.
    const all = [];
    const collect = (root) => {
      all.push(root);
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) collect(el.shadowRoot);
    };
    collect(document);
    let roots = all;
    let found = [];
    path.forEach((sel, i) => {
      found = roots.flatMap((r) => [...r.querySelectorAll(sel)]);
      if (i < path.length - 1) roots = found.map((e) => e.shadowRoot).filter(Boolean);
    });
    return found
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.height > 0)
      .map(({ el, r }) => ({ name: path.join(' » ') + ' ' + (el.getAttribute('data-testid') || el.getAttribute('data-field') || el.getAttribute('aria-label') || el.getAttribute('class') || el.tagName.toLowerCase()), left: r.left, top: r.top, right: r.right, bottom: r.bottom }));
  }))(${JSON.stringify(paths)})`);
}

/** The area two boxes share, in px² (0 when they only touch). */
export function overlapArea(a: Omit<Box, 'name'>, b: Omit<Box, 'name'>): number {
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Pairs of boxes in a list that overlap by more than a sliver (`slack` px in either direction). */
export function overlaps<T extends Omit<Box, 'name'>>(boxes: readonly T[], slack = 1): Array<[T, T]> {
  const out: Array<[T, T]> = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > slack && h > slack) out.push([a, b]);
    }
  }
  return out;
}
