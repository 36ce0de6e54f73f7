// Every visible element of <main> that sticks out of it, or whose content is wider than its
// box where the box cuts it off or scrolls (overflow other than visible). Elements of 1 px or
// less are the visually hidden ones (screen-reader text, a stacked table's header row).
// Evaluated by tests/e2e/test_layout.py; returns one line per finding.
() => {
  const main = document.querySelector('main');
  const edge = main.getBoundingClientRect();
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth + 1) {
    found.push(`the page scrolls sideways: ${root.scrollWidth} px in a ${window.innerWidth} px window`);
  }
  for (const el of main.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    if (box.right > edge.right + 1 || box.left < edge.left - 1) {
      found.push(`${name(el)} sticks out of <main> (${Math.round(box.left)}..${Math.round(box.right)} px)`);
    }
    if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) {
      found.push(`${name(el)} holds ${el.scrollWidth} px in ${el.clientWidth} px (overflow-x: ${style.overflowX})`);
    }
  }
  return found;
}
