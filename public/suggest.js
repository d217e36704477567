// Search suggestions as you type: the first hits of /search/suggest under each search box, as links to their pages.
// Without JavaScript the boxes still submit to /search.
(() => {
  for (const input of document.querySelectorAll('input[type="search"][name="q"]')) {
    const list = document.createElement('ul');
    list.className = 'suggest';
    list.hidden = true;
    list.setAttribute('role', 'listbox');
    list.id = `${input.id}-suggest`;
    const wrap = document.createElement('span');
    wrap.className = 'suggest-wrap';
    input.replaceWith(wrap);
    wrap.append(input, list);
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-autocomplete', 'list');
    let timer;
    let asked = '';
    const hide = () => { list.hidden = true; };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        asked = q;
        if (q.length < 2) return hide();
        const kind = input.form?.querySelector('select[name="kind"]')?.value ?? '';
        const url = `/search/suggest?${new URLSearchParams(kind ? { q, kind } : { q })}`;
        const res = await fetch(url, { headers: { accept: 'application/json' } }).catch(() => undefined);
        if (!res?.ok || asked !== q) return;
        const { results } = await res.json();
        list.replaceChildren(...results.map((hit) => {
          const li = document.createElement('li');
          const a = document.createElement('a');
          a.href = hit.href;
          a.setAttribute('role', 'option');
          const kindEl = document.createElement('span');
          kindEl.className = 'kind';
          kindEl.textContent = hit.kind;
          a.append(kindEl, ` ${hit.id}`);
          li.append(a);
          return li;
        }));
        list.hidden = results.length === 0;
      }, 150);
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' && !list.hidden) { e.preventDefault(); list.querySelector('a')?.focus(); }
      if (e.key === 'Escape') hide();
    });
    list.addEventListener('keydown', (e) => {
      const links = [...list.querySelectorAll('a')];
      const at = links.indexOf(document.activeElement);
      if (e.key === 'ArrowDown') { e.preventDefault(); links[Math.min(at + 1, links.length - 1)]?.focus(); }
      if (e.key === 'ArrowUp') { e.preventDefault(); (at <= 0 ? input : links[at - 1]).focus(); }
      if (e.key === 'Escape') { hide(); input.focus(); }
    });
    wrap.addEventListener('focusout', (e) => { if (!wrap.contains(e.relatedTarget)) hide(); });
  }
})();
