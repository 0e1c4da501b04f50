/*! theme/scorecard.js — the scorecard calculator: deductions, total score and deducted money.
 *
 * Needs theme/form.js loaded first (it reuses its exact decimals, input parsing and printing).
 * Plain ES2017 syntax, no dependencies, works from file://. Page contract: README.md
 * ("Scorecard calculator").
 */
(function (root) {
  'use strict';

  var HB = root.HBForm;
  if (!HB || typeof document === 'undefined') {
    if (root.console) root.console.error('scorecard.js needs theme/form.js loaded before it');
    return;
  }
  var H = HB.ops;
  var ZERO = H.n('0');
  var ONE = H.n('10000');

  /** A data-* number written by the compiler (ASCII, e.g. "2" or "0.5"), as units. */
  function attrUnits(el, name, fallback) {
    var raw = el.getAttribute(name);
    var r = HB.parseInput(raw === null ? '' : raw, 4);
    return r.error ? fallback : r.value;
  }

  /** Reads one count box: {value} (empty counts as 0, flagged by `empty`), or {hint}. */
  function readCount(input, per) {
    var r = HB.parseInput(input.value, 2);
    if (r.error === 'empty') return { value: ZERO, empty: true };
    if (r.error) return { hint: HB.inputHint(r) };
    if (r.value < ZERO) return { hint: HB.word('count_negative') };
    if (per === 'once' && r.value !== ZERO && r.value !== ONE) return { hint: HB.word('count_once') };
    return { value: r.value };
  }

  function setHint(input, text) {
    var hint = input.parentNode.querySelector('.hb-input-hint');
    if (!hint && text) {
      hint = document.createElement('span');
      hint.className = 'hb-input-hint';
      hint.setAttribute('role', 'alert');
      input.insertAdjacentElement('afterend', hint);
    }
    if (hint) hint.textContent = text || '';
    input.classList.toggle('hb-invalid', !!text);
    if (text) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  /** Shows a value (grouped) and keeps its canonical form in data-value ('' when empty). */
  function show(el, units, type) {
    if (!el) return;
    el.value = units === null ? '' : HB.format(units, type, true);
    el.setAttribute('data-value', units === null ? '' : HB.format(units, type, false));
  }

  /** Recomputes one `.hb-scorecard`: every row, then the summary. */
  function update(card) {
    var deducted = ZERO;
    var anyFilled = false;
    var anyInvalid = false;
    Array.prototype.forEach.call(card.querySelectorAll('tr.hb-rule'), function (row) {
      var input = row.querySelector('.hb-count');
      var out = row.querySelector('.hb-deduction');
      if (!input) return;
      var c = readCount(input, row.getAttribute('data-per'));
      setHint(input, c.hint);
      if (c.hint) {
        anyInvalid = true;
        show(out, null);
        return;
      }
      try {
        var points = H.mul(attrUnits(row, 'data-deduct', ZERO), c.value);
        deducted = H.add(deducted, points);
      } catch (e) {
        if (!(e instanceof HB.EvalError)) throw e;
        setHint(input, HB.word('input_large'));
        anyInvalid = true;
        show(out, null);
        return;
      }
      show(out, c.empty ? null : points, 'number');
      if (!c.empty) anyFilled = true;
    });
    // Nothing typed yet (or a blank print): leave the summary empty rather than claim 100 分.
    var blank = !anyFilled || anyInvalid;
    function summary(selector, type, compute) {
      Array.prototype.forEach.call(card.querySelectorAll(selector), function (el) {
        var value = null;
        if (!blank) {
          try {
            value = compute(el);
          } catch (e) {
            if (!(e instanceof HB.EvalError)) throw e;
          }
        }
        show(el, value, type);
      });
    }
    summary('output.hb-total', 'number', function (el) {
      return H.max(ZERO, H.sub(attrUnits(el, 'data-base', H.n('1000000')), deducted));
    });
    summary('output.hb-deducted', 'number', function () {
      return deducted;
    });
    summary('output.hb-money', 'money', function (el) {
      return H.mul(deducted, attrUnits(el, 'data-yuan-per-point', ZERO));
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('.hb-scorecard'), function (card) {
      card.addEventListener('input', function () {
        update(card);
      });
      update(card);
    });
  }

  HB.scorecard = { update: update, readCount: readCount };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})(typeof window !== 'undefined' ? window : globalThis);
