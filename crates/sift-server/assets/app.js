// The sift workbench: plain JavaScript, no build step. The URL hash holds the
// view and its filters (#/events?actor=RUS&since=2026-03-01), so every state
// can be bookmarked, shared and restored with the back button. d3 and
// topojson-client are vendored (assets/vendor); nothing is fetched from
// anywhere but this server.

const main = document.getElementById('main');
const statusLine = document.getElementById('status');

// ---------------------------------------------------------------- helpers

/** Builds an element; children may be strings, nodes, arrays or null. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, ...children);
  return el;
}

/** Replaces an element's children (nulls and nested arrays allowed). */
function fill(el, ...children) {
  el.replaceChildren();
  return append(el, ...children);
}

function append(el, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const svgNS = 'http://www.w3.org/2000/svg';

async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, value);
  }
  const url = query.toString() ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
  return body;
}

/** The current route: view name, path segments and query parameters. */
function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { view: parts[0] || 'events', parts, params: Object.fromEntries(new URLSearchParams(query)) };
}

function hashFor(view, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, value);
  }
  const q = query.toString();
  return `#/${view}${q ? `?${q}` : ''}`;
}

function go(view, params) {
  location.hash = hashFor(view, params);
}

function errorBox(err) {
  return h('p', { class: 'error', role: 'alert' }, String(err.message || err));
}

function fmtNumber(n) {
  return n === null || n === undefined ? '' : Number(n).toLocaleString('en');
}

function pairLabel(source, target) {
  return `${source || '—'} → ${target || '—'}`;
}

/** A day axis: whole days as ticks, about eight of them. */
function dayAxis(axis, x) {
  const [a, b] = x.domain();
  const span = Math.max(1, d3.utcDay.count(a, b));
  const step = span <= 10 ? 1 : span <= 70 ? 7 : span <= 400 ? 30 : 365;
  const interval = step === 1 ? d3.utcDay : step === 7 ? d3.utcMonday : step === 30 ? d3.utcMonth : d3.utcYear;
  return axis(x).ticks(interval).tickFormat(d3.utcFormat(step >= 365 ? '%Y' : step >= 30 ? '%b %Y' : '%b %-d')).tickSizeOuter(0);
}

/** Table rows are focusable: arrows move, Enter opens. */
function keyboardRows(tbody) {
  tbody.addEventListener('keydown', (event) => {
    const row = event.target.closest('tr');
    if (!row) return;
    if (event.key === 'ArrowDown' && row.nextElementSibling) {
      row.nextElementSibling.focus();
      event.preventDefault();
    } else if (event.key === 'ArrowUp' && row.previousElementSibling) {
      row.previousElementSibling.focus();
      event.preventDefault();
    } else if (event.key === 'Enter') {
      row.click();
    }
  });
}

function dataTable(columns, rows, onOpen, caption) {
  const tbody = h('tbody', {},
    rows.map((row) => h('tr', { tabindex: 0, onclick: () => onOpen(row) },
      columns.map(([, cell, cls]) => h('td', { class: cls }, cell(row))))));
  keyboardRows(tbody);
  return h('table', { class: 'data' },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map(([name, , cls]) => h('th', { scope: 'col', class: cls }, name)))),
    tbody);
}

function pager(page, params, view) {
  const offset = page.offset || 0;
  const limit = page.limit || 50;
  const shown = page.items.length;
  const first = shown ? offset + 1 : 0;
  const text = shown
    ? `${fmtNumber(first)}–${fmtNumber(offset + shown)} of ${fmtNumber(page.total)}`
    : `${fmtNumber(page.total)} matched; none on this page`;
  return h('div', { class: 'pager' },
    h('button', { type: 'button', disabled: offset === 0, onclick: () => go(view, { ...params, offset: Math.max(0, offset - limit) || '' }) }, '← Previous'),
    h('span', { class: 'count', 'data-total': page.total }, text),
    h('button', { type: 'button', disabled: offset + shown >= page.total, onclick: () => go(view, { ...params, offset: offset + limit }) }, 'Next →'));
}

// ---------------------------------------------------------------- filters

const FILTERS = ['text', 'actor', 'target', 'code', 'plover', 'place', 'since', 'until', 'certainty'];
const CERTAINTIES = ['asserted', 'reported', 'hedged', 'speculative', 'conditional', 'negated', 'denied', 'predicted', 'question'];
const PLOVER_TYPES = ['AGREE', 'AID', 'ASSAULT', 'COERCE', 'CONSULT', 'COOPERATE', 'DEMAND', 'DISAPPROVE', 'MOBILIZE', 'PROTEST', 'REJECT', 'REQUEST', 'RETREAT', 'SANCTION', 'SUPPORT', 'THREATEN', 'ACCUSE', 'CONCEDE'].sort();

function pickFilters(params) {
  const out = {};
  for (const key of FILTERS) if (params[key]) out[key] = params[key];
  return out;
}

