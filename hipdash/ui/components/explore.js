// Explore in the browser: the body map, the filter pills, the result heading, the cards and
// "Show more". The catalog arrives once as data; every choice redraws the cards here, in the
// same frame, and reports the filters back in the background (setStateValue) so the server
// can keep the URL and session state. "Details" and "Add to session" are triggers.
// The rule is hipdash.filtering.matches, applied to the attributes browser_catalog exports;
// a parity test compares this copy with select() and advise_on_empty().
// Catalog text only ever goes into the page as text (textContent), never as markup.

const LIST_FILTERS = ["areas", "modalities", "equipment", "positions"];
const SYNC_PAUSE_MS = 300;

function emptyFilters() {
  return {
    areas: [], modalities: [], equipment: [], max_minutes: null, max_difficulty: null,
    positions: [],
  };
}

// Read the server's query pairs (hipdash.filtering.to_query) into filters.
function filtersFromQuery(pairs, queryKeys) {
  const query = Object.fromEntries(pairs || []);
  const filters = emptyFilters();
  for (const [name, key] of queryKeys) {
    const raw = query[key];
    if (raw === undefined || raw === "") continue;
    if (LIST_FILTERS.includes(name)) filters[name] = raw.split(",").filter(Boolean);
    else filters[name] = Number.parseInt(raw, 10);
  }
  return filters;
}

// The same query the server's to_query writes: active filters only, in field order.
function queryFromFilters(filters, queryKeys) {
  const query = {};
  for (const [name, key] of queryKeys) {
    const value = filters[name];
    if (isEmpty(value)) continue;
    query[key] = Array.isArray(value) ? value.join(",") : String(value);
  }
  return query;
}

function isEmpty(value) {
  return value === null || (Array.isArray(value) && value.length === 0);
}

// hipdash.filtering.matches, rule for rule.
function matches(t, f, alwaysAtHand) {
  if (f.areas.length && !t.primary_areas.some((a) => f.areas.includes(a))) return false;
  if (f.modalities.length && !f.modalities.includes(t.modality)) return false;
  if (f.equipment.length) {
    const have = new Set([...f.equipment, ...alwaysAtHand]);
    if (!t.equipment.every((item) => have.has(item))) return false;
  }
  if (f.max_minutes !== null && t.total_seconds > f.max_minutes * 60) return false;
  if (f.max_difficulty !== null && t.difficulty > f.max_difficulty) return false;
  return !f.positions.length || f.positions.includes(t.position);
}

