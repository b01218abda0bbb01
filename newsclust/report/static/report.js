// Builds the report from the JSON block with textContent only: no text of the data is ever parsed as markup.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var FIRST_SCREEN = 40, MORE = 100, TIMELINE_ROWS = 12, UNTIMED_SHOWN = 10;
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var threads = data.threads;
  var list = document.getElementById("threads");
  var more = document.getElementById("more");
  var count = document.getElementById("count");
  var search = document.getElementById("search");
  var sourceSelect = document.getElementById("source");
  var visible = [], rendered = 0, haystacks = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    for (var name in attributes) node.setAttribute(name, attributes[name]);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function plural(n, one, many) { return n.toLocaleString("en") + " " + (n === 1 ? one : many); }
  function shownTime(value) { return value ? String(value).slice(0, 16).replace("T", " ") : ""; }
  // Search ignores case and Vietnamese (and other) diacritics: "ha noi" finds "Hà Nội".
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase();
  }
  function dayOf(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value || "");
    return match ? Date.UTC(+match[1], +match[2] - 1, +match[3]) / 86400000 : null;
  }
  function dayName(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }

  // ------------------------------------------------------------------ summary and source filter
  var sourceCounts = {}, articleTotal = 0;
  threads.forEach(function (thread) {
    articleTotal += thread.articles.length;
    thread.sources.forEach(function (source) { sourceCounts[source] = (sourceCounts[source] || 0) + 1; });
  });
  var sources = Object.keys(sourceCounts).sort(function (a, b) {
    return sourceCounts[b] - sourceCounts[a] || (a < b ? -1 : a > b ? 1 : 0);
  });
  sources.forEach(function (source) {
    var option = el("option", null, source + " (" + sourceCounts[source] + ")");
    option.value = source;
    sourceSelect.appendChild(option);
  });
  document.getElementById("summary").textContent = plural(threads.length, "thread", "threads") + ", " +
    plural(articleTotal, "article", "articles") + ", " + plural(sources.length, "source", "sources");

  // ------------------------------------------------------------------ the threads
  function threadMeta(thread) {
    var parts = [plural(thread.size, "article", "articles"), plural(thread.events.length, "event", "events")];
    if (thread.first_time) {
      var first = shownTime(thread.first_time), last = shownTime(thread.last_time);
      parts.push(first === last || !last ? first : first + " – " + last);
    } else {
      parts.push("no times");
    }
    if (thread.sources.length) parts.push(thread.sources.join(", "));
    return parts.join(" · ");
  }

  function articleItem(thread, article) {
    var item = el("li", "article");
    item.appendChild(el("span", "article-title", article.title || article.id));
    var meta = [article.source || "no source"];
    if (article.time) meta.push(shownTime(article.time));
    meta.push(article.id);
    item.appendChild(el("div", "article-meta", meta.join(" · ")));
    if (article.duplicate_of) {
      var copy = el("div", "copy");
      copy.appendChild(el("span", "copy-mark", "copy"));
      var original = thread.articles.filter(function (a) { return a.id === article.duplicate_of; })[0];
      copy.appendChild(document.createTextNode("near-duplicate of " +
        (original ? "“" + original.title + "” (" + (original.source || "no source") + ", " + original.id + ")"
                  : article.duplicate_of)));
      item.appendChild(copy);
    }
    return item;
  }

  function eventBlock(thread, label, positions, open) {
    var block = el("details", "event");
    block.open = open;
    block.appendChild(el("summary", null, label + " (" + positions.length + ")"));
    var articles = el("ol", "articles");
    positions.forEach(function (position) { articles.appendChild(articleItem(thread, thread.articles[position])); });
    block.appendChild(articles);
    return block;
  }

  function buildEvents(thread, container) {
    var events = el("div", "events"), seen = {};
    thread.events.forEach(function (event) {
      event.articles.forEach(function (position) { seen[position] = true; });
      events.appendChild(eventBlock(thread, event.label || event.id, event.articles, thread.events.length === 1));
    });
    var others = [];
    thread.articles.forEach(function (article, position) { if (!seen[position]) others.push(position); });
    if (others.length) events.appendChild(eventBlock(thread, "Articles in no event", others, !thread.events.length));
    container.appendChild(events);
  }

  function threadItem(thread) {
    var item = el("li", "thread");
    item.id = "thread-" + thread.id;
    var details = el("details");
    var summary = el("summary");
    summary.appendChild(el("div", "thread-label", thread.label));
    summary.appendChild(el("div", "thread-meta", threadMeta(thread)));
    if (thread.keywords.length) {
      var keywords = el("div", "keywords");
      thread.keywords.forEach(function (word) { keywords.appendChild(el("span", null, word)); });
      summary.appendChild(keywords);
    }
    details.appendChild(summary);
    // events are built when the thread is first opened, so 10,000 closed threads cost little
    details.addEventListener("toggle", function () {
      if (details.open && !details.dataset.built) {
        details.dataset.built = "1";
        buildEvents(thread, details);
      }
    });
    item.appendChild(details);
    return item;
  }

  function renderMore(n) {
    var fragment = document.createDocumentFragment();
    var end = Math.min(visible.length, rendered + n);
    for (; rendered < end; rendered++) fragment.appendChild(threadItem(threads[visible[rendered]]));
    list.appendChild(fragment);
    moreButton.hidden = rendered >= visible.length;
    moreButton.textContent = "Show more threads (" + (visible.length - rendered).toLocaleString("en") + " left)";
  }

  var moreButton = el("button", null, "Show more threads");
  moreButton.type = "button";
  moreButton.addEventListener("click", function () { renderMore(MORE); });
  more.appendChild(moreButton);
  if ("IntersectionObserver" in window) {
    new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; }) && rendered < visible.length) {
        renderMore(MORE);
      }
    }, { rootMargin: "800px" }).observe(more);
  }

  // ------------------------------------------------------------------ search and source filter
  function haystack(index) {
    if (!haystacks) haystacks = new Array(threads.length);
    if (haystacks[index] === undefined) {
      var thread = threads[index];
      var words = [thread.label].concat(thread.keywords);
      thread.events.forEach(function (event) { words.push(event.label); });
      thread.articles.forEach(function (article) { words.push(article.title); });
      haystacks[index] = fold(words.join("\n"));
    }
    return haystacks[index];
  }

  function applyFilters() {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var source = sourceSelect.value;
    visible = [];
    for (var i = 0; i < threads.length; i++) {
      if (source && threads[i].sources.indexOf(source) < 0) continue;
      var text = words.length ? haystack(i) : "";
      if (words.every(function (word) { return text.indexOf(word) >= 0; })) visible.push(i);
    }
    list.textContent = "";
    rendered = 0;
    renderMore(FIRST_SCREEN);
    var filtered = words.length || source;
    count.textContent = visible.length === 0 ? "No thread matches." :
      filtered ? plural(visible.length, "thread", "threads") + " of " + threads.length.toLocaleString("en") + " match."
               : plural(visible.length, "thread", "threads") + ", largest first.";
  }

  var pending = null;
  search.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(applyFilters, threads.length > 2000 ? 150 : 0);
  });
  sourceSelect.addEventListener("change", applyFilters);
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (event.key === "/" && !typing) { event.preventDefault(); search.focus(); }
    else if (event.key === "Escape" && document.activeElement === search && search.value) {
      search.value = ""; applyFilters();
    }
  });

  // ------------------------------------------------------------------ timeline
  function perDay(thread) {
    var days = {}, any = false;
    thread.articles.forEach(function (article) {
      var day = dayOf(article.time);
      if (day !== null) { days[day] = (days[day] || 0) + 1; any = true; }
    });
    return any ? days : null;
  }

  // The chart is drawn in CSS pixels at the width of its box, so its text is as large on a phone
  // as on a desktop; below 640px each label stands on its own line above its bar.
  function drawChart(box, timed) {
    var start = Math.min.apply(null, timed.map(function (row) { return row.first; }));
    var end = Math.max.apply(null, timed.map(function (row) { return row.last; }));
    var span = Math.max(1, end - start);
    var width = Math.max(300, box.clientWidth), narrow = width < 640;
    var left = narrow ? 12 : Math.min(330, Math.round(width / 3)), right = narrow ? 16 : 30;
    var top = 28, rowHeight = narrow ? 46 : 30, barOffset = narrow ? 32 : rowHeight / 2;
    var labelChars = Math.max(12, Math.floor(((narrow ? width - left - right : left - 16)) / 7.4));
    var height = top + timed.length * rowHeight + 10;
    var x = function (day) { return left + (day - start) / span * (width - left - right); };
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height, role: "img",
      "aria-labelledby": "timeline-heading timeline-desc" });
    chart.appendChild(svg("desc", { id: "timeline-desc" }, "Articles per day of the " + timed.length +
      " largest threads with times, from " + dayName(start) + " to " + dayName(end) + "."));
    var axis = svg("g", { "class": "axis" });
    var step = Math.max(1, Math.ceil(span / Math.max(1, Math.floor((width - left - right) / 110))));
    for (var day = start; day <= end; day += step) {
      axis.appendChild(svg("line", { x1: x(day), x2: x(day), y1: top - 6, y2: height - 6, stroke: "#d8dde5" }));
      // a date is about 64px wide at 11px: one near an edge is anchored to stay inside the chart
      var anchor = x(day) < 34 ? "start" : x(day) > width - 34 ? "end" : "middle";
      axis.appendChild(svg("text", { x: x(day), y: top - 10, "text-anchor": anchor }, dayName(day)));
    }
    chart.appendChild(axis);
    var most = 1;
    timed.forEach(function (row) { for (var d in row.days || {}) most = Math.max(most, row.days[d]); });
    timed.forEach(function (row, n) {
      var rowTop = top + n * rowHeight, y = rowTop + barOffset;
      var group = svg("g", { "class": "row" });
      var name = row.thread.label;
      var label = name.length > labelChars ? name.slice(0, labelChars - 1) + "…" : name;
      var text = svg("text", { x: narrow ? left : 8, y: narrow ? rowTop + 14 : y + 4, "font-size": 13 },
        label + " (" + row.thread.size + ")");
      text.appendChild(svg("title", {}, name));
      group.appendChild(text);
      group.appendChild(svg("line", { x1: x(row.first), x2: Math.max(x(row.last), x(row.first) + 3), y1: y, y2: y,
        stroke: "#1f5fbf", "stroke-width": row.days ? 2 : 6, "stroke-linecap": "round", opacity: row.days ? 0.5 : 0.8 }));
      var biggest = narrow ? 6 : 8;
      Object.keys(row.days || {}).forEach(function (d) {
        var dot = svg("circle", { cx: x(+d), cy: y, r: 2.5 + biggest * Math.sqrt(row.days[d] / most), fill: "#1f5fbf",
          "fill-opacity": 0.75 });
        dot.appendChild(svg("title", {}, plural(row.days[d], "article", "articles") + " on " + dayName(+d)));
        group.appendChild(dot);
      });
      chart.appendChild(group);
    });
    return chart;
  }

  function drawTimeline() {
    var timed = [], untimed = [];
    threads.forEach(function (thread) {
      var days = perDay(thread);
      var first = dayOf(thread.first_time), last = dayOf(thread.last_time);
      if (days) {
        var known = Object.keys(days).map(Number);
        first = Math.min.apply(null, known.concat(first === null ? [] : [first]));
        last = Math.max.apply(null, known.concat(last === null ? [] : [last]));
      }
      if (first === null) untimed.push(thread);
      else if (timed.length < TIMELINE_ROWS) timed.push({ thread: thread, days: days, first: first, last: last === null ? first : last });
    });
    var box = document.getElementById("timeline");
    if (!timed.length) {
      // the threads are all listed below; naming them here too would only repeat the list
      box.appendChild(el("p", "empty", "No thread has times to draw."));
      return;
    }
    var chart = drawChart(box, timed), drawnWidth = box.clientWidth, redraw = null;
    box.appendChild(chart);
    window.addEventListener("resize", function () {
      clearTimeout(redraw);
      redraw = setTimeout(function () {
        if (box.clientWidth === drawnWidth) return;
        drawnWidth = box.clientWidth;
        var fresh = drawChart(box, timed);
        box.replaceChild(fresh, chart);
        chart = fresh;
      }, 100);
    });
    if (timed.some(function (row) { return !row.days; })) {
      box.appendChild(el("p", "muted", "A bar runs from a thread's first to its last time where its articles carry no times of their own."));
    }
    if (untimed.length) {
      var apart = document.getElementById("untimed");
      apart.appendChild(el("p", "muted", plural(untimed.length, "thread has", "threads have") +
        " no times and " + (untimed.length === 1 ? "is" : "are") + " not drawn" + (untimed.length > UNTIMED_SHOWN ? "; the largest:" : ":")));
      var names = el("ul");
      untimed.slice(0, UNTIMED_SHOWN).forEach(function (thread) {
        names.appendChild(el("li", null, thread.label + " (" + thread.size + ")"));
      });
      apart.appendChild(names);
    }
  }

  drawTimeline();
  applyFilters();
})();