function filterForm(params, view) {
  const field = (name, label, input) => h('label', { class: 'field' }, h('span', {}, label), input);
  const text = (name, placeholder, extra = {}) => h('input', { name, value: params[name] || '', placeholder, autocomplete: 'off', ...extra });
  const select = (name, options, anyLabel) => {
    const el = h('select', { name }, h('option', { value: '' }, anyLabel), options.map((o) => h('option', { value: o }, o.toLowerCase() === o ? o : o)));
    el.value = params[name] || '';
    return el;
  };
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filters' },
    field('text', 'Search', text('text', 'words in headline or text', { type: 'search', id: 'search' })),
    field('actor', 'Source actor', text('actor', 'RUS, RUSMIL')),
    field('target', 'Target actor', text('target', 'SYR, UKRGOV')),
    field('code', 'CAMEO code', text('code', '19, 1823')),
    field('plover', 'Event type', select('plover', PLOVER_TYPES, 'any type')),
    field('place', 'Place', text('place', 'Aleppo, SY, 170063')),
    field('since', 'From', text('since', 'YYYY-MM-DD', { type: 'date' })),
    field('until', 'To', text('until', 'YYYY-MM-DD', { type: 'date' })),
    field('certainty', 'Certainty', select('certainty', CERTAINTIES, 'any')),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Apply'),
      h('button', { type: 'button', onclick: () => go(view, {}) }, 'Clear')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    go(view, pickFilters(data));
  });
  return form;
}

// ---------------------------------------------------------------- map

let worldPromise = null;
function world() {
  if (!worldPromise) {
    worldPromise = fetch('/assets/vendor/countries-50m.json')
      .then((r) => r.json())
      .then((topology) => topojson.feature(topology, topology.objects.countries));
  }
  return worldPromise;
}

async function drawMap(container, places, clusters, onPlace) {
  const width = 960;
  const height = 500;
  const countries = await world();
  const svg = d3.create('svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('class', 'map')
    .attr('role', 'img')
    .attr('aria-label', `Map of ${places.length} places with events and ${clusters.length} clusters`);
  const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: 'Sphere' });
  const path = d3.geoPath(projection);
  const layer = svg.append('g');
  layer.append('path').attr('class', 'sphere').attr('d', path({ type: 'Sphere' }));
  layer.append('path').attr('class', 'graticule').attr('d', path(d3.geoGraticule10()));
  layer.append('g').selectAll('path').data(countries.features).join('path')
    .attr('class', 'country').attr('d', path)
    .append('title').text((d) => d.properties.name);
  const maxEvents = d3.max(places, (p) => p.events) || 1;
  const radius = d3.scaleSqrt().domain([0, maxEvents]).range([0, 14]);
  const maxSources = d3.max(clusters, (c) => c.independent_sources) || 1;
  const ring = d3.scaleSqrt().domain([0, maxSources]).range([0, 22]);
  layer.append('g').attr('class', 'clusters').selectAll('circle')
    .data(clusters.filter((c) => c.place && c.place.lat !== null && c.place.lon !== null && c.place.lat !== undefined))
    .join('circle')
    .attr('class', 'cluster-ring')
    .attr('transform', (c) => `translate(${projection([c.place.lon, c.place.lat])})`)
    .attr('r', (c) => Math.max(4, ring(c.independent_sources)))
    .on('click', (event, c) => go(`cluster/${c.id}`))
    .append('title').text((c) => `cluster ${c.id}: ${pairLabel(c.source, c.target)} ${c.cameo_root}, ${c.independent_sources} independent sources`);
  const points = layer.append('g').attr('class', 'points').selectAll('circle')
    .data(places)
    .join('circle')
    .attr('class', 'point')
    .attr('tabindex', 0)
    .attr('role', 'button')
    .attr('aria-label', (p) => `${p.name}: ${p.events} events`)
    .attr('transform', (p) => `translate(${projection([p.lon, p.lat])})`)
    .attr('r', (p) => Math.max(2.5, radius(p.events)))
    .on('click', (event, p) => onPlace(p))
    .on('keydown', (event, p) => { if (event.key === 'Enter') onPlace(p); });
  points.append('title').text((p) => `${p.name}${p.country_code ? ` (${p.country_code})` : ''}: ${p.events} events`);
  const zoom = d3.zoom().scaleExtent([1, 40]).on('zoom', (event) => {
    layer.attr('transform', event.transform);
    points.attr('r', (p) => Math.max(2.5, radius(p.events)) / Math.sqrt(event.transform.k));
  });
  svg.call(zoom);
  // Start on the events: zoom to their extent when they are not world-wide.
  if (places.length) {
    const xs = places.map((p) => projection([p.lon, p.lat]));
    const [x0, x1] = d3.extent(xs, (d) => d[0]);
    const [y0, y1] = d3.extent(xs, (d) => d[1]);
    const k = Math.min(8, 0.8 / Math.max((x1 - x0 + 40) / width, (y1 - y0 + 40) / height));
    if (k > 1.2) {
      svg.call(zoom.transform, d3.zoomIdentity.translate(width / 2, height / 2).scale(k).translate(-(x0 + x1) / 2, -(y0 + y1) / 2));
    }
  }
  fill(container, svg.node(),
    h('p', { class: 'legend-line' },
      h('span', { class: 'key point-key' }), ' events at a place (area ∝ count; click to filter)  ',
      h('span', { class: 'key ring-key' }), ' event clusters (area ∝ independent sources)'));
}

// ---------------------------------------------------------------- timeline

