// newsfacts review page: renders the index and, on demand, one article from the JSON data
// embedded in the page. No network, no library; routes are URL fragments (#/a/<id>), so the
// browser's back button and bookmarks work on a file opened from disk.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("data").textContent);
  var F = {};
  data.fields.forEach(function (name, i) { F[name] = i; });
  var KINDS = ["entity", "date", "quantity"];
  var PAGE_SIZE = 100;
  var STATUS = {
    correct: { sym: "\u2713", text: "matches the gold" },
    wrong: { sym: "\u2260", text: "wrong value or label" },
    spurious: { sym: "\u2717", text: "not in the gold (spurious)" },
    missed: { sym: "\u25CB", text: "in the gold only (missed)" }
  };
  var VALUE_NAME = { entity: "canonical name", date: "TIMEX3 value", quantity: "value" };
  var diff = data.mode === "diff";
  var articles = data.articles;
  var byId = new Map();
  articles.forEach(function (a, i) { a.position = i; byId.set(a.id, a); });
  var state = { filter: "", sort: "position", dir: 1, page: 0, order: articles.slice(), current: null };
  var shownFacts = []; // facts of the view on screen, indexed by each mark's data-i

  function $(id) { return document.getElementById(id); }
  function esc(value) {
    return String(value === null || value === undefined ? "" : value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function fmt(x, digits) { return x === null || x === undefined ? "" : Number(x).toFixed(digits === undefined ? 3 : digits); }
  function articleHref(a) { return "#/a/" + encodeURIComponent(a.id); }

  // ------------------------------------------------------------------ index

  var COLUMNS = diff ? [
    { key: "id", title: "Article", get: function (a) { return a.title || a.id; } },
    { key: "title", title: "Id", opt: true, get: function (a) { return a.title ? a.id : ""; } },
    { key: "status", title: "Status", get: function (a) { return a.status; } },
    { key: "added", title: "Added", num: true, get: function (a) { return a.added.length; } },
    { key: "removed", title: "Removed", num: true, get: function (a) { return a.removed.length; } },
    { key: "changed", title: "Changed", num: true, get: function (a) { return a.changed.length; } }
  ] : [
    { key: "id", title: "Article", get: function (a) { return a.title || a.id; } },
    { key: "title", title: "Id", opt: true, get: function (a) { return a.title ? a.id : ""; } },
    { key: "published", title: "Published", opt: true, get: function (a) { return a.published; } }
  ].concat(KINDS.map(function (kind) {
    return { key: kind, title: kind.charAt(0).toUpperCase() + kind.slice(1) + " facts", num: true,
             get: function (a) { return a.counts[kind]; } };
  })).concat(data.scores ? [
    { key: "relaxed_f1", title: "Relaxed F1", num: true, digits: 3,
      get: function (a) { return a.scores ? a.scores.all.relaxed_f1 : null; } },
    { key: "value_f1", title: "Value F1", num: true, digits: 3,
      get: function (a) { return a.scores ? a.scores.all.value_f1 : null; } },
    { key: "missed", title: STATUS.missed.sym + " Missed", num: true, get: function (a) { return a.scores ? (a.status.missed || 0) : null; } },
    { key: "spurious", title: STATUS.spurious.sym + " Spurious", num: true, get: function (a) { return a.scores ? (a.status.spurious || 0) : null; } },
    { key: "wrong", title: STATUS.wrong.sym + " Wrong", num: true, get: function (a) { return a.scores ? (a.status.wrong || 0) : null; } }
  ] : []);

  function haystack(a) {
    if (a.search === undefined) {
      a.search = [a.id, a.title, a.source, a.published, a.status || ""].join(" ").toLowerCase();
    }
    return a.search;
  }

  function applyFilterAndSort() {
    var words = state.filter.toLowerCase().split(/\s+/).filter(Boolean);
    var list = articles.filter(function (a) {
      var text = haystack(a);
      return words.every(function (w) { return text.indexOf(w) >= 0; });
    });
    var column = COLUMNS.filter(function (c) { return c.key === state.sort; })[0];
    var get = column ? column.get : function (a) { return a.position; };
    var dir = state.dir;
    list.sort(function (x, y) {
      var a = get(x), b = get(y);
      if (a === b) return x.position - y.position;
      if (a === null || a === undefined || a === "") return 1; // no value: always last
      if (b === null || b === undefined || b === "") return -1;
      if (typeof a === "number" && typeof b === "number") return (a - b) * dir;
      return String(a).localeCompare(String(b)) * dir || x.position - y.position;
    });
    state.order = list;
  }

  function renderHead() {
    var cells = COLUMNS.map(function (c) {
      var sort = state.sort === c.key ? (state.dir > 0 ? "ascending" : "descending") : "none";
      return '<th scope="col" class="' + (c.num ? "n" : "") + (c.opt ? " opt" : "") + '" aria-sort="' + sort +
        '"><button type="button" data-sort="' + c.key + '">' + esc(c.title) + "</button></th>";
    });
    $("index").querySelector("thead").innerHTML = "<tr>" + cells.join("") + "</tr>";
  }

  function renderRows() {
    var pages = Math.max(1, Math.ceil(state.order.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    var first = state.page * PAGE_SIZE;
    var slice = state.order.slice(first, first + PAGE_SIZE);
    $("index").querySelector("tbody").innerHTML = slice.map(function (a) {
      return '<tr data-id="' + esc(a.id) + '">' + COLUMNS.map(function (c) {
        var value = c.get(a);
        if (c.key === "id") {
          var warn = a.problems && a.problems.length ?
            ' <span title="' + esc(a.problems.join("; ")) + '">\u26A0<span class="sr"> has problems</span></span>' : "";
          return '<th scope="row"><a href="' + articleHref(a) + '">' + esc(a.title || a.id) + "</a>" + warn + "</th>";
        }
        var shown = c.digits && value !== null ? fmt(value, c.digits) : value;
        return '<td class="' + (c.num ? "n" : "") + (c.opt ? " opt" : "") + '">' + esc(shown) + "</td>";
      }).join("") + "</tr>";
    }).join("");
    var total = articles.length, n = state.order.length;
    $("shown").textContent = n ? "Showing " + (first + 1) + "\u2013" + (first + slice.length) + " of " + n +
      " articles" + (n < total ? " (" + total + " in all)" : "") : "No article matches (" + total + " in all)";
    $("pager").innerHTML = pages > 1 ?
      '<button type="button" class="page" data-page="-1"' + (state.page === 0 ? " disabled" : "") + ">\u2190 Previous</button>" +
      "<span>Page " + (state.page + 1) + " of " + pages + "</span>" +
      '<button type="button" class="page" data-page="1"' + (state.page >= pages - 1 ? " disabled" : "") + ">Next \u2192</button>" : "";
  }

  function scoreTable(scores) {
    var rows = KINDS.concat(["all"]).map(function (kind) {
      var s = scores[kind];
      return "<tr><th scope=\"row\">" + kind + '</th><td class="n">' + s.system + '</td><td class="n">' + s.gold +
        "</td>" + ["strict_p", "strict_r", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1", "value_f1", "label_f1"]
        .map(function (m) { return '<td class="n">' + fmt(s[m]) + "</td>"; }).join("") + "</tr>";
    });
    return '<div class="scroll"><table class="scores"><caption class="sr">Scores against the gold</caption><thead><tr>' +
      '<th scope="col">kind</th><th class="n" scope="col">system</th><th class="n" scope="col">gold</th>' +
      '<th class="n" scope="col">strict P</th><th class="n" scope="col">strict R</th><th class="n" scope="col">strict F1</th>' +
      '<th class="n" scope="col">relaxed P</th><th class="n" scope="col">relaxed R</th><th class="n" scope="col">relaxed F1</th>' +
      '<th class="n" scope="col">value F1</th><th class="n" scope="col">label F1</th></tr></thead><tbody>' +
      rows.join("") + "</tbody></table></div>";
  }

  function legend(withGold) {
    var items = KINDS.map(function (kind) {
      return '<li><mark class="f k-' + kind + '">' + kind + "</mark></li>";
    });
    if (withGold) {
      items = items.concat(Object.keys(STATUS).map(function (s) {
        return '<li><mark class="f k-entity s-' + s + '"><span class="sym" aria-hidden="true">' + STATUS[s].sym +
          "</span></mark> " + STATUS[s].text + "</li>";
      }));
    }
    return '<ul class="legend" aria-label="Legend">' + items.join("") + "</ul>";
  }

  function renderSummary() {
    var html = [];
    if (diff) {
      var count = function (key) { return articles.reduce(function (n, a) { return n + a[key].length; }, 0); };
      var statuses = {};
      articles.forEach(function (a) { statuses[a.status] = (statuses[a.status] || 0) + 1; });
      html.push("<p>" + articles.length + " articles with changes (" + Object.keys(statuses).sort().map(function (s) {
        return statuses[s] + " " + esc(s);
      }).join(", ") + "): " + count("added") + " facts added, " + count("removed") + " removed, " +
        count("changed") + " changed.</p>");
    } else {
      var facts = {};
      KINDS.forEach(function (k) { facts[k] = articles.reduce(function (n, a) { return n + a.counts[k]; }, 0); });
      html.push("<p>" + articles.length + " articles, " + KINDS.map(function (k) { return facts[k] + " " + k; }).join(", ") +
        " facts." + (data.scores ? "" : " No gold given: give <code>--gold</code> to score.") + "</p>");
      if (data.scores) html.push(scoreTable(data.scores));
      html.push(legend(Boolean(data.scores)));
    }
    if (data.failed && data.failed.length) {
      html.push('<div class="problems"><p>' + data.failed.length + " articles could not be processed:</p><ul>" +
        data.failed.map(function (e) {
          return "<li>" + esc(e.origin) + ": " + esc(e.article_id) + ": " + esc(e.problem) + "</li>";
        }).join("") + "</ul></div>");
    }
    $("summary").innerHTML = html.join("");
  }

  // ------------------------------------------------------------------ facts in text

  function label(f) {
    var status = f[F.status];
    return '<span class="lbl">' + esc(f[F.label] || f[F.kind]) +
      (status ? ' <span class="sym" aria-label="' + STATUS[status].text + '">' + STATUS[status].sym + "</span>" : "") +
      "</span>";
  }

  function openMark(entry, first) {
    var f = entry.f;
    return '<mark class="f k-' + esc(f[F.kind]) + (f[F.status] ? " s-" + f[F.status] : "") + '" data-i="' + entry.i +
      '" data-kind="' + esc(f[F.kind]) + '"' + (f[F.status] ? ' data-status="' + f[F.status] + '"' : "") +
      (first ? ' tabindex="0"' : ' data-cont="1"') + ">";
  }

  // The text with each fact in a <mark>: facts that overlap without nesting are cut into
  // pieces, so the HTML stays well nested; a fact's label follows its last piece.
  // `spans` gives each fact's [start, end] in `text` when they are not the fact's own offsets,
  // and `indexes` each fact's index in shownFacts when it is not its index in `facts`.
  function highlight(text, facts, spans, indexes) {
    var n = text.length;
    var entries = [];
    facts.forEach(function (f, i) {
      var s = spans ? spans[i][0] : f[F.start], e = spans ? spans[i][1] : f[F.end];
      if (s >= 0 && e <= n && s < e) entries.push({ f: f, i: indexes ? indexes[i] : i, s: s, e: e });
    });
    entries.sort(function (a, b) { return a.s - b.s || b.e - a.e || a.i - b.i; });
    var cuts = new Set([0, n]);
    entries.forEach(function (x) { cuts.add(x.s); cuts.add(x.e); });
    cuts = Array.from(cuts).sort(function (a, b) { return a - b; });
    var out = [], open = [], next = 0;
    function close(at) {
      var x = open.pop();
      out.push((x.e === at ? label(x.f) : "") + "</mark>");
    }
    for (var c = 0; c < cuts.length - 1; c++) {
      var from = cuts[c], to = cuts[c + 1];
      var covering = [];
      for (var j = 0; j < entries.length && entries[j].s <= from; j++) {
        if (entries[j].e >= to) covering.push(entries[j]);
      }
      var keep = 0;
      while (keep < open.length && keep < covering.length && open[keep] === covering[keep]) keep++;
      while (open.length > keep) close(from);
      for (var k = keep; k < covering.length; k++) {
        out.push(openMark(covering[k], covering[k].s === from));
        open.push(covering[k]);
      }
      out.push(esc(text.slice(from, to)).replace(/\n/g, "\n\n"));
    }
    while (open.length) close(n);
    return out.join("");
  }

  function tipHtml(f) {
    var kind = f[F.kind], status = f[F.status];
    var rows = [["text", f[F.text]], [VALUE_NAME[kind] || "value", f[F.value]]];
    if (f[F.detail]) rows.push(["details", f[F.detail]]);
    if (f[F.modifier]) rows.push(["modifier", f[F.modifier]]);
    if (f[F.about]) rows.push(["about", f[F.about]]);
    if (kind === "entity" && f[F.mentions] > 1) rows.push(["mentions", f[F.mentions]]);
    if (status === "wrong") rows.push(["gold", f[F.gold]]);
    if (status === "missed") rows.push(["found", "no: only in the gold"]);
    return "<strong>" + esc(f[F.label]) + "</strong> " + esc(kind) +
      (status ? " \u00B7 " + STATUS[status].sym + " " + STATUS[status].text : "") +
      "<dl>" + rows.map(function (r) { return "<dt>" + esc(r[0]) + "</dt><dd>" + esc(r[1]) + "</dd>"; }).join("") + "</dl>";
  }

  var tipFor = null;
  function showTip(mark) {
    var f = shownFacts[Number(mark.getAttribute("data-i"))];
    if (!f) return;
    var tip = $("tip");
    if (tipFor) tipFor.classList.remove("on");
    tipFor = mark;
    mark.classList.add("on");
    tip.innerHTML = tipHtml(f);
    tip.hidden = false;
    mark.setAttribute("aria-describedby", "tip");
    var box = mark.getBoundingClientRect();
    var width = tip.offsetWidth;
    var left = Math.max(4, Math.min(box.left, document.documentElement.clientWidth - width - 4));
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
  }
  function hideTip() {
    if (tipFor) { tipFor.classList.remove("on"); tipFor.removeAttribute("aria-describedby"); }
    tipFor = null;
    $("tip").hidden = true;
  }
  function markOf(node) {
    var mark = node && node.closest ? node.closest("mark.f[data-i]") : null;
    return mark && $("article-view").contains(mark) ? mark : null;
  }

  // ------------------------------------------------------------------ article views

  function neighbours(a) {
    var list = state.order.indexOf(a) >= 0 ? state.order : articles;
    var i = list.indexOf(a);
    return { prev: list[i - 1], next: list[i + 1], index: i, total: list.length };
  }

  function navigation(a) {
    var near = neighbours(a);
    return '<nav class="article-nav" aria-label="Articles"><a href="#/" data-back="1">\u2190 Index</a>' +
      (near.prev ? '<a href="' + articleHref(near.prev) + '" rel="prev">Previous (k)</a>' : "") +
      (near.next ? '<a href="' + articleHref(near.next) + '" rel="next">Next (j)</a>' : "") +
      "<span>" + (near.index + 1) + " of " + near.total + "</span></nav>";
  }

  function heading(a) {
    return '<h2 tabindex="-1">' + esc(a.title || a.id) + "</h2>" +
      '<p class="meta">' + [a.id, a.published, a.source].filter(Boolean).map(esc).join(" \u00B7 ") + "</p>" +
      (a.problems && a.problems.length ? '<div class="problems" role="note"><ul>' + a.problems.map(function (p) {
        return "<li>" + esc(p) + "</li>";
      }).join("") + "</ul></div>" : "");
  }

  function factTable(facts) {
    var gold = facts.some(function (f) { return f[F.status]; });
    return '<details open><summary>All facts (' + facts.length + ')</summary><div class="scroll"><table class="facts">' +
      '<thead><tr><th scope="col">kind</th><th scope="col">label</th>' + (gold ? '<th scope="col">gold</th>' : "") +
      '<th scope="col">text</th><th scope="col">value</th><th scope="col">about</th></tr></thead><tbody>' +
      facts.map(function (f) {
        var status = f[F.status];
        return "<tr><td>" + esc(f[F.kind]) + "</td><td>" + esc(f[F.label]) + "</td>" +
          (gold ? "<td>" + (status ? '<span class="sym" aria-hidden="true">' + STATUS[status].sym + "</span> " +
            esc(status) + (status === "wrong" ? " (gold: " + esc(f[F.gold]) + ")" : "") : "") + "</td>" : "") +
          "<td>" + esc(f[F.text]) + "</td><td>" + esc(f[F.value]) + (f[F.detail] ? " (" + esc(f[F.detail]) + ")" : "") +
          "</td><td>" + esc(f[F.about]) + "</td></tr>";
      }).join("") + "</tbody></table></div></details>";
  }

  // Without the article's text: each sentence that holds facts, with them highlighted where
  // their words occur in it.
  function sentences(facts) {
    var groups = [], bySentence = new Map();
    facts.forEach(function (f, i) {
      var key = f[F.sentence] || f[F.text];
      if (!bySentence.has(key)) { bySentence.set(key, { text: key, at: [] }); groups.push(bySentence.get(key)); }
      bySentence.get(key).at.push(i);
    });
    return groups.map(function (g) {
      var from = 0, spans = [];
      g.at.forEach(function (i) {
        var words = facts[i][F.text], found = g.text.indexOf(words, from);
        if (found < 0) found = g.text.indexOf(words);
        spans.push(found < 0 ? [-1, -1] : [found, found + words.length]);
        if (found >= 0) from = found;
      });
      return highlight(g.text, g.at.map(function (i) { return facts[i]; }), spans, g.at);
    }).join("\n");
  }

  function renderArticle(a) {
    shownFacts = a.facts;
    var counts = KINDS.map(function (k) { return a.counts[k] + " " + k; }).join(", ");
    var status = a.scores ? "; against the gold: " + Object.keys(STATUS).map(function (s) {
      return (a.status[s] || 0) + " " + STATUS[s].sym + " " + s;
    }).join(", ") : "";
    var text = a.text !== null && a.text !== undefined ?
      '<div class="text" id="text">' + highlight(a.text, a.facts) + "</div>" :
      '<p class="meta">The article text was not given (use <code>--articles</code>): the sentences with facts.</p>' +
      '<div class="text" id="text">' + sentences(a.facts) + "</div>";
    return navigation(a) + heading(a) + "<p>" + counts + " facts" + status + ".</p>" +
      (a.scores ? scoreTable(a.scores) : "") + legend(Boolean(a.scores)) + text + factTable(a.facts);
  }

  function context(f) {
    var sentence = f[F.sentence] || "";
    var at = sentence.indexOf(f[F.text]);
    if (at < 0) return sentence ? '<span class="context">' + esc(sentence) + "</span>" : "";
    return '<span class="context">' + esc(sentence.slice(0, at)) + "<b>" + esc(f[F.text]) + "</b>" +
      esc(sentence.slice(at + f[F.text].length)) + "</span>";
  }

  function diffCell(f, other, side) {
    if (!f) return '<td class="none" data-side="' + side + '">\u2014</td>';
    shownFacts.push(f);
    var i = shownFacts.length - 1;
    var fields = [["value", F.value], ["label", F.label], ["details", F.detail], ["modifier", F.modifier],
                  ["about", F.about], ["text", F.text]];
    var lines = fields.filter(function (x) {
      // the text is in the mark already: repeat it only when it changed
      return x[0] === "text" ? other && other[x[1]] !== f[x[1]] : f[x[1]] || (other && other[x[1]]);
    }).map(function (x) {
      var changed = other && String(other[x[1]]) !== String(f[x[1]]);
      return '<span class="field' + (changed ? ' changed" title="changed' : "") + '">' + x[0] + ": " +
        esc(f[x[1]] || "\u2014") + (changed ? '<span class="sr"> (changed)</span>' : "") + "</span>";
    });
    return '<td data-side="' + side + '"><mark class="f k-' + esc(f[F.kind]) + '" data-i="' + i + '" data-kind="' +
      esc(f[F.kind]) + '" tabindex="0">' + esc(f[F.text]) + label(f) + "</mark>" + lines.join("") + context(f) + "</td>";
  }

  function renderDiff(a) {
    shownFacts = [];
    var rows = [];
    a.changed.forEach(function (pair) { rows.push({ at: pair[1][F.start], cls: "chg", name: "changed", old: pair[0], neu: pair[1] }); });
    a.removed.forEach(function (f) { rows.push({ at: f[F.start], cls: "del", name: "removed", old: f, neu: null }); });
    a.added.forEach(function (f) { rows.push({ at: f[F.start], cls: "add", name: "added", old: null, neu: f }); });
    rows.sort(function (x, y) { return x.at - y.at; });
    var body = rows.map(function (r) {
      return '<tr class="' + r.cls + '"><td>' + r.name + "</td>" + diffCell(r.old, r.neu, "before") +
        diffCell(r.neu, r.old, "after") + "</tr>";
    }).join("");
    return navigation(a) + heading(a) + "<p>" + esc(a.status) + ": " + a.added.length + " added, " + a.removed.length +
      " removed, " + a.changed.length + " changed.</p>" + legend(false) +
      '<table class="diff"><thead><tr><th scope="col">change</th><th scope="col">before</th><th scope="col">after</th>' +
      "</tr></thead><tbody>" + body + "</tbody></table>";
  }

  // ------------------------------------------------------------------ routing and keys

  var indexScroll = 0;
  function showIndex() {
    hideTip();
    var previous = state.current;
    state.current = null;
    $("article-view").hidden = true;
    $("article-view").innerHTML = "";
    $("index-view").hidden = false;
    document.title = document.querySelector("h1").textContent;
    window.scrollTo(0, indexScroll);
    if (previous) {
      var at = state.order.indexOf(previous);
      if (at >= 0 && Math.floor(at / PAGE_SIZE) !== state.page) { state.page = Math.floor(at / PAGE_SIZE); renderRows(); }
      var link = $("index").querySelector('a[href="' + articleHref(previous).replace(/"/g, '\\"') + '"]');
      if (link) link.focus();
    }
  }

  function showArticle(a) {
    hideTip();
    if (!state.current) indexScroll = window.scrollY;
    state.current = a;
    var view = $("article-view");
    view.innerHTML = diff ? renderDiff(a) : renderArticle(a);
    $("index-view").hidden = true;
    view.hidden = false;
    document.title = (a.title || a.id) + " \u2013 " + document.querySelector("h1").textContent;
    window.scrollTo(0, 0);
    view.querySelector("h2").focus();
  }

  // an article's id from a link's fragment; null for one that does not decode (a hand-typed or
  // truncated "%E0%A4%A"), which shows the index rather than stopping the page with a URIError
  function decodedId(fragment) {
    try { return decodeURIComponent(fragment); } catch (error) { return null; }
  }

  var started = false;
  function route() {
    var hash = location.hash;
    var a = hash.indexOf("#/a/") === 0 ? byId.get(decodedId(hash.slice(4))) : null;
    if (started && (a || null) === state.current) return; // already shown (keys route at once)
    started = true;
    if (a) showArticle(a); else showIndex();
  }

  // keys change the view at once rather than on the asynchronous hashchange, so a key pressed
  // right after another acts on the view the first one opened
  function go(a) { if (a) { location.hash = articleHref(a); route(); } }
  function goIndex() { location.hash = "#/"; route(); }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA");
    if (event.key === "Escape") {
      if (!$("tip").hidden) { hideTip(); return; }
      if (typing) { target.blur(); return; }
      if (state.current) goIndex();
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/") {
      event.preventDefault();
      if (state.current) goIndex();
      $("filter").focus();
    } else if (state.current && (event.key === "j" || event.key === "k")) {
      var near = neighbours(state.current);
      go(event.key === "j" ? near.next : near.prev);
    }
  });

  $("filter").addEventListener("input", function (event) {
    state.filter = event.target.value;
    state.page = 0;
    applyFilterAndSort();
    renderRows();
  });
  $("filter").addEventListener("keydown", function (event) {
    if (event.key === "Enter" && state.order.length) go(state.order[state.page * PAGE_SIZE]);
  });
  $("index").querySelector("thead").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-sort]");
    if (!button) return;
    var key = button.getAttribute("data-sort");
    state.dir = state.sort === key ? -state.dir : 1;
    state.sort = key;
    applyFilterAndSort();
    renderHead();
    renderRows();
    $("index").querySelector('button[data-sort="' + key + '"]').focus();
  });
  $("pager").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-page]");
    if (!button) return;
    state.page += Number(button.getAttribute("data-page"));
    renderRows();
  });
  document.addEventListener("mouseover", function (event) {
    var mark = markOf(event.target);
    if (mark && mark !== tipFor) showTip(mark);
  });
  document.addEventListener("mouseout", function (event) {
    var mark = markOf(event.target);
    if (mark && mark === tipFor && !mark.contains(event.relatedTarget)) hideTip();
  });
  document.addEventListener("focusin", function (event) {
    var mark = markOf(event.target);
    if (mark) showTip(mark); else if (tipFor) hideTip();
  });
  window.addEventListener("hashchange", route);

  renderSummary();
  applyFilterAndSort();
  renderHead();
  renderRows();
  route();
  document.body.setAttribute("data-ready", "1");
  if (window.performance && performance.mark) performance.mark("newsfacts-ready");
})();
