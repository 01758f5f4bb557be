// What a phone user could not read on a page without zooming or scrolling sideways, and
// axe-core's serious or critical violations (axe must be loaded first). Returns sentences.
async () => {
  const problems = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > window.innerWidth) {
    problems.push(`page ${root.scrollWidth} px wide on a ${window.innerWidth} px screen`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
    if (scrolls && el.scrollWidth > el.clientWidth + 1 && el.getClientRects().length) {
      const hidden = el.scrollWidth - el.clientWidth;
      problems.push(`${el.tagName.toLowerCase()}.${el.className} hides ${hidden} px sideways`);
    }
  }
  for (const text of document.querySelectorAll('svg text')) {
    const m = text.getScreenCTM();
    if (!m || !text.getClientRects().length) continue;
    const px = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b);
    if (px < 11) problems.push(`chart text "${text.textContent.trim()}" at ${px.toFixed(1)} px`);
    const box = text.getBBox(), view = text.ownerSVGElement.viewBox.baseVal;
    if (box.x < view.x - 1 || box.x + box.width > view.x + view.width + 1) {
      problems.push(`chart text "${text.textContent.trim()}" cut at the chart's edge`);
    }
  }
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
  });
  for (const v of result.violations) {
    if (v.impact === 'serious' || v.impact === 'critical') {
      const where = v.nodes.map(n => n.target.join(' ')).join(', ');
      problems.push(`axe ${v.id} (${v.impact}): ${where}`);
    }
  }
  return problems;
}