function drawTimeline(container, days, params, onRange) {
  const width = 960;
  const height = 150;
  const margin = { top: 10, right: 12, bottom: 24, left: 36 };
  if (!days.length) {
    fill(container, h('p', { class: 'muted' }, 'No dated events match.'));
    return;
  }
  const parse = d3.utcParse('%Y-%m-%d');
  const data = days.map((d) => ({ day: parse(d.day), events: d.events }));
  const [first, last] = d3.extent(data, (d) => d.day);
  const x = d3.scaleUtc().domain([d3.utcDay.offset(first, -1), d3.utcDay.offset(last, 2)]).range([margin.left, width - margin.right]);
  const y = d3.scaleLinear().domain([0, d3.max(data, (d) => d.events)]).nice().range([height - margin.bottom, margin.top]);
  const barWidth = Math.max(1, 0.8 * (x(d3.utcDay.offset(first, 1)) - x(first)));
  const svg = d3.create('svg').attr('viewBox', `0 0 ${width} ${height}`).attr('class', 'timeline')
    .attr('role', 'img').attr('aria-label', `Events per day from ${days[0].day} to ${days[days.length - 1].day}; drag to choose dates`);
  svg.append('g').attr('transform', `translate(0,${height - margin.bottom})`).call(dayAxis(d3.axisBottom, x));
  svg.append('g').attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(4));
  svg.append('g').selectAll('rect').data(data).join('rect')
    .attr('class', 'bar')
    .attr('x', (d) => x(d.day)).attr('width', barWidth)
    .attr('y', (d) => y(d.events)).attr('height', (d) => y(0) - y(d.events))
    .append('title').text((d) => `${d3.utcFormat('%Y-%m-%d')(d.day)}: ${d.events} events`);
  const format = d3.utcFormat('%Y-%m-%d');
  const brush = d3.brushX().extent([[margin.left, margin.top], [width - margin.right, height - margin.bottom]])
    .on('end', (event) => {
      if (!event.sourceEvent) return;
      if (!event.selection) { onRange(null, null); return; }
      const [a, b] = event.selection.map(x.invert);
      onRange(format(d3.utcDay.round(a)), format(d3.utcDay.offset(d3.utcDay.round(b), -1)));
    });
  const brushGroup = svg.append('g').attr('class', 'brush').call(brush);
  if (params.since || params.until) {
    const a = params.since ? parse(params.since) : first;
    const b = params.until ? d3.utcDay.offset(parse(params.until), 1) : d3.utcDay.offset(last, 1);
    if (a && b) brushGroup.call(brush.move, [x(a), x(b)]);
  }
  fill(container, svg.node(), h('p', { class: 'legend-line' }, 'Drag across the chart to keep those days; click outside the selection to clear it.'));
}

// ---------------------------------------------------------------- events view

async function viewEvents({ params }) {
  const filters = pickFilters(params);
  const offset = Number(params.offset || 0);
  const mapBox = h('section', { class: 'panel map-panel', 'aria-label': 'Map' }, h('p', { class: 'muted' }, 'Loading the map…'));
  const timeBox = h('section', { class: 'panel', 'aria-label': 'Timeline' }, h('p', { class: 'muted' }, 'Loading the timeline…'));
  const tableBox = h('section', { class: 'panel', 'aria-label': 'Events' }, h('p', { class: 'muted' }, 'Loading events…'));
  fill(main, 
    h('div', { class: 'layout' },
      h('aside', { class: 'sidebar' }, h('h1', {}, 'Events'), filterForm(params, 'events')),
      h('div', { class: 'content' }, mapBox, timeBox, tableBox)));

  const { since, until, ...undated } = filters;
  const [events, days, places, clusters] = await Promise.allSettled([
    api('/api/events', { ...filters, offset, limit: 50 }),
    api('/api/events/days', undated),
    api('/api/events/places', { ...filters, limit: 1000 }),
    api('/api/clusters', { ...filters, limit: 200 }),
  ]);
  if (events.status === 'fulfilled') {
    const page = events.value;
    fill(tableBox, 
      h('h2', {}, 'Events ', h('span', { class: 'muted total' }, `${fmtNumber(page.total)} matched`)),
      page.items.length ? dataTable([
        ['Day', (e) => e.first_day || '', 'nowrap'],
        ['Source', (e) => h('span', { title: e.source_text || '' }, e.source_code || '—')],
        ['Event', (e) => h('span', { title: e.cameo_label || '' }, e.cameo, e.plover_type ? h('span', { class: 'tag' }, e.plover_type) : null)],
        ['Target', (e) => h('span', { title: e.target_text || '' }, e.target_code || '—')],
        ['Place', (e) => e.place_name || ''],
        ['Certainty', (e) => e.certainty ? h('span', { class: `badge c-${e.certainty}` }, e.certainty) : ''],
        ['Trigger', (e) => h('q', {}, e.trigger)],
      ], page.items, (e) => go(`doc/${encodeURIComponent(e.doc_id)}`, { event: e.index }), 'Click a row, or press Enter on it, to read the report') : h('p', { class: 'muted' }, 'No events match these filters.'),
      pager(page, { ...filters }, 'events'));
  } else {
    fill(tableBox, errorBox(events.reason));
  }
  if (days.status === 'fulfilled') {
    drawTimeline(timeBox, days.value.items, filters, (a, b) => go('events', { ...filters, since: a || '', until: b || '' }));
    timeBox.prepend(h('h2', {}, 'Timeline ', h('span', { class: 'muted' }, 'events per day')));
  } else {
    fill(timeBox, errorBox(days.reason));
  }
  if (places.status === 'fulfilled') {
    const clusterItems = clusters.status === 'fulfilled' ? clusters.value.items : [];
    try {
      await drawMap(mapBox, places.value.items, clusterItems, (p) => go('events', { ...filters, place: p.geonameid || p.name }));
      const note = places.value.total > places.value.items.length ? ` (the ${places.value.items.length} busiest of ${places.value.total} places)` : '';
      mapBox.prepend(h('h2', {}, 'Map ', h('span', { class: 'muted' }, `${fmtNumber(places.value.total)} places${note}`)));
    } catch (err) {
      fill(mapBox, errorBox(err));
    }
  } else {
    fill(mapBox, errorBox(places.reason));
  }
}

