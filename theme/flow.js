/* handbook flow.js: enhances the swimlane flowcharts drawn at build time.
 *
 * Page contract (see README.md of the flowchart crate):
 *   <figure class="hb-flowchart" data-procedure="ID"> <svg class="hb-flow">…</svg> </figure>
 *   <ol class="hb-steps"> <li id="step-ID" data-step="ID" data-roles="role role2">
 *     <span class="hb-step-text">…</span> <span class="hb-step-roles">…</span> </li> … </ol>
 *
 * Adds: hover/focus highlighting of a node and its edges (and of the matching
 * list item), a role filter (只看我的角色), a guided walk (逐步演练) and zoom
 * buttons. State lives in the URL fragment (#role=head-teacher&walk=apply,consult)
 * so links can be shared and reloads restore it. Plain ES2017, no dependencies,
 * works from file://. Without this script the diagram and the list still work.
 */
(function () {
  'use strict';

  const T = {
    toolbar: '流程图工具',
    role: '只看我的角色',
    allRoles: '全部角色',
    walk: '逐步演练',
    walkStop: '结束演练',
    next: '下一步',
    back: '上一步',
    restart: '重新开始',
    zoomIn: '放大',
    zoomOut: '缩小',
    fit: '适应宽度',
    who: '执行:',
    stepN: (n, total) => `第 ${n} 步(共 ${total} 步)`,
    start: '开始',
    end: '流程结束。',
    jump: '本流程在此转到另一流程:',
    open: '打开该流程',
    choose: '接下来:',
    loop: '↺ ',
    contNext: '接下页 ↓',
    contPrev: (title, i, n) => `↑ 接上页 · ${title}(第 ${i}/${n} 部分)`,
  };

  /* Room for a drawing on its printed page (px at 96 dpi), as the renderer assumed
   * when it chose the orientation and scale (src/render/flowchart/metrics.rs): a
   * page of its own with the 12 mm margins of flow.css, or inline on a plain page
   * (theme/print.css); less room for the caption and the continuation lines. */
  const PRINT = { portrait: [700, 1030], landscape: [1030, 700], inline: [680, 984], reserve: 44 };

  /* ---------- URL fragment state ---------- */

  // The fragment holds state only when it looks like key=value pairs; plain
  // anchors (#step-apply) are left alone and do not clear the state.
  function readHash() {
    const h = decodeURIComponent(location.hash.replace(/^#/, ''));
    const out = {};
    if (h.indexOf('=') < 0) return null;
    h.split('&').forEach((kv) => {
      const i = kv.indexOf('=');
      if (i > 0) out[kv.slice(0, i)] = kv.slice(i + 1);
    });
    return out;
  }

  const state = { role: '', walk: [] };
  let lastWritten = null;

  function writeHash() {
    const parts = [];
    if (state.role) parts.push('role=' + encodeURIComponent(state.role));
    if (state.walk.length) parts.push('walk=' + state.walk.map(encodeURIComponent).join(','));
    const frag = parts.length ? '#' + parts.join('&') : '';
    if (frag === location.hash || (!frag && readHash() === null)) return;
    lastWritten = frag;
    const url = location.href.split('#')[0] + frag;
    try {
      history.replaceState(history.state, '', url);
    } catch (e) {
      // Some browsers refuse replaceState on file://; fall back to a hash change.
      location.hash = frag || '#';
    }
  }

  /* ---------- helpers ---------- */

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach((k) => e.setAttribute(k, attrs[k]));
    if (text != null) e.textContent = text;
    return e;
  }

  function button(label, onClick, attrs) {
    const b = el('button', Object.assign({ type: 'button' }, attrs || {}), label);
    b.addEventListener('click', onClick);
    return b;
  }

  function stepItem(id) {
    const li = document.getElementById('step-' + id);
    return li && li.matches('[data-step]') ? li : null;
  }

  function textOf(node) {
    // The node's visible text without the step number, joined over its lines.
    const t = node.querySelector('text');
    if (!t) return '';
    const num = t.querySelector('.hb-num');
    return t.textContent.slice(num ? num.textContent.length : 0).trim();
  }

  /* ---------- one flowchart ---------- */

  function Chart(figure) {
    const svg = figure.querySelector('svg.hb-flow');
    if (!svg) return;
    this.figure = figure;
    this.svg = svg;
    this.nodes = {};
    this.order = [];
    this.out = {};
    this.lanes = [];

    svg.querySelectorAll('.hb-node').forEach((g) => {
      const id = g.getAttribute('data-step');
      const kind = (g.getAttribute('class').match(/hb-(start|end|step|decision|jump)/) || [])[1];
      this.nodes[id] = { id: id, g: g, kind: kind, role: g.getAttribute('data-role') || '' };
      this.order.push(id);
      this.out[id] = [];
    });
    this.edges = Array.prototype.slice.call(svg.querySelectorAll('.hb-edge')).map((g) => ({
      g: g,
      from: g.getAttribute('data-from'),
      to: g.getAttribute('data-to'),
      label: g.getAttribute('data-label') || '',
      loop: g.classList.contains('hb-loop'),
    }));
    this.edges.forEach((e) => {
      if (this.out[e.from]) this.out[e.from].push(e);
    });
    // Branches in reading order: left to right as drawn.
    svg.querySelectorAll('.hb-lane').forEach((g) => {
      const t = g.querySelector('text');
      const role = g.getAttribute('data-role');
      if (role) this.lanes.push({ id: role, title: t ? t.textContent : role, g: g });
    });

    // Long step texts are cut in the diagram; the list has them in full, so
    // offer the full text as the node's tooltip.
    this.order.forEach((id) => {
      const li = stepItem(id);
      const text = li && li.querySelector('.hb-step-text');
      const g = this.nodes[id].g;
      if (text && !g.querySelector('title')) {
        const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
        title.textContent = text.textContent.trim();
        g.insertBefore(title, g.firstChild);
      }
    });

    this.buildUi();
    this.bindHover();
    this.bindClicks();
  }

  Chart.prototype.buildUi = function () {
    const svg = this.svg;
    const tools = el('div', { class: 'hb-flow-tools', role: 'toolbar', 'aria-label': T.toolbar });

    if (this.lanes.length > 1) {
      const label = el('label', { class: 'hb-flow-role' });
      label.appendChild(el('span', null, T.role));
      const sel = el('select');
      sel.appendChild(el('option', { value: '' }, T.allRoles));
      this.lanes.forEach((l) => sel.appendChild(el('option', { value: l.id }, l.title)));
      sel.addEventListener('change', () => {
        state.role = sel.value;
        applyAll();
        writeHash();
      });
      label.appendChild(sel);
      tools.appendChild(label);
      this.roleSelect = sel;
    }

    this.walkButton = button(T.walk, () => {
      if (this.walking()) {
        state.walk = [];
      } else {
        state.walk = [this.firstStep()];
        this.scrollToCurrent = true;
      }
      applyAll();
      writeHash();
    }, { class: 'hb-flow-walk-toggle', 'aria-pressed': 'false' });
    tools.appendChild(this.walkButton);

    const zoom = el('span', { class: 'hb-flow-zoom' });
    zoom.appendChild(button('−', () => this.zoomBy(1 / 1.25), { title: T.zoomOut, 'aria-label': T.zoomOut }));
    zoom.appendChild(button('+', () => this.zoomBy(1.25), { title: T.zoomIn, 'aria-label': T.zoomIn }));
    zoom.appendChild(button(T.fit, () => this.zoomFit(), { title: T.fit }));
    tools.appendChild(zoom);

    const viewport = el('div', { class: 'hb-flow-viewport' });
    svg.parentNode.insertBefore(viewport, svg);
    viewport.appendChild(svg);
    this.figure.insertBefore(tools, viewport);
    this.viewport = viewport;

    this.panel = el('div', { class: 'hb-walk', role: 'region', 'aria-label': T.walk, 'aria-live': 'polite', hidden: '' });
    viewport.parentNode.insertBefore(this.panel, viewport.nextSibling);
  };

  /* ---------- hover / focus highlighting ---------- */

  Chart.prototype.highlight = function (id) {
    const svg = this.svg;
    svg.classList.toggle('hb-hover-mode', !!id);
    svg.querySelectorAll('.hb-hi').forEach((x) => x.classList.remove('hb-hi'));
    document.querySelectorAll('.hb-steps .hb-hi').forEach((x) => x.classList.remove('hb-hi'));
    if (!id || !this.nodes[id]) return;
    this.nodes[id].g.classList.add('hb-hi');
    this.edges.forEach((e) => {
      if (e.from === id || e.to === id) e.g.classList.add('hb-hi');
    });
    const li = stepItem(id);
    if (li) li.classList.add('hb-hi');
  };

  Chart.prototype.bindHover = function () {
    const nodeOf = (t) => {
      const g = t && t.closest ? t.closest('.hb-node') : null;
      if (g) return g;
      const a = t && t.closest ? t.closest('a') : null;
      return a ? a.querySelector('.hb-node') : null;
    };
    const on = (ev) => {
      const g = nodeOf(ev.target);
      this.highlight(g ? g.getAttribute('data-step') : null);
    };
    this.svg.addEventListener('mouseover', on);
    this.svg.addEventListener('focusin', on);
    this.svg.addEventListener('mouseleave', () => this.highlight(null));
    this.svg.addEventListener('focusout', () => this.highlight(null));
    // The list highlights the diagram too.
    this.order.forEach((id) => {
      const li = stepItem(id);
      if (!li) return;
      li.addEventListener('mouseenter', () => this.highlight(id));
      li.addEventListener('mouseleave', () => this.highlight(null));
    });
  };

  // Links to steps on this page scroll to the list item without replacing the
  // fragment, which holds the shareable state.
  Chart.prototype.bindClicks = function () {
    this.svg.addEventListener('click', (ev) => {
      const a = ev.target.closest ? ev.target.closest('a') : null;
      if (!a) return;
      const href = a.getAttribute('href') || '';
      if (href.charAt(0) !== '#') return;
      const target = document.getElementById(decodeURIComponent(href.slice(1)));
      if (!target) return;
      ev.preventDefault();
      target.scrollIntoView({ block: 'center', behavior: 'smooth' });
      target.classList.remove('hb-flash');
      void target.offsetWidth; // restart the animation
      target.classList.add('hb-flash');
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
    });
  };

  /* ---------- role filter ---------- */

  Chart.prototype.isMine = function (id, role) {
    const n = this.nodes[id];
    if (!n) return false;
    if (n.role === role) return true;
    const li = stepItem(id);
    return !!li && (li.getAttribute('data-roles') || '').split(/\s+/).indexOf(role) >= 0;
  };

  Chart.prototype.applyRole = function () {
    const role = this.lanes.some((l) => l.id === state.role) ? state.role : '';
    if (this.roleSelect) this.roleSelect.value = role;
    this.svg.classList.toggle('hb-role-mode', !!role);
    this.lanes.forEach((l) => l.g.classList.toggle('hb-mine', l.id === role));
    this.order.forEach((id) => {
      const mine = !!role && this.isMine(id, role);
      this.nodes[id].g.classList.toggle('hb-mine', mine);
      const li = stepItem(id);
      if (li) li.classList.toggle('hb-mine', mine);
    });
    this.edges.forEach((e) => {
      e.g.classList.toggle('hb-mine', !!role && (this.isMine(e.from, role) || this.isMine(e.to, role)));
    });
    document.querySelectorAll('ol.hb-steps').forEach((ol) => ol.classList.toggle('hb-role-mode', !!role));
  };

  /* ---------- guided walk ---------- */

  Chart.prototype.walking = function () {
    return state.walk.length > 0 && state.walk.every((id) => this.nodes[id]);
  };

  Chart.prototype.firstStep = function () {
    const start = this.order.find((id) => this.nodes[id].kind === 'start');
    if (start && this.out[start].length === 1) return this.out[start][0].to;
    return start || this.order[0];
  };

  Chart.prototype.describe = function (id) {
    const n = this.nodes[id];
    const li = stepItem(id);
    const text = li && li.querySelector('.hb-step-text');
    const roles = li && li.querySelector('.hb-step-roles');
    const lane = this.lanes.find((l) => l.id === n.role);
    const num = n.g.querySelector('.hb-num');
    return {
      number: num ? num.textContent.replace(/\.$/, '') : '',
      text: text ? text.textContent.trim() : textOf(n.g),
      who: roles ? roles.textContent.trim() : lane ? lane.title : '',
    };
  };

  Chart.prototype.applyWalk = function () {
    const svg = this.svg;
    const on = this.walking();
    svg.classList.toggle('hb-walk-mode', on);
    this.walkButton.textContent = on ? T.walkStop : T.walk;
    this.walkButton.setAttribute('aria-pressed', on ? 'true' : 'false');
    svg.querySelectorAll('.hb-current, .hb-visited, .hb-next').forEach((x) => x.classList.remove('hb-current', 'hb-visited', 'hb-next'));
    document.querySelectorAll('.hb-steps .hb-current').forEach((x) => x.classList.remove('hb-current'));
    const panel = this.panel;
    panel.textContent = '';
    if (!on) {
      panel.hidden = true;
      return;
    }
    panel.hidden = false;
    const path = state.walk;
    const cur = path[path.length - 1];
    path.forEach((id, i) => {
      this.nodes[id].g.classList.add('hb-visited');
      if (i > 0) {
        this.edges.forEach((e) => {
          if (e.from === path[i - 1] && e.to === id) e.g.classList.add('hb-visited');
        });
      }
    });
    const node = this.nodes[cur];
    node.g.classList.add('hb-current');
    const li = stepItem(cur);
    if (li) li.classList.add('hb-current');

    const d = this.describe(cur);
    const total = this.order.filter((id) => /step|decision/.test(this.nodes[id].kind)).length;
    const head = el('div', { class: 'hb-walk-head' });
    head.appendChild(el('strong', null, T.walk));
    if (d.number) head.appendChild(el('span', { class: 'hb-walk-count' }, T.stepN(d.number, total)));
    panel.appendChild(head);

    if (node.kind === 'end') {
      panel.appendChild(el('p', { class: 'hb-walk-text' }, T.end));
    } else if (node.kind === 'start') {
      panel.appendChild(el('p', { class: 'hb-walk-text' }, T.start));
    } else if (node.kind === 'jump') {
      const p = el('p', { class: 'hb-walk-text' }, T.jump + ' ' + d.text.replace(/^↗\s*/, '') + ' ');
      const a = node.g.closest('a');
      if (a) p.appendChild(el('a', { href: a.getAttribute('href') }, T.open));
      panel.appendChild(p);
    } else {
      panel.appendChild(el('p', { class: 'hb-walk-text' }, d.text));
      if (d.who) panel.appendChild(el('p', { class: 'hb-walk-who' }, T.who + d.who));
    }

    const outs = this.out[cur];
    if (outs.length) {
      const choices = el('div', { class: 'hb-walk-choices', role: 'group', 'aria-label': T.choose });
      outs.forEach((e) => {
        e.g.classList.add('hb-next');
        const target = this.describe(e.to);
        const text = (e.loop ? T.loop : '') + (e.label || T.next);
        const hint = target.number ? ` → ${target.number}` : this.nodes[e.to].kind === 'end' ? ' → 结束' : '';
        const b = button(text, () => {
          state.walk = state.walk.concat([e.to]);
          this.scrollToCurrent = true;
          applyAll();
          writeHash();
        }, { class: 'hb-walk-go', title: target.text });
        if (hint) b.appendChild(el('span', { class: 'hb-walk-hint' }, hint));
        choices.appendChild(b);
      });
      panel.appendChild(choices);
    }

    const nav = el('div', { class: 'hb-walk-nav' });
    const back = button(T.back, () => {
      state.walk = state.walk.slice(0, -1);
      if (!state.walk.length) state.walk = [this.firstStep()];
      this.scrollToCurrent = true;
      applyAll();
      writeHash();
    });
    back.disabled = path.length < 2;
    nav.appendChild(back);
    nav.appendChild(button(T.restart, () => {
      state.walk = [this.firstStep()];
      this.scrollToCurrent = true;
      applyAll();
      writeHash();
    }));
    nav.appendChild(button(T.walkStop, () => {
      state.walk = [];
      applyAll();
      writeHash();
    }));
    panel.appendChild(nav);

    if (this.scrollToCurrent) {
      this.scrollToCurrent = false;
      node.g.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const first = panel.querySelector('.hb-walk-go') || back;
      if (first && !first.disabled) first.focus({ preventScroll: true });
    }
  };

  /* ---------- zoom ---------- */

  Chart.prototype.naturalWidth = function () {
    const vb = this.svg.viewBox && this.svg.viewBox.baseVal;
    return vb && vb.width ? vb.width : this.svg.getBoundingClientRect().width;
  };

  Chart.prototype.zoomBy = function (f) {
    const w = this.naturalWidth();
    const cur = this.svg.getBoundingClientRect().width / w;
    const z = Math.min(4, Math.max(0.25, cur * f));
    this.svg.style.width = Math.round(w * z) + 'px';
    this.svg.style.maxWidth = 'none';
    this.figure.classList.add('hb-zoomed');
  };

  Chart.prototype.zoomFit = function () {
    this.svg.style.width = '';
    this.svg.style.maxWidth = '';
    this.figure.classList.remove('hb-zoomed');
  };

  /* ---------- printing: tall drawings continue on further pages ---------- */

  // Splits the drawing into page-sized pieces at the rank gutters the renderer
  // listed (data-cuts), each with the lane header repeated and marked as
  // continued. Print-only clones; the original stays for the screen.
  Chart.prototype.paginate = function () {
    this.unpaginate();
    const svg = this.svg;
    const vb = svg.viewBox && svg.viewBox.baseVal;
    if (!vb || !vb.width) return;
    const W = vb.width;
    const H = vb.height;
    const page = PRINT[svg.getAttribute('data-orientation')] || PRINT.inline;
    const room = page[1] - PRINT.reserve;
    const s = Math.min(1, page[0] / W, Number(svg.style.getPropertyValue('--hb-s')) || 1);
    if (H * s <= room + 0.5) return;
    const head = Number(svg.getAttribute('data-head')) || 0;
    const cuts = (svg.getAttribute('data-cuts') || '').split(' ').filter(Boolean).map(Number);
    const avail = room / s - head;
    const pieces = [];
    let y0 = head;
    while (y0 < H - 0.5) {
      let y1 = H <= y0 + avail ? H : 0;
      if (!y1) cuts.forEach((c) => {
        if (c > y0 + 1 && c <= y0 + avail) y1 = Math.max(y1, c);
      });
      if (!y1) y1 = Math.min(H, y0 + avail);
      if (H - y1 < 1) y1 = H;
      pieces.push([y0, y1]);
      y0 = y1;
    }
    const caption = this.figure.querySelector('figcaption');
    const title = caption ? caption.textContent.replace(/^[^:]*:/, '') : '';
    const box = el('div', { class: 'hb-flow-pages', 'aria-hidden': 'true' });
    const clone = (y, h) => {
      const c = svg.cloneNode(true);
      c.removeAttribute('data-orientation');
      c.querySelectorAll('[id]').forEach((x) => x.removeAttribute('id'));
      c.setAttribute('viewBox', `0 ${y} ${W} ${h}`);
      c.setAttribute('width', String(Math.round(W * s)));
      c.setAttribute('height', String(Math.round(h * s)));
      c.style.setProperty('--hb-piece-w', String(W * s));
      c.classList.add('hb-flow-piece-svg');
      return c;
    };
    pieces.forEach((p, i) => {
      const piece = el('div', { class: 'hb-flow-piece' });
      if (i > 0) piece.appendChild(el('p', { class: 'hb-flow-cont hb-flow-cont-prev' }, T.contPrev(title, i + 1, pieces.length)));
      if (head > 0) piece.appendChild(clone(0, head));
      piece.appendChild(clone(p[0], p[1] - p[0]));
      if (i < pieces.length - 1) piece.appendChild(el('p', { class: 'hb-flow-cont hb-flow-cont-next' }, T.contNext));
      box.appendChild(piece);
    });
    this.viewport.parentNode.insertBefore(box, this.viewport.nextSibling);
    this.figure.classList.add('hb-flow-paged');
    this.pages = box;
  };

  Chart.prototype.unpaginate = function () {
    if (this.pages) this.pages.remove();
    this.pages = null;
    this.figure.classList.remove('hb-flow-paged');
  };

  /* ---------- wiring ---------- */

  const charts = [];

  function applyAll() {
    // A walk belongs to the chart that knows all its steps; drop unknown ids.
    if (state.walk.length && !charts.some((c) => c.walking())) {
      const known = charts.find((c) => state.walk.some((id) => c.nodes[id]));
      state.walk = known ? state.walk.filter((id) => known.nodes[id]) : [];
    }
    charts.forEach((c) => {
      c.applyRole();
      c.applyWalk();
    });
  }

  function loadHash(scroll) {
    const h = readHash();
    if (!h) return false;
    state.role = h.role || '';
    state.walk = h.walk ? h.walk.split(',').filter(Boolean) : [];
    if (scroll) charts.forEach((c) => (c.scrollToCurrent = true));
    applyAll();
    return true;
  }

  function init() {
    document.querySelectorAll('figure.hb-flowchart').forEach((f) => {
      const c = new Chart(f);
      if (c.svg) charts.push(c);
    });
    if (!charts.length) return;
    if (!loadHash(true)) applyAll();
    window.addEventListener('beforeprint', () => charts.forEach((c) => c.paginate()));
    window.addEventListener('afterprint', () => charts.forEach((c) => c.unpaginate()));
    window.addEventListener('hashchange', () => {
      if (location.hash === lastWritten) return;
      loadHash(true);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
