// Runs on mount and on every new `data`: mark the chosen areas, colour a
// heatmap, and (unless static) report clicks or Enter/Space as a trigger value.
export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  const chosen = new Set((data && data.selected) || []);
  const fills = (data && data.fills) || {};
  const still = Boolean(data && data.static);
  parentElement.querySelector("svg").classList.toggle("static", still);
  parentElement.querySelectorAll("[data-area]").forEach((shape) => {
    const area = shape.getAttribute("data-area");
    shape.classList.toggle("chosen", chosen.has(area));
    shape.style.fill = fills[area] || "";
    if (still) {
      shape.removeAttribute("role");
      shape.removeAttribute("aria-pressed");
      shape.setAttribute("tabindex", "-1");
      shape.onclick = shape.onkeydown = null;
      return;
    }
    shape.setAttribute("aria-pressed", chosen.has(area) ? "true" : "false");
    shape.onclick = () => setTriggerValue("clicked", area);
    shape.onkeydown = (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        setTriggerValue("clicked", area);
      }
    };
  });
  parentElement.querySelectorAll("[data-label]").forEach((label) => {
    label.classList.toggle("chosen", chosen.has(label.getAttribute("data-label")));
  });
}