// hipdash.filtering.advise_on_empty(...).message, word for word.
function adviceOnEmpty(techniques, f, data) {
  const hints = Object.fromEntries(data.hints);
  const labels = Object.fromEntries(data.labels);
  const loosenings = data.filter_order
    .filter((name) => !isEmpty(f[name]))
    .map((name) => {
      const relaxed = { ...f, [name]: emptyFilters()[name] };
      const count = techniques.filter((t) => matches(t, relaxed, data.always_at_hand)).length;
      return { name, count };
    });
  loosenings.sort((a, b) => b.count - a.count); // stable, as Python's sort
  const useful = loosenings.filter((item) => item.count > 0);
  if (!useful.length) {
    const named = loosenings.map((item) => `“${labels[item.name]}”`).join(" and ");
    const where = named ? ` Loosen ${named}, or clear` : " Clear";
    return `No technique matches these filters.${where} some filters to see more.`;
  }
  const parts = useful
    .slice(0, 2)
    .map((item) => `${hints[item.name]} under “${labels[item.name]}” (${item.count} would match)`);
  return "No technique matches all of these filters. Try to " + parts.join(", or ") + ".";
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function buildCard(t, store) {
  const card = element("article", "explore-card");
  card.dataset.id = t.id;
  if (t.svg) {
    const picture = element("img", "card-picture");
    picture.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(t.svg);
    picture.alt = t.alt;
    picture.width = 150;
    picture.height = 113;
    card.appendChild(picture);
  } else {
    card.appendChild(element("p", "card-caption", t.alt));
  }
  const name = element("h3", "card-name", t.name);
  name.id = `explore-card-${t.id}`;
  name.tabIndex = -1; // "Show more" moves focus to the first new card
  card.appendChild(name);
  const badges = element("p", "card-badges");
  t.badges.forEach((text, index) => badges.appendChild(element("span", `badge badge-${index}`, text)));
  card.appendChild(badges);
  card.appendChild(element("p", "card-summary", t.summary));
  const dose = element("p", "card-dose", `${t.dose} · `);
  dose.appendChild(element("strong", "", t.duration));
  card.appendChild(dose);
  card.appendChild(element("p", "card-needs", t.needs));
  if (t.reason) card.appendChild(element("p", "card-reason", t.reason));
  const actions = element("div", "card-actions");
  const details = element("button", "card-details", "Details");
  details.type = "button";
  details.dataset.action = "details";
  details.dataset.id = t.id;
  details.setAttribute("aria-describedby", name.id);
  const add = element("button", "card-add");
  add.type = "button";
  add.dataset.action = "add";
  add.dataset.id = t.id;
  add.setAttribute("aria-describedby", name.id);
  actions.append(details, add);
  card.appendChild(actions);
  store.cards.set(t.id, card);
  return card;
}

function markQueued(card, queued) {
  const add = card.querySelector(".card-add");
  const inSession = queued.has(card.dataset.id);
  add.textContent = inSession ? "✓ In session" : "+ Add to session";
  add.disabled = inSession;
}

function renderPills(root, store) {
  const { data, filters } = store;
  const groups = {
    areas: data.areas,
    modalities: data.modalities,
    equipment: data.equipment_options,
    max_minutes: [...data.minutes.map((m) => [String(m), String(m)]), ["", "Any"]],
    max_difficulty: data.difficulties,
    positions: data.positions,
  };
  for (const [name, options] of Object.entries(groups)) {
    const holder = root.querySelector(`.pills[data-group="${name}"]`);
    const signature = JSON.stringify(options);
    if (holder.dataset.signature !== signature) {
      holder.replaceChildren(
        ...options.map(([value, label]) => {
          const pill = element("button", "pill", label);
          pill.type = "button";
          pill.dataset.group = name;
          pill.dataset.value = value;
          return pill;
        }),
      );
      holder.dataset.signature = signature;
    }
    const chosen = filters[name];
    holder.querySelectorAll(".pill").forEach((pill) => {
      const value = pill.dataset.value;
      const on = Array.isArray(chosen)
        ? chosen.includes(value)
        : String(chosen ?? "") === value;
      pill.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
}

function renderMap(root, store) {
  const chosen = new Set(store.filters.areas);
  const map = root.querySelector(".bodymap");
  map.dataset.theme = store.data.theme === "dark" ? "dark" : "light";
  root.querySelectorAll(".bodymap [data-area]").forEach((shape) => {
    const on = chosen.has(shape.getAttribute("data-area"));
    shape.classList.toggle("chosen", on);
    shape.setAttribute("aria-pressed", on ? "true" : "false");
  });
  root.querySelectorAll(".bodymap [data-label]").forEach((label) => {
    label.classList.toggle("chosen", chosen.has(label.getAttribute("data-label")));
  });
}

function render(root, store) {
  const { data, filters } = store;
  renderPills(root, store);
  renderMap(root, store);
  const results = data.techniques.filter((t) => matches(t, filters, data.always_at_hand));
  store.results = results.map((t) => t.id);
  const count = root.querySelector(".explore-count");
  const heading = `${results.length} ${results.length === 1 ? "technique fits" : "techniques fit"}`;
  count.textContent = heading;
  const status = root.querySelector(".explore-status");
  if (status.textContent !== heading) status.textContent = heading;
  const advice = root.querySelector(".explore-advice");
  advice.hidden = results.length > 0;
  advice.textContent = results.length ? "" : adviceOnEmpty(data.techniques, filters, data);
  const shown = results.slice(0, store.shown);
  const cards = shown.map((t) => store.cards.get(t.id) || buildCard(t, store));
  cards.forEach((card) => markQueued(card, store.queued));
  root.querySelector(".explore-cards").replaceChildren(...cards);
  const more = root.querySelector(".explore-more");
  const left = results.length - shown.length;
  more.hidden = left <= 0;
  more.textContent = left > 0 ? `Show more (${left} left)` : "";
}

export default function (component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  const root = parentElement.querySelector(".explore");
  // Kept on the mount, so a rerun's data does not reset what the person chose since.
  const store = (parentElement.__hipdashExplore ||= { cards: new Map(), added: new Set() });
  store.data = data;
  store.queued = new Set([...(data.queued || []), ...store.added]);
  if (store.epoch !== data.epoch || !store.filters) {
    store.epoch = data.epoch;
    store.filters = filtersFromQuery(data.filters, data.query_keys);
    store.shown = data.per_page;
  }
  render(root, store);
  // Tests read the full list the rule chose, not only the cards shown.
  root.dataset.results = store.results.join(" ");
  if (store.bound) return;
  store.bound = true;

  // The server hears of the filters once the person pauses, so a run of quick clicks
  // costs one rerun, which never competes with the next click for the page's attention.
  let syncTimer = null;
  const flush = () => {
    if (syncTimer === null) return;
    clearTimeout(syncTimer);
    syncTimer = null;
    setStateValue("filters", queryFromFilters(store.filters, store.data.query_keys));
  };
  const sync = () => {
    root.dataset.results = store.results.join(" ");
    clearTimeout(syncTimer);
    syncTimer = setTimeout(flush, SYNC_PAUSE_MS);
  };
  const change = (update) => {
    update(store.filters);
    store.shown = store.data.per_page; // a new search starts from the first page of cards
    render(root, store);
    sync();
  };
  const toggleIn = (list, value) =>
    list.includes(value) ? list.filter((item) => item !== value) : [...list, value];
  const toggleArea = (area) => change((f) => (f.areas = toggleIn(f.areas, area)));

  root.addEventListener("click", (event) => {
    const target = event.target.closest("button, [data-area], [data-label]");
    if (!target || !root.contains(target)) return;
    if (target.matches("[data-area]")) return toggleArea(target.getAttribute("data-area"));
    if (target.matches("[data-label]")) return toggleArea(target.getAttribute("data-label"));
    if (target.classList.contains("pill")) {
      const { group, value } = target.dataset;
      return change((f) => {
        if (LIST_FILTERS.includes(group)) f[group] = toggleIn(f[group], value);
        else if (group === "max_minutes") f[group] = value === "" ? null : Number(value);
        else f[group] = String(f[group]) === value ? null : Number(value); // click again: any
      });
    }
    if (target.classList.contains("explore-clear")) {
      return change((f) => Object.assign(f, emptyFilters()));
    }
    if (target.classList.contains("explore-more")) {
      const before = store.shown;
      store.shown += store.data.per_page;
      render(root, store);
      const next = root.querySelectorAll(".explore-card .card-name")[before];
      if (next) next.focus();
      return undefined;
    }
    flush(); // the server's run for a button sees the filters shown
    if (target.dataset.action === "details") return setTriggerValue("details", target.dataset.id);
    if (target.dataset.action === "add") {
      store.added.add(target.dataset.id);
      store.queued.add(target.dataset.id);
      markQueued(store.cards.get(target.dataset.id), store.queued);
      return setTriggerValue("add", target.dataset.id);
    }
    return undefined;
  });

  // The map's shapes are buttons: Enter or Space chooses, as a click does. A ring drawn
  // above every shape shows the focused one, so no neighbour hides it.
  root.querySelectorAll(".bodymap [data-area]").forEach((shape) => {
    const ring = shape.ownerSVGElement.querySelector(".focus-ring");
    shape.addEventListener("focus", () => {
      ring.setAttribute("points", shape.getAttribute("points"));
      ring.classList.add("shown");
    });
    shape.addEventListener("blur", () => ring.classList.remove("shown"));
    shape.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        toggleArea(shape.getAttribute("data-area"));
      }
    });
  });
}
