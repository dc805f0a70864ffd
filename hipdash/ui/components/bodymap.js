// Runs on mount and on every new `data`: mark the chosen areas, colour a heatmap, pick the
// theme's palette and (unless static) report clicks on a shape or its label, or Enter/Space
// on a focused shape, as a trigger value.
export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  const chosen = new Set((data && data.selected) || []);
  const fills = Object.fromEntries((data && data.fills) || []); // [area, colour] pairs
  const still = Boolean(data && data.static);
  const map = parentElement.querySelector(".bodymap");
  map.dataset.theme = (data && data.theme) === "dark" ? "dark" : "light";
  map.classList.toggle("static", still);
  const pick = (area) => () => setTriggerValue("clicked", area);
  parentElement.querySelectorAll("[data-area]").forEach((shape) => {
    const area = shape.getAttribute("data-area");
    const ring = shape.ownerSVGElement.querySelector(".focus-ring");
    shape.classList.toggle("chosen", chosen.has(area));
    shape.style.fill = fills[area] || "";
    // The ring copies the shape's outline and sits above every other shape.
    shape.onfocus = () => {
      ring.setAttribute("points", shape.getAttribute("points"));
      ring.classList.add("shown");
    };
    shape.onblur = () => ring.classList.remove("shown");
    if (still) {
      shape.removeAttribute("role");
      shape.removeAttribute("aria-pressed");
      shape.setAttribute("tabindex", "-1");
      shape.onclick = shape.onkeydown = null;
      return;
    }
    shape.setAttribute("role", "button");
    shape.setAttribute("tabindex", "0");
    shape.setAttribute("aria-pressed", chosen.has(area) ? "true" : "false");
    shape.onclick = pick(area);
    shape.onkeydown = (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        setTriggerValue("clicked", area);
      }
    };
  });
  parentElement.querySelectorAll("[data-label]").forEach((label) => {
    const area = label.getAttribute("data-label");
    label.classList.toggle("chosen", chosen.has(area));
    label.onclick = still ? null : pick(area);
  });
}
