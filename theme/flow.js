/* handbook flow.js: enhances the swimlane flowcharts drawn at build time.
 *
 * Page contract (see README.md of the flowchart crate):
 *   <figure class="hb-flowchart" data-procedure="ID"> <svg class="hb-flow">…</svg> </figure>
 *   <ol class="hb-steps"> <li id="step-ID" data-step="ID" data-roles="role role2">
 *     <span class="hb-step-text">…</span> <span class="hb-step-roles">…</span> </li> … </ol>
 *
 * Adds: hover/focus highlighting of a node and its edges (and of the matching
 * list item), a role filter (只看我的角色), a guided walk (逐步演练) and zoom
 * buttons; when printing, it cuts a drawing too tall or too wide for its page into
 * the pieces the renderer planned. State lives in the URL fragment
 * (#role=head-teacher&walk=apply,consult) so links can be shared and reloads restore
 * it. Plain ES2017, no dependencies, works from file://. Without this script the
 * diagram and the list still work.
 */
(function () {
  'use strict';

  // Words in the site's language, from nav-data.js (src/render/i18n.rs); `{name}` filled in.
  const HB = (typeof window !== 'undefined' && window.HB_T) || {};
  const word = (key, fill) => String(HB['flow_' + key] || key).replace(/\{(\w+)\}/g, (m, k) => (fill && k in fill ? String(fill[k]) : m));
  const T = {
    toolbar: word('toolbar'),
    role: word('role'),
    allRoles: word('all_roles'),
    walk: word('walk'),
    walkStop: word('walk_stop'),
    next: word('next'),
    back: word('back'),
    restart: word('restart'),
    zoomIn: word('zoom_in'),
    zoomOut: word('zoom_out'),
    fit: word('fit'),
    who: word('who'),
    stepN: (n, total) => word('step_n', { n, total }),
    start: word('start'),
    end: word('end'),
    jump: word('jump'),
    open: word('open'),
    choose: word('choose'),
    loop: '↺ ',
    contNext: word('cont_next'),
    contPrev: (title, i, n) => word('cont_prev', { title, i, n }),
    part: (title, i, n, lanes, all) => word('part', { title, i, n, lanes, all }),
    up: (i) => word('up', { i }),
    left: (i) => word('left', { i }),
    right: (i, lanes) => word('right', { i, lanes }),
    down: (i) => word('down', { i }),
    blank: (lanes) => word('blank', { lanes }),
    to: word('to'),
    from: word('from'),
    endShort: word('end_short'),
  };

  /* Room beside a lane strip's cut for the markers of crossing edges (px; STRIP_MARGIN
   * of src/render/flowchart/metrics.rs). */
  const STRIP = 48;
  const SVG = 'http://www.w3.org/2000/svg';
  let clips = 0;

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

  function svgEl(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach((k) => e.setAttribute(k, attrs[k]));
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
        const title = svgEl('title', {}, text.textContent.trim());
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
        const hint = target.number ? ` → ${target.number}` : this.nodes[e.to].kind === 'end' ? ' → ' + T.endShort : '';
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

  /* ---------- printing: pieces of a drawing too tall or too wide for a page ---------- */

  // The renderer planned the print (src/render/flowchart/print.rs): page bands cut at
  // the rank gutters in data-cuts (y) and, for a drawing too wide for the page at 8pt,
  // strips of whole lanes cut at data-strips (x). Pieces go band by band, each band's
  // strips left to right, so neighbouring pages show the same ranks side by side. Each
  // piece is a print-only clone (viewBox, and a clip to its lanes) with its lanes'
  // header repeated and a line saying where it continues; beside a strip's cut, a
  // margin names where each crossing edge goes (至 12) or comes from (自 11). Empty
  // pieces are left out. The original stays for the screen.
  Chart.prototype.paginate = function () {
    this.unpaginate();
    const svg = this.svg;
    const vb = svg.viewBox && svg.viewBox.baseVal;
    if (!vb || !vb.width) return;
    const nums = (a) => (svg.getAttribute(a) || '').split(' ').filter(Boolean).map(Number);
    const head = Number(svg.getAttribute('data-head')) || 0;
    const ys = [head].concat(nums('data-cuts'), [vb.height]);
    const xs = [0].concat(nums('data-strips'), [vb.width]);
    const S = xs.length - 1;
    // Pieces band by band, strip by strip; the renderer leaves out empty ones.
    const empty = nums('data-empty');
    const order = [];
    for (let b = 0; b < ys.length - 1; b++) {
      for (let k = 0; k < S; k++) if (empty.indexOf(b * S + k) < 0) order.push([b, k]);
    }
    const n = order.length;
    if (n < 2) return;
    const num = (b, k) => order.findIndex((p) => p[0] === b && p[1] === k) + 1;
    const s = Number(svg.style.getPropertyValue('--hb-s')) || 1;
    const caption = this.figure.querySelector('figcaption');
    const title = caption ? caption.textContent.replace(/^[^:]*:/, '') : '';
    // Lane numbers of strip k: "1–5", or "3" for one lane.
    const laneX = [...svg.querySelectorAll('.hb-lane-band')].map((r) => Number(r.getAttribute('x')));
    const lanes = (k) => {
      const [a, b] = [k, k + 1].map((j) => laneX.filter((x) => x < xs[j] - 1).length);
      return a + 1 === b ? String(b) : `${a + 1}–${b}`;
    };
    // Edges crossing a cut c, marked in the margin of the strip on either side (side -1:
    // the strip left of c, +1: the one right of it), stacked so they never overlap.
    const marks = [];
    if (S > 1) this.edges.forEach((e) => {
      let [x, y] = [0, 0];
      const pts = (e.g.querySelector('path').getAttribute('d').match(/[MLHV][^MLHV]*/g) || []).map((c) => {
        const v = c.slice(1).split(/[\s,]+|(?=-)/).filter(Boolean).map(Number);
        if (c[0] === 'H') x = v[0];
        else if (c[0] === 'V') y = v[0];
        else [x, y] = v;
        return [x, y];
      });
      pts.slice(1).forEach(([x1, y1], i) => {
        const [x0, y0] = pts[i];
        if (y0 !== y1) return;
        xs.slice(1, -1).forEach((c) => {
          if (Math.min(x0, x1) >= c || Math.max(x0, x1) <= c) return;
          const to = T.to + this.label(e.to);
          const from = T.from + this.label(e.from);
          marks.push({ c, y: y0, side: -1, text: x1 > x0 ? to : from }, { c, y: y0, side: 1, text: x1 > x0 ? from : to });
        });
      });
    });
    marks.sort((a, b) => a.c - b.c || a.side - b.side || a.y - b.y);
    marks.forEach((m, i) => {
      const p = marks[i - 1];
      if (p && p.c === m.c && p.side === m.side) m.y = Math.max(m.y, p.y + 16);
    });
    const clone = (k, y, h) => {
      const x0 = xs[k] - (k > 0 ? STRIP : 0);
      const x1 = xs[k + 1] + (k < S - 1 ? STRIP : 0);
      const c = svg.cloneNode(true);
      c.removeAttribute('data-orientation');
      c.querySelectorAll('[id]').forEach((x) => x.removeAttribute('id'));
      c.setAttribute('viewBox', `${x0} ${y} ${x1 - x0} ${h}`);
      c.setAttribute('width', String(Math.round((x1 - x0) * s)));
      c.setAttribute('height', String(Math.round(h * s)));
      c.style.setProperty('--hb-piece-w', String((x1 - x0) * s));
      c.classList.add('hb-flow-piece-svg');
      if (S > 1) {
        // Clip to the strip's lanes (clipped-off text stays out of the PDF too); the
        // margin beside a cut names where each crossing edge goes or comes from.
        const id = 'hb-clip-' + ++clips;
        const clip = svgEl('clipPath', { id: id });
        clip.appendChild(svgEl('rect', { x: xs[k], y: y - 4, width: xs[k + 1] - xs[k], height: h + 8 }));
        const all = svgEl('g', { 'clip-path': `url(#${id})` });
        while (c.firstChild) all.appendChild(c.firstChild);
        const g = svgEl('g', { class: 'hb-flow-cut' });
        marks.forEach((m) => {
          if (m.c !== xs[k + (m.side < 0 ? 1 : 0)] || m.y < y || m.y > y + h) return;
          g.appendChild(svgEl('text', { x: m.c - 4 * m.side, y: m.y + 5, 'text-anchor': m.side < 0 ? 'start' : 'end' }, m.text));
        });
        c.append(clip, all, g);
      }
      return c;
    };
    const box = el('div', { class: 'hb-flow-pages', 'aria-hidden': 'true' });
    order.forEach(([b, k], j) => {
      const i = j + 1;
      const piece = el('div', { class: 'hb-flow-piece' });
      const line = (parts, cls) => {
        const t = parts.filter(Boolean).join(' · ');
        if (t) piece.appendChild(el('p', { class: 'hb-flow-cont ' + cls }, t));
      };
      const [up, left, right, down] = [num(b - 1, k), k && num(b, k - 1), k < S - 1 && num(b, k + 1), num(b + 1, k)];
      if (S > 1) line([up && T.up(up), T.part(title, i, n, lanes(k), laneX.length), left && T.left(left)], 'hb-flow-cont-prev');
      else line([i > 1 && T.contPrev(title, i, n)], 'hb-flow-cont-prev');
      if (head > 0) piece.appendChild(clone(k, 0, head));
      piece.appendChild(clone(k, ys[b], ys[b + 1] - ys[b]));
      const below = down ? T.down(down) : b < ys.length - 2 && T.blank(lanes(k));
      if (S > 1) line([right && T.right(right, lanes(k + 1)), below], 'hb-flow-cont-next');
      else line([i < n && T.contNext], 'hb-flow-cont-next');
      box.appendChild(piece);
    });
    this.viewport.parentNode.insertBefore(box, this.viewport.nextSibling);
    this.figure.classList.add('hb-flow-paged');
    this.pages = box;
  };

  // How a marker names a step: its number, or 开始/结束, or ↗ for a jump.
  Chart.prototype.label = function (id) {
    const n = this.nodes[id];
    if (!n) return '';
    return this.describe(id).number || (n.kind === 'start' ? T.start : n.kind === 'end' ? T.endShort : '↗');
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
