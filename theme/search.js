/*! hbsearch: handbook site search. Plain ES2017, no dependencies.
 *
 * Page contract: <div id="hb-search" data-root="../"></div> in the header,
 * where data-root is the relative path to the site root. This script builds
 * the search box, facet buttons and result list inside it and loads the
 * index files under <root>search/ on demand with <script> tags, which work
 * over http and from file:// alike (fetch/XHR are refused on file://).
 *
 * The query engine mirrors src/search/query.rs exactly (tests/search_node.rs
 * compares both): keep them in step.
 */
(function (global) {
  'use strict';

  var FORMAT_VERSION = 5;
  var TITLE = 0, KEYWORD = 1, HEADING = 2, BODY = 3;
  var FIELD_WEIGHT = [1000, 400, 150, 50];
  var PINYIN_WEIGHT = [900, 350];
  var TITLE_START_BONUS = 200;
  var PINYIN_WHOLE_TITLE_BONUS = 100;
  var WHOLE_TITLE_BONUS = 100;
  var MAX_COUNTED_HITS = 20;
  var PAGE_SIZE = 10;
  var FOLD_TABLE_START = 0x3400; // first code point in the fold table
  // Word fragment keys (src/search/token.rs): `00*` a word goes on with 00 after its first
  // char, `8^` a word of 2+ chars starts with 8; fragments are cut at MAX_FRAGMENT chars.
  var SUFFIX_MARK = '*', START_MARK = '^', MAX_FRAGMENT = 16;
  // Branch entry (token::BRANCH_MARK): `00>` lists the next chars of keys placed deeper.
  var BRANCH_MARK = '>';

  // ---- Folding (src/fold.rs): one code point in, one code point out. ----

  function foldCode(cp, table) {
    if (cp >= 0xff01 && cp <= 0xff5e) cp -= 0xfee0;
    else if (cp === 0x3000) cp = 0x20;
    if (cp >= 0x41 && cp <= 0x5a) cp += 0x20;
    else if (cp >= 0xc0 && cp <= 0xde && cp !== 0xd7) cp += 0x20;
    var t = table.get(cp);
    return t === undefined ? cp : t;
  }

  /** Folds a string into an array of single-code-point strings. */
  function foldChars(s, table) {
    var out = [];
    for (var ch of s) out.push(String.fromCodePoint(foldCode(ch.codePointAt(0), table)));
    return out;
  }

  // ---- Tokens (src/token.rs). ----

  function isCjk(ch) {
    var c = ch.codePointAt(0);
    return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3ffff);
  }

  function isWord(ch) {
    var c = ch.codePointAt(0);
    return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) ||
      (c >= 0xdf && c <= 0x24f && c !== 0xf7);
  }

  /** Splits folded chars into AND-ed terms: CJK runs and Latin/digit words. */
  function queryTerms(chars) {
    var terms = [];
    var i = 0;
    while (i < chars.length) {
      var start = i;
      var cjk = isCjk(chars[i]);
      if (!cjk && !isWord(chars[i])) { i++; continue; }
      while (i < chars.length && (cjk ? isCjk(chars[i]) : isWord(chars[i]))) i++;
      terms.push({ text: chars.slice(start, i), cjk: cjk, prefix: !cjk && i === chars.length, suffix: !cjk && start === 0 });
    }
    return terms;
  }

  /**
   * Cheapest cover of a phrase of `len` chars, as token::cover. pieces: [{at, via, cost}],
   * via 0 = whole list (chars at, at+1), 1 = bucket of the next char (at..at+2),
   * 2 = bucket of the previous char (at-1..at+1). Returns piece indices in phrase order.
   */
  function cover(pieces, len) {
    var lt = function (a, b) { return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]); };
    var best = new Array(len + 1).fill(null);
    best[0] = [0, 0, -1, 0];
    for (var end = 1; end < len; end++) {
      for (var i = 0; i < pieces.length; i++) {
        var p = pieces[i];
        var a = p.via === 2 ? p.at - 1 : p.at;
        var b = p.via === 1 ? p.at + 2 : p.at + 1;
        if (b !== end) continue;
        var from = -1;
        for (var e = a; e <= b; e++) {
          if (best[e] && (from < 0 || lt(best[e], best[from]))) from = e;
        }
        if (from < 0) continue;
        var value = [best[from][0] + p.cost, best[from][1] + 1, i, from];
        if (!best[end + 1] || lt(value, best[end + 1])) best[end + 1] = value;
      }
    }
    var out = [];
    for (var state = len; state > 0; state = best[state][3]) out.push(best[state][2]);
    return out.reverse();
  }

  /** FNV-1a over the code points of a placing prefix, as token::shard_of_prefix. */
  function shardOfPrefix(prefix, shards) {
    var h = 0x811c9dc5;
    for (var ch of prefix) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h % Math.max(shards, 1);
  }

  /** The shard of a key placed by its first two code points, as token::shard_of. */
  function shardOf(key, shards) {
    return shardOfPrefix(Array.from(key).slice(0, 2).join(''), shards);
  }

  // ---- Integer codec and posting lists (src/codec.rs, src/postings.rs). ----

  function decodeInts(s) {
    var out = [];
    var v = 0;
    for (var i = 0; i < s.length; i++) {
      var b = s.charCodeAt(i);
      var d, last;
      if (b >= 48 && b <= 57) { d = b - 48; last = true; }
      else if (b >= 65 && b <= 86) { d = b - 55; last = true; }
      else if (b >= 87 && b <= 90) { d = b - 87; last = false; }
      else if (b >= 97 && b <= 122) { d = b - 93; last = false; }
      else if (b === 45) { d = 30; last = false; }
      else { d = 31; last = false; }
      v = v * 32 + d;
      if (last) { out.push(v); v = 0; }
    }
    return out;
  }

  /** Posting string → [{doc, field, positions}] sorted by (doc, field). */
  function decodePostings(s) {
    var nums = decodeInts(s);
    var groups = [];
    var doc = 0;
    for (var i = 0; i < nums.length;) {
      doc += nums[i++];
      var head = nums[i++];
      var count = Math.floor(head / 4);
      var positions = new Array(count);
      for (var j = 0; j < count; j++) {
        var v = nums[i++];
        positions[j] = j === 0 ? v : positions[j - 1] + v + 1;
      }
      groups.push({ doc: doc, field: head % 4, positions: positions });
    }
    return groups;
  }

  /** Split key summary (postings::encode_summary) → [{doc, field, count, positions}]; body groups have no positions. */
  function decodeSummary(s) {
    var nums = decodeInts(s);
    var groups = [];
    var doc = 0;
    for (var i = 0; i < nums.length;) {
      doc += nums[i++];
      var head = nums[i++];
      var count = Math.floor(head / 4), field = head % 4;
      var positions = [];
      if (field !== BODY) {
        for (var j = 0; j < count; j++) {
          var v = nums[i++];
          positions.push(j === 0 ? v : positions[j - 1] + v + 1);
        }
      }
      groups.push({ doc: doc, field: field, count: count, positions: positions });
    }
    return groups;
  }

  /** Groups → Map(doc * 4 + field → sorted positions), merging several lists. */
  function byField(lists) {
    var map = new Map();
    for (var groups of lists) {
      for (var g of groups) {
        var k = g.doc * 4 + g.field;
        var ps = map.get(k);
        if (ps) { for (var x of g.positions) ps.push(x); ps.sorted = false; } else map.set(k, g.positions.slice());
      }
    }
    map.forEach(function (ps) { if (ps.sorted === false) ps.sort(function (a, b) { return a - b; }); });
    return map;
  }

  /** Heavy reference after `~`: {n, len, next: [group lens], prev: [group lens]} (next null: a whole list). */
  function parseRef(p) {
    var parts = p.slice(1).split('/');
    var head = parts[0].split('.');
    var lens = function (x) { return x.split('.').map(Number); };
    return { n: head[0], len: +head[1], next: parts.length > 1 ? lens(parts[1]) : null, prev: parts.length > 2 ? lens(parts[2]) : [] };
  }

  function sum(arr) { return arr.reduce(function (a, b) { return a + b; }, 0); }

  function bucketGroup(ch, groups) { return (ch ? ch.codePointAt(0) : 0) % Math.max(groups, 1); }

  function hasSorted(arr, x) {
    var lo = 0, hi = arr.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (arr[mid] < x) lo = mid + 1; else hi = mid;
    }
    return lo < arr.length && arr[lo] === x;
  }

  function compareHits(a, b) {
    return a.field - b.field || a.pos - b.pos || a.len - b.len;
  }

  /** As query::term_score; `deferred` counts body hits not in `hits` yet (see Engine.complete). */
  function termScore(hits, deferred) {
    var best = BODY;
    var start = false;
    for (var h of hits) {
      if (h.field < best) best = h.field;
      if (h.field === TITLE && h.pos === 0) start = true;
    }
    return FIELD_WEIGHT[best] + (start ? TITLE_START_BONUS : 0) + Math.min(hits.length + (deferred || 0), MAX_COUNTED_HITS);
  }

  // ---- Pinyin (src/phonetic.rs). ----

  // Tone-marked vowels (src/search/phonetic.rs toneless): tuìfèi is tuifei, ü is v.
  var TONELESS = { a: 'āáǎà', e: 'ēéěè', i: 'īíǐì', o: 'ōóǒò', u: 'ūúǔù', v: 'ǖǘǚǜü' };

  function toneless(c) {
    for (var plain in TONELESS) if (TONELESS[plain].indexOf(c) >= 0) return plain;
    return c;
  }

  function pinyinQuery(chars) {
    var q = chars.filter(function (c) { return c !== ' ' && c !== "'"; }).map(toneless).join('');
    return q.length >= 2 && q.length <= 48 && /^[a-z]+$/.test(q) ? q : null;
  }

  /** First match of q in target chars: [start, chars consumed] or null. */
  function pinyinFind(q, target, readings) {
    var m = q.length;
    var failed = new Uint8Array((target.length + 1) * (m + 1));
    function step(j, i) {
      if (j === m) return i;
      if (i === target.length || failed[i * (m + 1) + j]) return -1;
      var rest = q.slice(j);
      var rs = readings.get(target[i]) || [];
      for (var r of rs) {
        if (rest.length <= r.length && r.startsWith(rest)) return i + 1;
        var end;
        if (rest.startsWith(r) && (end = step(j + r.length, i + 1)) >= 0) return end;
        var two = r.length > 2 && r[1] === 'h' && (r[0] === 'z' || r[0] === 'c' || r[0] === 's');
        for (var n = 1; n <= (two ? 2 : 1); n++) {
          if (rest.length > n && rest.startsWith(r.slice(0, n)) && (end = step(j + n, i + 1)) >= 0) return end;
        }
      }
      failed[i * (m + 1) + j] = 1;
      return -1;
    }
    for (var s = 0; s < target.length; s++) {
      var e = step(0, s);
      if (e >= 0) return [s, e - s];
    }
    return null;
  }

  function pinyinDoc(q, lines, readings) {
    var best = 0, hits = [], kwOffset = 0;
    for (var i = 0; i < lines.length; i++) {
      var m = pinyinFind(q, lines[i], readings);
      if (m) {
        var field = i === 0 ? TITLE : KEYWORD;
        var pos = i === 0 ? m[0] : kwOffset + m[0];
        best = Math.max(best, PINYIN_WEIGHT[field] + (i === 0 && m[0] === 0 ? TITLE_START_BONUS : 0) +
          (i === 0 && m[0] === 0 && m[1] === lines[i].length ? PINYIN_WHOLE_TITLE_BONUS : 0));
        hits.push({ field: field, pos: pos, len: m[1] });
      }
      if (i > 0) kwOffset += lines[i].length + 1;
    }
    return hits.length ? { score: best, hits: hits } : null;
  }

  // ---- Engine: loads chunks on demand and runs queries. ----

  /**
   * root: URL prefix of the site root ("../"); loadScript(url, name) must
   * cause window.__hbSearch.add(name, data) to run, or throw/reject.
   */
  function Engine(root, loadScript) {
    this.root = root;
    this.loadScript = loadScript;
    this.chunks = new Map();
    this.registry = global.__hbSearch = global.__hbSearch || { waiting: new Map() };
    var registry = this.registry;
    registry.add = function (name, data) {
      var w = registry.waiting.get(name);
      if (w) w.resolve(data);
      else registry.waiting.set(name, { data: data });
    };
  }

  Engine.prototype.load = function (name) {
    var p = this.chunks.get(name);
    if (p) return p;
    var registry = this.registry;
    var self = this;
    p = new Promise(function (resolve, reject) {
      var early = registry.waiting.get(name);
      if (early && 'data' in early) { resolve(early.data); return; }
      registry.waiting.set(name, { resolve: resolve });
      Promise.resolve()
        .then(function () { return self.loadScript(self.root + 'search/' + name + '.js', name); })
        .catch(function (e) { self.chunks.delete(name); reject(e); });
    });
    this.chunks.set(name, p);
    return p;
  };

  Engine.prototype.init = function () {
    var self = this;
    if (!this.ready) {
      this.ready = this.load('index').then(function (m) {
        if (m.v !== FORMAT_VERSION) throw new Error('search index format ' + m.v);
        self.manifest = m;
        self.fold = new Map();
        self.foldLoaded = new Set();
        self.titleLens = decodeInts(m.title_lens);
        self.chunkStarts = [];
        var start = 0;
        for (var size of decodeInts(m.chunks)) { self.chunkStarts.push(start); start += size; }
      });
    }
    return this.ready;
  };

  /**
   * The role facet (search/roles.js), loaded after a query's results are shown: resolves to
   * {labels: [role label], docRoles: [[role index] per doc]}.
   */
  Engine.prototype.roles = function () {
    if (!this.roleFacet) {
      this.roleFacet = this.load('roles').then(function (r) {
        var codes = decodeInts(r.doc_roles);
        var docRoles = [];
        for (var i = 0; i < codes.length;) {
          var n = codes[i++];
          docRoles.push(codes.slice(i, i + n));
          i += n;
        }
        return { labels: r.role_labels, docRoles: docRoles };
      });
    }
    return this.roleFacet;
  };

  /** Loads the fold table chunks needed to fold the chars of `s`. */
  Engine.prototype.foldTable = function (s) {
    var self = this;
    var n = this.manifest.fold_chunks;
    var wanted = new Set();
    for (var ch of s) {
      var cp = ch.codePointAt(0);
      if (cp >= FOLD_TABLE_START && !this.foldLoaded.has(cp % n)) wanted.add(cp % n);
    }
    return Promise.all(Array.from(wanted).map(function (k) {
      return self.load('f' + k).then(function (f) {
        if (self.foldLoaded.has(k)) return;
        var pair = [];
        for (var ch of f.t) {
          pair.push(ch.codePointAt(0));
          if (pair.length === 2) { self.fold.set(pair[0], pair[1]); pair = []; }
        }
        self.foldLoaded.add(k);
      });
    })).then(function () { return self.fold; });
  };

  /** Whole list of a shard entry as Map(doc * 4 + field → positions); a split key's buckets merged. */
  Engine.prototype.positions = function (p) {
    if (p[0] !== '~') return Promise.resolve(byField([decodePostings(p)]));
    var r = parseRef(p);
    var self = this;
    if (!r.next) return this.load('h' + r.n).then(function (h) { return byField([decodePostings(h.p)]); });
    var groups = [];
    r.next.forEach(function (len, g) { if (len) groups.push(self.load('h' + r.n + 'n' + g)); });
    return Promise.all(groups).then(function (files) {
      var lists = [];
      for (var f of files) Object.keys(f.b).sort().forEach(function (c) { lists.push(decodePostings(f.b[c])); });
      return byField(lists);
    });
  };

  /** The bucket of char `ch` of split key `r`, by next (back false) or previous char, as positions(). */
  Engine.prototype.bucket = function (r, back, ch) {
    var lens = back ? r.prev : r.next;
    var g = bucketGroup(ch, lens.length);
    if (!lens[g]) return Promise.resolve(new Map());
    return this.load('h' + r.n + (back ? 'p' : 'n') + g).then(function (f) {
      var list = f.b[ch];
      return byField(list === undefined ? [] : [decodePostings(list)]);
    });
  };

  /** The shard file of placing prefix `prefix`, parsed: {keys, map: key → list}. */
  Engine.prototype.shardAt = function (prefix) {
    return this.load('s' + shardOfPrefix(prefix, this.manifest.shards)).then(function (s) {
      if (!s.map) {
        var keys = s.k ? s.k.split(' ') : [];
        var posts = s.p.split(',');
        s.keys = keys;
        s.map = new Map();
        keys.forEach(function (k, i) { s.map.set(k, posts[i]); });
      }
      return s;
    });
  };

  /** The shard holding `key`: by its first two chars, one char deeper per branch entry (query::shard_for). */
  Engine.prototype.shard = function (key) {
    var chars = Array.from(key);
    var self = this;
    function at(depth) {
      var prefix = chars.slice(0, depth).join('');
      return self.shardAt(prefix).then(function (s) {
        return chars.length > depth && s.map.has(prefix + BRANCH_MARK) ? at(depth + 1) : s;
      });
    }
    return at(Math.min(chars.length, 2));
  };

  /**
   * Every key starting with the chars `text` (2 or more), wherever branches placed it, and
   * where a branch holds only keys starting with it, its page lists (query::keys_starting):
   * {keys: sorted, words: [list refs], fragments: [list refs]}.
   */
  Engine.prototype.keysStarting = function (text) {
    var self = this;
    var start = text.join('');
    var found = new Set();
    var words = [], fragments = [];
    function scan(prefix) {
      var at = prefix.join('');
      return self.shardAt(at).then(function (s) {
        for (var k of s.keys) if (k.startsWith(start) && k[k.length - 1] !== BRANCH_MARK) found.add(k);
        var branch = s.map.get(at + BRANCH_MARK);
        if (branch === undefined) return;
        var parts = branch.split('|');
        if (prefix.length >= text.length) { words.push(parts[1]); fragments.push(parts[2]); return; }
        // Only the branch that the text goes on into.
        var c = text[prefix.length];
        if (Array.from(parts[0]).indexOf(c) >= 0) return scan(prefix.concat([c]));
      });
    }
    return scan(text.slice(0, 2)).then(function () {
      return { keys: Array.from(found).sort(), words: words, fragments: fragments };
    });
  };

  /** A branch's page list, inline or in its own file (`~N.LEN`), as positions(). */
  Engine.prototype.pages = function (ref) {
    if (ref[0] !== '~') return Promise.resolve(byField([decodePostings(ref)]));
    return this.load('h' + ref.slice(1).split('.')[0]).then(function (h) { return byField([decodePostings(h.p)]); });
  };

  Engine.prototype.groups = function (key) {
    var self = this;
    return this.shard(key).then(function (s) {
      var p = s.map.get(key);
      return p === undefined ? new Map() : self.positions(p);
    });
  };

  /**
   * Exact phrase matches of a CJK run (≥ 2 chars): loads the shards of all its
   * bigrams (an absent one means no match), then fetches the lists or buckets of the
   * cheapest cover, whose positions must line up.
   */
  Engine.prototype.phrase = function (text) {
    var self = this;
    var bigrams = [];
    for (var o = 0; o + 1 < text.length; o++) bigrams.push(text[o] + text[o + 1]);
    return Promise.all(bigrams.map(function (b) { return self.shard(b); })).then(function (shards) {
      var pieces = [];
      for (var at = 0; at < bigrams.length; at++) {
        var p = shards[at].map.get(bigrams[at]);
        if (p === undefined) return new Map();
        if (p[0] !== '~') { pieces.push({ at: at, via: 0, cost: 0 }); continue; }
        var r = parseRef(p);
        if (!r.next) { pieces.push({ at: at, via: 0, cost: r.len }); continue; }
        pieces.push({ at: at, via: 0, cost: sum(r.next) });
        if (at + 2 < text.length) pieces.push({ at: at, via: 1, cost: r.next[bucketGroup(text[at + 2], r.next.length)], r: r });
        // Buckets by the preceding char X exist unless the bigram X + first char is split.
        var before = at >= 1 ? shards[at - 1].map.get(bigrams[at - 1]) : '';
        var splitBefore = before[0] === '~' && before.indexOf('/') >= 0;
        if (at >= 1 && r.prev.length && !splitBefore) pieces.push({ at: at, via: 2, cost: r.prev[bucketGroup(text[at - 1], r.prev.length)], r: r });
      }
      var chosen = cover(pieces, text.length).map(function (i) { return pieces[i]; });
      return Promise.all(chosen.map(function (p) {
        if (p.via === 1) return self.bucket(p.r, false, text[p.at + 2]);
        if (p.via === 2) return self.bucket(p.r, true, text[p.at - 1]);
        return self.positions(shards[p.at].map.get(bigrams[p.at]));
      })).then(function (lists) {
        var first = chosen[0].at;
        var out = new Map();
        lists[0].forEach(function (ps, k) {
          var starts = [];
          for (var x of ps) {
            if (x < first) continue;
            var start = x - first;
            var ok = true;
            for (var i = 1; i < lists.length && ok; i++) {
              var other = lists[i].get(k);
              ok = other !== undefined && hasSorted(other, start + chosen[i].at);
            }
            if (ok) starts.push(start);
          }
          if (starts.length) out.set(k, starts);
        });
        return out;
      });
    });
  };

  /**
   * A 2-char term whose bigram is split: its summary. Returns Map(doc * 4 + field →
   * positions), with `deferred`: Map(doc → body hits left out).
   */
  Engine.prototype.summary = function (key) {
    var self = this;
    return this.shard(key).then(function (s) {
      var p = s.map.get(key);
      if (p === undefined) return new Map();
      var r = p[0] === '~' ? parseRef(p) : null;
      if (!r || !r.next) return self.positions(p);
      return self.load('h' + r.n).then(function (h) {
        var out = new Map();
        out.deferred = new Map();
        for (var g of decodeSummary(h.p)) {
          out.set(g.doc * 4 + g.field, g.positions);
          if (g.field === BODY) out.deferred.set(g.doc, g.count);
        }
        return out;
      });
    });
  };

  /**
   * Map doc → sorted hits for one term. `out.key` is the term's text; body hits left for
   * Engine.complete are counted in `out.deferred` (Map doc → count: a split 2-char key's)
   * or, where only the page is known (a run-edge char, a word fragment), `out.present`.
   */
  Engine.prototype.termHits = function (term) {
    var out = new Map();
    out.key = term.text.join('');
    out.present = new Set();
    function add(map, len) {
      map.forEach(function (positions, k) {
        var doc = Math.floor(k / 4);
        var hits = out.get(doc);
        if (!hits) out.set(doc, hits = []);
        if (!positions.length) out.present.add(doc);
        for (var p of positions) hits.push({ field: k % 4, pos: p, len: len });
      });
    }
    var key = out.key;
    var len = term.text.length;
    var self = this;
    var work;
    if (term.cjk && len === 1) work = this.groups(key).then(function (g) { add(g, 1); });
    else if (term.cjk && len === 2) {
      work = this.summary(key).then(function (g) {
        add(g, 2);
        if (g.deferred) out.deferred = g.deferred;
      });
    } else if (term.cjk) work = this.phrase(term.text).then(function (g) { add(g, len); });
    else {
      work = this.wordKeys(term).then(function (keys) {
        return Promise.all(keys.map(function (k) { return k[0] === null ? self.pages(k[2]) : self.groups(k[0]); })).then(function (lists) {
          lists.forEach(function (g, i) { add(g, keys[i][1]); });
        });
      });
    }
    return work.then(function () {
      out.forEach(function (hits) { hits.sort(compareHits); });
      return out;
    });
  };

  /** The keys a word term looks up, [[key, hit length]] or [null, hit length, branch page list], as query::word_keys. */
  Engine.prototype.wordKeys = function (term) {
    var text = term.text.join('');
    var len = term.text.length;
    var fragment = term.text.slice(0, MAX_FRAGMENT).join('');
    var keys = [[text, len]];
    if (term.prefix && len === 1) keys.push([fragment + START_MARK, 1]);
    if (term.suffix) keys.push([fragment + SUFFIX_MARK, len]);
    if (!(term.prefix && len >= 2)) return Promise.resolve(keys);
    return this.keysStarting(term.suffix ? term.text.slice(0, MAX_FRAGMENT) : term.text).then(function (found) {
      var out = [];
      for (var k of found.keys) {
        var end = k[k.length - 1];
        if (end === SUFFIX_MARK) { if (term.suffix) out.push([k, len]); }
        else if (end !== START_MARK && k.startsWith(text)) out.push([k, Array.from(k).length]);
      }
      for (var w of found.words) out.push([null, len, w]);
      if (term.suffix) for (var f of found.fragments) out.push([null, len, f]);
      return out;
    });
  };

  Engine.prototype.pinyin = function () {
    if (!this.pinyinData) {
      var self = this;
      this.pinyinData = this.load('pinyin').then(function (p) {
        var readings = new Map();
        Object.keys(p.r).forEach(function (c) { readings.set(c, p.r[c].split(' ')); });
        var lines = p.t.map(function (t) { return t.split('\n').map(function (l) { return Array.from(l); }); });
        return { readings: readings, lines: lines };
      });
    }
    return this.pinyinData;
  };

  /** Runs a query: [{doc, score, hits}] best first, as LoadedIndex::search. */
  Engine.prototype.search = function (query) {
    var self = this;
    return this.init().then(function () {
      return self.foldTable(query);
    }).then(function (table) {
      var folded = foldChars(query, table);
      var terms = queryTerms(folded);
      var pq = self.manifest.pinyin ? pinyinQuery(folded) : null;
      return Promise.all([
        Promise.all(terms.map(function (t) { return self.termHits(t); })),
        pq ? self.pinyin() : null,
      ]).then(function (r) {
        // AND: every term must match; scores add up.
        var found = new Map();
        r[0].forEach(function (hits, i) {
          var deferred = function (doc) { return hits.deferred ? hits.deferred.get(doc) || 0 : 0; };
          var pend = function (entry, doc) {
            if ((deferred(doc) || hits.present.has(doc)) && entry.pending.indexOf(hits.key) < 0) entry.pending.push(hits.key);
          };
          if (i === 0) {
            hits.forEach(function (h, doc) {
              var entry = { score: termScore(h, deferred(doc)), hits: h.slice(), pending: [] };
              pend(entry, doc);
              found.set(doc, entry);
            });
          } else {
            found.forEach(function (entry, doc) {
              var h = hits.get(doc);
              if (!h) { found.delete(doc); return; }
              entry.score += termScore(h, deferred(doc));
              entry.hits = entry.hits.concat(h);
              pend(entry, doc);
            });
          }
        });
        if (terms.length === 1) {
          var len = terms[0].text.length;
          found.forEach(function (entry, doc) {
            if (self.titleLens[doc] === len && entry.hits.some(function (h) { return h.field === TITLE && h.pos === 0 && h.len === len; })) {
              entry.score += WHOLE_TITLE_BONUS;
            }
          });
        }
        if (pq) {
          var py = r[1];
          py.lines.forEach(function (lines, doc) {
            var m = pinyinDoc(pq, lines, py.readings);
            if (!m) return;
            var entry = found.get(doc);
            if (!entry) found.set(doc, entry = { score: 0, hits: [], pending: [] });
            entry.score = Math.max(entry.score, m.score);
            entry.hits = entry.hits.concat(m.hits);
          });
        }
        var out = [];
        found.forEach(function (entry, doc) {
          entry.hits.sort(compareHits);
          var hits = entry.hits.filter(function (h, i, a) { return i === 0 || compareHits(a[i - 1], h) !== 0; });
          out.push({ doc: doc, score: entry.score, hits: hits, pending: entry.pending });
        });
        out.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
        return out;
      });
    });
  };

  /**
   * Completes a result's hits: the body hits of the terms in result.pending (a split
   * 2-char key's, left out of its summary, or a term known in the page without offsets)
   * are found in the doc's text, which showing the result loads anyway (query.rs does
   * the same). Resolves to the result.
   */
  Engine.prototype.complete = function (result) {
    if (!result.pending || !result.pending.length) return Promise.resolve(result);
    var self = this;
    return this.doc(result.doc).then(function (d) {
      var body = d.sections.map(function (s) { return s[2]; }).join('\n');
      return self.foldTable(body).then(function (table) {
        if (!result.pending.length) return result;
        var chars = foldChars(body, table);
        var hits = result.hits.slice();
        for (var key of result.pending) {
          var k = Array.from(key);
          for (var i = 0; i + k.length <= chars.length; i++) {
            var j = 0;
            while (j < k.length && chars[i + j] === k[j]) j++;
            if (j === k.length) hits.push({ field: BODY, pos: i, len: k.length });
          }
        }
        hits.sort(compareHits);
        result.hits = hits.filter(function (h, i, a) { return i === 0 || compareHits(a[i - 1], h) !== 0; });
        result.pending = [];
        return result;
      });
    });
  };

  /** Loads the display data of a doc: {url, title, sections: [[anchor, heading, text]]}. */
  Engine.prototype.doc = function (id) {
    var starts = this.chunkStarts;
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= id) lo = mid; else hi = mid - 1;
    }
    return this.load('d' + lo).then(function (c) {
      var d = c.d[id - c.first];
      return { url: d[0], title: d[1], sections: d[2] };
    });
  };

  Engine.prototype.kind = function (id) { return +this.manifest.kinds[id]; };

  // ---- Result rendering helpers. ----

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  /** HTML of chars[from, to) with the given [start, end) spans marked. */
  function markRange(chars, from, to, spans) {
    var html = '';
    var i = from;
    spans = spans.filter(function (s) { return s[1] > from && s[0] < to; }).sort(function (a, b) { return a[0] - b[0]; });
    for (var s of spans) {
      var a = Math.max(s[0], i), b = Math.min(s[1], to);
      if (b <= a) continue;
      html += escapeHtml(chars.slice(i, a).join('')) + '<mark>' + escapeHtml(chars.slice(a, b).join('')) + '</mark>';
      i = b;
    }
    return html + escapeHtml(chars.slice(i, to).join(''));
  }

  /**
   * Picks the section to link to and builds the title and snippet HTML in
   * the original script (offsets are the same as in the folded text).
   */
  function present(doc, hits) {
    var titleChars = Array.from(doc.title);
    var titleSpans = hits.filter(function (h) { return h.field === TITLE; }).map(function (h) { return [h.pos, h.pos + h.len]; });
    // Hits per section, as spans in that section's heading or text.
    var sections = doc.sections.map(function (s) { return { heading: Array.from(s[1]), text: Array.from(s[2]), hs: [], ts: [] }; });
    var hStart = 0, bStart = 0;
    sections.forEach(function (s) {
      for (var h of hits) {
        if (h.field === HEADING && h.pos >= hStart && h.pos <= hStart + s.heading.length) s.hs.push([h.pos - hStart, h.pos - hStart + h.len]);
        if (h.field === BODY && h.pos >= bStart && h.pos <= bStart + s.text.length) s.ts.push([h.pos - bStart, h.pos - bStart + h.len]);
      }
      hStart += s.heading.length + 1;
      bStart += s.text.length + 1;
    });
    var pick = sections.findIndex(function (s) { return s.hs.length; });
    if (pick < 0) pick = sections.findIndex(function (s) { return s.ts.length; });
    var anchor = pick >= 0 ? doc.sections[pick][0] : '';
    var snippet = '';
    var s = sections[pick >= 0 ? pick : 0];
    if (s) {
      var first = s.ts.length ? s.ts[0][0] : 0;
      var from = Math.max(0, first - 24);
      var to = Math.min(s.text.length, from + 90);
      snippet = (s.heading.length && pick >= 0 ? markRange(s.heading, 0, s.heading.length, s.hs) + ' › ' : '') +
        (from > 0 ? '…' : '') + markRange(s.text, from, to, s.ts) + (to < s.text.length ? '…' : '');
    }
    return {
      href: doc.url + (anchor ? '#' + encodeURIComponent(anchor) : ''),
      title: markRange(titleChars, 0, titleChars.length, titleSpans),
      snippet: snippet,
    };
  }

  // ---- UI. ----

  function scriptLoader(url) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement('script');
      el.src = url;
      el.async = true;
      el.onload = function () { el.remove(); resolve(); };
      el.onerror = function () { el.remove(); reject(new Error(word('search_load_failed', { url: url }))); };
      document.head.appendChild(el);
    });
  }

  /** A word of the site's language from window.HB_T (nav-data.js), `{name}` filled from `fill`. */
  function word(key, fill) {
    var t = typeof window !== 'undefined' && window.HB_T;
    var text = t && typeof t[key] === 'string' ? t[key] : key;
    return text.replace(/\{(\w+)\}/g, function (m, name) {
      return fill && name in fill ? String(fill[name]) : m;
    });
  }

  /** The label of a result kind: the site's word, else the index's own. */
  function kindLabel(m, k) {
    var t = typeof window !== 'undefined' && window.HB_T;
    return (t && t.kinds && t.kinds[k]) || m.labels[k];
  }

  function h(tag, cls, attrs) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }

  function mount(host) {
    var root = host.getAttribute('data-root') || '';
    if (root && !/\/$/.test(root)) root += '/';
    var engine = new Engine(root, scriptLoader);
    var input = h('input', 'hb-search-input', {
      type: 'search', placeholder: word('search_placeholder'), 'aria-label': word('search_label'),
      autocomplete: 'off', spellcheck: 'false', role: 'combobox', 'aria-expanded': 'false', 'aria-controls': 'hb-search-results',
    });
    var panel = h('div', 'hb-search-panel', { hidden: '' });
    var facets = h('div', 'hb-search-facets', { role: 'toolbar', 'aria-label': word('search_by_kind') });
    var roleSelect = h('select', 'hb-search-role', { 'aria-label': word('search_by_role') });
    var status = h('div', 'hb-search-status', { 'aria-live': 'polite' });
    var list = h('ul', 'hb-search-results', { id: 'hb-search-results', role: 'listbox' });
    var more = h('button', 'hb-search-more', { type: 'button', hidden: '' });
    more.textContent = word('search_more');
    panel.append(facets, roleSelect, status, list, more);
    host.append(input, panel);

    var state = { seq: 0, results: [], kind: -1, role: -1, shown: 0, active: -1, query: '', listed: null, openFirst: false };
    var timer = 0;

    function open(yes) {
      panel.hidden = !yes;
      input.setAttribute('aria-expanded', yes ? 'true' : 'false');
    }

    // The role facet's data, once loaded (it follows the first results, never delays them).
    var roleFacet = null;

    function filtered() {
      return state.results.filter(function (r) {
        return (state.kind < 0 || engine.kind(r.doc) === state.kind) &&
          (state.role < 0 || (roleFacet && roleFacet.docRoles[r.doc].indexOf(state.role) >= 0));
      });
    }

    function renderFacets() {
      var m = engine.manifest;
      var kindCounts = new Map();
      state.results.forEach(function (r) {
        var k = engine.kind(r.doc);
        kindCounts.set(k, (kindCounts.get(k) || 0) + 1);
      });
      facets.textContent = '';
      [-1].concat(Array.from(kindCounts.keys()).sort(function (a, b) { return a - b; })).forEach(function (k) {
        var b = h('button', 'hb-facet', { type: 'button', 'aria-pressed': String(state.kind === k) });
        b.textContent = (k < 0 ? word('search_all') : kindLabel(m, k)) + ' ' + (k < 0 ? state.results.length : kindCounts.get(k));
        b.addEventListener('click', function () { state.kind = k; state.shown = 0; renderFacets(); renderList(); input.focus(); });
        facets.append(b);
      });
      if (roleFacet) renderRoles();
      else {
        roleSelect.hidden = true;
        var seq = state.seq;
        engine.roles().then(function (r) {
          roleFacet = r;
          if (seq === state.seq) renderRoles();
        }).catch(function () {});
      }
    }

    function renderRoles() {
      var roleCounts = new Map();
      state.results.forEach(function (r) {
        roleFacet.docRoles[r.doc].forEach(function (x) { roleCounts.set(x, (roleCounts.get(x) || 0) + 1); });
      });
      roleSelect.textContent = '';
      var all = h('option', '', { value: '-1' });
      all.textContent = word('search_all_roles');
      roleSelect.append(all);
      Array.from(roleCounts.keys()).sort(function (a, b) { return a - b; }).forEach(function (x) {
        var o = h('option', '', { value: String(x) });
        o.textContent = word('search_role_count', { role: roleFacet.labels[x], n: roleCounts.get(x) });
        roleSelect.append(o);
      });
      roleSelect.value = String(roleCounts.has(state.role) ? state.role : -1);
      roleSelect.hidden = roleCounts.size === 0;
    }

    function setActive(i) {
      var items = list.children;
      if (state.active >= 0 && items[state.active]) items[state.active].setAttribute('aria-selected', 'false');
      state.active = Math.max(-1, Math.min(i, items.length - 1));
      if (state.active >= 0) {
        items[state.active].setAttribute('aria-selected', 'true');
        items[state.active].scrollIntoView({ block: 'nearest' });
        input.setAttribute('aria-activedescendant', items[state.active].id);
      } else input.removeAttribute('aria-activedescendant');
    }

    function renderList() {
      var seq = state.seq;
      var rows = filtered();
      var page = rows.slice(0, state.shown + PAGE_SIZE);
      if (!state.results.length) {
        // A pasted page of text is not repeated whole.
        var q = Array.from(state.query);
        status.textContent = word('search_none', { q: q.length > 40 ? q.slice(0, 40).join('') + '…' : state.query });
      } else {
        status.textContent = word('search_found', { n: rows.length });
      }
      return Promise.all(page.map(function (r) {
        return engine.complete(r).then(function () { return engine.doc(r.doc); });
      })).then(function (docs) {
        if (seq !== state.seq) return;
        list.textContent = '';
        docs.forEach(function (doc, i) {
          var r = page[i];
          var p = present(doc, r.hits);
          var li = h('li', 'hb-result', { role: 'option', id: 'hb-result-' + i, 'aria-selected': 'false' });
          var a = h('a', '', { href: root + p.href });
          a.innerHTML = '<span class="hb-kind hb-kind-' + engine.kind(r.doc) + '">' +
            escapeHtml(kindLabel(engine.manifest, engine.kind(r.doc))) + '</span><span class="hb-title">' + p.title +
            '</span><span class="hb-snippet">' + p.snippet + '</span>';
          a.addEventListener('click', function () { open(false); });
          li.append(a);
          list.append(li);
        });
        state.shown = page.length;
        more.hidden = page.length >= rows.length;
        setActive(page.length ? 0 : -1);
        state.listed = state.query;
        // Which query the list shows: lets tests (and styles) tell a fresh list from a stale one.
        host.setAttribute('data-listed', state.query);
        if (state.openFirst) {
          state.openFirst = false;
          if (list.children[0]) list.children[0].querySelector('a').click();
        }
      });
    }

    function run() {
      var q = input.value.trim();
      var seq = ++state.seq;
      state.query = q;
      if (!q) { open(false); list.textContent = ''; return; }
      open(true);
      status.textContent = word('search_busy');
      engine.search(q).then(function (results) {
        if (seq !== state.seq) return;
        state.results = results;
        state.kind = -1;
        state.role = -1;
        state.shown = 0;
        renderFacets();
        return renderList();
      }).catch(function (e) {
        state.openFirst = false;
        if (seq === state.seq) status.textContent = word('search_error', { e: e.message });
      });
    }

    // Text copied across lines: a one-line box would drop the line breaks and run the lines
    // together (退费\n班主任 → 退费班主任, found nowhere); a space keeps them apart.
    input.addEventListener('paste', function (e) {
      var text = e.clipboardData && e.clipboardData.getData('text');
      if (!text || !/[\r\n]/.test(text)) return;
      e.preventDefault();
      var spaced = text.replace(/\s*[\r\n]+\s*/g, ' ');
      var start = input.selectionStart, end = input.selectionEnd;
      input.value = input.value.slice(0, start) + spaced + input.value.slice(end);
      input.setSelectionRange(start + spaced.length, start + spaced.length);
      input.dispatchEvent(new Event('input'));
    });
    input.addEventListener('input', function () {
      state.openFirst = false;
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    input.addEventListener('focus', function () {
      engine.init().catch(function () {});
      if (input.value.trim() && list.children.length) open(true);
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') { e.preventDefault(); setActive(state.active + 1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); setActive(state.active - 1); }
      else if (e.key === 'Enter') {
        // Enter while an input method is composing confirms the characters, not a result.
        if (e.isComposing || e.keyCode === 229) return;
        e.preventDefault();
        var q = input.value.trim();
        if (!q) return;
        // The list on screen may be for what was typed before: search now, open when ready.
        if (q !== state.listed) { clearTimeout(timer); state.openFirst = true; run(); return; }
        // Results closed with Esc: Enter shows them again rather than opening a hidden one.
        if (panel.hidden) { open(true); return; }
        var item = list.children[Math.max(state.active, 0)];
        if (item) item.querySelector('a').click();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        if (!panel.hidden) open(false); else { input.value = ''; input.blur(); }
      }
    });
    roleSelect.addEventListener('change', function () {
      state.role = +roleSelect.value;
      state.shown = 0;
      renderList();
    });
    // More results: the first new one becomes the current one, in view, and the arrows go
    // on from there (focus back in the box).
    more.addEventListener('click', function () {
      var from = state.shown;
      renderList().then(function () {
        if (list.children.length > from) setActive(from);
        input.focus();
      });
    });
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if ((e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey)) { e.preventDefault(); input.focus(); input.select(); }
      else if (e.key === '/' && !typing) { e.preventDefault(); input.focus(); input.select(); }
    });
    // A click outside closes the results. The path is taken when the click happened: a facet
    // button re-renders itself on click and is no longer in the box by the time this runs.
    document.addEventListener('click', function (e) {
      var path = e.composedPath ? e.composedPath() : [e.target];
      if (path.indexOf(host) < 0 && !host.contains(e.target)) open(false);
    });
  }

  var api = { Engine: Engine, present: present, foldChars: foldChars, queryTerms: queryTerms, shardOf: shardOf, pinyinFind: pinyinFind };
  if (typeof module === 'object' && module.exports) module.exports = api;
  global.hbSearch = api;
  if (typeof document !== 'undefined') {
    var start = function () {
      var host = document.getElementById('hb-search');
      if (host) mount(host);
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  }
})(typeof window !== 'undefined' ? window : globalThis);