// ---------------------------------------------------------------- article view

const LAYERS = [
  ['trigger', 'Event trigger'],
  ['source', 'Source actor'],
  ['target', 'Target actor'],
  ['place', 'Place'],
  ['date', 'Date'],
  ['claim', 'Claims, by certainty'],
];

/** Maps UTF-8 byte offsets (the dossier's spans) to string indices. */
function byteIndex(text) {
  const toIndex = new Map();
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    toIndex.set(bytes, i);
    const code = text.codePointAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (code >= 0x10000) i += 1;
  }
  toIndex.set(bytes, text.length);
  return (offset) => toIndex.get(offset) ?? text.length;
}

/** The spans to highlight, each with its layer and, for claims, certainty. */
function highlightSpans(dossier, selected) {
  const spans = [];
  const add = (span, layer, extra = {}) => {
    if (span && span.end > span.start) spans.push({ start: span.start, end: span.end, layer, ...extra });
  };
  dossier.events.forEach((event, index) => {
    const mine = { event: index, selected: index === selected };
    add(event.trigger, 'trigger', mine);
    add(event.source, 'source', mine);
    add(event.target, 'target', mine);
    if (event.place && event.place.mention) add(event.place.mention, 'place', mine);
    if (event.date && event.date.evidence) add(event.date.evidence, 'date', mine);
  });
  for (const place of dossier.places || []) add(place, 'place');
  for (const date of dossier.dates || []) add(date, 'date');
  (dossier.claims || []).forEach((claim, index) => add(claim, 'claim', { certainty: claim.certainty, claim: index }));
  return spans;
}

