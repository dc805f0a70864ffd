// Make Streamlit show the theme saved in Data & settings. Streamlit keeps the active theme
// per page path in localStorage ("System", "Light" or "Dark") and reads it when the app
// loads; this writes the saved choice for every page and reloads once if it changed.
export default function (component) {
  const { data } = component;
  const wanted = { system: "System", light: "Light", dark: "Dark" }[data && data.choice];
  if (!wanted) return;
  const here = window.location.pathname;
  const base = here.replace(new RegExp(`(${(data.pages || []).join("|")})/?$`), "/");
  const paths = new Set([here, base, ...(data.pages || []).map((page) => base + page)]);
  let changed = false;
  for (const path of paths) {
    const key = `stActiveTheme-${path}-v2`;
    let current = "System"; // what Streamlit shows when nothing is stored
    try {
      current = JSON.parse(window.localStorage.getItem(key)) || "System";
    } catch (error) {
      current = "";
    }
    if (current !== wanted) {
      window.localStorage.setItem(key, JSON.stringify(wanted));
      if (path === here || path === base) changed = true;
    }
  }
  // One reload at most every few seconds, should Streamlit ever write its own value back.
  const last = Number(window.sessionStorage.getItem("hipdash-theme-reload") || 0);
  if (changed && Date.now() - last > 5000) {
    window.sessionStorage.setItem("hipdash-theme-reload", String(Date.now()));
    window.location.reload();
  }
}
