/*! theme/form.js — fillable handbook forms: exact computed fields, 人民币大写, prefill, printing.
 *
 * Plain ES2017 syntax, no dependencies, works from file://. Arithmetic uses BigInt (called as a
 * function, never as `1n` literals) and mirrors the Rust crate `formexpr` operation by operation:
 * values are BigInt counts of ten-thousandths, products and quotients round half away from zero,
 * |value| < 10^14. tests/golden.tsv holds both to the same results.
 *
 * The page contract is documented in README.md ("Page contract").
 */
(function (root) {
  'use strict';

  var SCALE = 4;
  var ONE = BigInt(10000);
  var ZERO = BigInt(0);
  var UNIT = BigInt(1);
  var TWO = BigInt(2);
  var TEN = BigInt(10);
  var HUNDRED = BigInt(100);
  var MAX_UNITS = BigInt('1000000000000000000'); // exclusive bound: |value| < 10^14

  /* ---------- exact decimals ---------- */

  /** Thrown by the operations; an output shows nothing when it is thrown. */
  function EvalError(kind) {
    this.kind = kind; // 'missing' | 'div0' | 'overflow' | 'digits'
  }

  function absBig(x) {
    return x < ZERO ? -x : x;
  }

  /** n / d rounded half away from zero (BigInt division truncates toward zero, like Rust). */
  function divRound(n, d) {
    var q = n / d;
    var r = n % d;
    if (absBig(r) * TWO >= absBig(d)) {
      q += (n < ZERO) !== (d < ZERO) ? -UNIT : UNIT;
    }
    return q;
  }

  function checked(x) {
    if (absBig(x) >= MAX_UNITS) throw new EvalError('overflow');
    return x;
  }

  function pow10(n) {
    var r = UNIT;
    for (var i = 0; i < n; i++) r *= TEN;
    return r;
  }

  /** Rounds units half away from zero to `digits` decimals (0..4). */
  function roundUnits(x, digits) {
    if (digits >= SCALE) return x;
    var step = pow10(SCALE - digits);
    return divRound(x, step) * step;
  }

  function need(x) {
    if (typeof x !== 'bigint') throw new EvalError('missing');
    return x;
  }

  /** The helpers generated code calls as H.*: see formexpr's src/js.rs. */
  var ops = {
    n: function (units) {
      return BigInt(units);
    },
    f: function (v, id) {
      return need(Object.prototype.hasOwnProperty.call(v, id) ? v[id] : undefined);
    },
    add: function (a, b) {
      return checked(need(a) + need(b));
    },
    sub: function (a, b) {
      return checked(need(a) - need(b));
    },
    mul: function (a, b) {
      return checked(divRound(need(a) * need(b), ONE));
    },
    div: function (a, b) {
      if (need(b) === ZERO) throw new EvalError('div0');
      return checked(divRound(need(a) * ONE, b));
    },
    neg: function (a) {
      return -need(a);
    },
    abs: function (a) {
      return absBig(need(a));
    },
    max: function () {
      var best = need(arguments[0]);
      for (var i = 1; i < arguments.length; i++) if (need(arguments[i]) > best) best = arguments[i];
      return best;
    },
    min: function () {
      var best = need(arguments[0]);
      for (var i = 1; i < arguments.length; i++) if (need(arguments[i]) < best) best = arguments[i];
      return best;
    },
    round: function (x, digits) {
      var d = 0;
      if (digits !== undefined) {
        d = -1;
        for (var k = 0; k <= 4; k++) if (need(digits) === BigInt(k) * ONE) d = k;
        if (d < 0) throw new EvalError('digits');
      }
      return roundUnits(need(x), d);
    }
  };

  /* ---------- reading what people type ---------- */

  /** Full-width ASCII twins, the ideographic space and look-alikes → ASCII (as Rust fold_width). */
  function foldWidth(text) {
    return String(text).replace(/[\uFF01-\uFF5E\u3000\u2212\u2013\u00D7\u00F7]/g, function (c) {
      var code = c.charCodeAt(0);
      if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
      if (c === '\u3000') return ' ';
      if (c === '\u00D7') return '*';
      if (c === '\u00F7') return '/';
      return '-';
    });
  }

  // Rust's str::trim set (Unicode White_Space), so both sides accept exactly the same input.
  var WS = '\\t\\n\\u000B\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
  var TRIM_START = new RegExp('^[' + WS + ']+');
  var TRIM_END = new RegExp('[' + WS + ']+$');

  function digitsToUnits(intPart, frac, maxDecimals) {
    var max = Math.min(maxDecimals, SCALE);
    if (frac.length > max) return { error: 'decimals', max: max };
    var int = intPart.replace(/^0+/, '');
    if (int.length > 15) return { error: 'large' };
    var units = BigInt(int || '0') * ONE + BigInt((frac + '0000').slice(0, SCALE));
    if (units >= MAX_UNITS) return { error: 'large' };
    return { value: units };
  }

  /**
   * Parses a money/number box: `１２，０００．５`, `¥1,200`, `1200元`. Returns {value: BigInt units}
   * or {error: 'empty'|'char'|'malformed'|'decimals'|'large', char?, max?} — the same decisions
   * as Rust's Decimal::parse_input.
   */
  function parseInput(text, maxDecimals) {
    var s = foldWidth(text).replace(TRIM_START, '').replace(TRIM_END, '');
    if (s === '') return { error: 'empty' };
    var negative = false;
    if (s.charAt(0) === '-') {
      negative = true;
      s = s.slice(1).replace(TRIM_START, '');
    }
    if (s.charAt(0) === '¥' || s.charAt(0) === '￥') s = s.slice(1).replace(TRIM_START, '');
    if (s.charAt(s.length - 1) === '元') s = s.slice(0, -1).replace(TRIM_END, '');
    var bad = /[^0-9.,]/.exec(s);
    if (bad) {
      if (bad[0] === '-') return { error: 'malformed' };
      // A surrogate pair is one character to a person (and to Rust).
      var ch = String.fromCodePoint(s.codePointAt(bad.index));
      return { error: 'char', char: ch };
    }
    var dot = s.indexOf('.');
    var intPart = dot < 0 ? s : s.slice(0, dot);
    var frac = dot < 0 ? '' : s.slice(dot + 1);
    if (/[.,]/.test(frac) || (intPart === '' && frac === '')) return { error: 'malformed' };
    if (intPart.indexOf(',') >= 0 && !/^[0-9]{1,3}(,[0-9]{3})+$/.test(intPart)) {
      return { error: 'malformed' };
    }
    var r = digitsToUnits(intPart.replace(/,/g, ''), frac, maxDecimals);
    if (r.error) return r;
    return { value: negative ? -r.value : r.value };
  }

  /**
   * A word of the site's language: `window.HB_T` (written by the compiler into nav-data.js from
   * src/render/i18n.rs), with `{name}` placeholders filled from `fill`. Without HB_T (outside a
   * built site) the key itself stands in, so a hint is never silently empty.
   */
  function word(key, fill) {
    var t = root.HB_T;
    var text = t && typeof t[key] === 'string' ? t[key] : key;
    return text.replace(/\{(\w+)\}/g, function (m, name) {
      return fill && name in fill ? String(fill[name]) : m;
    });
  }

  /** The hint for a parseInput error, in the site's language. */
  function inputHint(r) {
    switch (r.error) {
      case 'char':
        return word('input_char', { c: r.char });
      case 'decimals':
        return word('input_decimals', { n: r.max });
      case 'large':
        return word('input_large');
      default:
        return word('input_malformed');
    }
  }

  /** The capital amount as the site's language writes it (HB_T.capital_chars: pairs to swap). */
  function localCapital(text) {
    var pairs = (root.HB_T && root.HB_T.capital_chars) || '';
    if (!pairs) return text;
    return text.replace(/[\s\S]/g, function (c) {
      for (var i = 0; i + 1 < pairs.length; i += 2) if (pairs.charAt(i) === c) return pairs.charAt(i + 1);
      return c;
    });
  }

  /* ---------- writing values ---------- */

  function fixed(units, digits) {
    var sign = units < ZERO ? '-' : '';
    var a = absBig(units);
    var frac = String((a % ONE) / pow10(SCALE - digits));
    while (frac.length < digits) frac = '0' + frac;
    return { sign: sign, int: String(a / ONE), frac: frac };
  }

  function group3(int) {
    return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  /**
   * Canonical text of a value: money → two decimals after rounding to the fen (`9200.00`), number
   * → shortest exact form (`3.5`). `grouped` adds thousands separators for the screen.
   */
  function format(units, type, grouped) {
    var p;
    if (type === 'money') {
      p = fixed(roundUnits(units, 2), 2);
      if (p.int === '0' && p.frac === '00') p.sign = '';
      return p.sign + (grouped ? group3(p.int) : p.int) + '.' + p.frac;
    }
    p = fixed(units, SCALE);
    var frac = p.frac.replace(/0+$/, '');
    return p.sign + (grouped ? group3(p.int) : p.int) + (frac ? '.' + frac : '');
  }

  /* ---------- 人民币大写 (same rules as src/capital.rs) ---------- */

  var DIGITS = '零壹贰叁肆伍陆柒捌玖';

  function capGroup(n) {
    var s = '';
    var gap = false;
    var places = [[1000, '仟'], [100, '佰'], [10, '拾'], [1, '']];
    for (var i = 0; i < places.length; i++) {
      var d = Math.floor(n / places[i][0]) % 10;
      if (d === 0) {
        gap = s !== '';
        continue;
      }
      if (gap) {
        s += '零';
        gap = false;
      }
      s += DIGITS.charAt(d) + places[i][1];
    }
    return s;
  }

  function capBelowYi(n) {
    var high = Math.floor(n / 10000);
    var low = n % 10000;
    if (high === 0) return capGroup(low);
    var s = capGroup(high) + '万';
    if (low > 0) s += (low < 1000 ? '零' : '') + capGroup(low);
    return s;
  }

  var YI = BigInt(100000000);

  function capInteger(n) {
    if (n < YI) return capBelowYi(Number(n));
    var low = Number(n % YI);
    var s = capInteger(n / YI) + '亿';
    if (low > 0) s += (low < 10000000 ? '零' : '') + capBelowYi(low);
    return s;
  }

  /** 人民币大写 of a value in units: 5200 → 伍仟贰佰元整, 0.05 → 伍分. */
  function capital(units) {
    var fenTotal = roundUnits(units, 2) / HUNDRED;
    var out = fenTotal < ZERO ? '负' : '';
    var a = absBig(fenTotal);
    if (a === ZERO) return '零元整';
    var yuan = a / HUNDRED;
    var jiao = Number((a / TEN) % TEN);
    var fen = Number(a % TEN);
    if (yuan > ZERO) out += capInteger(yuan) + '元';
    if (jiao === 0 && fen === 0) return out + '整';
    if (jiao > 0) out += DIGITS.charAt(jiao) + '角';
    else if (yuan > ZERO) out += '零';
    return out + (fen > 0 ? DIGITS.charAt(fen) + '分' : '整');
  }

  var api = {
    ops: ops,
    EvalError: EvalError,
    foldWidth: foldWidth,
    parseInput: parseInput,
    inputHint: inputHint,
    word: word,
    format: format,
    capital: capital,
    /** Compiles data-compute code into fn(v) → BigInt units (throws EvalError). */
    compile: function (code) {
      var fn = new Function('v', 'H', '"use strict"; return (' + code + ');');
      return function (v) {
        return fn(v, ops);
      };
    },
    /** The field ids data-compute code reads, in order. */
    depsOf: function (code) {
      var re = /H\.f\(v,'([a-z][a-z0-9_]*)'\)/g;
      var out = [];
      var m;
      while ((m = re.exec(code))) if (out.indexOf(m[1]) < 0) out.push(m[1]);
      return out;
    }
  };

  if (typeof module === 'object' && module.exports) module.exports = api;
  root.HBForm = api;

  if (typeof document === 'undefined') return;

  /* ---------- the page ---------- */

  var NUMERIC = { money: 2, number: 4 };

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.tagName !== 'OUTPUT' && el.tagName !== 'BUTTON' && el.tagName !== 'FIELDSET';
    });
  }

  /** Shows or clears the validation hint of an input (created after it when the page has none). */
  function setHint(input, text) {
    var form = input.form;
    var hint = form && form.querySelector('.hb-input-hint[data-hint-for="' + input.name + '"]');
    if (!hint && text) {
      hint = document.createElement('span');
      hint.className = 'hb-input-hint';
      hint.setAttribute('data-hint-for', input.name);
      hint.setAttribute('role', 'alert');
      input.insertAdjacentElement('afterend', hint);
    }
    if (hint) hint.textContent = text || '';
    input.classList.toggle('hb-invalid', !!text);
    if (text) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  /** One `<form class="hb-form">`: reads inputs, recomputes outputs, mirrors and 大写. */
  function FormPage(form) {
    this.form = form;
    this.outputs = Array.prototype.map.call(form.querySelectorAll('output[data-compute]'), function (out) {
      var code = out.getAttribute('data-compute');
      var fn = null;
      try {
        fn = api.compile(code);
      } catch (e) {
        // A compiler bug must not take the rest of the form down with it.
        if (root.console) root.console.error('hb-form: bad data-compute on', out.name, e);
      }
      return { el: out, name: out.name, fn: fn, deps: api.depsOf(code), type: out.getAttribute('data-type') };
    });
    var self = this;
    form.addEventListener('input', function (e) {
      if (e.target && e.target.name) self.validate(e.target, false);
      self.update();
    });
    form.addEventListener('change', function (e) {
      if (e.target && e.target.name) self.validate(e.target, true);
      self.update();
    });
    fieldsOf(form).forEach(function (el) {
      self.validate(el, false);
    });
    this.update();
  }

  /** Checks a money/number input; on `change` rewrites a valid value in canonical form. */
  FormPage.prototype.validate = function (el, normalize) {
    var type = el.getAttribute('data-type');
    if (!(type in NUMERIC)) return;
    var r = parseInput(el.value, NUMERIC[type]);
    if (r.error === 'empty') return setHint(el, '');
    if (r.error) return setHint(el, inputHint(r));
    setHint(el, '');
    // Rewriting "１２，０００" as "12,000.00" shows the person how the value was understood.
    if (normalize) el.value = format(r.value, type, true);
  };

  /** The state of every named input: {state: 'value'|'empty'|'invalid', value, required}. */
  FormPage.prototype.read = function () {
    var fields = Object.create(null);
    fieldsOf(this.form).forEach(function (el) {
      var type = el.getAttribute('data-type');
      if (el.type === 'checkbox') {
        fields[el.name] = { state: el.checked ? 'value' : 'empty', value: el.checked ? ONE : ZERO, zero: true };
      } else if (type in NUMERIC) {
        var r = parseInput(el.value, NUMERIC[type]);
        fields[el.name] = {
          state: r.error === 'empty' ? 'empty' : r.error ? 'invalid' : 'value',
          value: r.value,
          required: el.required || el.hasAttribute('data-required')
        };
      }
    });
    return fields;
  };

  /**
   * Builds `v` for one output, or null when it must stay empty: a dependency is invalid, a
   * required one is empty, a computed one is empty, or nothing it reads is filled in yet (so a
   * blank form prints blank). An optional empty field counts as 0.
   */
  function environment(deps, fields) {
    var v = Object.create(null);
    var filled = 0;
    for (var i = 0; i < deps.length; i++) {
      var f = fields[deps[i]];
      if (!f) return null;
      if (f.state === 'invalid') return null;
      if (f.state === 'empty') {
        if (f.required || f.computed) return null;
        v[deps[i]] = ZERO;
      } else {
        v[deps[i]] = f.value;
        filled++;
      }
    }
    return deps.length > 0 && filled === 0 ? null : v;
  }

  FormPage.prototype.update = function () {
    var fields = this.read();
    var results = Object.create(null);
    // Computed fields may read each other; n passes in document order reach the fixed point of
    // any acyclic chain (the compiler rejects cycles).
    for (var pass = 0; pass < Math.max(1, this.outputs.length); pass++) {
      for (var i = 0; i < this.outputs.length; i++) {
        var o = this.outputs[i];
        var v = o.fn && environment(o.deps, fields);
        var value = null;
        if (v) {
          try {
            value = o.fn(v);
          } catch (e) {
            if (!(e instanceof EvalError)) throw e;
          }
        }
        // Other formulas read what is printed: money rounded to the fen.
        if (value !== null && o.type === 'money') value = roundUnits(value, 2);
        results[o.name] = value;
        fields[o.name] = { state: value === null ? 'empty' : 'value', value: value, computed: true };
      }
    }
    this.render(results, fields);
  };

  FormPage.prototype.render = function (results, fields) {
    var form = this.form;
    this.outputs.forEach(function (o) {
      var value = results[o.name];
      var text = value === null ? '' : format(value, o.type, true);
      o.el.value = text;
      o.el.setAttribute('data-value', value === null ? '' : format(value, o.type, false));
    });
    // 大写 of a computed output, or of a money input as typed (empty while empty or invalid).
    Array.prototype.forEach.call(form.querySelectorAll('.hb-capital[data-capital-of]'), function (el) {
      var name = el.getAttribute('data-capital-of');
      var value = results[name];
      if (value === undefined) {
        var f = fields && fields[name];
        value = f && f.state === 'value' && !f.zero ? f.value : null;
      }
      el.textContent = value === null || value === undefined ? '' : localCapital(capital(value));
    });
    Array.prototype.forEach.call(form.querySelectorAll('.hb-print-value[data-mirror]'), function (el) {
      var src = form.elements.namedItem(el.getAttribute('data-mirror'));
      el.textContent = src && 'value' in src ? src.value : '';
    });
  };

  /* ---------- prefill from the URL fragment ---------- */

  /**
   * `#paid=12000&reason=...`. Only the fragment is read, never the query string: the fragment is
   * not sent to any server, so a parent's name or a refund amount stays out of access logs.
   */
  function parseFragment(hash) {
    var out = [];
    String(hash || '')
      .replace(/^#/, '')
      .split('&')
      .forEach(function (pair) {
        if (!pair) return;
        var eq = pair.indexOf('=');
        var key = eq < 0 ? pair : pair.slice(0, eq);
        var val = eq < 0 ? '' : pair.slice(eq + 1);
        try {
          out.push([decodeURIComponent(key.replace(/\+/g, ' ')), decodeURIComponent(val.replace(/\+/g, ' '))]);
        } catch (e) {
          // A malformed %-escape skips that pair only.
        }
      });
    return out;
  }
  api.parseFragment = parseFragment;

  /** Fills named controls of every form and scorecard, then lets their listeners recompute. */
  function prefill() {
    var pairs = parseFragment(root.location && root.location.hash);
    if (!pairs.length) return;
    printable().forEach(function (container) {
      pairs.forEach(function (kv) {
        Array.prototype.forEach.call(container.querySelectorAll('input, textarea, select'), function (el) {
          if (el.name !== kv[0]) return;
          if (el.type === 'checkbox') el.checked = /^(1|true|on|yes|是|✓|√)$/i.test(kv[1]);
          else if (el.type === 'radio') el.checked = el.value === kv[1];
          else el.value = kv[1];
          el.dispatchEvent(new Event('input', { bubbles: true }));
          // `change` makes money boxes show how they were understood ("１２，０００" → 12,000.00).
          el.dispatchEvent(new Event('change', { bubbles: true }));
        });
      });
    });
  }

  /* ---------- printing ---------- */

  function printable() {
    return Array.prototype.slice.call(document.querySelectorAll('form.hb-form, .hb-scorecard'));
  }

  function fire(el) {
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }

  /**
   * Prints the empty form: saves every value, clears it, prints, and restores on `afterprint`.
   * Some browsers return from window.print() before the page has been laid out for printing, so
   * restoring right after the call could print the filled form.
   */
  function printBlank() {
    var saved = [];
    printable().forEach(function (container) {
      Array.prototype.forEach.call(container.querySelectorAll('input, textarea, select'), function (el) {
        if (el.type === 'button' || el.type === 'submit' || el.type === 'hidden') return;
        saved.push({ el: el, value: el.value, checked: el.checked });
        if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
        else if (el.tagName === 'SELECT') el.selectedIndex = -1;
        else el.value = '';
        setHint(el, '');
        fire(el);
      });
    });
    document.documentElement.classList.add('hb-printing-blank');
    var restored = false;
    function restore() {
      if (restored) return;
      restored = true;
      root.removeEventListener('afterprint', restore);
      document.documentElement.classList.remove('hb-printing-blank');
      saved.forEach(function (s) {
        if (s.el.type === 'checkbox' || s.el.type === 'radio') s.el.checked = s.checked;
        else s.el.value = s.value;
        fire(s.el);
      });
    }
    var hasAfterprint = 'onafterprint' in root;
    if (hasAfterprint) root.addEventListener('afterprint', restore);
    root.print();
    // Without afterprint support print() is assumed to block, as it does in Chromium.
    if (!hasAfterprint) restore();
  }
  api.printBlank = printBlank;

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('form.hb-form'), function (form) {
      form.hbForm = new FormPage(form);
    });
    prefill();
    root.addEventListener('hashchange', prefill);
    document.addEventListener('click', function (e) {
      var button = e.target && e.target.closest && e.target.closest('[data-print]');
      if (!button) return;
      e.preventDefault();
      if (button.getAttribute('data-print') === 'blank') printBlank();
      else root.print();
    });
    // Enter in a text box must not submit the form (there is nowhere to submit it to).
    document.addEventListener('submit', function (e) {
      if (e.target.matches('form.hb-form, form.hb-scorecard')) e.preventDefault();
    });
  }
  api.init = init;

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})(typeof window !== 'undefined' ? window : globalThis);