function renderText(dossier, selected) {
  const text = dossier.text || '';
  const toIndex = byteIndex(text);
  const spans = highlightSpans(dossier, selected);
  const cuts = new Set([0, dossier.n_bytes || 0]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const sorted = [...cuts].sort((a, b) => a - b);
  const body = h('div', { class: 'article-text', id: 'article-text' });
  let paragraph = h('p');
  body.append(paragraph);
  for (let i = 0; i + 1 < sorted.length; i += 1) {
    const [a, b] = [sorted[i], sorted[i + 1]];
    if (a === b) continue;
    const piece = text.slice(toIndex(a), toIndex(b));
    const active = spans.filter((s) => s.start <= a && s.end >= b);
    const classes = new Set();
    let claim = null;
    let isSelected = false;
    for (const s of active) {
      if (s.layer === 'claim') {
        if (!claim || s.end - s.start < claim.end - claim.start) claim = s;
      } else {
        classes.add(`hl-${s.layer}`);
        if (s.selected) isSelected = true;
      }
    }
    if (claim) classes.add(`claim c-${claim.certainty}`);
    if (isSelected) classes.add('selected');
    const chunks = piece.split(/\n{2,}/);
    chunks.forEach((chunk, k) => {
      if (k > 0) { paragraph = h('p'); body.append(paragraph); }
      if (!chunk) return;
      if (classes.size) {
        paragraph.append(h('span', { class: [...classes].join(' '), title: claim ? `claim: ${claim.certainty}` : null }, chunk));
      } else {
        paragraph.append(chunk);
      }
    });
  }
  return body;
}

function legend(container) {
  const boxes = LAYERS.map(([layer, label]) => {
    const input = h('input', { type: 'checkbox', checked: true, 'data-layer': layer });
    input.addEventListener('change', () => container.classList.toggle(`hide-${layer}`, !input.checked));
    return h('label', { class: `legend-item lg-${layer}` }, input, h('span', { class: 'swatch' }), label);
  });
  return h('fieldset', { class: 'legend' }, h('legend', {}, 'Layers'),
    boxes,
    h('div', { class: 'certainty-key' }, CERTAINTIES.map((c) => h('span', { class: `badge c-${c}` }, c))));
}

function articleView(dossier, selected, { stored }) {
  const events = dossier.events || [];
  const claims = dossier.claims || [];
  const textBox = renderText(dossier, selected);
  const wrapper = h('div', { class: 'article-wrap' });
  const headline = dossier.headline ? dossier.headline.text : '(no headline)';
  const meta = [
    dossier.source, dossier.published, dossier.url ? h('span', { class: 'url' }, dossier.url) : null,
    dossier.headline_stance ? `headline stance: ${dossier.headline_stance.label}` : null,
  ].filter(Boolean);
  const eventList = h('ol', { class: 'event-list' },
    events.map((e, i) => h('li', {},
      h('a', {
        href: stored ? hashFor(`doc/${encodeURIComponent(dossier.id)}`, { event: i }) : '#/analyze',
        class: i === selected ? 'current' : null,
        'aria-current': i === selected ? 'true' : null,
        onclick: stored ? null : (ev) => { ev.preventDefault(); showAnalysis(dossier, i); },
      },
      h('strong', {}, e.cameo.code), ' ', e.cameo.label || '', ' — ',
      (e.source && e.source.code) || '?', ' → ', (e.target && e.target.code) || '?',
      e.place ? ` @ ${e.place.name}` : '', e.date ? ` on ${e.date.first_day}` : '',
      e.negated ? ' (negated)' : ''))));
  const claimList = h('ol', { class: 'claim-list' },
    claims.map((c) => h('li', {},
      h('span', { class: `badge c-${c.certainty}` }, c.certainty), ' ',
      c.attribution ? h('em', {}, `${c.attribution.text}: `) : null,
      c.text)));
  append(wrapper,
    h('article', { class: 'article', 'aria-labelledby': 'headline' },
      h('h1', { id: 'headline' }, headline),
      h('p', { class: 'meta' }, meta.map((m, i) => [i ? ' · ' : '', m])),
      textBox),
    h('aside', { class: 'article-side' },
      legend(wrapper),
      h('h2', {}, `Events (${events.length})`),
      events.length ? eventList : h('p', { class: 'muted' }, 'No events coded.'),
      h('h2', {}, `Claims (${claims.length})`),
      claims.length ? claimList : h('p', { class: 'muted' }, 'No claims found.'),
      (dossier.magnitudes || []).length ? [
        h('h2', {}, `Figures (${dossier.magnitudes.length})`),
        h('ul', { class: 'figure-list' }, dossier.magnitudes.map((m) => h('li', {},
          magnitudeText(m), m.certainty ? [' ', h('span', { class: `badge c-${m.certainty}` }, m.certainty)] : null))),
      ] : null));
  return wrapper;
}

function scrollToSelected() {
  const first = document.querySelector('.article-text .selected');
  if (first) first.scrollIntoView({ block: 'center' });
}

async function viewDoc({ parts, params }) {
  const id = parts[1];
  fill(main, h('p', { class: 'muted' }, 'Loading the report…'));
  try {
    const dossier = await api(`/api/docs/${encodeURIComponent(id)}`);
    const selected = params.event !== undefined ? Number(params.event) : (dossier.events.length ? 0 : -1);
    fill(main, 
      h('p', { class: 'crumbs' }, h('a', { href: '#/', onclick: (e) => { e.preventDefault(); history.back(); } }, '← Back')),
      articleView(dossier, selected, { stored: true }));
    scrollToSelected();
  } catch (err) {
    fill(main, errorBox(err));
  }
}

// ---------------------------------------------------------------- analyze

let lastAnalysis = null;

function showAnalysis(dossier, selected) {
  const out = document.getElementById('analysis');
  if (out) fill(out, articleView(dossier, selected, { stored: false }));
}

function viewAnalyze() {
  const form = h('form', { class: 'analyze-form', 'aria-label': 'Analyze a report' },
    h('label', { class: 'field' }, h('span', {}, 'Headline'), h('input', { name: 'headline', placeholder: 'optional' })),
    h('div', { class: 'row' },
      h('label', { class: 'field' }, h('span', {}, 'Published'), h('input', { name: 'date', type: 'date' })),
      h('label', { class: 'field' }, h('span', {}, 'Source'), h('input', { name: 'source', placeholder: 'outlet.example' }))),
    h('label', { class: 'field' }, h('span', {}, 'Text'), h('textarea', { name: 'text', rows: 10, required: true, placeholder: 'Paste a report. It is analyzed, not stored.' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Analyze')));
  const out = h('div', { id: 'analysis' });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    const body = { text: data.text };
    for (const key of ['headline', 'date', 'source']) if (data[key]) body[key] = data[key];
    fill(out, h('p', { class: 'muted' }, 'Analyzing…'));
    try {
      const response = await fetch('/api/analyze', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const json = await response.json();
      if (!response.ok) throw new Error(json.error || response.statusText);
      lastAnalysis = json;
      showAnalysis(json, json.events.length ? 0 : -1);
    } catch (err) {
      fill(out, errorBox(err));
    }
  });
  fill(main, h('h1', {}, 'Analyze a report'), form, out);
  if (lastAnalysis) showAnalysis(lastAnalysis, lastAnalysis.events.length ? 0 : -1);
}

// ---------------------------------------------------------------- documents

async function viewDocs({ params }) {
  const filters = pickFilters(params);
  const box = h('section', { class: 'panel' }, h('p', { class: 'muted' }, 'Loading documents…'));
  fill(main, h('div', { class: 'layout' },
    h('aside', { class: 'sidebar' }, h('h1', {}, 'Documents'), filterForm(params, 'docs')),
    h('div', { class: 'content' }, box)));
  try {
    const page = await api('/api/docs', { ...filters, offset: params.offset, limit: 50 });
    fill(box, 
      h('h2', {}, 'Documents ', h('span', { class: 'muted total' }, `${fmtNumber(page.total)} matched`)),
      page.items.length ? dataTable([
        ['Published', (d) => d.published || '', 'nowrap'],
        ['Source', (d) => d.source || ''],
        ['Headline', (d) => d.headline || d.id],
        ['Events', (d) => d.n_events, 'num'],
        ['Claims', (d) => d.n_claims, 'num'],
        ['Copy of', (d) => (d.copy_of ? `#${d.copy_of}` : ''), 'num'],
      ], page.items, (d) => go(`doc/${encodeURIComponent(d.id)}`)) : h('p', { class: 'muted' }, 'No documents match.'),
      pager(page, filters, 'docs'));
  } catch (err) {
    fill(box, errorBox(err));
  }
}

// ---------------------------------------------------------------- clusters

async function viewClusters({ params }) {
  const filters = pickFilters(params);
  const box = h('section', { class: 'panel' }, h('p', { class: 'muted' }, 'Loading clusters…'));
  fill(main, h('div', { class: 'layout' },
    h('aside', { class: 'sidebar' }, h('h1', {}, 'Clusters'), filterForm(params, 'clusters')),
    h('div', { class: 'content' }, box)));
  try {
    const page = await api('/api/clusters', { ...filters, offset: params.offset, limit: 50 });
    fill(box, 
      h('h2', {}, 'Event clusters ', h('span', { class: 'muted total' }, `${fmtNumber(page.total)} matched, most independent sources first`)),
      page.items.length ? dataTable([
        ['Dyad', (c) => pairLabel(c.source, c.target)],
        ['Root', (c) => c.cameo_root, 'num'],
        ['Type', (c) => c.plover_type || ''],
        ['Place', (c) => (c.place && c.place.name) || ''],
        ['First', (c) => c.first_date || '', 'nowrap'],
        ['Last', (c) => c.last_date || '', 'nowrap'],
        ['Reports', (c) => (c.documents || []).length, 'num'],
        ['Independent', (c) => c.independent_sources, 'num'],
        ['Contradicting', (c) => (c.contradicting || []).length, 'num'],
      ], page.items, (c) => go(`cluster/${c.id}`)) : h('p', { class: 'muted' }, 'No clusters match. Clusters appear once the corpus has reports of the same event from several documents.'),
      pager(page, filters, 'clusters'));
  } catch (err) {
    fill(box, errorBox(err));
  }
}

/** A figure as a reader says it: "killed: at least 12 (“at least 12”)". */
function magnitudeText(m) {
  if (typeof m !== 'object' || m === null) return String(m);
  let count = '';
  if (m.point !== null && m.point !== undefined) count = fmtNumber(m.point);
  else if (m.high === null || m.high === undefined) count = `${fmtNumber(m.low)} or more`;
  else if (m.low === m.high) count = fmtNumber(m.low);
  else count = `${fmtNumber(m.low)}–${fmtNumber(m.high)}`;
  const quoted = m.text ? ` (“${m.text}”)` : '';
  const who = m.victims && m.victims.text ? ` ${m.victims.text}` : '';
  return `${m.kind || 'figure'}: ${count}${who}${quoted}`;
}

async function viewCluster({ parts }) {
  fill(main, h('p', { class: 'muted' }, 'Loading the cluster…'));
  let cluster;
  try {
    cluster = await api(`/api/clusters/${encodeURIComponent(parts[1])}`);
  } catch (err) {
    fill(main, errorBox(err));
    return;
  }
  const detail = cluster.detail || { documents: [], corroborating: [], contradicting: [], events: [] };
  const docs = new Map(detail.documents.map((d) => [d.id, d]));
  const dated = detail.documents.filter((d) => d.published).sort((a, b) => (a.published < b.published ? -1 : 1));
  const first = dated[0] || detail.documents[0];
  const groups = (cluster.syndication_groups || []).map((ids) => ids.map((id) => docs.get(id) || { id }));
  const docLink = (d) => h('a', { href: hashFor(`doc/${encodeURIComponent(d.id)}`) }, d.source || d.id);
  const claimItem = (c) => h('li', {},
    c.certainty ? h('span', { class: `badge c-${c.certainty}` }, c.certainty) : null, ' ',
    h('a', { href: hashFor(`doc/${encodeURIComponent(c.doc)}`) }, c.source || c.doc), ': ',
    c.holder ? h('em', {}, `${c.holder}: `) : null, c.text || `claim ${c.claim}`);
  const magnitudes = detail.events.flatMap((e) => (e.magnitudes || []).map((m) => ({ m, e })));
  fill(main, 
    h('p', { class: 'crumbs' }, h('a', { href: '#/clusters' }, '← Clusters')),
    h('h1', {}, `${pairLabel(cluster.source, cluster.target)}: CAMEO ${cluster.cameo_root}${cluster.plover_type ? ` (${cluster.plover_type})` : ''}`),
    h('p', { class: 'meta' },
      cluster.place && cluster.place.name ? `${cluster.place.name} · ` : '',
      `${cluster.first_date || '?'} to ${cluster.last_date || '?'} · `,
      h('strong', {}, `${cluster.independent_sources} independent sources`),
      ` · ${(cluster.documents || []).length} reports`),
    first ? h('p', { class: 'first-report' }, 'First reported by ', docLink(first), first.published ? ` on ${first.published}` : '', first.headline ? h('span', {}, ': ', h('q', {}, first.headline)) : '') : null,
    h('div', { class: 'cluster-grid' },
      h('section', { class: 'panel' }, h('h2', {}, `Outlets by syndication group (${groups.length})`),
        h('ol', { class: 'groups' }, groups.map((group, i) => h('li', {},
          h('span', { class: 'muted' }, group.length > 1 ? `group ${i + 1}: one text, ${group.length} outlets` : `group ${i + 1}: independent`),
          h('ul', {}, group.map((d) => h('li', {}, docLink(d), d.published ? ` · ${d.published}` : '', d.headline ? h('span', { class: 'muted' }, ` — ${d.headline}`) : ''))))))),
      h('section', { class: 'panel corroborating' }, h('h2', {}, `Corroborating (${detail.corroborating.length})`),
        detail.corroborating.length ? h('ul', { class: 'claims' }, detail.corroborating.map(claimItem)) : h('p', { class: 'muted' }, 'None.')),
      h('section', { class: 'panel contradicting' }, h('h2', {}, `Contradicting (${detail.contradicting.length})`),
        detail.contradicting.length ? h('ul', { class: 'claims' }, detail.contradicting.map(claimItem)) : h('p', { class: 'muted' }, 'None.'))),
    magnitudes.length ? h('section', { class: 'panel' }, h('h2', {}, 'Magnitudes reported'),
      h('ul', {}, magnitudes.map(({ m, e }) => h('li', {}, magnitudeText(m), ' — ', h('a', { href: hashFor(`doc/${encodeURIComponent(e.doc_id)}`, { event: e.index }) }, e.doc_id))))) : null,
    h('section', { class: 'panel' }, h('h2', {}, `Member events (${detail.events.length})`),
      detail.events.length ? dataTable([
        ['Day', (e) => e.first_day || '', 'nowrap'],
        ['Source', (e) => e.source_code || '—'],
        ['Event', (e) => e.cameo],
        ['Target', (e) => e.target_code || '—'],
        ['Certainty', (e) => (e.certainty ? h('span', { class: `badge c-${e.certainty}` }, e.certainty) : '')],
        ['Trigger', (e) => h('q', {}, e.trigger)],
      ], detail.events, (e) => go(`doc/${encodeURIComponent(e.doc_id)}`, { event: e.index })) : h('p', { class: 'muted' }, 'No member events.')));
}

// ---------------------------------------------------------------- dyads

async function viewDyads({ params }) {
  const form = h('form', { class: 'filters inline', 'aria-label': 'Dyad' },
    h('label', { class: 'field' }, h('span', {}, 'Source'), h('input', { name: 'source', value: params.source || '', placeholder: 'RUS' })),
    h('label', { class: 'field' }, h('span', {}, 'Target'), h('input', { name: 'target', value: params.target || '', placeholder: 'SYR' })),
    h('label', { class: 'field' }, h('span', {}, 'Level'), (() => {
      const s = h('select', { name: 'level' }, h('option', { value: 'country' }, 'country'), h('option', { value: 'sector' }, 'country + sector'));
      s.value = params.level || 'country';
      return s;
    })()),
    h('label', { class: 'field' }, h('span', {}, 'Alert at k σ'), h('input', { name: 'k', value: params.k || '', placeholder: '2', inputmode: 'decimal' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Show')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    go('dyads', Object.fromEntries(new FormData(form)));
  });
  const pairsBox = h('div', { class: 'pairs' });
  const chartBox = h('section', { class: 'panel' });
  fill(main, h('h1', {}, 'Dyads'), form, pairsBox, chartBox);
  try {
    const all = await api('/api/dyads', { level: params.level, limit: 1000 });
    const totals = d3.rollups(all.items, (v) => d3.sum(v, (d) => d.events), (d) => `${d.source}\u0000${d.target}`)
      .sort((a, b) => b[1] - a[1]).slice(0, 12);
    fill(pairsBox, h('span', { class: 'muted' }, 'Busiest pairs: '),
      totals.map(([key, n]) => {
        const [source, target] = key.split('\u0000');
        return h('a', { class: 'chip', href: hashFor('dyads', { ...params, source, target }) }, `${pairLabel(source, target)} (${n})`);
      }));
    if (!params.source && !params.target && totals.length) {
      const [source, target] = totals[0][0].split('\u0000');
      params = { ...params, source, target };
    }
  } catch (err) {
    fill(pairsBox, errorBox(err));
  }
  if (!params.source && !params.target) {
    fill(chartBox, h('p', { class: 'muted' }, 'No dyads in the corpus yet.'));
    return;
  }
  try {
    const page = await api('/api/dyads', { source: params.source, target: params.target, level: params.level, k: params.k, limit: 1000 });
    drawDyad(chartBox, page, params);
  } catch (err) {
    fill(chartBox, errorBox(err));
  }
}

function drawDyad(container, page, params) {
  const days = page.items;
  const title = h('h2', {}, `${pairLabel(params.source, params.target)} `, h('span', { class: 'muted' }, `${fmtNumber(page.total)} days with events`));
  if (!days.length) {
    fill(container, title, h('p', { class: 'muted' }, 'No events between these two.'));
    return;
  }
  const width = 960;
  const height = 320;
  const margin = { top: 28, right: 48, bottom: 28, left: 48 };
  const parse = d3.utcParse('%Y-%m-%d');
  const data = days.map((d) => ({ ...d, date: parse(d.day) }));
  const [first, last] = d3.extent(data, (d) => d.date);
  const x = d3.scaleUtc().domain([d3.utcDay.offset(first, -1), d3.utcDay.offset(last, 2)]).range([margin.left, width - margin.right]);
  const sumExtent = d3.extent([0, ...data.map((d) => d.goldstein_sum)]);
  const y = d3.scaleLinear().domain(sumExtent).nice().range([height - margin.bottom, margin.top]);
  const yMean = d3.scaleLinear().domain([-10, 10]).range([height - margin.bottom, margin.top]);
  const barWidth = Math.max(2, 0.7 * (x(d3.utcDay.offset(first, 1)) - x(first)));
  const svg = d3.create('svg').attr('viewBox', `0 0 ${width} ${height}`).attr('class', 'dyad-chart')
    .attr('role', 'img').attr('aria-label', `Goldstein sum and mean by day for ${pairLabel(params.source, params.target)}`);
  svg.append('g').attr('transform', `translate(0,${height - margin.bottom})`).call(dayAxis(d3.axisBottom, x));
  svg.append('line').attr('class', 'zero').attr('x1', margin.left).attr('x2', width - margin.right).attr('y1', y(0)).attr('y2', y(0));
  svg.append('g').attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(6))
    .append('text').attr('class', 'axis-label').attr('x', -margin.left + 4).attr('y', 12).attr('text-anchor', 'start').text('Goldstein sum');
  svg.append('g').attr('transform', `translate(${width - margin.right},0)`).call(d3.axisRight(yMean).ticks(5))
    .append('text').attr('class', 'axis-label').attr('x', margin.right - 4).attr('y', 12).attr('text-anchor', 'end').text('mean');
  svg.append('g').selectAll('rect').data(data).join('rect')
    .attr('class', (d) => (d.goldstein_sum < 0 ? 'bar negative' : 'bar positive'))
    .attr('x', (d) => x(d.date) - barWidth / 2).attr('width', barWidth)
    .attr('y', (d) => Math.min(y(0), y(d.goldstein_sum))).attr('height', (d) => Math.abs(y(0) - y(d.goldstein_sum)))
    .append('title').text((d) => `${d.day}: ${d.events} events, sum ${d.goldstein_sum.toFixed(1)}, mean ${d.goldstein_mean.toFixed(2)}`);
  svg.append('path').datum(data).attr('class', 'mean-line')
    .attr('d', d3.line().x((d) => x(d.date)).y((d) => yMean(d.goldstein_mean)));
  svg.append('g').selectAll('circle').data(data).join('circle').attr('class', 'mean-dot')
    .attr('cx', (d) => x(d.date)).attr('cy', (d) => yMean(d.goldstein_mean)).attr('r', 2.5);
  const alerts = data.filter((d) => d.alert);
  svg.append('g').selectAll('path').data(alerts).join('path').attr('class', 'alert-mark')
    .attr('d', d3.symbol(d3.symbolTriangle, 90))
    .attr('transform', (d) => `translate(${x(d.date)},${Math.max(y(d.goldstein_sum), y(0)) + 12}) rotate(180)`)
    .append('title').text((d) => `escalation alert ${d.day}: ${d.alert.sigmas_below !== undefined ? `${Number(d.alert.sigmas_below).toFixed(1)} σ below the trailing mean` : ''}`);
  fill(container, title, svg.node(),
    h('p', { class: 'legend-line' },
      h('span', { class: 'key bar-key' }), ' Goldstein sum per day  ',
      h('span', { class: 'key line-key' }), ' mean (right axis)  ',
      h('span', { class: 'key alert-key' }), ` escalation alert (${alerts.length})`),
    alerts.length ? h('ul', { class: 'alerts' }, alerts.map((d) => h('li', {},
      h('a', { href: hashFor('events', { actor: d.source, target: d.target, since: d.day, until: d.day }) }, d.day),
      `: sum ${d.goldstein_sum.toFixed(1)}`))) : null);
}

// ---------------------------------------------------------------- router

const VIEWS = {
  events: viewEvents,
  doc: viewDoc,
  docs: viewDocs,
  clusters: viewClusters,
  cluster: viewCluster,
  dyads: viewDyads,
  analyze: viewAnalyze,
};

async function render() {
  const current = route();
  const view = VIEWS[current.view] || viewEvents;
  const navName = { doc: 'docs', cluster: 'clusters' }[current.view] || current.view;
  for (const link of document.querySelectorAll('nav a')) {
    link.toggleAttribute('aria-current', link.dataset.view === navName);
  }
  document.title = `sift · ${navName}`;
  try {
    await view(current);
  } catch (err) {
    fill(main, errorBox(err));
  }
  main.dataset.ready = current.view;
}

document.addEventListener('keydown', (event) => {
  const typing = event.target.closest('input, textarea, select');
  if (event.key === '/' && !typing) {
    const search = document.getElementById('search');
    if (search) { search.focus(); event.preventDefault(); }
  } else if (event.key === 'Escape' && !typing && route().view === 'doc') {
    history.back();
  }
});

window.addEventListener('hashchange', render);

api('/api/health').then((health) => {
  statusLine.textContent = `${fmtNumber(health.documents)} documents · ${fmtNumber(health.events)} events${health.writable ? ' · writable' : ''}`;
}).catch((err) => { statusLine.textContent = `server: ${err.message}`; });

render();
